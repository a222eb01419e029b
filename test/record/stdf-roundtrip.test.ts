/**
 * A real batch (the in-process simulator, a run directory on disk) exported to STDF, read back with
 * our reader, and every field checked against the run's records. The expectations are worked out
 * here from the records directly, not with the exporter's helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Script, startDut } from '../../src/dut/index.js';
import { startRun } from '../../src/exec/index.js';
import { parsePlan, type Plan } from '../../src/plan/index.js';
import { loadExportInput, readStdf, runToStdf, type AttemptEvent, type ExportInput, type RecordOf, type StdfRecord, type UnitRecord } from '../../src/record/index.js';

const PLAN = `plan: {name: "Round trip", version: "2.1"}
station: {name: RT-ST, stage: DVT, fw_expected: "1.0.0"}
bins:
  pass: {bin: 1, softbin: 1, description: Good}
  fail: {bin: 2, softbin: 200, description: Fail}
  error: {bin: 9, softbin: 900, description: "Tester error"}
defaults: {retries: 1, backoff_ms: 0, retry_on: [E_INTERNAL]}
steps:
  - {id: set_temp, name: Set ambient, cmd: SET_TEMP, params: [25.0], test_num: 5}
  - id: ping
    name: Supply
    cmd: PING
    test_num: 10
    measurements:
      - {field: vbat_v, units: V, comparator: GELE, lo: 11.0, hi: 13.0}
  - group: thermal
    steps:
      - id: read_temp
        name: Temperature
        cmd: READ_TEMP
        test_num: 20
        timeout_s: 0.3
        measurements:
          - {field: temp_c, units: degC, comparator: GTLT, lo: 10, hi: 40}
          - {field: vbat_v, units: V, comparator: LE, hi: 12.5}
          - {field: cycles, comparator: GE, lo: 0}
  - id: self_test
    name: Self-test
    cmd: SELF_TEST
    test_num: 30
    measurements:
      - {field: self_test_ok, comparator: EQ, expected: true}
    bin: 5
    softbin: 501
    bin_description: "Self-test failed"
`;

const SNS = Array.from({ length: 14 }, (_, i) => `RT${String(i + 1).padStart(2, '0')}`);
const script = new Script([
  { sn: 'RT02', cmd: 'READ_TEMP', data: { temp_c: 55.5 } }, // above the high limit
  { sn: 'RT03', cmd: 'SELF_TEST', data: { self_test_ok: false } }, // a failing pass/fail test
  { sn: 'RT04', cmd: 'READ_TEMP', attempt: 1, error: 'E_INTERNAL' }, // retried, then passes
  { sn: 'RT05', cmd: 'PING', attempt: 2, error: 'E_BUSY', message: 'busy' }, // discovery answers, the ping step does not
  { sn: 'RT06', cmd: 'READ_TEMP', delay_ms: 700 }, // E_TIMEOUT: ERROR
  { sn: 'RT07', cmd: 'PING', data: { fw: '0.9.0' } }, // firmware mismatch found by discovery
  { sn: 'RT08', cmd: 'READ_TEMP', data: { temp_c: 'hot' } }, // E_MEAS_TYPE: no valid result
  { sn: 'RT09', cmd: 'READ_TEMP', data: { temp_c: null } }, // E_MEAS_MISSING
  { sn: 'RT10', cmd: 'READ_TEMP', data: { vbat_v: 12.5 } }, // on an inclusive limit: passes
  { sn: 'RT11', cmd: 'READ_TEMP', data: { temp_c: 10 } }, // on an exclusive limit: fails low
  { sn: 'RT12', cmd: 'READ_TEMP', data: { temp_c: 123456.789 } }, // float32 loses digits
]);

let input: ExportInput;
let records: StdfRecord[];
let root: string;

beforeAll(async () => {
  const dut = await startDut({ port: 0, profile: 'clean', seed: 3, env: {}, script });
  root = mkdtempSync(join(tmpdir(), 'mtap-stdf-'));
  try {
    const run = await startRun({
      plan: parsePlan(PLAN, 'plan.yaml'),
      runsRoot: root,
      batchId: 'LOT-RT',
      stationId: 'RT-ST-1',
      stage: 'DVT',
      enables: [],
      sns: SNS,
      sites: 3,
      duts: [{ host: '127.0.0.1', port: dut.port }],
      requirements: null,
      signal: new AbortController().signal,
    });
    input = await loadExportInput(run.dir);
  } finally {
    await dut.close();
  }
  const file = readStdf(runToStdf(input.run, input.plan, { utcOffsetMinutes: 0 }));
  expect(file.skipped).toEqual([]);
  records = file.records;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const f32 = Math.fround;
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const only = <R extends StdfRecord['rec']>(rec: R) => records.filter((r): r is RecordOf<R> => r.rec === rec);
const LIMIT = new Set(['GE', 'GT', 'LE', 'LT', 'GELE', 'GTLT']);
const INFRA_TIMEOUT = 'E_TIMEOUT';

/** What STDF must say about one unit, worked out from its records. */
interface Expected {
  rec: 'PTR' | 'FTR';
  testNum: number;
  failed: boolean;
  result?: number | null;
  text?: string;
  parm?: number;
  timeout: boolean;
}

