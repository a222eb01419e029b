/**
 * Pareto charts: the failure that decided each failing unit, by step and by code (analytics' `first`
 * Pareto), and every failed attempt by step, recovered ones included (the `all` Pareto).
 */
import type { ParetoRow } from '../../analytics/index.js';
import type { ParetoChartId, ReportCharts } from '../charts.js';
import { Chart, Section } from '../components.js';
import { int } from '../format.js';
import { LIMITS, type ReportData } from '../model.js';

function ParetoFigure({ id, caption, rows, svg }: { id: ParetoChartId; caption: string; rows: readonly ParetoRow[]; svg: string | null }) {
  return (
    <div data-pareto={id}>
      {rows.length === 0 ? (
        <figure>
          <figcaption>{caption}</figcaption>
          <p class="muted">None.</p>
        </figure>
      ) : (
        <Chart svg={svg} caption={caption} label={caption} />
      )}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Category</th>
              <th class="n">Count</th>
              <th class="n">%</th>
              <th class="n">Cumulative %</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, LIMITS.paretoBars).map((r) => (
              <tr key={r.name}>
                <td class="mono">{r.name}</td>
                <td class="n">{int(r.count)}</td>
                <td class="n">{r.percent.toFixed(1)}</td>
                <td class="n">{r.cumulative.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length > LIMITS.paretoBars && (
        <p class="note">
          The top {LIMITS.paretoBars} of {rows.length} categories; the cumulative line counts all of them.
        </p>
      )}
    </div>
  );
}

export function ParetoSection({ data, charts }: { data: ReportData; charts: ReportCharts }) {
  const first = data.analytics.pareto;
  return (
    <Section id="pareto" title="Pareto of failures">
      <div class="charts">
        <ParetoFigure id="first-step" caption="Failing units by deciding step" rows={first.step} svg={charts.pareto['first-step']} />
        <ParetoFigure id="first-error" caption="Failing units by deciding code" rows={first.error} svg={charts.pareto['first-error']} />
        <ParetoFigure id="first-bin" caption="Failing units by hard bin" rows={first.bin} svg={charts.pareto['first-bin']} />
        <ParetoFigure id="all-step" caption="Every failed attempt by step (retried ones included)" rows={data.paretoAll.step} svg={charts.pareto['all-step']} />
      </div>
      <p class="note">
        Bars: counts, largest first; line: cumulative percent (right axis); dashed: 80%. A failing unit counts once, under the step and code that decided it (FAIL or
        ERROR); a unit that passed after a retry is only in the last chart.
      </p>
    </Section>
  );
}
