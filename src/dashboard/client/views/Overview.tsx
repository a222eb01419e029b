/** Overview: the key yields with their intervals, the trend by day or batch, the steps, the runs. */
import type { Envelope, OverviewData, RunRow, StepStatsRow, StratumRow } from '../../shared/api.js';
import { apiUrl, useApi } from '../api.js';
import { Segmented } from '../components/Controls.js';
import { Kpi } from '../components/Kpi.js';
import { WithData } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { TrendChart } from '../charts/TrendChart.js';
import { interval, pct, plural, time } from '../format.js';
import { filterParams } from '../params.js';
import { navigate, setParams } from '../router.js';

const RUN_COLUMNS: Column<RunRow>[] = [
  { key: 'run_id', label: 'Run', value: (r) => r.run_id },
  { key: 'created_at', label: 'Started (UTC)', value: (r) => r.created_at, render: (r) => time(r.created_at) },
  { key: 'station_id', label: 'Station', value: (r) => r.station_id },
  { key: 'batch_id', label: 'Batch', value: (r) => r.batch_id },
  { key: 'stage', label: 'Stage', value: (r) => r.stage },
  { key: 'plan', label: 'Plan', value: (r) => `${r.plan_name ?? ''} v${r.plan_version ?? '?'}` },
  { key: 'units', label: 'Units', value: (r) => r.units, numeric: true },
  { key: 'passed', label: 'Pass', value: (r) => r.passed, numeric: true },
  { key: 'failed', label: 'Fail', value: (r) => r.failed, numeric: true },
  { key: 'errored', label: 'Error', value: (r) => r.errored, numeric: true },
  { key: 'aborted', label: 'Aborted', value: (r) => r.aborted, numeric: true },
  { key: 'status', label: 'Status', value: (r) => r.status, render: (r) => <span class={`status ${r.status}`}>{r.status}</span> },
];

const STEP_COLUMNS: Column<StepStatsRow>[] = [
  { key: 'step', label: 'Step', value: (s) => s.step },
  { key: 'executions', label: 'Executions', value: (s) => s.executions, numeric: true },
  { key: 'first_pass_yield', label: 'First-pass yield', value: (s) => s.firstPassYield.value, render: (s) => pct(s.firstPassYield.value), numeric: true },
  { key: 'fail_rate_units', label: 'Unit fail rate', value: (s) => s.failRateUnits.value, render: (s) => pct(s.failRateUnits.value), numeric: true },
  { key: 'fail_rate_attempts', label: 'Attempt fail rate', value: (s) => s.failRateAttempts.value, render: (s) => pct(s.failRateAttempts.value), numeric: true },
  { key: 'recovered', label: 'Recovered by retry', value: (s) => s.recovered, numeric: true },
  { key: 'attempts', label: 'Attempts', value: (s) => s.attempts, numeric: true },
];

const strataColumns = (by: string): Column<StratumRow>[] => [
  { key: by, label: by === 'day' ? 'Day' : 'Batch', value: (r) => r.group },
  { key: 'units', label: 'Units', value: (r) => r.units, numeric: true },
  { key: 'first_pass_yield', label: 'First-pass yield', value: (r) => r.firstPassYield.value, render: (r) => pct(r.firstPassYield.value), numeric: true },
  { key: 'fpy_ci', label: 'FPY 95% CI', value: (r) => (r.firstPassYield.ci ? `${r.firstPassYield.ci.lo}..${r.firstPassYield.ci.hi}` : null), render: (r) => interval(r.firstPassYield) },
  { key: 'final_yield', label: 'Final yield', value: (r) => r.finalYield.value, render: (r) => pct(r.finalYield.value), numeric: true },
  { key: 'final_ci', label: 'Final 95% CI', value: (r) => (r.finalYield.ci ? `${r.finalYield.ci.lo}..${r.finalYield.ci.hi}` : null), render: (r) => interval(r.finalYield) },
  { key: 'aborted', label: 'Aborted', value: (r) => r.aborted, numeric: true },
];

export function Overview({ params }: { params: URLSearchParams }) {
  const loaded = useApi<Envelope<OverviewData>>(apiUrl('overview', filterParams(params)));
  const trendBy = params.get('trend') === 'batch' ? 'batch' : 'day';
  return (
    <WithData loaded={loaded}>
      {(d) => {
        const y = d.yields;
        const trend = d.trend[trendBy];
        return (
          <>
            <p class="scope" data-testid="scope">
              {plural(y.units, 'unit')} tested ({d.scope}){y.aborted ? `, ${plural(y.aborted, 'unit')} aborted (not counted)` : ''}
            </p>
            <div class="kpis">
              <Kpi testId="kpi-units" label="Units tested" value={y.units.toLocaleString('en-US')} detail={`${y.passed} pass · ${y.failed} fail · ${y.errors} error`} />
              <Kpi testId="kpi-fpy" label="First-pass yield" value={pct(y.firstPassYield.value)} detail={`95% CI ${interval(y.firstPassYield)}`} title="units that passed with every executed step passing on its first attempt ÷ units tested" />
              <Kpi testId="kpi-final" label="Final yield" value={pct(y.finalYield.value)} detail={`95% CI ${interval(y.finalYield)}`} title="units that passed (after retries) ÷ units tested" />
              <Kpi testId="kpi-recovered" label="Retry-recovered" value={pct(d.retryRecovered.value)} detail={`95% CI ${interval(d.retryRecovered)}`} title="step executions that failed then passed on a retry ÷ step executions" />
              <Kpi testId="kpi-rty" label="Rolled throughput yield" value={pct(d.rty)} detail="Π of step first-pass yields" />
            </div>
            {y.units === 0 ? (
              <p class="muted">No tested units match the filter.</p>
            ) : (
              <>
                <section>
                  <div class="section-head">
                    <h2>Trend</h2>
                    <Segmented label="by" value={trendBy} options={[{ value: 'day', label: 'Day' }, { value: 'batch', label: 'Batch' }]} onChange={(v) => setParams({ trend: v })} testId="trend-by" />
                  </div>
                  <TrendChart
                    labels={trend.map((r) => r.group)}
                    series={[
                      { name: 'First-pass yield', cls: 'fpy', points: trend.map((r) => r.firstPassYield) },
                      { name: 'Final yield', cls: 'final', points: trend.map((r) => r.finalYield) },
                    ]}
                  />
                  <Table name={`yield_by_${trendBy}`} columns={strataColumns(trendBy)} rows={trend} />
                </section>
                <section>
                  <h2>Steps</h2>
                  <Table name="steps" columns={STEP_COLUMNS} rows={d.steps} onRowClick={(s) => navigate('pareto', { by: 'step', bar: s.step, mode: 'all' })} />
                </section>
              </>
            )}
            <section>
              <h2>Runs</h2>
              <Table name="runs" columns={RUN_COLUMNS} rows={d.runs} empty="No runs match the filter." onRowClick={(r) => navigate('live', { run: r.run_id })} />
            </section>
          </>
        );
      }}
    </WithData>
  );
}
