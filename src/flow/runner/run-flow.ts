/**
 * runFlow: the dry run. Interprets a processed flow assuming the tests named in `failedTestIds` fail
 * and all others pass, and returns the executed flow (what would run, in order, failures marked
 * `(failed)`, ending at the first binning result).
 *
 *   runFlow(f.ast(), { enable: 'bitmap', failedTestIds: ['t1'] })
 */
import type { Node } from '../node.js';
import { asList, interpretFlow } from './interpreter.js';
import type { RunOptions } from './options.js';

export function runFlow(ast: Node, options: RunOptions = {}): Node {
  const failed = new Set(asList(options.failedTestIds ?? options.failedTestId));
  const walk = interpretFlow(ast, options);
  let step = walk.next();
  while (!step.done) step = walk.next({ failed: failed.has(step.value.context.id) });
  return step.value;
}
