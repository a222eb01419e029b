/**
 * mtap/flow — the flow model: a test program as data. A flow is an abstract syntax tree of tests,
 * groups, job/enable/flag conditions, run-time pass/fail logic, bins and logs, built with a builder,
 * validated and optimized for a target, dry-run under any job, enable words and assumed failures,
 * executed live through the same interpreter, and rendered for people.
 *
 *   import { Program, runFlow, formatBasic, renderListing } from 'mtap/flow';
 *
 *   const f = new Program().flow('sort1');
 *   f.test('test1', { id: 't1', bin: 5 });
 *   f.ifEnable('bitmap', () => f.test('test2', { ifFailed: 't1' }));
 *   f.pass(1);
 *
 *   formatBasic(f.ast(), { failedTestIds: 't1' });   // "test1 F\nFAIL 5\n"
 *   renderListing(f.ast());                           // an indented listing with its conditions
 *
 * A faithful port of Origen's ATP (Abstract Test Program); docs/flow.md lists every deviation.
 */
export { Node, equals, isNode } from './node.js';
export type { Atom, Child } from './node.js';
export { NodeMeta, LOST_SOURCE } from './meta.js';
export type { NodeMetaFields } from './meta.js';
export { toSexp, fromSexp, atomToSexp } from './sexp.js';
export { toJson, fromJson, serialize, deserialize } from './json.js';
export type { JsonChild, JsonNode } from './json.js';
export { FlowError, FlowValidationError } from './errors.js';
export { CONDITION_KEYS, CONDITION_NODE_TYPES } from './conditions.js';
export type { ConditionKey, ConditionType } from './conditions.js';
export { cleanId } from './ids.js';
export { Processor } from './processor.js';
export type { HandlerResult } from './processor.js';

export { Program } from './builder/program.js';
export { Flow } from './builder/flow.js';
export type * from './builder/options.js';
export { hiLimit, limit, loLimit } from './builder/limits.js';
export type { LimitOptions } from './builder/limits.js';

export { processFlow, validateFlow } from './pipeline.js';
export type { AstOptions, Optimization } from './pipeline.js';
export { PreCleaner } from './processors/pre-cleaner.js';
export { AddIds } from './processors/add-ids.js';
export { FlowId } from './processors/flow-id.js';
export { SubFlowRemover } from './processors/sub-flow-remover.js';
export { Relationship } from './processors/relationship.js';
export { Condition } from './processors/condition.js';
export { ContinueImplementer } from './processors/continue-implementer.js';
export { FlagOptimizer } from './processors/flag-optimizer.js';
export { AdjacentIfCombiner } from './processors/adjacent-if-combiner.js';
export { EmptyBranchRemover } from './processors/empty-branch-remover.js';
export { ElseRemover } from './processors/else-remover.js';
export { OnPassFailRemover } from './processors/on-pass-fail-remover.js';
export { ApplyPostGroupActions } from './processors/apply-post-group-actions.js';
export { OneFlagPerTest } from './processors/one-flag-per-test.js';
export { RedundantConditionRemover } from './processors/redundant-condition-remover.js';
export { Flattener } from './processors/flattener.js';
export { Marshal, describeTestObject } from './processors/marshal.js';
export { AddSetResult } from './processors/add-set-result.js';
export { Validator } from './validators/validator.js';
export { DuplicateIds } from './validators/duplicate-ids.js';
export { MissingIds } from './validators/missing-ids.js';
export { Jobs } from './validators/jobs.js';
export { Flags } from './validators/flags.js';

export { interpretFlow } from './runner/interpreter.js';
export type { FlowWalk } from './runner/interpreter.js';
export { runFlow } from './runner/run-flow.js';
export { executeFlow } from './runner/execute-flow.js';
export type { ExecuteOptions } from './runner/execute-flow.js';
export { summarizeRun } from './runner/summary.js';
export type { BinResult, RunSummary, RunTestRecord } from './runner/summary.js';
export type { EvaluateOptions, RunOptions, TestContext, TestOutcome, TestStep } from './runner/options.js';

export { BasicFormatter, formatBasic } from './formatters/basic.js';
export { DatalogFormatter, formatDatalog } from './formatters/datalog.js';
export { renderListing } from './render/listing.js';
export type { ListingOptions } from './render/listing.js';
export { renderMermaid } from './render/mermaid.js';
export { flowGraph, type FlowEdge, type FlowGraph, type FlowNode, type FlowNodeKind } from './render/graph.js';
export { layoutFlow, type FlowLayout, type PlacedEdge, type PlacedNode } from './render/layout.js';
export type { MermaidOptions } from './render/mermaid.js';
