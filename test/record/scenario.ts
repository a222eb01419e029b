/**
 * A small finished run, built by hand, for the end-of-run artifact tests:
 *
 * | serial | final execution                                          | outcome |
 * |--------|----------------------------------------------------------|---------|
 * | SN0001 | discovery, ping, read_temp, self_test: all first time     | PASS    |
 * | SN0002 | ping E_BUSY then passes on retry; the rest pass           | PASS    |
 * | SN0003 | read_temp LIMIT_FAIL twice; self_test passes (an earlier, | FAIL    |
 * |        | ABORTED execution of SN0003 was superseded)               |         |
 * | SN0004 | ping E_TIMEOUT                                            | ERROR   |
 * | SN0005 | ping, then the run was stopped                            | ABORTED |
 * | SN0006 | never started                                             | —       |
 *
 * The plan has a fourth step, `mp_only`, that no unit executes.
 */
import type { PlanStep } from '../../src/plan/index.js';
import type { AttemptEvent, RunResults, UnitRecord } from '../../src/record/index.js';
import { makeAttempt, makeInfo, makeMeasurement, makeStep, makeUnit } from './helpers.js';

export const steps: PlanStep[] = [
  makeStep('ping', { cmd: 'PING', reqIds: ['REQ-001'] }),
  makeStep('read_temp', { cmd: 'READ_TEMP', reqIds: ['REQ-002', 'REQ-003'], groups: ['thermal'] }),
  makeStep('self_test', { cmd: 'SELF_TEST', reqIds: ['REQ-004', 'REQ-002'], groups: ['thermal', 'bist'] }),
  makeStep('mp_only', { cmd: 'BURN_IN', reqIds: ['REQ-005'] }),
];
export const plan = { name: 'board', steps };

const cmdOf = (id: string) => steps.find((s) => s.id === id)?.cmd ?? 'PING';

function attempt(sn: string, exec: string, step: string, n: number, overrides: Partial<AttemptEvent> = {}): AttemptEvent {
  const passed = overrides.passed ?? true;
  return makeAttempt({
    sn,
    unit_exec_id: exec,
    test_step: step,
    command: cmdOf(step),
    attempt: n,
    retry_count: n - 1,
    duration_us: 1000 * n + 250,
    data: { step_name: step, req_ids: steps.find((s) => s.id === step)?.reqIds ?? [], will_retry: false, retry_reason: null, raw: { ok: true, data: { sn, temp_c: 24.5 } } },
    measurements: [makeMeasurement({ passed })],
    ...overrides,
  });
}

const passes = (sn: string, exec: string, ids: string[]) => ids.map((id) => attempt(sn, exec, id, 1));

export const attempts: AttemptEvent[] = [
  attempt('SN0001', 'SN0001#1', 'fw_discovery', 1, { kind: 'discovery', command: 'PING', measurements: [] }),
  ...passes('SN0001', 'SN0001#1', ['ping', 'read_temp', 'self_test']),
  attempt('SN0002', 'SN0002#1', 'ping', 1, {
    passed: false,
    error_code: 'E_BUSY',
    message: 'device busy',
    data: { step_name: 'ping', req_ids: ['REQ-001'], will_retry: true, retry_reason: 'E_BUSY', raw: { ok: false, error_code: 'E_BUSY', data: {} } },
  }),
  ...passes('SN0002', 'SN0002#1', ['ping']).map((a) => ({ ...a, attempt: 2, retry_count: 1 })),
  ...passes('SN0002', 'SN0002#1', ['read_temp', 'self_test']),
  // SN0003's first execution: aborted, then re-tested.
  ...passes('SN0003', 'SN0003#1', ['ping']),
  ...passes('SN0003', 'SN0003#2', ['ping']),
  ...[1, 2].map((n) =>
    attempt('SN0003', 'SN0003#2', 'read_temp', n, {
      passed: false,
      error_code: 'LIMIT_FAIL',
      message: 'OK',
      value: 35.2,
      data: { step_name: 'read_temp', req_ids: ['REQ-002', 'REQ-003'], will_retry: n === 1, retry_reason: null, raw: { ok: true, data: { sn: 'SN0003', temp_c: 35.2 } } },
      measurements: [makeMeasurement({ value: 35.2, passed: false, error_code: 'LIMIT_FAIL' })],
    }),
  ),
  ...passes('SN0003', 'SN0003#2', ['self_test']),
  attempt('SN0004', 'SN0004#1', 'ping', 1, {
    passed: false,
    error_code: 'E_TIMEOUT',
    message: 'no reply in 2 s <&> "quoted" \u0001 \'single\'\nsecond line',
    data: { step_name: 'ping', req_ids: ['REQ-001'], will_retry: false, retry_reason: null, raw: {} },
    measurements: [],
  }),
  ...passes('SN0005', 'SN0005#1', ['ping']),
];

const unit = (sn: string, exec: string, overrides: Partial<UnitRecord>) => makeUnit({ sn, unit_exec_id: exec, ...overrides });

/** Each serial's final record (SN0003#1, ABORTED, was superseded by SN0003#2). */
export const units: UnitRecord[] = [
  unit('SN0001', 'SN0001#1', { steps_executed: ['ping', 'read_temp', 'self_test'], attempts: 4, duration_ms: 40 }),
  unit('SN0002', 'SN0002#1', { steps_executed: ['ping', 'read_temp', 'self_test'], attempts: 4, duration_ms: 250, fw_version: '1.0.1' }),
  unit('SN0003', 'SN0003#2', {
    outcome: 'FAIL',
    hard_bin: 4,
    soft_bin: 401,
    bin_description: 'over temperature',
    deciding_step: 'read_temp',
    deciding_code: 'LIMIT_FAIL',
    steps_executed: ['ping', 'read_temp', 'self_test'],
    failing_steps: [{ step_id: 'read_temp', cmd: 'READ_TEMP', error_code: 'LIMIT_FAIL', message: 'OK', attempts: 2, duration_ms: 2 }],
    attempts: 4,
  }),
  unit('SN0004', 'SN0004#1', {
    outcome: 'ERROR',
    hard_bin: 3,
    soft_bin: 3,
    bin_description: 'ERROR',
    deciding_step: 'ping',
    deciding_code: 'E_TIMEOUT',
    steps_executed: ['ping'],
    failing_steps: [{ step_id: 'ping', cmd: 'PING', error_code: 'E_TIMEOUT', message: 'no reply in 2 s', attempts: 1, duration_ms: 2000 }],
    attempts: 1,
  }),
  unit('SN0005', 'SN0005#1', { outcome: 'ABORTED', hard_bin: null, soft_bin: null, bin_description: null, steps_executed: ['ping'], attempts: 1 }),
];

export const results: RunResults = {
  info: makeInfo({ sns: ['SN0001', 'SN0002', 'SN0003', 'SN0004', 'SN0005', 'SN0006'] }),
  units,
  attempts,
  endedAt: '2026-11-22T02:49:10.000Z',
};
