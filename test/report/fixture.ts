/**
 * A run directory built by hand for the report tests, with data meant to break a careless page:
 * a serial that is markup (`<script>…</script>`: serials are any printable ASCII without spaces), a
 * DUT message that is markup with quotes and ampersands, a formula-like serial, a retried attempt, an
 * ERROR, an ABORTED unit and a requirements file (one requirement no step maps).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attemptLine, RUN_FILES, unitLine, type AttemptEvent, type UnitRecord } from '../../src/record/index.js';
import { execution, meas, runInfo } from '../record/stdf-fixtures.js';

export const MARKUP_SN = '<script>alert(1)</script>';
export const FORMULA_SN = '=HYPERLINK("http://evil.example","x")';
export const MARKUP_MESSAGE = '<script>alert("msg")</script> & <img src=x onerror=alert(2)> "quoted"';

export const PLAN_TEXT = `plan: {name: "Board <FCT>", version: 7}
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
    req_ids: [REQ-001]
  - id: ping
    name: Supply voltage
    cmd: PING
    test_num: 20
    on_fail: stop
    req_ids: [REQ-002]
    measurements:
      - {field: vbat_v, units: V, comparator: GELE, lo: 11.4, hi: 12.6}
  - group: thermal
    steps:
      - id: read_temp
        name: Temperature
        cmd: READ_TEMP
        test_num: 30
        req_ids: [REQ-003]
        measurements:
          - {field: temp_c, units: degC, comparator: GE, lo: 10}
  - id: self_test
    name: Self-test
    cmd: SELF_TEST
    test_num: 40
    req_ids: [REQ-004]
    measurements:
      - {field: self_test_ok, comparator: EQ, expected: true}
`;

export const REQUIREMENTS_TEXT = `requirements:
  REQ-001: {title: "Ambient can be set"}
  REQ-002: {title: "Supply within 11.4–12.6 V <nominal 12 V>"}
  REQ-003: {title: "Temperature reported"}
  REQ-004: {title: "Self-test passes"}
  REQ-009: {title: "=cmd|' /C calc'!A0 burn-in (no step maps it)"}
`;

const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const disc = { step: 'fw_discovery', kind: 'discovery' as const, attempts: [{ passed: true, message: 'OK' }] };
const setTemp = { step: 'set_temp', testNum: 10, attempts: [{ passed: true }] };
const vbat = (v: number, passed = true) => meas('vbat_v', v, passed, { units: 'V', lo: 11.4, hi: 12.6 });
const temp = (v: number, passed = true) => meas('temp_c', v, passed, { units: 'degC', comparator: 'GE', lo: 10 });
const pass = { outcome: 'PASS' as const, hard_bin: 1, soft_bin: 1, bin_description: 'Good', deciding_step: null, deciding_code: null, failing_steps: [] };

function passing(sn: string, i: number, v: number, t: number) {
  return execution(sn, `e-${i}`, i % 2, T0 + i * 100, [
    disc,
    setTemp,
    { step: 'ping', testNum: 20, attempts: [{ passed: true, measurements: [vbat(v)] }] },
    { step: 'read_temp', testNum: 30, attempts: [{ passed: true, measurements: [temp(t)] }] },
    { step: 'self_test', testNum: 40, attempts: [{ passed: true, measurements: [meas('self_test_ok', true, true, { comparator: 'EQ', expected: true })] }] },
  ], pass);
}

export interface FixtureRun {
  sns: string[];
  units: UnitRecord[];
  attempts: AttemptEvent[];
}

export function fixtureRun(extraPassing = 8): FixtureRun {
  const execs = [];
  for (let i = 0; i < extraPassing; i++) execs.push(passing(`SN${String(i + 1).padStart(4, '0')}`, i, 11.9 + (i % 5) * 0.05, 22 + (i % 7)));
  // Fails read_temp after a retried E_BUSY; the final message is the DUT's markup.
  execs.push(
    execution(MARKUP_SN, 'e-markup', 0, T0 + 5000, [
      disc,
      setTemp,
      { step: 'ping', testNum: 20, attempts: [{ passed: true, measurements: [vbat(12.1)] }] },
      {
        step: 'read_temp',
        testNum: 30,
        attempts: [
          { passed: false, code: 'E_BUSY', message: 'Rate-limited' },
          { passed: false, code: 'LIMIT_FAIL', message: MARKUP_MESSAGE, measurements: [temp(8.5, false)] },
        ],
      },
      { step: 'self_test', testNum: 40, attempts: [{ passed: true, measurements: [meas('self_test_ok', true, true, { comparator: 'EQ', expected: true })] }] },
    ], {
      outcome: 'FAIL', hard_bin: 2, soft_bin: 299, bin_description: 'Functional fail', deciding_step: 'read_temp', deciding_code: 'LIMIT_FAIL',
      failing_steps: [{ step_id: 'read_temp', cmd: 'READ_TEMP', error_code: 'LIMIT_FAIL', message: MARKUP_MESSAGE, attempts: 2, duration_ms: 4 }],
    }),
  );
  execs.push(passing(FORMULA_SN, 40, 12.0, 25));
  execs.push(
    execution('SN-ERR', 'e-err', 1, T0 + 6000, [disc, setTemp, { step: 'ping', testNum: 20, attempts: [{ passed: false, code: 'E_TIMEOUT', message: 'no reply within 2000 ms', ms: 2000 }] }], {
      outcome: 'ERROR', hard_bin: 9, soft_bin: 900, bin_description: 'Tester error', deciding_step: 'ping', deciding_code: 'E_TIMEOUT',
      failing_steps: [{ step_id: 'ping', cmd: 'PING', error_code: 'E_TIMEOUT', message: 'no reply within 2000 ms', attempts: 1, duration_ms: 2000 }],
    }),
  );
  execs.push(
    execution('SN-ABORT', 'e-abort', 0, T0 + 7000, [disc, setTemp], { outcome: 'ABORTED', hard_bin: null, soft_bin: null, bin_description: null, deciding_step: null, deciding_code: null, failing_steps: [] }),
  );
  return {
    sns: execs.map((e) => e.unit.sn),
    units: execs.map((e) => e.unit),
    attempts: execs.flatMap((e) => e.attempts),
  };
}

/**
 * Write the run as mtap batch leaves it (without the end-of-run artifacts, which the report does not
 * read) and its requirements file, under a fresh root; returns the run directory.
 */
