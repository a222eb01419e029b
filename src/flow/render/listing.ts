/**
 * renderListing: a flow as an indented text listing for people, one line per statement, bodies
 * indented under the condition or group that gates them.
 *
 *   flow sort1
 *     test test1 [t1]
 *       on fail:
 *         set flag t1_FAILED
 *         continue
 *     if enabled bitmap:
 *       test test2 [t2]
 *     else:
 *       test test3 [t3]
 *
 * Works on raw, processed and executed flows (tests that failed in a run read `FAILED`).
 */
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { conditionText, isConditional, loopText, plain, statementText, testText } from './describe.js';

export interface ListingOptions {
  /** The indentation unit; two spaces by default. */
  indent?: string;
}

export function renderListing(ast: Node, options: ListingOptions = {}): string {
  const unit = options.indent ?? '  ';
  const lines: string[] = [];
  const put = (depth: number, text: string): void => {
    lines.push(unit.repeat(depth) + text);
  };

  const block = (children: readonly Child[], depth: number): void => {
    for (const c of children) if (c instanceof Node) item(c, depth);
  };

  const item = (n: Node, depth: number): void => {
    const simple = statementText(n);
    if (simple !== undefined) return put(depth, simple);
    switch (n.type) {
      case 'name':
      case 'id':
      case 'object':
      case 'failed':
        return;
      case 'flow':
        put(depth, `flow ${plain(n.find('name')?.value)}`);
        return block(n.children, depth + 1);
      case 'volatile':
        return put(depth, `volatile ${n.findAll('flag').map((f) => plain(f.value)).join(', ')}`);
      case 'bin_descriptions':
        put(depth, 'bin descriptions:');
        for (const d of n.findAll('hard', 'soft')) put(depth + 1, `${d.type} bin ${plain(d.children[0])}: ${plain(d.children[1])}`);
        return;
      case 'test':
      case 'sub_test': {
        put(depth, `${n.type === 'sub_test' ? 'sub-test' : 'test'} ${testText(n)}${n.find('failed') ? ' FAILED' : ''}`);
        for (const c of n.children) {
          if (!(c instanceof Node)) continue;
          if (c.type === 'sub_test') item(c, depth + 1);
          else if (c.type === 'on_fail' || c.type === 'on_pass') branch(c, depth + 1);
        }
        return;
      }
      case 'on_fail':
      case 'on_pass':
        return branch(n, depth);
      case 'group': {
        const id = n.find('id')?.value;
        put(depth, `group ${plain(n.find('name')?.value)}${id !== undefined && id !== null ? ` [${plain(id)}]` : ''}:`);
        return block(n.children, depth + 1);
      }
      case 'sub_flow': {
        const path = n.find('path')?.value;
        put(depth, `sub-flow ${plain(n.find('name')?.value)}${path !== undefined ? ` (${plain(path)})` : ''}:`);
        return block(n.children.filter((c) => !(c instanceof Node && c.type === 'path')), depth + 1);
      }
      case 'cz':
        put(depth, `characterize with ${plain(n.children[0])}:`);
        return block(n.children.slice(1), depth + 1);
      case 'loop':
        put(depth, `${loopText(n)}:`);
        return block(n.children.slice(4), depth + 1);
      case 'else':
        put(depth, 'else:');
        return block(n.children, depth + 1);
      default:
        if (isConditional(n) || n.type === 'whenever') {
          put(depth, `${conditionText(n)}:`);
          const body = n.children.slice(1);
          block(body.filter((c) => !(c instanceof Node && c.type === 'else')), depth + 1);
          for (const e of body) if (e instanceof Node && e.type === 'else') item(e, depth);
          return;
        }
        put(depth, [n.type, ...n.children.filter((c) => !(c instanceof Node)).map((c) => plain(c))].join(' '));
        return block(n.children, depth + 1);
    }
  };

  const branch = (b: Node, depth: number): void => {
    put(depth, `${b.type === 'on_fail' ? 'on fail' : 'on pass'}:`);
    block(b.children, depth + 1);
  };

  item(ast, 0);
  return lines.map((l) => `${l}\n`).join('');
}
