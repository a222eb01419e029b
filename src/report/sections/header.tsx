/** The run header (what was tested, where, when, with what) and the verdict. */
import { Section } from '../components.js';
import { int, when } from '../format.js';
import type { ReportData } from '../model.js';

export function RunHeader({ data }: { data: ReportData }) {
  const { info, plan } = data;
  const end = data.endedAtSource === 'last unit' ? `${when(data.endedAt)} (last unit)` : when(data.endedAt);
  const items: [string, string, string?][] = [
    ['Plan', `${plan.name} v${plan.version}`],
    ['Plan SHA-256', plan.hash, 'mono'],
    ['Plan file', plan.file, 'mono'],
    ['Station', info.station_name === info.station_id ? info.station_id : `${info.station_id} (${info.station_name})`],
    ['Stage', info.stage],
    ['Batch', info.batch_id],
    ['Firmware', data.firmware.length ? data.firmware.map((f) => `${f.version} (${int(f.units)})`).join(', ') : '—'],
    ['Serials', int(info.sns.length)],
    ['Sites', int(info.sites)],
    ['Started', when(data.startedAt)],
    ['Ended', end],
    ['Run id', info.run_id, 'mono'],
    ['Tool (run)', `mtap ${info.tool_version}`],
    ['Report', `${data.generator}, ${when(data.generatedAt)}`],
    ['Enabled flags', info.enables.length ? info.enables.join(', ') : 'none'],
    ['DUTs', info.dut.join(', ') || '—'],
  ];
  return (
    <Section id="header" title="Run">
      <dl class="grid">
        {items.map(([k, v, cls]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd class={cls}>{v}</dd>
          </div>
        ))}
      </dl>
      {data.warnings.map((w) => (
        <p class="note warn" key={w}>
          {w}
        </p>
      ))}
    </Section>
  );
}

export function VerdictSection({ data }: { data: ReportData }) {
  const y = data.analytics.yields;
  return (
    <Section id="verdict" title="Verdict">
      <div class="verdict">
        <span class={`badge ${data.verdict.kind}`} data-verdict={data.verdict.kind}>
          {data.verdict.kind}
        </span>
        <div>
          <div>{data.verdict.reason}</div>
          <div class="muted">
            {int(data.info.sns.length)} serials · tested {int(y.units)}: PASS {int(y.passed)} · FAIL {int(y.failed)} · ERROR {int(y.errors)} · ABORTED {int(y.aborted)}
            {data.notTested ? ` · not tested ${int(data.notTested)}` : ''}
          </div>
        </div>
      </div>
    </Section>
  );
}
