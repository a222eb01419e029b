/**
 * The run directory: what a run records, and the files it is recorded in. The event log
 * (events.jsonl, one line per step attempt, written as it happens) is the truth; every other file is
 * derived from it or says how it was produced. See docs/run-dir.md.
 *
 *     const { runId, dir } = await createRunDir(resolveRunsRoot({ flag, env: process.env, cwd }));
 *     const rec = await RunRecorder.open(dir);
 *     await rec.writeRunInfo(info); await rec.writePlanCopy(plan);
 *     rec.attempt(event); ...; await rec.unitEnd(unitRecord);   // durable when it resolves
 *     await rec.close();
 *     const results = { ...(await loadRunRecords(dir)), endedAt: new Date().toISOString() };
 *     await writeResultsSummary(dir, buildResultsSummary(results));
 *     await writeJunit(dir, buildJunitXml(results, plan));
 *
 * Resume: `openRunDir(root, runId)`, `scanRunDir(dir)` (what is done, what to re-test), then
 * `RunRecorder.open(dir)` again, which repairs a torn last line before appending.
 */
export * from './schema.js';
export { RUN_FILES } from './files.js';
export { createRunDir, formatRunId, newRunId, openRunDir, resolveRunsRoot, RUN_ID_PATTERN, type RunDir, type RunIdSource, type RunsRootInputs } from './run-dir.js';
export { RunRecorder, type RecorderOptions, type SyncCounts } from './recorder.js';
export { fdatasyncPromise, type DataSync } from './append-file.js';
export { writeFileAtomic } from './atomic-file.js';
export { describeOsError, diskError } from './disk-error.js';
export { cellText, csvCell, csvRow, CSV_NEWLINE, neutralize } from './csv.js';
export { attemptCsvRow, attemptLine, EVENTS_CSV_HEADER, unitLine } from './lines.js';
export { forEachJsonl, forEachLine, readJsonl, type JsonlContent, type JsonlScan, type LineScan } from './jsonl-read.js';
export { appendMissingCsvRows, formatOf, repairTail, type LineFormat, type TailRepair } from './tail-repair.js';
export {
  lastRecordPerSerial,
  loadRunRecords,
  readRunInfo,
  readUnitRecords,
  scanRunDir,
  type RunDirScan,
  type RunRecords,
  type SkippedLines,
} from './resume.js';
export { attemptsByExecution, attemptsByStep, finalAttempt } from './unit-attempts.js';
export { finalYield, firstPassYield, isTested, passedFirstTime, YIELD_DEFINITIONS } from './yield.js';
export {
  buildResultsSummary,
  resultsSummarySchema,
  serialSummarySchema,
  summaryFailureSchema,
  writeResultsSummary,
  type ResultsSummary,
  type RunResults,
  type SerialSummary,
  type SummaryFailure,
} from './summary.js';
export { buildJunitXml, writeJunit, type JunitPlan } from './junit.js';
export * from './stdf/index.js';
export * from './exports/index.js';
