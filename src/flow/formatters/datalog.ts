/**
 * The Datalog formatter: an executed flow as a tester-style datalog (text; nothing is printed). A
 * header, one padded row per test (number, PASS/FAIL, name, pattern, ID), `// message` per log,
 * banners around rendered snippets, and the result between two rules of dashes.
 *
 *   Number         Result   Name            ...
 *   1000           PASS     test1           ...                                   t1
 */
import { isPlainObject } from '../equality.js';
import type { Node } from '../node.js';
import type { HandlerResult } from '../processor.js';
import { Processor } from '../processor.js';
import type { RunOptions } from '../runner/options.js';
import { runFlow } from '../runner/run-flow.js';

const RULE = '-'.repeat(153);

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

export class DatalogFormatter extends Processor {
  private lines: string[] = [];

  format(executed: Node): string {
    this.lines = [];
    this.process(executed);
    return this.lines.map((l) => `${l}\n`).join('');
  }

  onFlow(node: Node): HandlerResult {
    this.lines.push(`${'Number'.padEnd(15)}${'Result'.padEnd(9)}${'Name'.padEnd(55)}${'Pattern'.padEnd(55)}ID`);
    this.processAll(node.children);
  }

  onTest(node: Node): HandlerResult {
    const object = node.find('object')?.value;
    // A string object is the test's name (the reference indexes it like a hash and prints blanks).
    const name = node.find('name')?.value ?? (typeof object === 'string' ? object : isPlainObject(object) ? object.Test : undefined);
    const pattern = isPlainObject(object) ? object.Pattern : undefined;
    this.lines.push(
      text(node.find('number')?.value).padEnd(15) +
        (node.find('failed') ? 'FAIL' : 'PASS').padEnd(9) +
        text(name).padEnd(55) +
        text(pattern).padEnd(55) +
        text(node.find('id')?.value),
    );
  }

  onLog(node: Node): HandlerResult {
    this.lines.push(`// ${text(node.value)}`);
  }

  onRender(node: Node): HandlerResult {
    this.lines.push('************ Directly rendered flow snippet ************', text(node.value), '*'.repeat(56));
  }

  onSetResult(node: Node): HandlerResult {
    const bin = text(node.find('bin')?.value);
    const sbin = text(node.find('softbin')?.value);
    const desc = node.find('description')?.value;
    const verdict = node.children[0] === 'pass' ? 'PASS' : 'FAIL';
    let line = `               ${verdict}     ${bin}      ${sbin}`;
    if (desc !== undefined && desc !== null) line += `      (${text(desc)})`;
    this.lines.push(RULE, line, RULE);
  }
}

/** Run a processed flow and return its datalog. */
export function formatDatalog(ast: Node, options: RunOptions = {}): string {
  return new DatalogFormatter().format(runFlow(ast, options));
}
