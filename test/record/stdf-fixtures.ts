/**
 * Runs built by hand for the export tests, every field written out here (not taken from shared
 * helpers' defaults) so the golden files change only when the export does.
 *
 * `smallRun()`: five units that exercise every branch of the STDF mapping — a pass; a failure below
 * a limit after a retried E_BUSY, plus a failing EQ; an ERROR on a timeout; an ABORTED unit; a
 * firmware mismatch found by discovery — and a serial re-tested after an earlier aborted execution.
 * `syntheticRun(n)`: n units of the same plan, deterministic, for the 10,000-unit test and the bench.
 */
import { parsePlan, type Plan } from '../../src/plan/index.js';
import type { AttemptEvent, MeasurementResult, RunInfo, UnitRecord } from '../../src/record/index.js';

export const SMALL_PLAN_TEXT = `plan: {name: "Board FCT", version: 7}
station: {name: FCT-A, stage: DVT, fw_expected: "1.0.0"}
bins:
  pass: {bin: 1, softbin: 1, description: Good}
  fail: {bin: 2, softbin: 299, description: "Functional fail"}
  error: {bin: 9, softbin: 900, description: "Tester error"}
defaults: {retries: 1, retry_on: [E_BUSY]}
steps:
  - id: set_temp
    name: Set ambient
    cmd: SET_TEMP
    params: [25]
    test_num: 10
  - id: ping
    name: Supply voltage
    cmd: PING
    test_num: 20
    on_fail: stop
    measurements:
      - {field: vbat_v, units: V, comparator: GELE, lo: 11.4, hi: 12.6}
    bin: 3
    softbin: 31
    bin_description: "Supply out of range"
  - group: thermal
    steps:
      - id: read_temp
        name: Temperature
        cmd: READ_TEMP
        test_num: 30
        measurements:
          - {field: temp_c, units: degC, comparator: GE, lo: 10}
          - {field: vbat_v, units: V, comparator: LT, hi: 13}
  - id: self_test
    name: Self-test
    cmd: SELF_TEST
    test_num: 40
    measurements:
      - {field: self_test_ok, comparator: EQ, expected: true}
    bin: 5
    softbin: 51
    bin_description: "Self-test failed"
`;

export function smallPlan(): Plan {
  return parsePlan(SMALL_PLAN_TEXT, 'plan.yaml');
}

const RUN_ID = '20261122T080000.000Z-abc123';
const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

export function runInfo(sns: string[], overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    schema_version: 2,
    run_id: RUN_ID,
    created_at: iso(T0),
    tool_version: '0.1.0',
    plan: { file: 'examples/board.yaml', name: 'Board FCT', version: 7, hash: 'c0ffee'.repeat(10) + 'beef' },
    station_id: 'ST-07',
    station_name: 'FCT-A',
    batch_id: 'LOT-42',
    stage: 'DVT',
    sns,
    sites: 2,
    dut: ['127.0.0.1:9000'],
    enables: [],
    requirements: null,
    ...overrides,
  };
}

interface StepSpec {
  step: string;
  kind?: AttemptEvent['kind'];
  testNum?: number | null;
  /** One entry per attempt. */
  attempts: Array<{ passed: boolean; code?: string | null; message?: string; ms?: number; measurements?: MeasurementResult[] }>;
}

export function meas(field: string, value: unknown, passed: boolean, limits: Partial<MeasurementResult> = {}): MeasurementResult {
  return {
    field,
    value,
    units: null,
    comparator: 'GELE',
    lo: null,
    hi: null,
    nominal: null,
    expected: null,
    passed,
    error_code: passed ? null : 'LIMIT_FAIL',
    ...limits,
  };
}

