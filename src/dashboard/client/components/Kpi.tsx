/** A key figure: a yield with its 95% interval, or a plain count. */
import type { ComponentChildren } from 'preact';

export function Kpi({ label, value, detail, testId, title }: { label: string; value: string; detail?: ComponentChildren; testId: string; title?: string }) {
  return (
    <div class="kpi" data-testid={testId} title={title}>
      <div class="kpi-label">{label}</div>
      <div class="kpi-value" data-testid={`${testId}-value`}>
        {value}
      </div>
      {detail && <div class="kpi-detail">{detail}</div>}
    </div>
  );
}
