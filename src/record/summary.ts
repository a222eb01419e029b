/**
 * results_summary.json: a run's result in one file. It keeps MTAP's fields exactly (run_id, batch_id,
 * station_id, stage, overall_passed, per_sn{sn: {fw_version, passed, failures[…]}}) so MTAP readers keep
 * working, and adds what MTAP's own JUnit writer and dashboard expected but never got (sn_count,
 * passed_count, failed_count), the other counts, bins, yields, and which plan ran.
 *
 *     buildResultsSummary({ info, plan, units, attempts, endedAt })   // pure
 *     await writeResultsSummary(dir, summary)                         // atomic, indent 2
 */
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import { RUN_FILES } from './files.js';
import { EVENT_SCHEMA_VERSION, UNIT_OUTCOMES, type AttemptEvent, type RunInfo, type UnitRecord } from './schema.js';
import { attemptsByExecution, attemptsByStep, finalAttempt } from './unit-attempts.js';
import { finalYield, firstPassYield, passedFirstTime, YIELD_DEFINITIONS } from './yield.js';

const json: z.ZodType<unknown> = z.unknown();

export const summaryFailureSchema = z.object({
  step_id: z.string(),
  cmd: z.string(),
  error_code: z.string().nullable(),
  message: z.string(),
  duration_ms: z.number().int(),
  /** The DUT's data in the final attempt's reply, plus the step's `req_ids` (as MTAP). */
  data: z.record(z.string(), json),
});

export const serialSummarySchema = z.object({
  fw_version: z.string(),
  passed: z.boolean(),
  failures: z.array(summaryFailureSchema),
  outcome: z.enum(UNIT_OUTCOMES),
  hard_bin: z.number().int().nullable(),
  soft_bin: z.number().int().nullable(),
  /** Passed with every executed step passing on its first attempt (counts toward first_pass_yield). */
  first_pass: z.boolean(),
});

export const resultsSummarySchema = z.object({
  // --- MTAP's fields ---
  run_id: z.string(),
  batch_id: z.string(),
  station_id: z.string(),
  stage: z.string(),
  overall_passed: z.boolean(),
  /** Serials with a unit record, in the run's serial order. */
  per_sn: z.record(z.string(), serialSummarySchema),
  // --- mtap's additions ---
  schema_version: z.number().int(),
  /** Serials the run was asked to test; the outcome counts below add up to it. */
  sn_count: z.number().int(),
  passed_count: z.number().int(),
  failed_count: z.number().int(),
  error_count: z.number().int(),
  aborted_count: z.number().int(),
  /** Serials of the run with no unit record (the run stopped before them). */
  not_tested_count: z.number().int(),
  first_pass_yield: z.number().nullable(),
  final_yield: z.number().nullable(),
  yield_definitions: z.string(),
  /** Attempts of ended executions (superseded ones included, orphans not), and how many failed. */
  attempt_count: z.number().int(),
  failed_attempt_count: z.number().int(),
  plan: z.object({ name: z.string(), version: z.union([z.number(), z.string()]), hash: z.string() }),
  started_at: z.string(),
  ended_at: z.string(),
  tool_version: z.string(),
});
export type ResultsSummary = z.infer<typeof resultsSummarySchema>;
export type SerialSummary = z.infer<typeof serialSummarySchema>;
export type SummaryFailure = z.infer<typeof summaryFailureSchema>;

/** What every end-of-run artifact is built from. */
export interface RunResults {
  info: RunInfo;
  /** Each serial's final unit record (see `loadRunRecords`). */
  units: readonly UnitRecord[];
  /** Attempts of ended executions. */
  attempts: readonly AttemptEvent[];
  /** When the run ended (ISO-8601). */
  endedAt: string;
}

export function buildResultsSummary(results: RunResults): ResultsSummary {
  const { info, units, attempts } = results;
  const byExec = attemptsByExecution(units, attempts);
  const attemptsOf = (u: UnitRecord) => byExec.get(u.unit_exec_id) ?? [];
  const count = (outcome: UnitRecord['outcome']) => units.filter((u) => u.outcome === outcome).length;
  const recorded = new Set(units.map((u) => u.sn));

  // No prototype: a serial named "__proto__" is a key like any other.
  const per_sn: Record<string, SerialSummary> = Object.create(null) as Record<string, SerialSummary>;
  for (const unit of units) per_sn[unit.sn] = serialSummary(unit, attemptsOf(unit));

  return {
    run_id: info.run_id,
    batch_id: info.batch_id,
    station_id: info.station_id,
    stage: info.stage,
    overall_passed: info.sns.every((sn) => per_sn[sn]?.passed === true) && units.every((u) => u.outcome === 'PASS'),
    per_sn,
    schema_version: EVENT_SCHEMA_VERSION,
    sn_count: info.sns.length,
    passed_count: count('PASS'),
    failed_count: count('FAIL'),
    error_count: count('ERROR'),
    aborted_count: count('ABORTED'),
    not_tested_count: info.sns.filter((sn) => !recorded.has(sn)).length,
    first_pass_yield: firstPassYield(units, attemptsOf),
    final_yield: finalYield(units),
    yield_definitions: YIELD_DEFINITIONS,
    attempt_count: attempts.length,
    failed_attempt_count: attempts.filter((a) => !a.passed).length,
    plan: { name: info.plan.name, version: info.plan.version, hash: info.plan.hash },
    started_at: info.created_at,
    ended_at: results.endedAt,
    tool_version: info.tool_version,
  };
}

function serialSummary(unit: UnitRecord, attempts: readonly AttemptEvent[]): SerialSummary {
  const steps = attemptsByStep(attempts);
  return {
    fw_version: unit.fw_version,
    passed: unit.outcome === 'PASS',
    failures: unit.failing_steps.map((f) => {
      const last = finalAttempt(steps.get(f.step_id) ?? []);
      return { step_id: f.step_id, cmd: f.cmd, error_code: f.error_code, message: f.message, duration_ms: f.duration_ms, data: failureData(last) };
    }),
    outcome: unit.outcome,
    hard_bin: unit.hard_bin,
    soft_bin: unit.soft_bin,
    first_pass: passedFirstTime(unit, attempts),
  };
}

/** MTAP: the DUT's reply data plus req_ids (`{}` data on an error reply leaves only req_ids). */
function failureData(attempt: AttemptEvent | undefined): Record<string, unknown> {
  if (!attempt) return { req_ids: [] };
  const replyData = attempt.data.raw['data'];
  const dut = typeof replyData === 'object' && replyData !== null && !Array.isArray(replyData) ? (replyData as Record<string, unknown>) : {};
  return { ...dut, req_ids: attempt.data.req_ids };
}

export function writeResultsSummary(dir: string, summary: ResultsSummary): Promise<void> {
  return writeFileAtomic(join(dir, RUN_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
}
