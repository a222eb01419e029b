/**
 * One step on one unit: send the command (serial first, then the step's params), judge the reply
 * against the step's measurements, retry only on the step's `retry_on` codes after exactly its
 * backoff, and record every attempt as it ends. Each attempt has its own total deadline (connect +
 * write + the whole reply).
 */
import type { PlanStep } from '../plan/index.js';
import type { JsonObject } from '../protocol/index.js';
import type { AttemptEvent, MeasurementResult } from '../record/index.js';
import { EVENT_SCHEMA_VERSION } from '../record/index.js';
import type { DutClient } from '../transport/index.js';
import { epochMs, isoMicro, sleep } from './clock.js';
import { describeFailure, evaluateMeasurements } from './measure.js';

/** What every attempt record of a run shares. */
export interface RunStamp {
  run_id: string;
  batch_id: string;
  station_id: string;
  stage: string;
  plan_name: string;
  plan_version: number | string;
}

export interface StepEnv {
  client: DutClient;
  stamp: RunStamp;
  sn: string;
  site: number;
  unitExecId: string;
  /** The unit's firmware as known when an attempt ends. */
  fw: () => string;
  record: (e: AttemptEvent) => void;
  /** Aborting stops further attempts (the one in flight completes). */
  signal: AbortSignal;
  /** The bins a step without its own assigns on failure (the plan's fail bins). */
  failBins: { bin: number; softbin: number };
  /** Sees each successful reply before its attempt is recorded (firmware discovery reads it). */
  onOkReply?: (data: JsonObject) => void;
}

export interface StepResult {
  passed: boolean;
  code: string | null;
  message: string;
  /** The final attempt's reply data (empty when there was no reply). */
  data: JsonObject;
  attempts: number;
  finalDurationMs: number;
}

export async function runStep(step: PlanStep, kind: AttemptEvent['kind'], env: StepEnv): Promise<StepResult> {
  let last: StepResult = { passed: false, code: null, message: '', data: {}, attempts: 0, finalDurationMs: 0 };
  for (let attempt = 1; attempt <= step.retries + 1; attempt++) {
    const startedAt = epochMs();
    const r = await env.client.call(step.cmd, [env.sn, ...step.params], step.timeoutS * 1000);
    let passed = false;
    let code: string | null;
    let message: string;
    let data: JsonObject = {};
    let raw: JsonObject = {};
    let measured: MeasurementResult[] = [];
    let shown: MeasurementResult | null = null;
    if (r.kind === 'error') {
      code = r.code;
      message = r.message;
    } else {
      raw = r.reply as unknown as JsonObject;
      data = r.reply.data;
      if (!r.reply.ok) {
        code = r.reply.error_code;
        message = r.reply.message;
      } else {
        env.onOkReply?.(data);
        const m = evaluateMeasurements(step.measurements, data);
        measured = m.results;
        shown = m.failed ?? m.results[0] ?? null;
        passed = m.failed === null;
        code = m.failed?.error_code ?? null;
        message = m.failed ? describeFailure(m.failed) : r.reply.message;
      }
    }
    const willRetry = !passed && attempt <= step.retries && code !== null && step.retryOn.includes(code) && !env.signal.aborted;
    const durationMs = r.durationMs;
    env.record({
      schema_version: EVENT_SCHEMA_VERSION,
      timestamp: isoMicro(startedAt + durationMs),
      ...pickV1Stamp(env.stamp),
      sn: env.sn,
      fw_version: env.fw(),
      test_step: step.id,
      command: step.cmd,
      attempt,
      retry_count: attempt - 1,
      retries_allowed: step.retries,
      timeout_s: step.timeoutS,
      backoff_ms: step.backoffMs,
      duration_ms: Math.floor(durationMs),
      passed,
      error_code: code,
      measurement: shown?.field ?? null,
      value: shown?.value ?? null,
      units: shown?.units ?? null,
      message,
      data: { step_name: step.name, req_ids: step.reqIds, will_retry: willRetry, retry_reason: willRetry ? code : null, raw },
      kind,
      plan_name: env.stamp.plan_name,
      plan_version: env.stamp.plan_version,
      site: env.site,
      unit_exec_id: env.unitExecId,
      test_num: kind === 'step' ? step.testNum : null,
      lo: shown?.lo ?? null,
      hi: shown?.hi ?? null,
      comparator: shown?.comparator ?? null,
      bin: step.bin ?? env.failBins.bin,
      softbin: step.softbin ?? step.bin ?? env.failBins.softbin,
      started_at: isoMicro(startedAt),
      duration_us: Math.round(durationMs * 1000),
      measurements: measured,
    });
    last = { passed, code, message, data, attempts: attempt, finalDurationMs: Math.floor(durationMs) };
    if (!willRetry) break;
    await sleep(step.backoffMs, env.signal);
    if (env.signal.aborted) break;
  }
  return last;
}

function pickV1Stamp(s: RunStamp) {
  return { run_id: s.run_id, batch_id: s.batch_id, station_id: s.station_id, stage: s.stage };
}