/** A unit execution: its attempts in order, each 5 ms apart, and its unit record. */
export function execution(
  sn: string,
  exec: string,
  site: number,
  startMs: number,
  steps: StepSpec[],
  verdict: Pick<UnitRecord, 'outcome' | 'hard_bin' | 'soft_bin' | 'bin_description' | 'deciding_step' | 'deciding_code' | 'failing_steps'> & { logs?: string[] },
): { attempts: AttemptEvent[]; unit: UnitRecord } {
  const attempts: AttemptEvent[] = [];
  let t = startMs;
  for (const s of steps) {
    s.attempts.forEach((a, i) => {
      const duration = a.ms ?? 4;
      const ms = a.measurements ?? [];
      const shown = ms.find((m) => !m.passed) ?? ms[0] ?? null;
      attempts.push({
        schema_version: 2,
        timestamp: iso(t + duration),
        run_id: RUN_ID,
        batch_id: 'LOT-42',
        station_id: 'ST-07',
        stage: 'DVT',
        sn,
        fw_version: '1.0.0',
        test_step: s.step,
        command: s.step.toUpperCase(),
        attempt: i + 1,
        retry_count: i,
        retries_allowed: 1,
        timeout_s: 2,
        backoff_ms: 0,
        duration_ms: Math.floor(duration),
        passed: a.passed,
        error_code: a.passed ? null : (a.code ?? 'LIMIT_FAIL'),
        measurement: shown?.field ?? null,
        value: shown?.value ?? null,
        units: shown?.units ?? null,
        message: a.message ?? (a.passed ? 'OK' : 'failed'),
        data: { step_name: s.step, req_ids: [], will_retry: i < s.attempts.length - 1, retry_reason: i < s.attempts.length - 1 ? (a.code ?? null) : null, raw: {} },
        kind: s.kind ?? 'step',
        plan_name: 'Board FCT',
        plan_version: 7,
        site,
        unit_exec_id: exec,
        test_num: s.testNum === undefined ? null : s.testNum,
        lo: shown?.lo ?? null,
        hi: shown?.hi ?? null,
        comparator: shown?.comparator ?? null,
        bin: 2,
        softbin: 299,
        started_at: iso(t),
        duration_us: duration * 1000,
        measurements: ms,
      });
      t += duration + 1;
    });
  }
  const unit: UnitRecord = {
    schema_version: 2,
    run_id: RUN_ID,
    unit_exec_id: exec,
    sn,
    site,
    batch_id: 'LOT-42',
    station_id: 'ST-07',
    stage: 'DVT',
    plan_name: 'Board FCT',
    plan_version: 7,
    fw_version: '1.0.0',
    started_at: iso(startMs),
    ended_at: iso(t),
    duration_ms: t - startMs,
    steps_executed: [...new Set(steps.filter((s) => s.kind !== 'discovery').map((s) => s.step))],
    attempts: attempts.length,
    logs: verdict.logs ?? [],
    ...verdict,
  };
  return { attempts, unit };
}

const pass = () => ({ outcome: 'PASS' as const, hard_bin: 1, soft_bin: 1, bin_description: 'Good', deciding_step: null, deciding_code: null, failing_steps: [] });
const discovery = (passed = true): StepSpec => ({ step: 'fw_discovery', kind: 'discovery', attempts: [{ passed, message: 'OK' }] });
const setTemp: StepSpec = { step: 'set_temp', testNum: 10, attempts: [{ passed: true }] };
const vbat = (v: number, passed = true) => meas('vbat_v', v, passed, { units: 'V', lo: 11.4, hi: 12.6 });
const temp = (v: number, passed = true) => meas('temp_c', v, passed, { units: 'degC', comparator: 'GE', lo: 10 });
const vbatLt = (v: number, passed = true) => meas('vbat_v', v, passed, { units: 'V', comparator: 'LT', hi: 13 });
const selfTest = (ok: boolean) => meas('self_test_ok', ok, ok, { comparator: 'EQ', expected: true });

export interface HandRun {
  info: RunInfo;
  units: UnitRecord[];
  attempts: AttemptEvent[];
}

