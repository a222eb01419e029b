/**
 * Words for flow nodes, shared by the renderers: what a condition, a test, a bin or an expression
 * reads as for a person.
 *
 *   conditionText((if_flag ["a_FAILED", "b_FAILED"] ...))   // 'if flag a_FAILED or b_FAILED'
 *   resultText((set_result "fail" (bin 5) (softbin 50)))     // 'FAIL bin 5 softbin 50'
 */
import { Node } from '../node.js';
import type { Child } from '../node.js';
import { testName } from '../runner/interpreter.js';
import { atomToSexp } from '../sexp.js';

const OPERATORS: Record<string, string> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** An atom as plain text: strings bare, everything else in its S-expression form. */
export function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Node && OPERATORS[value.type] !== undefined) {
    return `${plain(value.children[0])} ${OPERATORS[value.type]} ${plain(value.children[1])}`;
  }
  return atomToSexp(value);
}

function list(value: unknown, joiner: string): string {
  return Array.isArray(value) ? value.map((v: unknown) => plain(v)).join(joiner) : plain(value);
}

/** The condition a node states, e.g. `if enabled bitmap`, `unless job P1 or P2`, `if all failed t1, t2`. */
export function conditionText(node: Node): string {
  const v = node.children[0];
  const m = /^(if|unless)_(enabled|flag|job)$/.exec(node.type);
  if (m) return `${m[1]} ${m[2]} ${list(v, ' or ')}`;
  const r = /^(if|unless)_(any_|all_)?(failed|passed|ran)$/.exec(node.type);
  if (r) return `${r[1]} ${r[2] ? `${r[2].slice(0, -1)} ` : ''}${r[3]} ${list(v, ', ')}`;
  if (node.type === 'whenever') return `whenever ${list(v, ' and ')}`;
  if (node.type === 'whenever_all') return `whenever all of ${list(v, ', ')}`;
  if (node.type === 'whenever_any') return `whenever any of ${list(v, ', ')}`;
  return `${node.type.replaceAll('_', ' ')} ${list(v, ', ')}`;
}

/** True for the nodes that gate a body (and may carry an `(else ...)`). */
export function isConditional(node: Node): boolean {
  return /^(if|unless)_/.test(node.type) || node.type.startsWith('whenever');
}

/** `test1 [t1] #1000`. */
export function testText(test: Node): string {
  const id = test.find('id')?.value;
  const number = test.find('number')?.value;
  return `${testName(test)}${id !== undefined && id !== null ? ` [${plain(id)}]` : ''}${number !== undefined && number !== null ? ` #${plain(number)}` : ''}`;
}

/** `FAIL bin 5 "bad" softbin 50 not_over_on=true`. */
export function resultText(node: Node): string {
  const parts = [String(node.children[0]).toUpperCase()];
  for (const c of node.children.slice(1)) {
    if (!(c instanceof Node)) continue;
    if (c.type === 'bin' || c.type === 'softbin') {
      const [n, desc] = c.children;
      parts.push(`${c.type} ${plain(n)}${desc !== undefined && desc !== null ? ` ${JSON.stringify(plain(desc))}` : ''}`);
    } else parts.push(`${c.type}=${plain(c.children[0])}`);
  }
  return parts.join(' ');
}

/** A one-line description of a simple statement, or undefined if the node is not one. */
export function statementText(node: Node): string | undefined {
  const v: Child = node.children[0];
  switch (node.type) {
    case 'set_result':
      return resultText(node);
    case 'set_flag':
      return `set flag ${plain(v)}`;
    case 'enable':
      return `enable ${plain(v)}`;
    case 'disable':
      return `disable ${plain(v)}`;
    case 'set':
      return `set ${plain(v)} = ${plain(node.children[1])}`;
    case 'log':
      return `log ${JSON.stringify(plain(v))}`;
    case 'render':
      return `render ${JSON.stringify(plain(v))}`;
    case 'continue':
      return 'continue';
    case 'delayed':
      return v === false ? 'not delayed' : 'delayed';
    default:
      return undefined;
  }
}

/** `loop vol from 0.3 to 0.4 step 0.1`. */
export function loopText(node: Node): string {
  const [from, to, step, variable] = node.children;
  const name = variable === null || variable === undefined ? '' : ` ${plain(variable)}`;
  return `loop${name} from ${plain(from)} to ${plain(to)} step ${plain(step)}`;
}
