/**
 * Measurements: every numeric measurement's capability (analytics' Cp/Cpk with σ from the moving
 * range, Pp/Ppk with the overall σ); pick one for its histogram with limits and its run chart.
 */
import type { CapabilityRow, Envelope, MeasurementSeries, MeasurementsData } from '../../shared/api.js';
import { apiUrl, useApi } from '../api.js';
import { Histogram, type Marker } from '../charts/Histogram.js';
import { RunChart } from '../charts/RunChart.js';
import { Kpi } from '../components/Kpi.js';
import { WithData } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { fixed, num } from '../format.js';
import { filterParams } from '../params.js';
import { setParams } from '../router.js';

const limit = (v: number | null) => (v === null ? '' : String(v));
const keyOf = (r: CapabilityRow) => `${r.step}\u0000${r.field}\u0000${limit(r.lo)}\u0000${limit(r.hi)}`;

const COLUMNS: Column<CapabilityRow>[] = [
  { key: 'step', label: 'Step', value: (r) => r.step },
  { key: 'field', label: 'Measurement', value: (r) => r.field },
  { key: 'lo', label: 'LSL', value: (r) => r.lo, render: (r) => num(r.lo, 6), numeric: true },
  { key: 'hi', label: 'USL', value: (r) => r.hi, render: (r) => num(r.hi, 6), numeric: true },
  { key: 'n', label: 'n', value: (r) => r.n, numeric: true },
  { key: 'mean', label: 'Mean', value: (r) => r.mean, render: (r) => num(r.mean, 5), numeric: true },
  { key: 'sd', label: 'SD', value: (r) => r.sd, render: (r) => num(r.sd, 4), numeric: true },
  { key: 'cp', label: 'Cp', value: (r) => r.within.cp, render: (r) => fixed(r.within.cp), numeric: true },
  { key: 'cpk', label: 'Cpk', value: (r) => r.within.cpk, render: (r) => fixed(r.within.cpk), numeric: true },
  { key: 'pp', label: 'Pp', value: (r) => r.overall.cp, render: (r) => fixed(r.overall.cp), numeric: true },
  { key: 'ppk', label: 'Ppk', value: (r) => r.overall.cpk, render: (r) => fixed(r.overall.cpk), numeric: true },
  { key: 'warnings', label: 'Notes', value: (r) => r.warnings.join('; ') },
];

export function Measurements({ params }: { params: URLSearchParams }) {
  const loaded = useApi<Envelope<MeasurementsData>>(apiUrl('measurements', filterParams(params)));
  const rows = loaded.value?.data?.rows ?? [];
  // The measurement picked in the URL if this filter has it, else the first one.
  const selected =
    rows.find((r) => params.get('step') === r.step && params.get('field') === r.field && limit(r.lo) === (params.get('lo') ?? '') && limit(r.hi) === (params.get('hi') ?? '')) ??
    rows[0] ??
    null;
  const series = useApi<Envelope<MeasurementSeries>>(
    selected ? apiUrl('measurements/series', filterParams(params, { step: selected.step, field: selected.field, lo: limit(selected.lo), hi: limit(selected.hi) })) : null,
  );
  const pick = (r: CapabilityRow) => setParams({ step: r.step, field: r.field, lo: limit(r.lo), hi: limit(r.hi) });
  return (
    <WithData loaded={loaded}>
      {(d) => {
        if (d.rows.length === 0) return <p class="muted">No numeric measurements in the filter.</p>;
        return (
          <>
            <p class="scope" data-testid="scope">
              {d.rows.length} measurements ({d.scope}). Values: the final attempt of each step execution of tested units. Click a row for its charts.
            </p>
            <Table name="capability" columns={COLUMNS} rows={d.rows} onRowClick={pick} rowKey={keyOf} />
            {selected && (
              <WithData loaded={series} quiet>
                {(s) => {
                  const c = s.capability;
                  const spec: Marker[] = [
                    ...(c.lo !== null ? [{ label: `LSL ${num(c.lo, 6)}`, value: c.lo, cls: 'spec' }] : []),
                    ...(c.hi !== null ? [{ label: `USL ${num(c.hi, 6)}`, value: c.hi, cls: 'spec' }] : []),
                  ];
                  const mean: Marker = { label: `mean ${num(c.mean, 5)}`, value: c.mean, cls: 'mean' };
                  const control: Marker[] = s.control
                    ? [
                        { label: `LCL ${num(s.control.lcl, 5)}`, value: s.control.lcl, cls: 'control' },
                        { label: `UCL ${num(s.control.ucl, 5)}`, value: s.control.ucl, cls: 'control' },
                      ]
                    : [];
                  return (
                    <section data-testid="measurement-detail">
                      <h2>
                        {c.step} · {c.field}
                      </h2>
                      <div class="kpis">
                        <Kpi testId="kpi-cp" label="Cp" value={fixed(c.within.cp)} detail="σ within (MR̄/1.128)" />
                        <Kpi testId="kpi-cpk" label="Cpk" value={fixed(c.within.cpk)} detail="σ within" />
                        <Kpi testId="kpi-pp" label="Pp" value={fixed(c.overall.cp)} detail="σ overall" />
                        <Kpi testId="kpi-ppk" label="Ppk" value={fixed(c.overall.cpk)} detail="σ overall" />
                        <Kpi testId="kpi-n" label="n" value={c.n.toLocaleString('en-US')} detail={`mean ${num(c.mean, 5)} · sd ${num(c.sd, 4)}`} />
                      </div>
                      {c.warnings.length > 0 && <p class="notice">{c.warnings.join('; ')}</p>}
                      {s.values.length === 0 ? (
                        <p class="muted">No values.</p>
                      ) : (
                        <>
                          <h3>Histogram</h3>
                          <Histogram values={s.values.map((v) => v.value)} markers={[...spec, mean]} />
                          <h3>Individuals run chart</h3>
                          {s.omitted > 0 && <p class="muted">The most recent {s.values.length.toLocaleString('en-US')} values; {s.omitted.toLocaleString('en-US')} older ones are left out of the chart.</p>}
                          <RunChart values={s.values} markers={[...spec, ...control, mean]} lo={c.lo} hi={c.hi} />
                        </>
                      )}
                    </section>
                  );
                }}
              </WithData>
            )}
          </>
        );
      }}
    </WithData>
  );
}
