/**
 * A Pareto chart: bars of counts, largest first, with the cumulative percent as a line on a 0–100%
 * axis. Clicking a bar (or pressing Enter on it) asks for its units.
 */
import type { ParetoRow } from '../../shared/api.js';
import { linear, shorten, tickText, ticks } from './scale.js';

const W = 900;
const H = 340;
const M = { top: 16, right: 48, bottom: 96, left: 56 };

export function ParetoChart({ rows, selected, onSelect }: { rows: readonly ParetoRow[]; selected?: string | null; onSelect?: (row: ParetoRow) => void }) {
  const maxCount = Math.max(1, ...rows.map((r) => r.count));
  const y = linear([0, maxCount], [H - M.bottom, M.top]);
  const yPct = linear([0, 100], [H - M.bottom, M.top]);
  const band = (W - M.left - M.right) / Math.max(1, rows.length);
  const x = (i: number) => M.left + i * band;
  const barW = Math.max(2, Math.min(64, band * 0.7));
  const line = rows.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(i) + band / 2},${yPct(r.cumulative)}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Pareto chart" data-testid="pareto-chart">
      {ticks(0, maxCount, 5).map((t) => (
        <g key={`y${t}`}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 6} y={y(t) + 4} text-anchor="end">
            {tickText(t)}
          </text>
        </g>
      ))}
      {[0, 20, 40, 60, 80, 100].map((t) => (
        <text key={`p${t}`} class="axis" x={W - M.right + 6} y={yPct(t) + 4}>
          {t}%
        </text>
      ))}
      <line class="guide" x1={M.left} x2={W - M.right} y1={yPct(80)} y2={yPct(80)} />
      {rows.map((r, i) => (
        <g key={r.name}>
          <rect
            class={`bar${selected === r.name ? ' selected' : ''}${onSelect ? ' clickable' : ''}`}
            x={x(i) + (band - barW) / 2}
            y={y(r.count)}
            width={barW}
            height={Math.max(0, y(0) - y(r.count))}
            data-testid="pareto-bar"
            data-name={r.name}
            data-count={r.count}
            tabIndex={onSelect ? 0 : -1}
            role={onSelect ? 'button' : undefined}
            aria-label={`${r.name}: ${r.count}`}
            onClick={onSelect ? () => onSelect(r) : undefined}
            onKeyDown={onSelect ? (e) => e.key === 'Enter' && onSelect(r) : undefined}
          >
            <title>{`${r.name}: ${r.count} (${r.percent.toFixed(1)}%, cumulative ${r.cumulative.toFixed(1)}%)`}</title>
          </rect>
          <text class="bar-label" x={x(i) + band / 2} y={y(r.count) - 4} text-anchor="middle">
            {r.count}
          </text>
          <text class="axis" transform={`translate(${x(i) + band / 2},${H - M.bottom + 10}) rotate(40)`} text-anchor="start">
            {shorten(r.name)}
          </text>
        </g>
      ))}
      <path class="cumulative" d={line} data-testid="pareto-cumulative" />
      {rows.map((r, i) => (
        <circle key={`c${r.name}`} class="cumulative-dot" cx={x(i) + band / 2} cy={yPct(r.cumulative)} r={3} />
      ))}
      <line class="axis-line" x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} />
    </svg>
  );
}
