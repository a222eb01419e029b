/** Yields over categories (days or batches): a line per yield, each point with its 95% interval. */
import type { Proportion } from '../../shared/api.js';
import { linear, shorten } from './scale.js';

const W = 900;
const H = 250;
const M = { top: 28, right: 16, bottom: 64, left: 48 };

export interface Series {
  name: string;
  cls: string;
  points: Proportion[];
}

export function TrendChart({ labels, series, testId }: { labels: readonly string[]; series: readonly Series[]; testId?: string }) {
  const y = linear([0, 1], [H - M.bottom, M.top]);
  const band = (W - M.left - M.right) / Math.max(1, labels.length);
  const x = (i: number) => M.left + band * (i + 0.5);
  const every = Math.max(1, Math.ceil(labels.length / 20));
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Yield trend" data-testid={testId ?? 'trend-chart'}>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 6} y={y(t) + 4} text-anchor="end">
            {Math.round(t * 100)}%
          </text>
        </g>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} class="axis" transform={`translate(${x(i)},${H - M.bottom + 12}) rotate(35)`} text-anchor="start">
            {shorten(l, 14)}
          </text>
        ) : null,
      )}
      {series.map((s) => {
        const pts = s.points.map((p, i) => ({ p, i })).filter(({ p }) => p.value !== null);
        const d = pts.map(({ p, i }, k) => `${k === 0 ? 'M' : 'L'}${x(i)},${y(p.value!)}`).join(' ');
        return (
          <g key={s.name} class={s.cls}>
            {pts.map(({ p, i }) =>
              p.ci ? <line key={`ci${i}`} class="ci" x1={x(i)} x2={x(i)} y1={y(p.ci.lo)} y2={y(p.ci.hi)} /> : null,
            )}
            <path class="series-line" d={d} />
            {pts.map(({ p, i }) => (
              <circle key={`pt${i}`} class="series-dot" cx={x(i)} cy={y(p.value!)} r={3.5}>
                <title>{`${labels[i]} ${s.name}: ${(p.value! * 100).toFixed(1)}% (${p.count}/${p.total})`}</title>
              </circle>
            ))}
          </g>
        );
      })}
      <g class="legend">
        {series.map((s, i) => (
          <g key={s.name} class={s.cls} transform={`translate(${W - M.right - 300 + i * 150},${M.top - 14})`}>
            <line class="series-line" x1={0} x2={18} y1={0} y2={0} />
            <text class="axis" x={24} y={4}>
              {s.name}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}
