/**
 * Per numeric measurement (a step's field under one set of limits): its histogram with the limits and
 * the mean, and its capability — analytics' capability rows and histograms, over the same values.
 */
import type { CapabilityRow, Histogram } from '../../analytics/index.js';
import type { ReportCharts } from '../charts.js';
import { Chart, Section } from '../components.js';
import { idx, int, num } from '../format.js';
import { LIMITS, measurementKey as key, type ReportData } from '../model.js';

function name(r: { step: string; field: string }, units: Record<string, string>): string {
  const u = units[`${r.step}.${r.field}`];
  return `${r.step}.${r.field}${u ? ` (${u})` : ''}`;
}

function limitsText(r: { lo: number | null; hi: number | null }): string {
  return r.lo === null && r.hi === null ? 'no limits' : `LSL ${num(r.lo)} · USL ${num(r.hi)}`;
}

function caption(h: Histogram, c: CapabilityRow | undefined, units: Record<string, string>): string {
  const cpk = c ? ` · Cpk ${idx(c.within.cpk)}` : '';
  return `${name(h, units)} — n ${int(h.n)} · ${limitsText(h)}${cpk}`;
}

export function MeasurementsSection({ data, charts }: { data: ReportData; charts: ReportCharts }) {
  const caps = data.analytics.capability;
  const capOf = new Map(caps.map((c) => [key(c), c]));
  const drawn = data.histograms.slice(0, LIMITS.histograms);
  return (
    <Section id="measurements" title="Measurements">
      {caps.length === 0 ? (
        <p class="muted">No numeric measurement in this run.</p>
      ) : (
        <>
          <div class="charts">
            {drawn.map((h) => (
              <div key={key(h)} data-measurement={`${h.step}.${h.field}`}>
                <Chart svg={charts.histograms.get(key(h)) ?? null} caption={caption(h, capOf.get(key(h)), data.plan.units)} label={`Histogram of ${h.step}.${h.field}`} />
              </div>
            ))}
          </div>
          {data.histograms.length > drawn.length && (
            <p class="note warn">
              Histograms of the first {drawn.length} of {data.histograms.length} measurements; every measurement is in the table below.
            </p>
          )}
          <h3>Capability</h3>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Measurement</th>
                  <th class="n">LSL</th>
                  <th class="n">USL</th>
                  <th class="n">n</th>
                  <th class="n">Mean</th>
                  <th class="n">SD</th>
                  <th class="n">Min</th>
                  <th class="n">p5</th>
                  <th class="n">p50</th>
                  <th class="n">p95</th>
                  <th class="n">Max</th>
                  <th class="n">Cp</th>
                  <th class="n">Cpk</th>
                  <th class="n">Pp</th>
                  <th class="n">Ppk</th>
                  <th>Notes</th>
                </tr>
              </thead>
              <tbody>
                {caps.map((c) => (
                  <tr key={key(c)}>
                    <td class="mono">{name(c, data.plan.units)}</td>
                    <td class="n">{num(c.lo)}</td>
                    <td class="n">{num(c.hi)}</td>
                    <td class="n">{int(c.n)}</td>
                    <td class="n">{num(c.mean)}</td>
                    <td class="n">{num(c.sd)}</td>
                    <td class="n">{num(c.min)}</td>
                    <td class="n">{num(c.p5)}</td>
                    <td class="n">{num(c.p50)}</td>
                    <td class="n">{num(c.p95)}</td>
                    <td class="n">{num(c.max)}</td>
                    <td class="n">{idx(c.within.cp)}</td>
                    <td class="n">{idx(c.within.cpk)}</td>
                    <td class="n">{idx(c.overall.cp)}</td>
                    <td class="n">{idx(c.overall.cpk)}</td>
                    <td class="muted">{c.warnings.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="note">
            Values: the measurement in the final attempt of each step execution of tested units. Cp/Cpk use σ within = MR̄ / 1.128 (moving range in time order);
            Pp/Ppk the overall sample SD. A one-sided limit gives Cpk (and Ppk) but no Cp. Histogram bins: Sturges' rule between the smallest and largest value.
          </p>
        </>
      )}
    </Section>
  );
}
