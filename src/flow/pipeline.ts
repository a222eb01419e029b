/**
 * The processing pipeline behind `flow.ast(options)`: clean the IDs, validate, number, then optimize
 * for a target. It reads like the reference's list:
 *
 *   1. PreCleaner
 *   2. validators: DuplicateIds, MissingIds, Jobs, Flags (the first to find a problem throws)
 *   3. AddIds (addIds), FlowId (uniqueId), SubFlowRemover (unless includeSubFlows)
 *   4. runner | smt: Relationship, Condition, ContinueImplementer (smt only), FlagOptimizer,
 *                    AdjacentIfCombiner
 *      igxl:         ElseRemover, OnPassFailRemover, Relationship, Condition, ApplyPostGroupActions,
 *                    OneFlagPerTest, RedundantConditionRemover
 *      flat:         ElseRemover, OnPassFailRemover, Condition, Flattener
 *      anything else: Condition
 *   5. EmptyBranchRemover
 */
import type { Node } from './node.js';
import { AddIds } from './processors/add-ids.js';
import { AdjacentIfCombiner } from './processors/adjacent-if-combiner.js';
import { ApplyPostGroupActions } from './processors/apply-post-group-actions.js';
import { Condition } from './processors/condition.js';
import { ContinueImplementer } from './processors/continue-implementer.js';
import { ElseRemover } from './processors/else-remover.js';
import { EmptyBranchRemover } from './processors/empty-branch-remover.js';
import { FlagOptimizer } from './processors/flag-optimizer.js';
import { Flattener } from './processors/flattener.js';
import { FlowId } from './processors/flow-id.js';
import { OnPassFailRemover } from './processors/on-pass-fail-remover.js';
import { OneFlagPerTest } from './processors/one-flag-per-test.js';
import { PreCleaner } from './processors/pre-cleaner.js';
import { RedundantConditionRemover } from './processors/redundant-condition-remover.js';
import { Relationship } from './processors/relationship.js';
import { SubFlowRemover } from './processors/sub-flow-remover.js';
import { DuplicateIds } from './validators/duplicate-ids.js';
import { Flags } from './validators/flags.js';
import { Jobs } from './validators/jobs.js';
import { MissingIds } from './validators/missing-ids.js';

/** The target a flow is optimized for. Any other string runs the Condition step only. */
export type Optimization = 'runner' | 'smt' | 'igxl' | 'flat' | (string & {});

export interface AstOptions {
  /** Default `'runner'` (what the interpreter expects); `'smt'` is V93K-like, `'igxl'` row-based. */
  optimization?: Optimization;
  /** Turn result conditions into flags (runner, smt, igxl). Default true. */
  applyRelationships?: boolean;
  /** Append `_<uniqueId>` to every ID and reference (except `extern*`). */
  uniqueId?: string;
  /** smt: strip bins from on_fail branches that continue. Default true. */
  implementContinue?: boolean;
  /** Nest dependants into a test's on_fail even when it continues. Default true. */
  optimizeFlagsWhenContinue?: boolean;
  /** Number tests and groups without an ID. Default true. */
  addIds?: boolean;
  /** runner/smt: nest "set flag, then test it" pairs. Default true. */
  optimizeFlags?: boolean;
  /** igxl: one test per flag. Default true. */
  oneFlagPerTest?: boolean;
  /** Keep sub-flows. Default true. */
  includeSubFlows?: boolean;
}

const DEFAULTS: Required<Omit<AstOptions, 'uniqueId'>> = {
  optimization: 'runner',
  applyRelationships: true,
  implementContinue: true,
  optimizeFlagsWhenContinue: true,
  addIds: true,
  optimizeFlags: true,
  oneFlagPerTest: true,
  includeSubFlows: true,
};

/** Run the validators in the reference's order on a pre-cleaned AST; the first failing one throws. */
export function validateFlow(cleaned: Node, flowName: string): void {
  new DuplicateIds(flowName).validate(cleaned);
  new MissingIds(flowName).validate(cleaned);
  new Jobs(flowName).validate(cleaned);
  new Flags(flowName).validate(cleaned);
}

/** The processed AST of a raw flow AST (what `flow.ast(options)` returns). */
export function processFlow(raw: Node, flowName: string, options: AstOptions = {}): Node {
  const o = { ...DEFAULTS, ...definedOnly(options) };
  let ast = new PreCleaner().run(raw);
  validateFlow(ast, flowName);
  if (o.addIds) ast = new AddIds().run(ast);
  if (o.uniqueId) ast = new FlowId(o.uniqueId).run(ast);
  if (!o.includeSubFlows) ast = new SubFlowRemover().run(ast);

  switch (o.optimization) {
    case 'runner':
    case 'smt':
      if (o.applyRelationships) ast = new Relationship().run(ast);
      ast = new Condition().run(ast);
      if (o.optimization === 'smt' && o.implementContinue) ast = new ContinueImplementer().run(ast);
      if (o.optimizeFlags) ast = new FlagOptimizer({ optimizeWhenContinue: o.optimizeFlagsWhenContinue }).run(ast);
      ast = new AdjacentIfCombiner().run(ast);
      break;
    case 'igxl':
      ast = new ElseRemover().run(ast);
      ast = new OnPassFailRemover().run(ast);
      if (o.applyRelationships) ast = new Relationship().run(ast);
      ast = new Condition().run(ast);
      ast = new ApplyPostGroupActions().run(ast);
      if (o.oneFlagPerTest) ast = new OneFlagPerTest().run(ast);
      ast = new RedundantConditionRemover().run(ast);
      break;
    case 'flat':
      ast = new ElseRemover().run(ast);
      ast = new OnPassFailRemover().run(ast);
      ast = new Condition().run(ast);
      ast = new Flattener().run(ast);
      break;
    default:
      ast = new Condition().run(ast);
  }

  return new EmptyBranchRemover().run(ast);
}

/** Options given as `undefined` keep their defaults. */
function definedOnly(options: AstOptions): AstOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as AstOptions;
}