export function smallRun(): HandRun {
  const sns = ['SN0001', 'SN0002', 'SN0003', 'SN0004', 'SN0005'];
  // SN0001 was first tested in an execution that was aborted; the run was resumed and re-tested it.
  const superseded = execution('SN0001', 'e0-0001', 0, T0 + 10, [discovery(), setTemp], {
    outcome: 'ABORTED', hard_bin: null, soft_bin: null, bin_description: null, deciding_step: null, deciding_code: null, failing_steps: [],
  });
  const u1 = execution(
    'SN0001',
    'e1-0001',
    0,
    T0 + 1000,
    [
      discovery(),
      setTemp,
      { step: 'ping', testNum: 20, attempts: [{ passed: true, measurements: [vbat(12.0005)] }] },
      { step: 'read_temp', testNum: 30, attempts: [{ passed: true, ms: 12.5, measurements: [temp(25.125), vbatLt(12.02)] }] },
      { step: 'self_test', testNum: 40, attempts: [{ passed: true, measurements: [selfTest(true)] }] },
    ],
    { ...pass(), logs: ['unit complete'] },
  );
  const u2 = execution(
    'SN0002',
    'e1-0002',
    1,
    T0 + 1001,
    [
      discovery(),
      setTemp,
      { step: 'ping', testNum: 20, attempts: [{ passed: true, measurements: [vbat(11.9)] }] },
      {
        step: 'read_temp',
        testNum: 30,
        attempts: [
          { passed: false, code: 'E_BUSY', message: 'Rate-limited' },
          { passed: false, code: 'LIMIT_FAIL', message: 'temp_c = 8.5 degC outside GE [10, ]', measurements: [temp(8.5, false), vbatLt(12.5)] },
        ],
      },
      { step: 'self_test', testNum: 40, attempts: [{ passed: false, code: 'LIMIT_FAIL', message: 'self_test_ok = false outside EQ true', measurements: [selfTest(false)] }] },
    ],
    {
      outcome: 'FAIL', hard_bin: 2, soft_bin: 299, bin_description: 'Functional fail', deciding_step: 'read_temp', deciding_code: 'LIMIT_FAIL',
      failing_steps: [
        { step_id: 'read_temp', cmd: 'READ_TEMP', error_code: 'LIMIT_FAIL', message: 'temp_c = 8.5 degC outside GE [10, ]', attempts: 2, duration_ms: 4 },
        { step_id: 'self_test', cmd: 'SELF_TEST', error_code: 'LIMIT_FAIL', message: 'self_test_ok = false outside EQ true', attempts: 1, duration_ms: 4 },
      ],
    },
  );
  const u3 = execution(
    'SN0003',
    'e1-0003',
    0,
    T0 + 2000,
    [
      discovery(),
      setTemp,
      { step: 'ping', testNum: 20, attempts: [{ passed: false, code: 'E_TIMEOUT', message: 'no reply within 2000 ms', ms: 2000 }] },
    ],
    {
      outcome: 'ERROR', hard_bin: 9, soft_bin: 900, bin_description: 'Tester error', deciding_step: 'ping', deciding_code: 'E_TIMEOUT',
      failing_steps: [{ step_id: 'ping', cmd: 'PING', error_code: 'E_TIMEOUT', message: 'no reply within 2000 ms', attempts: 1, duration_ms: 2000 }],
    },
  );
  const u4 = execution('SN0004', 'e1-0004', 1, T0 + 2001, [discovery(), setTemp, { step: 'ping', testNum: 20, attempts: [{ passed: true, measurements: [vbat(12.6)] }] }], {
    outcome: 'ABORTED', hard_bin: null, soft_bin: null, bin_description: null, deciding_step: null, deciding_code: null, failing_steps: [],
  });
  // Discovery got a reply (the attempt passed) but the firmware was wrong: the unit record says so.
  const u5 = execution('SN0005', 'e1-0005', 0, T0 + 4100, [discovery()], {
    outcome: 'FAIL', hard_bin: 2, soft_bin: 299, bin_description: 'Functional fail', deciding_step: 'fw_discovery', deciding_code: 'E_FW_MISMATCH',
    failing_steps: [{ step_id: 'fw_discovery', cmd: 'PING', error_code: 'E_FW_MISMATCH', message: 'the DUT reports firmware "0.9.0"; the plan expects "1.0.0"', attempts: 1, duration_ms: 4 }],
  });
  const all = [superseded, u1, u2, u3, u4, u5];
  return {
    info: runInfo(sns),
    units: [u1, u2, u3, u4, u5].map((e) => e.unit),
    attempts: all.flatMap((e) => e.attempts).sort((a, b) => a.timestamp.localeCompare(b.timestamp)),
  };
}

/** A deterministic pseudo-random sequence in [0, 1) (an LCG: enough for spread-out test data). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `n` units of `smallPlan()`, sites 0..15: about 90% pass; failures spread over a low temperature
 * (bin 2), a failed self-test (bin 5) and a supply out of range (bin 3, stops the unit).
 */
export function syntheticRun(n: number, seed = 1): HandRun {
  const rnd = lcg(seed);
  const units: UnitRecord[] = [];
  const attempts: AttemptEvent[] = [];
  const sns: string[] = [];
  for (let i = 0; i < n; i++) {
    const sn = `SN${String(i + 1).padStart(6, '0')}`;
    sns.push(sn);
    const r = rnd();
    const v = r < 0.03 ? 12.9 : 11.8 + 0.4 * rnd();
    const steps: StepSpec[] = [discovery(), setTemp, { step: 'ping', testNum: 20, attempts: [{ passed: v <= 12.6, code: 'LIMIT_FAIL', measurements: [vbat(v, v <= 12.6)] }] }];
    let verdict: Parameters<typeof execution>[5] = pass();
    if (v > 12.6) {
      verdict = { outcome: 'FAIL', hard_bin: 3, soft_bin: 31, bin_description: 'Supply out of range', deciding_step: 'ping', deciding_code: 'LIMIT_FAIL', failing_steps: [] };
    } else {
      const t = r > 0.96 ? 8 + rnd() : 20 + 10 * rnd();
      const ok = !(r > 0.93 && r <= 0.96);
      steps.push({ step: 'read_temp', testNum: 30, attempts: [{ passed: t >= 10, measurements: [temp(t, t >= 10), vbatLt(v)] }] });
      steps.push({ step: 'self_test', testNum: 40, attempts: [{ passed: ok, measurements: [selfTest(ok)] }] });
      if (t < 10) verdict = { outcome: 'FAIL', hard_bin: 2, soft_bin: 299, bin_description: 'Functional fail', deciding_step: 'read_temp', deciding_code: 'LIMIT_FAIL', failing_steps: [] };
      else if (!ok) verdict = { outcome: 'FAIL', hard_bin: 5, soft_bin: 51, bin_description: 'Self-test failed', deciding_step: 'self_test', deciding_code: 'LIMIT_FAIL', failing_steps: [] };
    }
    const e = execution(sn, `x-${i}`, i % 16, T0 + i * 10, steps, verdict);
    units.push(e.unit);
    for (const a of e.attempts) attempts.push(a);
  }
  return { info: runInfo(sns, { sites: 16 }), units, attempts };
}
