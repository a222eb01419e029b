/** An individuals run chart: values in time order, with spec and control limits as lines. */
import type { MeasurementValue } from '../../shared/api.js';
import type { Marker } from './Histogram.js';
import { linear, niceDomain, tickText, ticks } from './scale.js';

const W = 900;
const H = 280;
const M = { top: 16, right: 70, bottom: 30, left: 48 };

export function RunChart({ values, markers, lo, hi }: { values: readonly MeasurementValue[]; markers: readonly Marker[]; lo: number | null; hi: number | null }) {
  const all = [...values.map((v) => v.value), ...markers.map((m) => m.value)];
  const [y0, y1] = niceDomain(Math.min(...all), Math.max(...all));
  const x = linear([0, Math.max(1, values.length - 1)], [M.left, W - M.right]);
  const y = linear([y0, y1], [H - M.bottom, M.top]);
  const d = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v.value).toFixed(1)}`).join(' ');
  const out = (v: number) => (lo !== null && v < lo) || (hi !== null && v > hi);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Run chart" data-testid="run-chart">
      {ticks(y0, y1, 5).map((t) => (
        <g key={t}>
          <line class="grid" x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} />
          <text class="axis" x={M.left - 6} y={y(t) + 4} text-anchor="end">
            {tickText(t)}
          </text>
        </g>
      ))}
      {markers.map((m) => (
        <g key={m.label} class={m.cls}>
          <line class="marker" x1={M.left} x2={W - M.right} y1={y(m.value)} y2={y(m.value)} />
          <text class="marker-label" x={W - M.right + 4} y={y(m.value) + 4}>
            {m.label}
          </text>
        </g>
      ))}
      <path class="run-line" d={d} />
      {values.length <= 1500 &&
        values.map((v, i) => (
          <circle key={i} class={out(v.value) ? 'run-dot out' : 'run-dot'} cx={x(i)} cy={y(v.value)} r={2.2}>
            <title>{`${v.sn} ${v.at ?? ''}: ${v.value}`}</title>
          </circle>
        ))}
      <text class="axis" x={M.left} y={H - 8}>
        oldest
      </text>
      <text class="axis" x={W - M.right} y={H - 8} text-anchor="end">
        newest ({values.length.toLocaleString('en-US')} values)
      </text>
    </svg>
  );
}
