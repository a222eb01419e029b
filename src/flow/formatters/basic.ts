/**
 * The Basic formatter: an executed flow as one line per test that ran (`name`, plus ` F` if it
 * failed) and per result (`PASS|FAIL [bin] [softbin]`). Tests kept inside a branch that did not run
 * are not printed; logs are not printed.
 *
 *   formatBasic(f.ast(), { failedTestIds: 't1' })
 *   // "test1 F\nFAIL 5\n"
 */
import type { Node } from '../node.js';
import type { HandlerResult } from '../processor.js';
import { Processor } from '../processor.js';
import { testName } from '../runner/interpreter.js';
import type { RunOptions } from '../runner/options.js';
import { runFlow } from '../runner/run-flow.js';

export class BasicFormatter extends Processor {
  private out = '';

  /** Format an executed flow (the output of `runFlow`/`executeFlow`). */
  format(executed: Node): string {
    this.out = '';
    this.process(executed);
    return this.out;
  }

  onTest(node: Node): HandlerResult {
    this.out += `${testName(node)}${node.find('failed') ? ' F' : ''}\n`;
  }

  onSetResult(node: Node): HandlerResult {
    const bin = node.find('bin');
    const softbin = node.find('softbin');
    this.out += `${String(node.children[0]).toUpperCase()}${bin ? ` ${String(bin.value)}` : ''}${softbin ? ` ${String(softbin.value)}` : ''}\n`;
  }
}

/** Run a processed flow and format what ran. */
export function formatBasic(ast: Node, options: RunOptions = {}): string {
  return new BasicFormatter().format(runFlow(ast, options));
}
