/** Yield KPIs, each with its Wilson 95% interval: analytics' unit counts, RTY and retry-recovered rate. */
import type { Proportion } from '../../analytics/index.js';
import { Section } from '../components.js';
import { int, pct } from '../format.js';
import type { ReportData } from '../model.js';

function Kpi({ id, label, value, sub }: { id: string; label: string; value: string; sub: string }) {
  return (
    <div class="kpi" data-kpi={id}>
      <div class="label">{label}</div>
      <div class="value">{value}</div>
      <div class="sub">{sub}</div>
    </div>
  );
}

const ci = (p: Proportion) => (p.ci ? `95% CI ${pct(p.ci.lo)}–${pct(p.ci.hi)} · ${int(p.count)}/${int(p.total)}` : 'no units tested');

export function YieldSection({ data }: { data: ReportData }) {
  const a = data.analytics;
  const y = a.yields;
  return (
    <Section id="yield" title="Yield">
      <div class="kpis">
        <Kpi id="units" label="Units tested" value={int(y.units)} sub={`PASS ${int(y.passed)} · FAIL ${int(y.failed)} · ERROR ${int(y.errors)} · ABORTED ${int(y.aborted)}`} />
        <Kpi id="fpy" label="First-pass yield" value={pct(y.firstPassYield.value)} sub={ci(y.firstPassYield)} />
        <Kpi id="final" label="Final yield (after retries)" value={pct(y.finalYield.value)} sub={ci(y.finalYield)} />
        <Kpi id="rty" label="Rolled throughput yield" value={pct(a.rty)} sub={`Π of ${a.steps.filter((s) => s.executions > 0).length} step first-pass yields`} />
        <Kpi id="recovered" label="Retry-recovered rate" value={pct(a.retryRecovered.value)} sub={ci(a.retryRecovered)} />
      </div>
      <p class="note">
        A unit is a serial's final execution; units tested are PASS, FAIL or ERROR (ABORTED units are in no denominator). First pass: passed with every executed step
        passing on its first attempt (firmware discovery included). Final yield: passed after in-run retries. Retry-recovered: step executions that failed then passed
        ÷ step executions. Intervals: Wilson score, 95%. Definitions: docs/analytics.md.
      </p>
    </Section>
  );
}
