/** Heatmaps: failures by step × batch, station, site, temperature bin or firmware. */
import { HEATMAP_BY, type Envelope, type HeatmapBy, type HeatmapData, type ParetoMode } from '../../shared/api.js';
import { apiUrl, useApi } from '../api.js';
import { HeatmapChart } from '../charts/HeatmapChart.js';
import { Segmented } from '../components/Controls.js';
import { WithData } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { filterParams } from '../params.js';
import { navigate, setParams } from '../router.js';

const LABELS: Record<HeatmapBy, string> = { batch: 'Batch', station: 'Station', site: 'Site', temp_bin: 'Temperature bin', firmware: 'Firmware' };
/** The filter key a heatmap column narrows to, when clicking a cell. */
const FILTER_OF: Partial<Record<HeatmapBy, string>> = { batch: 'batch', station: 'station', firmware: 'fw' };

export function Heatmaps({ params }: { params: URLSearchParams }) {
  const by: HeatmapBy = (HEATMAP_BY as readonly string[]).includes(params.get('hby') ?? '') ? (params.get('hby') as HeatmapBy) : 'batch';
  const mode: ParetoMode = params.get('mode') === 'first' ? 'first' : 'all';
  const loaded = useApi<Envelope<HeatmapData>>(apiUrl('heatmap', filterParams(params, { by, mode })));
  return (
    <>
      <div class="controls">
        <Segmented label="Steps ×" value={by} options={HEATMAP_BY.map((b) => ({ value: b, label: LABELS[b] }))} onChange={(v) => setParams({ hby: v })} testId="heatmap-by" />
        <Segmented
          label="Count"
          value={mode}
          options={[
            { value: 'all', label: 'All failed attempts' },
            { value: 'first', label: 'First fail per unit' },
          ]}
          onChange={(v) => setParams({ mode: v })}
          testId="heatmap-mode"
        />
      </div>
      <WithData loaded={loaded}>
        {(d) => {
          if (d.unavailable) {
            return (
              <p class="notice" data-testid="heatmap-unavailable">
                {d.unavailable}
              </p>
            );
          }
          if (d.steps.length === 0) return <p class="muted">No failures in the filter.</p>;
          const columns: Column<{ step: string; cells: number[] }>[] = [
            { key: 'step', label: 'Step', value: (r) => r.step },
            ...d.groups.map((g, j) => ({ key: g, label: g, value: (r: { cells: number[] }) => r.cells[j] ?? 0, numeric: true })),
          ];
          const filterKey = FILTER_OF[by];
          return (
            <>
              <p class="scope" data-testid="scope">
                {mode === 'all' ? 'Failed attempts' : 'Units by the failure that decided them'}, by step × {LABELS[by].toLowerCase()} ({d.scope})
                {d.omittedGroups > 0 ? `; ${d.omittedGroups} more groups with fewer failures not shown` : ''}. Click a cell to see its units.
              </p>
              <HeatmapChart
                rows={d.steps}
                columns={d.groups}
                cells={d.cells}
                onCell={filterKey ? (step, group) => navigate('pareto', { [filterKey]: group, by: 'step', mode, bar: step }) : undefined}
              />
              <Table name={`heatmap_step_x_${by}_${mode}`} columns={columns} rows={d.steps.map((s, i) => ({ step: s, cells: d.cells[i] ?? [] }))} />
            </>
          );
        }}
      </WithData>
    </>
  );
}
