/**
 * Test plans: the YAML format (MTAP v1 plans load unchanged), loading with every problem reported at
 * file:line:col, compilation to the flow model, the dry run, and the unit verdict shared by the dry
 * run and the live executor. See docs/plan-format.md.
 *
 *     const plan = loadPlan('examples/board-fct.yaml');
 *     const compiled = compilePlan(plan);
 *     dryRun(plan, compiled, { job: 'DVT', fail: ['read_temp'] }).verdict;   // { outcome: 'PASS', ... }
 *     const executed = runFlow(compiled.ast, { job: 'DVT', failedTestIds: 'read_temp' });
 *     unitVerdict(plan, compiled, executed);   // the same verdict
 */
export { compilePlan, type CompiledPlan } from './compile.js';
export { dryRun, type DryRun, type DryRunEntry, type DryRunOptions } from './dry-run.js';
export { planJsonSchema } from './json-schema.js';
export { BUILTIN_DEFAULTS, DEFAULT_BINS, FW_DISCOVERY_STEP, loadPlan, parsePlan } from './load.js';
export { ATTEMPT_CODES, DEFAULT_RETRY_ON, INFRASTRUCTURE_CODES, STEP_RESULT_CODES, type StepResultCode } from './result-codes.js';
export { optionList, resolveEnables, resolveJob, resolveStepIds } from './run-options.js';
export { COMPARATORS, ON_FAIL, V1_STAGES, planSchema, type Comparator, type OnFail, type PlanInput } from './schema.js';
export type { BinSpec, Conditions, Measurement, Plan, PlanGroup, PlanItem, PlanLog, PlanStep, Scalar, SourcePos, StepDefaults } from './types.js';
export { unitVerdict, type UnitOutcome, type Verdict } from './verdict.js';