export function writeFixtureRun(run: FixtureRun = fixtureRun(), root = mkdtempSync(join(tmpdir(), 'mtap-report-'))): string {
  const dir = join(root, 'run');
  const reqFile = join(root, 'req.yaml');
  writeFileSync(reqFile, REQUIREMENTS_TEXT);
  mkdirSync(dir, { recursive: true });
  const plan = { file: 'plans/board.yaml', name: 'Board <FCT>', version: 7, hash: 'ab'.repeat(32) };
  writeFileSync(join(dir, RUN_FILES.runInfo), JSON.stringify(runInfo(run.sns, { requirements: reqFile, plan }), null, 2));
  writeFileSync(join(dir, RUN_FILES.plan), PLAN_TEXT);
  writeFileSync(join(dir, RUN_FILES.events), run.attempts.map(attemptLine).join(''));
  writeFileSync(join(dir, RUN_FILES.units), run.units.map(unitLine).join(''));
  return dir;
}

/**
 * The largest report a run of `n` units can make: every unit fails (so every unit is listed), each
 * after a retried attempt, with long DUT messages — the tables at their caps.
 */
export function worstCaseRun(n: number): FixtureRun {
  const long = (k: number, what: string) => `${what} ${'x'.repeat(k)} <&> "detail"`;
  const execs = Array.from({ length: n }, (_, i) =>
    execution(`WC${String(i + 1).padStart(6, '0')}`, `wc-${i}`, i % 16, T0 + i * 10, [
      disc,
      setTemp,
      {
        step: 'ping',
        testNum: 20,
        attempts: [
          { passed: false, code: 'E_BUSY', message: long(200, 'busy') },
          { passed: false, code: 'LIMIT_FAIL', message: long(400, 'vbat_v out of range'), measurements: [vbat(13 + (i % 50) / 100, false)] },
        ],
      },
    ], {
      outcome: 'FAIL', hard_bin: 2, soft_bin: 299, bin_description: 'Functional fail', deciding_step: 'ping', deciding_code: 'LIMIT_FAIL',
      failing_steps: [{ step_id: 'ping', cmd: 'PING', error_code: 'LIMIT_FAIL', message: long(400, 'vbat_v out of range'), attempts: 2, duration_ms: 4 }],
    }),
  );
  return { sns: execs.map((e) => e.unit.sn), units: execs.map((e) => e.unit), attempts: execs.flatMap((e) => e.attempts) };
}
