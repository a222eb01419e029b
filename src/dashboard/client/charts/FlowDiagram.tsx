/**
 * The flow diagram: the plan's flow as the flow model draws it (tests, decisions, bins, groups), laid
 * out top to bottom. With a dry run, the tests it ran are marked (failed ones red), the others dimmed,
 * and the bins a failed test leads to are highlighted.
 */
import { useMemo } from 'preact/hooks';
import type { DryRunResult, FlowGraph, FlowNode } from '../../shared/api.js';
import { layoutFlow } from '../../../flow/render/layout.js';

function shapePath(n: FlowNode, x: number, y: number, w: number, h: number): string | null {
  if (n.kind === 'decision') {
    const d = 14;
    return `M${x + d},${y} H${x + w - d} L${x + w},${y + h / 2} L${x + w - d},${y + h} H${x + d} L${x},${y + h / 2} Z`;
  }
  if (n.kind === 'log') return `M${x},${y} H${x + w} L${x + w - 10},${y + h / 2} L${x + w},${y + h} H${x} Z`;
  return null;
}

export function FlowDiagram({ graph, dry }: { graph: FlowGraph; dry: DryRunResult | null }) {
  const layout = useMemo(() => layoutFlow(graph), [graph]);
  const ran = new Map<string, boolean>();
  for (const e of dry?.ran ?? []) if (e.kind === 'test') ran.set(e.clean, e.failed);
  const stateOf = (n: FlowNode): string => {
    if (!dry || n.kind !== 'test' || n.step === null) return '';
    if (!ran.has(n.step)) return ' skipped';
    return ran.get(n.step) ? ' failed' : ' ran';
  };
  // Bins reached by a `fail` edge from a test the dry run failed.
  const reached = new Set(
    graph.edges.filter((e) => e.label === 'fail' && graph.nodes.some((n) => n.id === e.from && n.step !== null && ran.get(n.step) === true)).map((e) => e.to),
  );
  return (
    <svg class="chart flow" viewBox={`0 0 ${layout.width} ${layout.height}`} style={{ maxWidth: `${layout.width}px` }} role="img" aria-label="Flow diagram" data-testid="flow-diagram">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" class="arrow" />
        </marker>
      </defs>
      {layout.edges.map((e, i) => (
        <g key={i} class="flow-edge">
          <path d={e.path} marker-end="url(#arrow)" />
          {e.edge.label && (
            <text x={e.labelX} y={e.labelY} class="edge-label" text-anchor={e.anchor}>
              {e.edge.label}
            </text>
          )}
        </g>
      ))}
      {layout.nodes.map(({ node: n, x, y, w, h }) => {
        const cls = `flow-node ${n.kind}${stateOf(n)}${reached.has(n.id) ? ' reached' : ''}`;
        const path = shapePath(n, x, y, w, h);
        return (
          <g key={n.id} class={cls} data-testid="flow-node" data-kind={n.kind} data-step={n.step ?? undefined}>
            {path ? <path d={path} /> : <rect x={x} y={y} width={w} height={h} rx={n.kind === 'start' || n.kind === 'end' || n.kind === 'pass' || n.kind === 'fail' ? h / 2 : 4} />}
            <text x={x + w / 2} y={y + h / 2 + 4} text-anchor="middle">
              {n.label.length > 46 ? `${n.label.slice(0, 45)}…` : n.label}
            </text>
            <title>{[n.label, ...n.groups.map((g) => `in ${g}`)].join('\n')}</title>
          </g>
        );
      })}
    </svg>
  );
}
