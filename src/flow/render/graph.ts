/**
 * A flow as a graph to draw: the nodes and edges of the flow model's own Mermaid rendering
 * (`renderMermaid`, the one definition of how a flow is drawn: tests, decisions, bins, groups), read
 * back from its text so the dashboard and the qualification report draw exactly what
 * `mtap flow show --format mermaid` shows. `layoutFlow` (layout.ts) places it.
 *
 *     const graph = flowGraph(renderMermaid(compiled.ast));
 *     graph.nodes[1]   // { id: 'n2', kind: 'test', label: 'Ping [ping] #1000', step: 'ping', groups: [] }
 */
export type FlowNodeKind = 'start' | 'end' | 'test' | 'pass' | 'fail' | 'decision' | 'action' | 'log' | 'loop';

export interface FlowNode {
  id: string;
  kind: FlowNodeKind;
  label: string;
  /** For tests: the step id the box stands for (as cleaned by the flow model). */
  step: string | null;
  /** Enclosing groups, outermost first (their titles). */
  groups: string[];
}

export interface FlowEdge {
  from: string;
  to: string;
  label: string | null;
}

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Mermaid's entity escapes, as renderMermaid writes them. */
function unescape(text: string): string {
  return text.replace(/#(quot|lt|gt|35);/g, (_, e: string) => ({ quot: '"', lt: '<', gt: '>', '35': '#' })[e] ?? '');
}

/** Shapes renderMermaid uses, outermost delimiters first. */
const SHAPES: { open: string; close: string; kind: (cls: string | undefined, label: string) => FlowNodeKind }[] = [
  { open: '((', close: '))', kind: (_, l) => (l === 'start' ? 'start' : 'end') },
  { open: '([', close: '])', kind: (cls) => (cls === 'pass' ? 'pass' : 'fail') },
  { open: '[[', close: ']]', kind: () => 'action' },
  { open: '[/', close: '/]', kind: () => 'loop' },
  { open: '{', close: '}', kind: () => 'decision' },
  { open: '>', close: ']', kind: () => 'log' },
  { open: '[', close: ']', kind: () => 'test' },
];

const NODE = /^(n\d+)(.*?)(?::::(\w+))?$/;
const EDGE = /^(n\d+) -->(?:\|([^|]*)\|)? (n\d+)$/;
const SUBGRAPH = /^subgraph (\w+) \["(.*)"\]$/;
/** A test box's label ends with its id in brackets, then its number: `Name [id] #1000`. */
const TEST_ID = /\[([^\]]+)\](?: #\d+)?$/;

export function flowGraph(mermaid: string): FlowGraph {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const groups: string[] = [];
  for (const raw of mermaid.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('flowchart') || line.startsWith('classDef')) continue;
    const sub = SUBGRAPH.exec(line);
    if (sub) {
      groups.push(unescape(sub[2]!));
      continue;
    }
    if (line === 'end') {
      groups.pop();
      continue;
    }
    const edge = EDGE.exec(line);
    if (edge) {
      edges.push({ from: edge[1]!, to: edge[3]!, label: edge[2] ?? null });
      continue;
    }
    const node = NODE.exec(line);
    if (!node) continue;
    const [, id, body, cls] = node as unknown as [string, string, string, string | undefined];
    const shape = SHAPES.find((s) => body.startsWith(`${s.open}"`) && body.endsWith(`"${s.close}`));
    if (!shape) continue;
    const label = unescape(body.slice(shape.open.length + 1, body.length - shape.close.length - 1));
    const kind = shape.kind(cls, label);
    nodes.push({ id: id!, kind, label, step: kind === 'test' ? (TEST_ID.exec(label)?.[1] ?? null) : null, groups: [...groups] });
  }
  return { nodes, edges };
}
