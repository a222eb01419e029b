/**
 * Pareto: failures by step, error code, bin, batch or station, counting the failure that decided each
 * unit (first fail) or every failed attempt (all fails). A bar opens the units behind it.
 */
import type { Envelope, FailingUnit, ParetoBy, ParetoData, ParetoMode, ParetoRow } from '../../shared/api.js';
import { apiUrl, useApi } from '../api.js';
import { ParetoChart } from '../charts/ParetoChart.js';
import { Segmented } from '../components/Controls.js';
import { WithData } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { fixed, time } from '../format.js';
import { filterParams } from '../params.js';
import { navigate, setParams } from '../router.js';

const BY: { value: ParetoBy; label: string }[] = [
  { value: 'step', label: 'Step' },
  { value: 'error', label: 'Error code' },
  { value: 'bin', label: 'Bin' },
  { value: 'batch', label: 'Batch' },
  { value: 'station', label: 'Station' },
];

const MODES: { value: ParetoMode; label: string }[] = [
  { value: 'first', label: 'First fail per unit' },
  { value: 'all', label: 'All failed attempts' },
];

const ROW_COLUMNS = (by: ParetoBy): Column<ParetoRow>[] => [
  { key: by, label: BY.find((b) => b.value === by)!.label, value: (r) => r.name },
  { key: 'count', label: 'Failures', value: (r) => r.count, numeric: true },
  { key: 'percent', label: '%', value: (r) => r.percent, render: (r) => fixed(r.percent, 1), numeric: true },
  { key: 'cumulative_percent', label: 'Cumulative %', value: (r) => r.cumulative, render: (r) => fixed(r.cumulative, 1), numeric: true },
];

const UNIT_COLUMNS: Column<FailingUnit>[] = [
  { key: 'sn', label: 'Serial', value: (u) => u.sn, render: (u) => <a href={`#/units?sn=${encodeURIComponent(u.sn)}`}>{u.sn}</a> },
  { key: 'outcome', label: 'Outcome', value: (u) => u.outcome },
  { key: 'hard_bin', label: 'Bin', value: (u) => u.hard_bin, numeric: true },
  { key: 'deciding_step', label: 'Deciding step', value: (u) => u.deciding_step },
  { key: 'deciding_code', label: 'Code', value: (u) => u.deciding_code },
  { key: 'failures', label: 'Failures here', value: (u) => u.failures, numeric: true },
  { key: 'batch_id', label: 'Batch', value: (u) => u.batch_id },
  { key: 'station_id', label: 'Station', value: (u) => u.station_id },
  { key: 'run_id', label: 'Run', value: (u) => u.run_id },
  { key: 'started_at', label: 'Started (UTC)', value: (u) => u.started_at, render: (u) => time(u.started_at) },
];

function parseBy(v: string | null): ParetoBy {
  return BY.some((b) => b.value === v) ? (v as ParetoBy) : 'step';
}

export function Pareto({ params }: { params: URLSearchParams }) {
  const mode: ParetoMode = params.get('mode') === 'all' ? 'all' : 'first';
  const by = parseBy(params.get('by'));
  const bar = params.get('bar');
  const loaded = useApi<Envelope<ParetoData>>(apiUrl('pareto', filterParams(params, { mode })));
  const units = useApi<Envelope<FailingUnit[]>>(bar === null ? null : apiUrl('pareto/units', filterParams(params, { mode, by, name: bar })));
  return (
    <WithData loaded={loaded}>
      {(d) => {
        const rows = d.pareto[by];
        return (
          <>
            <div class="controls">
              <Segmented label="Count" value={mode} options={MODES} onChange={(v) => setParams({ mode: v, bar: null })} testId="pareto-mode" />
              <Segmented label="By" value={by} options={BY} onChange={(v) => setParams({ by: v, bar: null })} testId="pareto-by" />
            </div>
            <p class="scope" data-testid="scope">
              {rows.reduce((n, r) => n + r.count, 0).toLocaleString('en-US')} {mode === 'first' ? 'units that did not pass, by the failure that decided them' : 'failed attempts, recovered ones included'} ({d.scope}). Click a bar for its units.
            </p>
            {rows.length === 0 ? (
              <p class="muted" data-testid="no-failures">
                No failures in the filter.
              </p>
            ) : (
              <ParetoChart rows={rows.slice(0, 30)} selected={bar} onSelect={(r) => setParams({ bar: r.name })} />
            )}
            {rows.length > 30 && <p class="muted">The chart shows the 30 largest of {rows.length} categories; the table has them all.</p>}
            <Table name={`pareto_${by}_${mode}`} columns={ROW_COLUMNS(by)} rows={rows} onRowClick={(r) => setParams({ bar: r.name })} />
            {bar !== null && (
              <section data-testid="drilldown">
                <div class="section-head">
                  <h2>
                    Units behind “{bar}”
                  </h2>
                  <button type="button" class="small" onClick={() => setParams({ bar: null })}>
                    Close
                  </button>
                </div>
                <WithData loaded={units} quiet>
                  {(list) => (
                    <Table
                      name={`units_${by}_${bar}`}
                      columns={UNIT_COLUMNS}
                      rows={list}
                      testId="drilldown-table"
                      onRowClick={(u) => navigate('units', { sn: u.sn })}
                      caption={`${list.length.toLocaleString('en-US')} units`}
                    />
                  )}
                </WithData>
              </section>
            )}
          </>
        );
      }}
    </WithData>
  );
}