function expectedTests(unit: UnitRecord, attempts: readonly AttemptEvent[], plan: Plan): Expected[] {
  const mine = attempts.filter((a) => a.unit_exec_id === unit.unit_exec_id);
  const stepIds = [...new Set(mine.map((a) => a.test_step))];
  return stepIds.flatMap((id): Expected[] => {
    const tries = mine.filter((a) => a.test_step === id);
    const final = tries.reduce((a, b) => (b.attempt >= a.attempt ? b : a));
    const timeout = final.error_code === INFRA_TIMEOUT;
    if (final.kind === 'discovery') {
      const failing = unit.failing_steps.some((f) => f.step_id === 'fw_discovery');
      return [{ rec: 'FTR', testNum: 4294967295, failed: !final.passed || failing, timeout }];
    }
    const step = plan.steps.find((s) => s.id === id)!;
    if (step.measurements.length === 0) return [{ rec: 'FTR', testNum: step.testNum * 100, failed: !final.passed, timeout }];
    return step.measurements.map((m, i): Expected => {
      const r = final.measurements.find((x) => x.field === m.field);
      const num = r && typeof r.value === 'number' ? r.value : null;
      const failed = !(r?.passed ?? false);
      if (!LIMIT.has(m.comparator)) return { rec: 'FTR', testNum: step.testNum * 100 + i, failed, timeout, text: r ? String(r.value) : undefined };
      let parm = (m.comparator === 'GELE' || m.comparator === 'GE' ? 0x40 : 0) | (m.comparator === 'GELE' || m.comparator === 'LE' ? 0x80 : 0);
      if (failed && num !== null) {
        if (m.hi !== null && (m.comparator === 'LT' || m.comparator === 'GTLT' ? num >= m.hi : num > m.hi)) parm |= 0x08;
        if (m.lo !== null && (m.comparator === 'GT' || m.comparator === 'GTLT' ? num <= m.lo : num < m.lo)) parm |= 0x10;
      }
      return { rec: 'PTR', testNum: step.testNum * 100 + i, failed, timeout, result: num, parm };
    });
  });
}

