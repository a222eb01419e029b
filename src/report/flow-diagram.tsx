/**
 * The plan's flow as an inline SVG: the flow model's own graph (`flowGraph` of `renderMermaid`) laid
 * out by `layoutFlow`, the same drawing as the dashboard's Flow view. Each test box is marked with what
 * the run did there (analytics' step stats): executed, failed (an attempt) on some unit, or never executed; its
 * tooltip gives the counts. JSX escapes every label.
 */
import type { StepStats } from '../analytics/index.js';
import { cleanId, layoutFlow, type FlowGraph, type FlowNode } from '../flow/index.js';

function shapePath(n: FlowNode, x: number, y: number, w: number, h: number): string | null {
  if (n.kind === 'decision') {
    const d = 14;
    return `M${x + d},${y} H${x + w - d} L${x + w},${y + h / 2} L${x + w - d},${y + h} H${x + d} L${x},${y + h / 2} Z`;
  }
  if (n.kind === 'log') return `M${x},${y} H${x + w} L${x + w - 10},${y + h / 2} L${x + w},${y + h} H${x} Z`;
  return null;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function FlowDiagram({ graph, steps }: { graph: FlowGraph; steps: readonly StepStats[] }) {
  const layout = layoutFlow(graph);
  const byStep = new Map(steps.map((s) => [cleanId(s.step), s]));
  const stateOf = (n: FlowNode): string => {
    if (n.kind !== 'test' || n.step === null) return '';
    const s = byStep.get(n.step);
    if (!s || s.executions === 0) return ' skipped';
    return s.failedExecutions > 0 ? ' failed' : ' ran';
  };
  const tip = (n: FlowNode): string => {
    const s = n.step === null ? undefined : byStep.get(n.step);
    const counts = n.kind !== 'test' ? [] : s ? [`executed on ${s.executions} units, with a failed attempt on ${s.failedExecutions} (${pct(s.failRateUnits.value)})`] : ['not executed in this run'];
    return [n.label, ...n.groups.map((g) => `in ${g}`), ...counts].join('\n');
  };
  return (
    <svg class="flow" viewBox={`0 0 ${layout.width} ${layout.height}`} width={layout.width} height={layout.height} role="img" aria-label="Flow diagram">
      <defs>
        <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow" />
        </marker>
      </defs>
      {layout.edges.map((e, i) => (
        <g key={i} class="flow-edge">
          <path d={e.path} marker-end="url(#flow-arrow)" />
          {e.edge.label && (
            <text x={e.labelX} y={e.labelY} class="edge-label" text-anchor={e.anchor}>
              {e.edge.label}
            </text>
          )}
        </g>
      ))}
      {layout.nodes.map(({ node: n, x, y, w, h }) => {
        const path = shapePath(n, x, y, w, h);
        const round = n.kind === 'start' || n.kind === 'end' || n.kind === 'pass' || n.kind === 'fail';
        return (
          <g key={n.id} class={`flow-node ${n.kind}${stateOf(n)}`} data-step={n.step ?? undefined}>
            {path ? <path d={path} /> : <rect x={x} y={y} width={w} height={h} rx={round ? h / 2 : 4} />}
            <text x={x + w / 2} y={y + h / 2 + 4} text-anchor="middle">
              {n.label.length > 46 ? `${n.label.slice(0, 45)}…` : n.label}
            </text>
            <title>{tip(n)}</title>
          </g>
        );
      })}
    </svg>
  );
}
