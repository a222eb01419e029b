/**
 * renderMermaid: a flow as a Mermaid flowchart, which GitHub, GitLab and most Markdown viewers draw
 * from a ```mermaid block. Tests are boxes with `fail`/`pass` edges into their branches, conditions
 * are diamonds with `yes`/`no` edges (an `else` is the `no` side), groups and sub-flows are
 * subgraphs, a group's own branches hang off a "failed?" diamond, loops have a `next` edge back, and
 * bins are terminals (green for pass, red for fail; a bin under `continue` does not end the path).
 * Paths that run off the end reach an `end` node.
 *
 *   flowchart TD
 *     start(("start"))
 *     n1["test1 [t1]"]
 *     n2(["FAIL bin 5"]):::fail
 *     start --> n1
 *     n1 -->|fail| n2
 *     ...
 */
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { conditionText, isConditional, loopText, plain, resultText, statementText, testText } from './describe.js';

export interface MermaidOptions {
  /** Layout direction; `TD` (top-down) by default. */
  direction?: 'TD' | 'TB' | 'LR' | 'RL' | 'BT';
  /** Wrap the diagram in a ```mermaid fence, ready to paste into Markdown. */
  markdown?: boolean;
}

/** A dangling edge: the node it leaves and its label, waiting for the next node. */
interface Exit {
  from: string;
  label?: string;
}

/** Mermaid label text: quoted, with the characters Mermaid would interpret escaped. */
function label(text: string): string {
  const escaped = text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\s+/g, ' ');
  return `"${escaped}"`;
}

function isElse(c: Child): c is Node {
  return c instanceof Node && c.type === 'else';
}

class Diagram {
  private counter = 0;
  /** Node declarations; one buffer per open subgraph, innermost last. */
  private readonly buffers: string[][] = [[]];
  private readonly edges: string[] = [];
  /** True while bins do not end the path (a group or branch that continues). */
  private continuing = false;

  declare(shape: (l: string) => string, text: string, cssClass?: string): string {
    const id = `n${++this.counter}`;
    this.buffers.at(-1)!.push(`${id}${shape(label(text))}${cssClass ? `:::${cssClass}` : ''}`);
    return id;
  }

  connect(exits: readonly Exit[], to: string): void {
    for (const e of exits) this.edges.push(e.label ? `${e.from} -->|${e.label}| ${to}` : `${e.from} --> ${to}`);
  }

  /** Draw `children` in order, starting from `exits`; returns the exits left at the end. */
  sequence(children: readonly Child[], exits: Exit[]): Exit[] {
    let pending = exits;
    for (const c of children) if (c instanceof Node) pending = this.item(c, pending);
    return pending;
  }

  private item(n: Node, exits: Exit[]): Exit[] {
    switch (n.type) {
      case 'name':
      case 'id':
      case 'path':
      case 'volatile':
      case 'bin_descriptions':
      case 'continue':
      case 'delayed':
      case 'object':
        return exits;
      case 'test':
        return this.test(n, exits);
      case 'group':
        return this.group(n, exits, `group ${plain(n.find('name')?.value)}`);
      case 'sub_flow':
        return this.group(n, exits, `sub-flow ${plain(n.find('name')?.value)}`);
      case 'set_result': {
        const id = this.declare((l) => `([${l}])`, resultText(n), n.children[0] === 'pass' ? 'pass' : 'fail');
        this.connect(exits, id);
        return this.continuing ? [{ from: id }] : [];
      }
      case 'loop': {
        const head = this.declare((l) => `[/${l}/]`, loopText(n));
        this.connect(exits, head);
        const body = this.sequence(n.children.slice(4), [{ from: head }]);
        if (body.length === 1 && body[0]!.from === head) return [{ from: head }];
        this.connect(body.map((e) => ({ ...e, label: e.label ?? 'next' })), head);
        return [{ from: head, label: 'done' }];
      }
      case 'cz': {
        const id = this.declare((l) => `[[${l}]]`, `characterize with ${plain(n.children[0])}`);
        this.connect(exits, id);
        return this.sequence(n.children.slice(1), [{ from: id }]);
      }
      case 'else':
        return this.sequence(n.children, exits);
      default: {
        if (isConditional(n)) return this.condition(n, exits);
        const text = statementText(n) ?? n.type;
        const shape = n.type === 'log' || n.type === 'render' ? (l: string) => `>${l}]` : (l: string) => `[[${l}]]`;
        const id = this.declare(shape, text);
        this.connect(exits, id);
        return [{ from: id }];
      }
    }
  }