describe('STDF of a real batch, read back', () => {
  it('the run exercised what it should (guards the test itself)', () => {
    const outcomes = Object.fromEntries(input.run.units.map((u) => [u.sn, u.outcome]));
    expect(outcomes).toMatchObject({ RT01: 'PASS', RT02: 'FAIL', RT03: 'FAIL', RT04: 'PASS', RT05: 'FAIL', RT06: 'ERROR', RT07: 'FAIL', RT10: 'PASS', RT11: 'FAIL' });
    expect(input.run.attempts.some((a) => a.kind === 'discovery')).toBe(true);
  });

  it('starts FAR, MIR and ends PCR, MRR; one PIR/PRR pair per unit around its tests', () => {
    expect(records[0]).toEqual({ rec: 'FAR', fields: { CPU_TYPE: 2, STDF_VER: 4 } });
    expect(records[1]!.rec).toBe('MIR');
    expect(records.at(-1)!.rec).toBe('MRR');
    expect(records.at(-2)!.rec).toBe('PCR');
    const parts = records.filter((r) => r.rec === 'PIR' || r.rec === 'PRR').map((r) => r.rec);
    expect(parts).toEqual(SNS.flatMap(() => ['PIR', 'PRR']));
  });

  it('MIR and MRR carry the run: batch, plan, station, stage, tool, times', () => {
    const { info } = input.run;
    expect(only('MIR')[0]!.fields).toMatchObject({
      SETUP_T: seconds(info.created_at),
      START_T: seconds(info.created_at),
      LOT_ID: 'LOT-RT',
      PART_TYP: 'Round trip',
      NODE_NAM: 'RT-ST-1',
      TSTR_TYP: 'RT-ST',
      JOB_NAM: 'Round trip',
      JOB_REV: '2.1',
      EXEC_TYP: 'mtap',
      EXEC_VER: info.tool_version,
      TEST_COD: 'DVT',
      USER_TXT: info.run_id,
      SPEC_NAM: 'Round trip',
      SPEC_VER: '2.1',
      FLOW_ID: 'DVT',
      SETUP_ID: info.plan.hash,
    });
    const lastEnd = Math.max(...input.run.units.map((u) => Date.parse(u.ended_at)));
    expect(only('MRR')[0]!.fields.FINISH_T).toBe(Math.floor(lastEnd / 1000));
  });

  it('every part: PRR fields, and each PTR/FTR value, flag and limit from the final attempt', () => {
    const { units, attempts } = input.run;
    const limitsSeen = new Set<number>();
    let i = 2;
    for (const unit of units) {
      expect(records[i++]).toEqual({ rec: 'PIR', fields: { HEAD_NUM: 1, SITE_NUM: unit.site } });
      const expected = expectedTests(unit, attempts, input.plan);
      for (const e of expected) {
        const r = records[i++]!;
        const where = `${unit.sn} test ${e.testNum}`;
        expect(r.rec, where).toBe(e.rec);
        const f = r.fields as Record<string, unknown>;
        expect([f.TEST_NUM, f.HEAD_NUM, f.SITE_NUM], where).toEqual([e.testNum, 1, unit.site]);
        const testFlg = f.TEST_FLG as number;
        expect(Boolean(testFlg & 0x80), where).toBe(e.failed);
        expect(Boolean(testFlg & 0x08), where).toBe(e.failed && e.timeout);
        if (e.rec === 'PTR') {
          expect(Boolean(testFlg & 0x02), `${where} invalid`).toBe(e.result === null);
          if (e.result !== null) expect(f.RESULT, where).toBe(f32(e.result!));
          expect(f.PARM_FLG, where).toBe(e.parm);
          const m = input.plan.steps.find((s) => s.testNum === Math.floor(e.testNum / 100))!.measurements[e.testNum % 100]!;
          if (!limitsSeen.has(e.testNum)) {
            limitsSeen.add(e.testNum);
            expect(f.UNITS, where).toBe(m.units ?? '');
            expect(f.LO_LIMIT, where).toBe(m.lo === null ? 0 : f32(m.lo));
            expect(f.HI_LIMIT, where).toBe(m.hi === null ? 0 : f32(m.hi));
            expect(f.OPT_FLAG, where).toBe(0x0e | (m.lo === null ? 0x40 : 0) | (m.hi === null ? 0x80 : 0));
          } else {
            expect(f.OPT_FLAG, `${where}: limits only on the first PTR`).toBeUndefined();
            expect(f.LO_LIMIT).toBeUndefined();
          }
        } else if (e.text !== undefined) {
          expect(f.RSLT_TXT, where).toBe(e.text);
        }
      }
      const prr = records[i++]!;
      expect(prr).toEqual({
        rec: 'PRR',
        fields: {
          HEAD_NUM: 1,
          SITE_NUM: unit.site,
          PART_FLG: unit.outcome === 'PASS' ? 0 : 0x08,
          NUM_TEST: expected.length,
          HARD_BIN: unit.hard_bin,
          SOFT_BIN: unit.soft_bin,
          X_COORD: -32768,
          Y_COORD: -32768,
          TEST_T: Math.round(unit.duration_ms),
          PART_ID: unit.sn,
          PART_TXT: unit.outcome === 'PASS' ? 'PASS' : `${unit.outcome} ${unit.deciding_step} ${unit.deciding_code}`,
        },
      });
    }
    expect(records[i]!.rec).toBe('TSR');
  });

  it('TSR: one per plan test (discovery first), executions, failures, min/max/sums of the results', () => {
    const { units, attempts } = input.run;
    const all = units.flatMap((u) => expectedTests(u, attempts, input.plan));
    const planTests = input.plan.steps.flatMap((s) => (s.measurements.length === 0 ? [s.testNum * 100] : s.measurements.map((_, i) => s.testNum * 100 + i)));
    const tsrs = only('TSR');
    expect(tsrs.map((t) => t.fields.TEST_NUM)).toEqual([4294967295, ...planTests]);
    for (const t of tsrs) {
      const mine = all.filter((e) => e.testNum === t.fields.TEST_NUM);
      const values = mine.flatMap((e) => (typeof e.result === 'number' ? [e.result] : []));
      expect(t.fields, String(t.fields.TEST_NUM)).toMatchObject({ HEAD_NUM: 255, EXEC_CNT: mine.length, FAIL_CNT: mine.filter((e) => e.failed).length, ALRM_CNT: 0 });
      expect(t.fields.TEST_TYP).toBe(mine[0]?.rec === 'PTR' ? 'P' : 'F');
      if (values.length > 0) {
        expect(t.fields.TEST_MIN).toBe(f32(Math.min(...values)));
        expect(t.fields.TEST_MAX).toBe(f32(Math.max(...values)));
        expect(t.fields.TST_SUMS).toBeCloseTo(values.reduce((a, b) => a + b, 0), 0);
        expect(t.fields.OPT_FLAG! & 0x33).toBe(0);
      } else {
        expect(t.fields.OPT_FLAG! & 0x33).toBe(0x33);
      }
    }
    expect(tsrs.find((t) => t.fields.TEST_NUM === 2000)!.fields).toMatchObject({ TEST_NAM: 'read_temp.temp_c', TEST_LBL: 'Temperature', SEQ_NAME: 'thermal' });
  });

  it('HBR/SBR count the units per bin; PCR counts parts, good, aborted, retested', () => {
    const { units } = input.run;
    const countBy = (key: (u: UnitRecord) => number | null) => {
      const m = new Map<number, number>();
      for (const u of units) if (key(u) !== null) m.set(key(u)!, (m.get(key(u)!) ?? 0) + 1);
      return m;
    };
    const hard = countBy((u) => u.hard_bin);
    const soft = countBy((u) => u.soft_bin);
    for (const h of only('HBR')) expect(h.fields.HBIN_CNT, `hard bin ${h.fields.HBIN_NUM}`).toBe(hard.get(h.fields.HBIN_NUM!) ?? 0);
    for (const s of only('SBR')) expect(s.fields.SBIN_CNT, `soft bin ${s.fields.SBIN_NUM}`).toBe(soft.get(s.fields.SBIN_NUM!) ?? 0);
    expect(new Set(only('HBR').map((h) => h.fields.HBIN_NUM))).toEqual(new Set([1, 2, 5, 9, ...hard.keys()]));
    expect(only('HBR').find((h) => h.fields.HBIN_NUM === 1)!.fields).toMatchObject({ HBIN_PF: 'P', HBIN_NAM: 'Good' });
    expect(only('SBR').find((s) => s.fields.SBIN_NUM === 501)!.fields).toMatchObject({ SBIN_PF: 'F', SBIN_NAM: 'Self-test failed' });
    expect(only('PCR')[0]!.fields).toEqual({
      HEAD_NUM: 255,
      SITE_NUM: 0,
      PART_CNT: units.length,
      RTST_CNT: 0,
      ABRT_CNT: 0,
      GOOD_CNT: units.filter((u) => u.outcome === 'PASS').length,
      FUNC_CNT: 4294967295,
    });
  });
});
