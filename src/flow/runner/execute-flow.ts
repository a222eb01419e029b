/**
 * executeFlow: the live run. Interprets a processed flow, calling `executeTest(test, context)` for each
 * test exactly where the dry run would consult its list of assumed failures, and awaiting its outcome
 * (a `{failed}` or a promise of one). An error thrown by `executeTest` ends the run and propagates.
 * For the same outcomes it returns the same executed flow as `runFlow`.
 *
 *   const executed = await executeFlow(f.ast(), {
 *     job: 'FT', executeTest: async (test, ctx) => ({ failed: !(await dut.run(ctx.name)) }),
 *   });
 */
import type { Node } from '../node.js';
import { interpretFlow } from './interpreter.js';
import type { EvaluateOptions, TestContext, TestOutcome } from './options.js';

export interface ExecuteOptions extends EvaluateOptions {
  executeTest: (test: Node, context: TestContext) => TestOutcome | Promise<TestOutcome>;
}

export async function executeFlow(ast: Node, options: ExecuteOptions): Promise<Node> {
  const walk = interpretFlow(ast, options);
  let step = walk.next();
  while (!step.done) {
    const outcome = await options.executeTest(step.value.test, step.value.context);
    step = walk.next(outcome);
  }
  return step.value;
}
