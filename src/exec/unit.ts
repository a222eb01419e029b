/**
 * One unit: discover its firmware, walk the plan's flow with live tests (the same interpreter the dry
 * run uses), and turn what happened into the unit's record: outcome, bins, failing steps.
 *
 * Firmware discovery: while the firmware is unknown, a PING step's reply is the discovery (no extra
 * request, so a rate-limited device does not refuse the step right after it); before any other step a
 * PING is sent and recorded as the `fw_discovery` attempt (a PING step that got no reply with a
 * firmware leaves discovery to the next step). The firmware is then checked against
 * `station.fw_expected` (`*` or empty: any): a mismatch, or no firmware at all, ends the unit FAIL
 * with E_FW_MISMATCH. A discovery the tester could not make (E_CONN, E_TIMEOUT, E_BAD_RESP) ends it
 * ERROR. MTAP hid discovery and never checked the firmware (its bugs 4 and 7).
 */
import { randomBytes } from 'node:crypto';
import { executeFlow } from '../flow/index.js';
import { FW_DISCOVERY_STEP, INFRASTRUCTURE_CODES, unitVerdict, type CompiledPlan, type Plan, type PlanStep } from '../plan/index.js';
import type { AttemptEvent, FailingStep, UnitRecord } from '../record/index.js';
import { EVENT_SCHEMA_VERSION } from '../record/index.js';
import type { DutClient } from '../transport/index.js';
import { epochMs, isoMicro } from './clock.js';
import { runStep, type RunStamp, type StepEnv, type StepResult } from './step.js';

export interface UnitEnv {
  plan: Plan;
  compiled: CompiledPlan;
  stamp: RunStamp;
  /** The job (stage) the flow runs at, and the enable words that are on. */
  job: string;
  enables: readonly string[];
  client: DutClient;
  site: number;
  record: (e: AttemptEvent) => void;
  signal: AbortSignal;
}

