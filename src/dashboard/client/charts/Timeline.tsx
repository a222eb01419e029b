/**
 * A serial's history on a time axis: one lane per execution (run), each attempt a mark at the time it
 * ended, green when it passed and red when it failed; the lane is labelled with the run and its bin.
 */
import type { AttemptRow, UnitExecution } from '../../shared/api.js';
import { linear } from './scale.js';

const parse = (t: string | null) => (t ? Date.parse(`${t.replace(' ', 'T')}Z`) : NaN);

export function Timeline({ executions, attempts, onAttempt }: { executions: readonly UnitExecution[]; attempts: readonly AttemptRow[]; onAttempt?: (a: AttemptRow) => void }) {
  const W = 900;
  const lane = 34;
  const M = { top: 24, right: 24, bottom: 24, left: 230 };
  const H = M.top + lane * executions.length + M.bottom;
  const times = [...executions.flatMap((e) => [parse(e.started_at), parse(e.ended_at)]), ...attempts.map((a) => parse(a.ended_at))].filter(Number.isFinite);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = linear([t0, t1 > t0 ? t1 : t0 + 1], [M.left, W - M.right]);
  const laneOf = new Map(executions.map((e, i) => [e.unit_exec_id, i]));
  const fmt = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Attempt timeline" data-testid="timeline">
      <text class="axis" x={M.left} y={14}>
        {fmt(t0)}
      </text>
      <text class="axis" x={W - M.right} y={14} text-anchor="end">
        {fmt(t1)} UTC
      </text>
      {executions.map((e, i) => {
        const yy = M.top + lane * i + lane / 2;
        const s = parse(e.started_at);
        const en = parse(e.ended_at);
        return (
          <g key={e.unit_exec_id}>
            <text class="axis" x={M.left - 8} y={yy + 4} text-anchor="end">
              {`${e.run_id.slice(0, 22)} · ${e.outcome ?? '?'}${e.hard_bin !== null ? ` bin ${e.hard_bin}` : ''}`}
            </text>
            {Number.isFinite(s) && Number.isFinite(en) && <line class={`lane ${e.outcome === 'PASS' ? 'pass' : 'fail'}`} x1={x(s)} x2={Math.max(x(en), x(s) + 2)} y1={yy} y2={yy} />}
          </g>
        );
      })}
      {attempts.map((a, k) => {
        const i = laneOf.get(a.unit_exec_id);
        const t = parse(a.ended_at);
        if (i === undefined || !Number.isFinite(t)) return null;
        const yy = M.top + lane * i + lane / 2;
        return (
          <rect
            key={k}
            class={`attempt ${a.passed ? 'pass' : 'fail'}${onAttempt ? ' clickable' : ''}`}
            x={x(t) - 3}
            y={yy - 9}
            width={6}
            height={18}
            data-testid="timeline-attempt"
            onClick={onAttempt ? () => onAttempt(a) : undefined}
          >
            <title>{`${a.step_id} attempt ${a.attempt}: ${a.passed ? 'pass' : `FAIL ${a.error_code ?? ''}`} at ${a.ended_at ?? ''}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
