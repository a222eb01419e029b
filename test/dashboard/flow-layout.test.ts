/** The Flow view's graph: read back from the flow model's Mermaid rendering, and laid out without overlaps. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanId, flowGraph, layoutFlow, renderMermaid, type PlacedNode } from '../../src/flow/index.js';
import { compilePlan, loadPlan } from '../../src/plan/index.js';

const plans = ['examples/board-fct.yaml', ...readdirSync('examples/plans').filter((f) => f.endsWith('.yaml')).map((f) => join('examples/plans', f))];

const overlap = (a: PlacedNode, b: PlacedNode) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('flow graph and layout', () => {
  it('decodes Mermaid\'s escapes and finds each test\'s step', () => {
    const g = flowGraph(['flowchart TD', '  n1(("start"))', '  n2["Say #quot;hi#quot; #lt;b#gt; [say_hi] #35;10"]:::failed', '  n3(["FAIL bin 2 #quot;x#quot;"]):::fail', '  n1 --> n2', '  n2 -->|fail| n3'].join('\n'));
    expect(g.nodes).toEqual([
      { id: 'n1', kind: 'start', label: 'start', step: null, groups: [] },
      { id: 'n2', kind: 'test', label: 'Say "hi" <b> [say_hi] #10', step: 'say_hi', groups: [] },
      { id: 'n3', kind: 'fail', label: 'FAIL bin 2 "x"', step: null, groups: [] },
    ]);
    expect(g.edges).toEqual([
      { from: 'n1', to: 'n2', label: null },
      { from: 'n2', to: 'n3', label: 'fail' },
    ]);
  });

  for (const file of plans) {
    it(`draws every step of ${file}, every edge between known nodes, and no two nodes on top of each other`, () => {
      const plan = loadPlan(file);
      const graph = flowGraph(renderMermaid(compilePlan(plan).ast));
      const ids = new Set(graph.nodes.map((n) => n.id));
      for (const e of graph.edges) expect(ids.has(e.from) && ids.has(e.to), `${e.from} -> ${e.to}`).toBe(true);
      const drawnSteps = new Set(graph.nodes.flatMap((n) => (n.step ? [n.step] : [])));
      for (const s of plan.steps) expect(drawnSteps.has(cleanId(s.id)), s.id).toBe(true);
      expect(graph.nodes.filter((n) => n.kind === 'start')).toHaveLength(1);

      const layout = layoutFlow(graph);
      expect(layout.nodes).toHaveLength(graph.nodes.length);
      expect(layout.edges).toHaveLength(graph.edges.length);
      for (let i = 0; i < layout.nodes.length; i++) {
        const a = layout.nodes[i]!;
        expect(a.x + a.w).toBeLessThanOrEqual(layout.width);
        expect(a.y + a.h).toBeLessThanOrEqual(layout.height);
        for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b), `${a.node.label} / ${b.node.label}`).toBe(false);
      }
      for (const e of layout.edges) expect(e.path).toMatch(/^M[\d.]+,[\d.]+( [HVL][\d.,]+)+$/);
    });
  }
});
