/**
 * The run as OpenHTF test records (the shape of OpenHTF's JSON output, `json_factory.py`): one
 * record per unit — its final execution — in a JSON array, one record per line, so the file is one
 * JSON document that also greps and diffs by unit:
 *
 *     [
 *     {"dut_id":"SN0001","station_id":"ST01","start_time_millis":…,"outcome":"PASS","phases":[…],…},
 *     {"dut_id":"SN0002",…}
 *     ]
 *
 * - record: `dut_id` = serial, `station_id`, start/end from the unit record, `outcome` PASS, FAIL,
 *   ERROR or ABORTED (OpenHTF's own outcomes), `outcome_details` one `{code, description}` per failing
 *   step (code = its final attempt's error code), `metadata` (plan, run, batch, stage, firmware,
 *   site, bins), `log_records` (every attempt, and the plan's log statements the unit reached).
 * - phase = an executed step, in the order they ran (firmware discovery included): `name` = step id,
 *   `descriptor_id` = test_num, `codeinfo.docstring` = the step's name, start/end over all its
 *   attempts, `outcome` PASS, FAIL or ERROR (an infrastructure code: the tester could not test),
 *   `result.phase_result` CONTINUE or FAIL_AND_CONTINUE, `attempts`.
 * - measurement: name = field, `outcome` PASS/FAIL (UNSET when the final attempt measured nothing),
 *   `measured_value`, `units` as OpenHTF's unit descriptor with our symbol as suffix, `validators` as
 *   OpenHTF prints them (`11.4 <= x <= 12.6`, `x == true`, `'x' matches /^1\./`).
 * Steps the unit did not execute are not phases (OpenHTF records only phases that ran).
 */
import type { Measurement, Plan } from '../../plan/index.js';
import { INFRASTRUCTURE_CODES } from '../../plan/index.js';
import type { RunInfo, UnitRecord } from '../schema.js';
import { measurementResult, unitViews, type RunData, type StepView, type UnitView } from './unit-view.js';

const LOG_INFO = 20;
const LOG_WARNING = 30;

const ms = (iso: string) => Date.parse(iso);

/** A measurement's validator, written as OpenHTF's validators print themselves. */
export function validatorText(m: Pick<Measurement, 'comparator' | 'lo' | 'hi' | 'expected'>): string {
  const json = (v: unknown) => JSON.stringify(v);
  switch (m.comparator) {
    case 'GE':
      return `x >= ${m.lo}`;
    case 'GT':
      return `x > ${m.lo}`;
    case 'LE':
      return `x <= ${m.hi}`;
    case 'LT':
      return `x < ${m.hi}`;
    case 'GELE':
      return `${m.lo} <= x <= ${m.hi}`;
    case 'GTLT':
      return `${m.lo} < x < ${m.hi}`;
    case 'EQ':
      return `x == ${json(m.expected)}`;
    case 'NE':
      return `x != ${json(m.expected)}`;
    case 'IN':
      return `x in ${json(m.expected)}`;
    case 'MATCHES':
      return `'x' matches /${String(m.expected)}/`;
  }
}

function measurements(step: StepView, plan: Pick<Plan, 'steps'>): Record<string, unknown> {
  const planStep = plan.steps.find((s) => s.id === step.stepId);
  const out: Record<string, unknown> = {};
  for (const [index, m] of (planStep?.measurements ?? []).entries()) {
    const r = measurementResult(step.final, m, index);
    out[m.field] = {
      name: m.field,
      outcome: r === undefined ? 'UNSET' : r.passed ? 'PASS' : 'FAIL',
      measured_value: r?.value ?? null,
      units: m.units === null ? null : { name: null, code: null, suffix: m.units },
      validators: [validatorText(m)],
      docstring: null,
      dimensions: null,
      marginal: false,
      set_time_millis: ms(step.final.timestamp),
    };
  }
  return out;
}

