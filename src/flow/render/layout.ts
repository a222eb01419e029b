/**
 * Laying out a flow graph for the page, top to bottom in the flow's own order (the order the flow
 * model declares its nodes, which is the order a unit meets them):
 *
 * - every node gets a row, except a bin that ends the path right after the node before it (a
 *   test's `fail` bin, say): that bin sits to the right, on its source's row;
 * - nodes inside groups are indented by their depth;
 * - an edge to the next row is a straight line down, an edge to a side bin a line across, and any
 *   other edge (skipping rows, or going back in a loop) runs in a lane left of the nodes, lanes
 *   allotted so that edges whose spans overlap never share one.
 *
 * Pure: positions only, no DOM; the dashboard's client and the qualification report draw them.
 */
import type { FlowEdge, FlowGraph, FlowNode } from './graph.js';

export interface PlacedNode {
  node: FlowNode;
  x: number;
  y: number;
  w: number;
  h: number;
  row: number;
}

export interface PlacedEdge {
  edge: FlowEdge;
  /** SVG path data. */
  path: string;
  labelX: number;
  labelY: number;
  /** Which end of the label sits at (labelX, labelY). */
  anchor: 'start' | 'end';
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const ROW = 58;
const NODE_H = 38;
const INDENT = 26;
const LANE = 14;
const SIDE_GAP = 44;

function widthOf(n: FlowNode): number {
  if (n.kind === 'start' || n.kind === 'end') return 80;
  return Math.min(340, Math.max(150, 24 + n.label.length * 7));
}

export function layoutFlow(graph: FlowGraph): FlowLayout {
  const outgoing = new Map<string, FlowEdge[]>();
  const incoming = new Map<string, FlowEdge[]>();
  for (const e of graph.edges) {
    outgoing.set(e.from, [...(outgoing.get(e.from) ?? []), e]);
    incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  }
  const isSide = (n: FlowNode) => (n.kind === 'pass' || n.kind === 'fail') && !outgoing.has(n.id) && (incoming.get(n.id)?.length ?? 0) === 1;

  // Rows for the main column, in declaration order.
  const rowOf = new Map<string, number>();
  let rows = 0;
  for (const n of graph.nodes) if (!isSide(n)) rowOf.set(n.id, rows++);
  for (const n of graph.nodes) if (isSide(n)) rowOf.set(n.id, rowOf.get(incoming.get(n.id)![0]!.from) ?? rows++);

  // Lanes for the edges that neither go one row down nor to a side bin.
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const laneEdges = graph.edges.filter((e) => {
    const to = byId.get(e.to);
    if (!to || isSide(to)) return false;
    return rowOf.get(e.to)! !== rowOf.get(e.from)! + 1;
  });
  const spans = laneEdges
    .map((e) => ({ e, a: Math.min(rowOf.get(e.from)!, rowOf.get(e.to)!), b: Math.max(rowOf.get(e.from)!, rowOf.get(e.to)!) }))
    .sort((p, q) => p.b - p.a - (q.b - q.a) || p.a - q.a);
  const laneOf = new Map<FlowEdge, number>();
  const used: { a: number; b: number }[][] = [];
  for (const s of spans) {
    let lane = 0;
    while (used[lane]?.some((u) => !(s.b < u.a || s.a > u.b))) lane++;
    (used[lane] ??= []).push(s);
    laneOf.set(s.e, lane);
  }
  const left = 16 + used.length * LANE + 12;

  const placed = new Map<string, PlacedNode>();
  for (const n of graph.nodes) {
    if (isSide(n)) continue;
    const row = rowOf.get(n.id)!;
    placed.set(n.id, { node: n, x: left + n.groups.length * INDENT, y: 12 + row * ROW, w: widthOf(n), h: NODE_H, row });
  }
  const sideCount = new Map<string, number>();
  for (const n of graph.nodes) {
    if (!isSide(n)) continue;
    const src = placed.get(incoming.get(n.id)![0]!.from);
    const k = sideCount.get(src?.node.id ?? '') ?? 0;
    sideCount.set(src?.node.id ?? '', k + 1);
    const x = src ? src.x + src.w + SIDE_GAP + k * (widthOf(n) + 16) : left;
    placed.set(n.id, { node: n, x, y: src ? src.y : 12 + rowOf.get(n.id)! * ROW, w: widthOf(n), h: NODE_H, row: rowOf.get(n.id)! });
  }

  const edges: PlacedEdge[] = [];
  for (const e of graph.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const lane = laneOf.get(e);
    if (lane !== undefined) {
      const lx = left - 12 - lane * LANE;
      const y1 = a.y + a.h / 2;
      const y2 = b.y + b.h / 2;
      edges.push({ edge: e, path: `M${a.x},${y1} H${lx} V${y2} H${b.x}`, labelX: a.x - 4, labelY: y1 - 4, anchor: 'end' });
    } else if (b.row === a.row) {
      const y = a.y + a.h / 2;
      edges.push({ edge: e, path: `M${a.x + a.w},${y} H${b.x}`, labelX: a.x + a.w + 6, labelY: y - 5, anchor: 'start' });
    } else {
      // One row down: from the bottom of the source to the top of the target (they may be indented differently).
      const x1 = a.x + Math.min(a.w, b.w) / 2;
      const x2 = b.x + Math.min(a.w, b.w) / 2;
      const y1 = a.y + a.h;
      const y2 = b.y;
      const mid = (y1 + y2) / 2;
      edges.push({ edge: e, path: x1 === x2 ? `M${x1},${y1} V${y2}` : `M${x1},${y1} V${mid} H${x2} V${y2}`, labelX: x1 + 6, labelY: mid + 4, anchor: 'start' });
    }
  }
  const nodes = [...placed.values()];
  return {
    width: Math.max(...nodes.map((n) => n.x + n.w), 200) + 16,
    height: Math.max(...nodes.map((n) => n.y + n.h), 40) + 12,
    nodes,
    edges,
  };
}
