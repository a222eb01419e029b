/** A small line of a yield (0–100%) against units done. */
import { linear } from './scale.js';

export function Sparkline({ points, testId }: { points: readonly { done: number; yield: number }[]; testId?: string }) {
  const W = 600;
  const H = 120;
  const M = { top: 8, right: 8, bottom: 18, left: 36 };
  const first = points[0]?.done ?? 0;
  const last = points.at(-1)?.done ?? 1;
  const x = linear([first, Math.max(first + 1, last)], [M.left, W - M.right]);
  const y = linear([0, 1], [H - M.bottom, M.top]);
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.done).toFixed(1)},${y(p.yield).toFixed(1)}`).join(' ');
  return (
    <svg class="chart sparkline" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Rolling yield" data-testid={testId ?? 'sparkline'}>
      {[0, 0.5, 1].map((t) => (
        <g key={t}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 4} y={y(t) + 4} text-anchor="end">
            {t * 100}%
          </text>
        </g>
      ))}
      <path class="series-line final" d={d} />
      <text class="axis" x={W - M.right} y={H - 4} text-anchor="end">
        units done
      </text>
    </svg>
  );
}
