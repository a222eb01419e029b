/**
 * A histogram of a measurement's values with its limits (LSL/USL) and mean marked. The bins only draw
 * the values; every statistic shown beside it comes from the analytics module.
 */
import { linear, niceDomain, tickText, ticks } from './scale.js';

const W = 900;
const H = 280;
const M = { top: 24, right: 20, bottom: 40, left: 48 };

export interface Marker {
  label: string;
  value: number;
  cls: string;
}

/** Bins over [lo, hi]: Sturges' rule, at least 5 and at most 40. */
export function bins(values: readonly number[], lo: number, hi: number): { from: number; to: number; count: number }[] {
  const k = Math.min(40, Math.max(5, Math.ceil(Math.log2(Math.max(1, values.length)) + 1)));
  const width = (hi - lo) / k || 1;
  const out = Array.from({ length: k }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(k - 1, Math.max(0, Math.floor((v - lo) / width)))]!.count++;
  return out;
}

export function Histogram({ values, markers }: { values: readonly number[]; markers: readonly Marker[] }) {
  const all = [...values, ...markers.map((m) => m.value)];
  const [lo, hi] = niceDomain(Math.min(...all), Math.max(...all));
  const vmin = Math.min(...values);
  const vmax = Math.max(...values);
  // All values equal: one narrow bar at the value, not a bin of width 1 off the axis.
  const half = vmax > vmin ? 0 : (hi - lo) / 100;
  const hist = bins(values, vmin - half, vmax + half);
  const maxCount = Math.max(1, ...hist.map((b) => b.count));
  const x = linear([lo, hi], [M.left, W - M.right]);
  const y = linear([0, maxCount], [H - M.bottom, M.top]);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Histogram" data-testid="histogram">
      {ticks(0, maxCount, 4).map((t) => (
        <g key={`y${t}`}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 6} y={y(t) + 4} text-anchor="end">
            {tickText(t)}
          </text>
        </g>
      ))}
      {ticks(lo, hi, 8).map((t) => (
        <text key={`x${t}`} class="axis" x={x(t)} y={H - M.bottom + 16} text-anchor="middle">
          {tickText(t)}
        </text>
      ))}
      {hist.map((b, i) => (
        <rect key={i} class="hist-bar" x={x(b.from) + 0.5} y={y(b.count)} width={Math.max(1, x(b.to) - x(b.from) - 1)} height={y(0) - y(b.count)} data-testid="hist-bar">
          <title>{`${tickText(b.from)} – ${tickText(b.to)}: ${b.count}`}</title>
        </rect>
      ))}
      {markers.map((m, i) => (
        <g key={m.label} class={m.cls}>
          <line class="marker" x1={x(m.value)} x2={x(m.value)} y1={M.top - 8} y2={H - M.bottom} />
          <text class="marker-label" x={x(m.value) + 3} y={M.top - 10 + (i % 2) * 10}>
            {m.label}
          </text>
        </g>
      ))}
      <line class="axis-line" x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} />
    </svg>
  );
}