/** Ends a unit early with a verdict of its own (firmware check, unreachable DUT). */
class UnitStop extends Error {
  constructor(
    readonly outcome: 'FAIL' | 'ERROR' | 'ABORTED',
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

const ANY_FW = new Set(['', '*']);

function discoveryStep(plan: Plan): PlanStep {
  const d = plan.defaults;
  return {
    kind: 'step',
    id: FW_DISCOVERY_STEP,
    name: 'Firmware discovery',
    cmd: 'PING',
    params: [],
    measurements: [],
    reqIds: [],
    reqIdsPos: [],
    testNum: 0,
    testNumAuto: true,
    bin: null,
    softbin: null,
    binDescription: null,
    softbinDescription: null,
    timeoutS: d.timeoutS,
    retries: Math.max(d.retries, 2),
    backoffMs: d.backoffMs,
    retryOn: d.retryOn,
    onFail: 'stop',
    conditions: {},
    groups: [],
    pos: { line: 0, col: 0 },
  };
}

/** A random prefix per process and a counter: unique within a run, resumed or not, and cheap. */
const EXEC_PREFIX = randomBytes(4).toString('hex');
let execCounter = 0;
export function newUnitExecId(): string {
  return `${EXEC_PREFIX}-${(++execCounter).toString(36).padStart(4, '0')}`;
}

export async function runUnit(sn: string, env: UnitEnv, unitExecId = newUnitExecId()): Promise<UnitRecord> {
  const { plan, compiled } = env;
  const startedAt = epochMs();
  let fw = 'unknown';
  let discovered = false;
  let discovery: StepResult | null = null;
  let attempts = 0;
  const executed: Array<{ step: PlanStep; result: StepResult }> = [];
  const finalCodes = new Map<string, string | null>();

  const stepEnv: StepEnv = {
    client: env.client,
    stamp: env.stamp,
    sn,
    site: env.site,
    unitExecId,
    fw: () => fw,
    record: (e) => {
      attempts++;
      env.record(e);
    },
    signal: env.signal,
    failBins: { bin: plan.bins.fail.bin, softbin: plan.bins.fail.softbin },
    onOkReply: (data) => {
      // Until discovery is done, a PING reply carries the firmware (so its own record shows it).
      if (!discovered && typeof data.fw === 'string') fw = data.fw;
    },
  };

  /** Conclude discovery from a reply. A PING *step* that got no firmware leaves it to the next step. */
  const checkFirmware = (result: StepResult, byStep: boolean) => {
    const gotFw = typeof result.data.fw === 'string';
    if (byStep && !gotFw) return;
    discovered = true;
    discovery = result;
    if (gotFw) fw = result.data.fw as string;
    if (!result.passed && !gotFw && result.code !== null && INFRASTRUCTURE_CODES.includes(result.code)) {
      throw new UnitStop('ERROR', result.code, `firmware discovery failed: ${result.message}`);
    }
    const expected = plan.station.fwExpected.trim();
    if (!ANY_FW.has(expected) && fw !== expected) {
      const why = gotFw ? `reports firmware "${fw}"` : `gave no firmware (${result.code}: ${result.message})`;
      throw new UnitStop('FAIL', 'E_FW_MISMATCH', `the DUT ${why}; the plan expects "${expected}"`);
    }
  };

  const executeTest = async (test: { find(type: string): { value: unknown } | undefined }) => {
    if (env.signal.aborted) throw new UnitStop('ABORTED', null, 'stopped before this step');
    const id = String(test.find('object')?.value);
    const step = compiled.steps.get(id);
    if (!step) throw new Error(`the flow names a step the plan does not have: ${id}`);
    const usesPing = step.cmd.toUpperCase() === 'PING' && step.params.length === 0;
    if (!discovered && !usesPing) checkFirmware(await runStep(discoveryStep(plan), 'discovery', stepEnv), false);
    const result = await runStep(step, 'step', stepEnv);
    executed.push({ step, result });
    finalCodes.set(step.id, result.passed ? null : result.code);
    if (env.signal.aborted) throw new UnitStop('ABORTED', null, 'stopped during this step');
    if (!discovered) checkFirmware(result, true);
    return { failed: !result.passed };
  };

  let outcome: UnitRecord['outcome'];
  let bins: { hard: number | null; soft: number | null; description: string | null };
  let deciding: { step: string | null; code: string | null };
  let logs: string[] = [];
  try {
    const executedFlow = await executeFlow(compiled.ast, { job: env.job, enable: [...env.enables], executeTest });
    const v = unitVerdict(plan, compiled, executedFlow, finalCodes);
    outcome = v.outcome;
    bins = { hard: v.hardBin, soft: v.softBin, description: v.binDescription };
    deciding = { step: v.decidingStep, code: v.decidingCode };
    logs = v.summary.logs;
  } catch (err) {
    if (!(err instanceof UnitStop)) throw err;
    outcome = err.outcome;
    const b = err.outcome === 'ERROR' ? plan.bins.error : err.outcome === 'FAIL' ? plan.bins.fail : null;
    bins = { hard: b?.bin ?? null, soft: b?.softbin ?? null, description: b?.description ?? null };
    deciding = { step: err.outcome === 'ABORTED' ? null : FW_DISCOVERY_STEP, code: err.code };
    if (err.outcome !== 'ABORTED') {
      const d = discovery as StepResult | null; // assigned inside executeTest, which TS cannot see
      executed.push({
        step: discoveryStep(plan),
        result: { passed: false, code: err.code, message: err.message, data: {}, attempts: d?.attempts ?? 0, finalDurationMs: d?.finalDurationMs ?? 0 },
      });
    }
  }

  const endedAt = epochMs();
  const failing: FailingStep[] = executed
    .filter((x) => !x.result.passed)
    .map((x) => ({
      step_id: x.step.id,
      cmd: x.step.cmd,
      error_code: x.result.code,
      message: x.result.message,
      attempts: x.result.attempts,
      duration_ms: x.result.finalDurationMs,
    }));
  return {
    schema_version: EVENT_SCHEMA_VERSION,
    run_id: env.stamp.run_id,
    unit_exec_id: unitExecId,
    sn,
    site: env.site,
    batch_id: env.stamp.batch_id,
    station_id: env.stamp.station_id,
    stage: env.stamp.stage,
    plan_name: env.stamp.plan_name,
    plan_version: env.stamp.plan_version,
    fw_version: fw,
    outcome,
    hard_bin: bins.hard,
    soft_bin: bins.soft,
    bin_description: bins.description,
    deciding_step: deciding.step,
    deciding_code: deciding.code,
    started_at: isoMicro(startedAt),
    ended_at: isoMicro(endedAt),
    duration_ms: Math.round((endedAt - startedAt) * 1000) / 1000,
    steps_executed: executed.filter((x) => x.step.id !== FW_DISCOVERY_STEP).map((x) => x.step.id),
    failing_steps: failing,
    attempts,
    logs,
  };
}
