/** A matrix of counts: steps down, groups across, darker for more failures; every cell labelled. */
import { shorten } from './scale.js';

export function HeatmapChart({ rows, columns, cells, onCell }: { rows: readonly string[]; columns: readonly string[]; cells: readonly (readonly number[])[]; onCell?: (row: string, column: string) => void }) {
  const cw = Math.max(36, Math.min(72, 760 / Math.max(1, columns.length)));
  const ch = 26;
  const left = 170;
  const top = 90;
  const W = left + cw * columns.length + 16;
  const H = top + ch * rows.length + 8;
  const max = Math.max(1, ...cells.flat());
  return (
    <svg class="chart heatmap" viewBox={`0 0 ${W} ${H}`} style={{ maxWidth: `${W}px` }} role="img" aria-label="Failures heatmap" data-testid="heatmap-chart">
      {columns.map((c, j) => (
        <text key={`c${c}`} class="axis" transform={`translate(${left + cw * j + cw / 2},${top - 8}) rotate(-40)`} text-anchor="start">
          {shorten(c, 16)}
        </text>
      ))}
      {rows.map((r, i) => (
        <g key={r}>
          <text class="axis" x={left - 8} y={top + ch * i + ch / 2 + 4} text-anchor="end">
            {shorten(r, 24)}
          </text>
          {columns.map((c, j) => {
            const v = cells[i]?.[j] ?? 0;
            const t = v / max;
            return (
              <g key={c} class={onCell && v > 0 ? 'clickable' : ''} onClick={onCell && v > 0 ? () => onCell(r, c) : undefined}>
                <rect
                  class="cell"
                  x={left + cw * j + 1}
                  y={top + ch * i + 1}
                  width={cw - 2}
                  height={ch - 2}
                  style={{ fill: v === 0 ? 'var(--cell-zero)' : `rgba(198, 40, 40, ${0.12 + 0.88 * t})` }}
                  data-testid="heatmap-cell"
                  data-row={r}
                  data-column={c}
                  data-count={v}
                >
                  <title>{`${r} × ${c}: ${v}`}</title>
                </rect>
                <text class={`cell-label${t > 0.55 ? ' on-dark' : ''}`} x={left + cw * j + cw / 2} y={top + ch * i + ch / 2 + 4} text-anchor="middle">
                  {v || ''}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
