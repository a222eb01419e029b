/**
 * The executor: the flow interpreter with live tests against DUTs. Units run `sites` at a time over
 * persistent connections; each step is an attempt loop (deadline, retry_on, exact backoff, limits);
 * each unit ends with an outcome and bins from the same verdict the dry run uses.
 */
export { runBatch, defaultSites, type BatchOptions, type BatchResult, type RecordSink } from './batch.js';
export { epochMs, isoMicro, sleep } from './clock.js';
export { COMPARATOR_RULES, describeFailure, evaluateMeasurement, evaluateMeasurements } from './measure.js';
export { runStep, type RunStamp, type StepEnv, type StepResult } from './step.js';
export { newUnitExecId, runUnit, type UnitEnv } from './unit.js';
export { checkReachable, dutFromEnv, MAX_SERIAL_LENGTH, parseDutAddresses, resolveSerials, serialProblem } from './inputs.js';
export { resumeRun, startRun, type NewRunOptions, type ReportOutcome, type ReportWriter, type ResumeOptions, type RunHooks, type RunOutcome } from './session.js';