  private test(n: Node, exits: Exit[]): Exit[] {
    const id = this.declare((l) => `[${l}]`, testText(n), n.find('failed') ? 'failed' : undefined);
    this.connect(exits, id);
    const onFail = n.find('on_fail');
    const onPass = n.find('on_pass');
    if (!onFail && !onPass) return [{ from: id }];
    // An else inside a branch (made by FlagOptimizer) belongs to the opposite outcome.
    const path = (taken: Node | undefined, other: Node | undefined, edge: string, ownContinue: boolean): Exit[] => {
      const saved = this.continuing;
      if (ownContinue) this.continuing = true;
      const children = [
        ...(taken?.children.filter((c) => !isElse(c)) ?? []),
        ...(other?.children.filter(isElse).flatMap((e) => [...e.children]) ?? []),
      ];
      const out = this.sequence(children, [{ from: id, label: edge }]);
      this.continuing = saved;
      return out;
    };
    return [
      ...path(onFail, onPass, 'fail', onFail?.find('continue') !== undefined),
      ...path(onPass, onFail, 'pass', false),
    ];
  }

  private group(n: Node, exits: Exit[], title: string): Exit[] {
    const onFail = n.type === 'group' ? n.find('on_fail') : undefined;
    const onPass = n.type === 'group' ? n.find('on_pass') : undefined;
    const sub = `g${++this.counter}`;
    this.buffers.push([]);
    const saved = this.continuing;
    if (onFail?.find('continue')) this.continuing = true;
    let out = this.sequence(
      n.children.filter((c) => c !== onFail && c !== onPass),
      exits,
    );
    this.continuing = saved;
    if (onFail || onPass) {
      const check = this.declare((l) => `{${l}}`, `${title} failed?`);
      this.connect(out, check);
      if (onFail?.find('continue')) this.continuing = true;
      const failed = onFail ? this.sequence(onFail.children, [{ from: check, label: 'yes' }]) : [{ from: check, label: 'yes' }];
      this.continuing = saved;
      const passed = onPass ? this.sequence(onPass.children, [{ from: check, label: 'no' }]) : [{ from: check, label: 'no' }];
      out = [...failed, ...passed];
    }
    const body = this.buffers.pop()!;
    // An empty subgraph draws nothing useful (and some renderers reject it).
    if (body.length > 0) this.buffers.at(-1)!.push(`subgraph ${sub} [${label(title)}]`, ...body.map((l) => `  ${l}`), 'end');
    return out;
  }

  private condition(n: Node, exits: Exit[]): Exit[] {
    const id = this.declare((l) => `{${l}}`, `${conditionText(n)}?`);
    this.connect(exits, id);
    const body = n.children.slice(1);
    const yes = this.sequence(body.filter((c) => !isElse(c)), [{ from: id, label: 'yes' }]);
    const elses = body.filter(isElse);
    const no = elses.length > 0 ? this.sequence(elses.flatMap((e) => [...e.children]), [{ from: id, label: 'no' }]) : [{ from: id, label: 'no' }];
    return [...yes, ...no];
  }

  /** The whole chart for a flow node. */
  chart(ast: Node, direction: string): string {
    const start = this.declare((l) => `((${l}))`, 'start');
    const out = this.sequence(ast.children, [{ from: start }]);
    if (out.length > 0) this.connect(out, this.declare((l) => `((${l}))`, 'end'));
    const lines = [
      `flowchart ${direction}`,
      ...this.buffers[0]!,
      ...this.edges,
      'classDef pass fill:#d4f7d4,stroke:#2e7d32',
      'classDef fail fill:#fbd5d5,stroke:#c62828',
      'classDef failed stroke:#c62828,stroke-width:3px',
    ];
    return lines.map((l, i) => (i === 0 ? l : `  ${l}`)).join('\n') + '\n';
  }
}

export function renderMermaid(ast: Node, options: MermaidOptions = {}): string {
  const chart = new Diagram().chart(ast, options.direction ?? 'TD');
  return options.markdown ? `\`\`\`mermaid\n${chart}\`\`\`\n` : chart;
}
