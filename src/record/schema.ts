/**
 * What a run records, as data: the one definition of every record kind and field. Writers, readers,
 * the store and the reports all take their fields from here.
 *
 * - `AttemptEvent`: one line of `events.jsonl` per step attempt. It keeps every field of the MTAP
 *   schema v1 record, in v1's order and with v1's types (so MTAP tools keep reading it), then adds
 *   mtap's. `schema_version` is 2.
 * - `UnitRecord`: one line of `units.jsonl` per unit execution that ended (PASS/FAIL/ERROR/ABORTED).
 *   A unit's attempts count only if its `unit_exec_id` has a unit record; within a run, a serial's
 *   outcome is its **last** unit record (a resumed run re-tests what was unfinished or ABORTED).
 * - `RunInfo`: `run.json`, written once when the run starts; what `--resume` reads back.
 */
import { z } from 'zod';

export const EVENT_SCHEMA_VERSION = 2;

const json: z.ZodType<unknown> = z.unknown();

/** The result of one measurement in one attempt. */
export const measurementResultSchema = z.object({
  field: z.string(),
  value: json,
  units: z.string().nullable(),
  comparator: z.string(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  nominal: z.number().nullable(),
  expected: json,
  passed: z.boolean(),
  /** null when it passed; LIMIT_FAIL, E_MEAS_MISSING or E_MEAS_TYPE otherwise. */
  error_code: z.string().nullable(),
});
export type MeasurementResult = z.infer<typeof measurementResultSchema>;

export const attemptEventSchema = z.object({
  // --- MTAP schema v1 fields, same order and types ---
  schema_version: z.number().int(),
  /** ISO-8601 UTC with microseconds and +00:00, taken when the attempt ended. */
  timestamp: z.string(),
  run_id: z.string(),
  batch_id: z.string(),
  station_id: z.string(),
  stage: z.string(),
  sn: z.string(),
  fw_version: z.string(),
  test_step: z.string(),
  command: z.string(),
  attempt: z.number().int(),
  retry_count: z.number().int(),
  retries_allowed: z.number().int(),
  timeout_s: z.number(),
  backoff_ms: z.number().int(),
  /** Whole milliseconds, as in v1 (`duration_us` has the precise figure). */
  duration_ms: z.number().int(),
  passed: z.boolean(),
  error_code: z.string().nullable(),
  /** The first measurement that failed, else the first measurement (v1 had one); null without any. */
  measurement: z.string().nullable(),
  value: json,
  units: z.string().nullable(),
  message: z.string(),
  data: z
    .object({
      step_name: z.string(),
      req_ids: z.array(z.string()),
      will_retry: z.boolean(),
      retry_reason: z.string().nullable(),
      /** The DUT's whole reply, or {} when there was none. */
      raw: z.record(z.string(), json),
    })
    .loose(),
  // --- mtap additions (schema 2) ---
  /** `step` for a plan step, `discovery` for the firmware-discovery PING before the flow. */
  kind: z.enum(['step', 'discovery']),
  plan_name: z.string(),
  plan_version: z.union([z.number(), z.string()]),
  site: z.number().int(),
  unit_exec_id: z.string(),
  test_num: z.number().int().nullable(),
  lo: z.number().nullable(),
  hi: z.number().nullable(),
  comparator: z.string().nullable(),
  /** The bins the step assigns when it fails. */
  bin: z.number().int().nullable(),
  softbin: z.number().int().nullable(),
  started_at: z.string(),
  duration_us: z.number(),
  measurements: z.array(measurementResultSchema),
});
export type AttemptEvent = z.infer<typeof attemptEventSchema>;

/** The MTAP v1 CSV columns, in order: the JSONL keys minus `data`. */
export const V1_CSV_COLUMNS = [
  'schema_version',
  'timestamp',
  'run_id',
  'batch_id',
  'station_id',
  'stage',
  'sn',
  'fw_version',
  'test_step',
  'command',
  'attempt',
  'retry_count',
  'retries_allowed',
  'timeout_s',
  'backoff_ms',
  'duration_ms',
  'passed',
  'error_code',
  'measurement',
  'value',
  'units',
  'message',
] as const satisfies ReadonlyArray<keyof AttemptEvent>;

/** events.csv: the v1 columns, then mtap's (measurement details stay in the JSONL). */
export const CSV_COLUMNS = [
  ...V1_CSV_COLUMNS,
  'kind',
  'plan_name',
  'plan_version',
  'site',
  'unit_exec_id',
  'test_num',
  'lo',
  'hi',
  'comparator',
  'bin',
  'softbin',
  'started_at',
  'duration_us',
] as const satisfies ReadonlyArray<keyof AttemptEvent>;

export const UNIT_OUTCOMES = ['PASS', 'FAIL', 'ERROR', 'ABORTED'] as const;

export const failingStepSchema = z.object({
  step_id: z.string(),
  cmd: z.string(),
  error_code: z.string().nullable(),
  message: z.string(),
  attempts: z.number().int(),
  /** The final attempt's duration. */
  duration_ms: z.number().int(),
});
export type FailingStep = z.infer<typeof failingStepSchema>;

export const unitRecordSchema = z.object({
  schema_version: z.number().int(),
  run_id: z.string(),
  unit_exec_id: z.string(),
  sn: z.string(),
  site: z.number().int(),
  batch_id: z.string(),
  station_id: z.string(),
  stage: z.string(),
  plan_name: z.string(),
  plan_version: z.union([z.number(), z.string()]),
  fw_version: z.string(),
  outcome: z.enum(UNIT_OUTCOMES),
  /** null for ABORTED units (never binned). */
  hard_bin: z.number().int().nullable(),
  soft_bin: z.number().int().nullable(),
  bin_description: z.string().nullable(),
  /** The step and code that decided a FAIL/ERROR. */
  deciding_step: z.string().nullable(),
  deciding_code: z.string().nullable(),
  started_at: z.string(),
  ended_at: z.string(),
  duration_ms: z.number(),
  /** Steps that ran, in order (each once, however many attempts). */
  steps_executed: z.array(z.string()),
  /** Executed steps whose final attempt failed, in order. */
  failing_steps: z.array(failingStepSchema),
  attempts: z.number().int(),
  /** Log statements the flow reached, in order. */
  logs: z.array(z.string()),
});
export type UnitRecord = z.infer<typeof unitRecordSchema>;

export const runInfoSchema = z.object({
  schema_version: z.number().int(),
  run_id: z.string(),
  created_at: z.string(),
  tool_version: z.string(),
  plan: z.object({ file: z.string(), name: z.string(), version: z.union([z.number(), z.string()]), hash: z.string() }),
  station_id: z.string(),
  station_name: z.string(),
  batch_id: z.string(),
  stage: z.string(),
  sns: z.array(z.string()),
  sites: z.number().int(),
  dut: z.array(z.string()),
  enables: z.array(z.string()),
  requirements: z.string().nullable(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;