function phase(step: StepView, plan: Pick<Plan, 'steps'>) {
  const { final } = step;
  const errored = !final.passed && final.error_code !== null && INFRASTRUCTURE_CODES.includes(final.error_code);
  return {
    name: step.stepId,
    descriptor_id: final.test_num,
    codeinfo: { name: step.stepId, docstring: final.data.step_name, sourcecode: '' },
    options: { name: step.stepId, timeout_s: final.timeout_s },
    measurements: measurements(step, plan),
    attachments: {},
    start_time_millis: ms(step.attempts[0]!.started_at),
    end_time_millis: ms(final.timestamp),
    result: { phase_result: final.passed ? 'CONTINUE' : 'FAIL_AND_CONTINUE' },
    outcome: final.passed ? 'PASS' : errored ? 'ERROR' : 'FAIL',
    attempts: step.attempts.length,
    diagnosis_results: [],
    failure_diagnosis_results: [],
    subtest_name: null,
    marginal: false,
  };
}

function logRecords(view: UnitView) {
  const attempts = view.steps
    .flatMap((s) => s.attempts)
    .sort((a, b) => ms(a.timestamp) - ms(b.timestamp))
    .map((a) => ({
      level: a.passed ? LOG_INFO : LOG_WARNING,
      logger_name: 'mtap.step',
      source: a.test_step,
      lineno: 0,
      timestamp_millis: ms(a.timestamp),
      message: `${a.test_step} attempt ${a.attempt}: ${a.passed ? 'PASS' : (a.error_code ?? 'FAIL')}: ${a.message}`,
    }));
  const logs = view.unit.logs.map((message) => ({ level: LOG_INFO, logger_name: 'mtap.plan', source: 'plan', lineno: 0, timestamp_millis: ms(view.unit.ended_at), message }));
  return [...attempts, ...logs];
}

function outcomeDetails(unit: UnitRecord) {
  if (unit.outcome === 'ABORTED') return [{ code: 'ABORTED', description: 'the unit was stopped before the end of the plan' }];
  return unit.failing_steps.map((f) => ({ code: f.error_code ?? 'FAIL', description: `${f.step_id}: ${f.message}` }));
}

function metadata(unit: UnitRecord, info: RunInfo) {
  return {
    test_name: info.plan.name,
    test_version: info.plan.version,
    plan_hash: info.plan.hash,
    run_id: info.run_id,
    unit_exec_id: unit.unit_exec_id,
    batch_id: unit.batch_id,
    stage: unit.stage,
    station_name: info.station_name,
    enables: info.enables,
    fw_version: unit.fw_version,
    site: unit.site,
    hard_bin: unit.hard_bin,
    soft_bin: unit.soft_bin,
    bin_description: unit.bin_description,
    tool: 'mtap',
    tool_version: info.tool_version,
    config: {},
  };
}

export function openHtfRecord(view: UnitView, info: RunInfo, plan: Pick<Plan, 'steps'>) {
  const { unit } = view;
  return {
    dut_id: unit.sn,
    station_id: unit.station_id,
    start_time_millis: ms(unit.started_at),
    end_time_millis: ms(unit.ended_at),
    outcome: unit.outcome,
    outcome_details: outcomeDetails(unit),
    code_info: { name: info.plan.name, docstring: null, sourcecode: '' },
    metadata: metadata(unit, info),
    phases: view.steps.map((s) => phase(s, plan)),
    subtests: [],
    branches: [],
    checkpoints: [],
    diagnosers: [],
    diagnoses: [],
    log_records: logRecords(view),
    marginal: false,
  };
}

export type OpenHtfRecord = ReturnType<typeof openHtfRecord>;

export function buildOpenHtfJson(run: RunData, plan: Pick<Plan, 'steps'>): string {
  const lines = unitViews(run).map((view) => JSON.stringify(openHtfRecord(view, run.info, plan)));
  return lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
}
