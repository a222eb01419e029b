/**
 * Every metric pinned on hand-computed datasets, on every engine (DuckDB; PostgreSQL when the test
 * cluster helper is present), and the engines agree exactly.
 *
 * The "line" dataset, computed by hand in the comments: run R1 (ST1, B1, 2026-11-01) and run R2 (ST2,
 * B2, 2026-11-02, a retest of A3 and a new unit B1). Each serial's superseded execution (a resumed
 * run) and ABORTED units must not count anywhere.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullAnalytics, pareto, stepStats, unitYields, type FullAnalytics } from '../../src/analytics/index.js';
import { ingestRunDir, type Store } from '../../src/store/index.js';
import { attempt, engines, step, storeWith, unit, type Engine, type UnitSpec } from './helpers.js';

const vbat = (value: number) => ({ field: 'vbat_v', value, lo: 11, hi: 13 });
const temp = (value: number, passed = true) => ({ field: 'temp_c', value, lo: 10, hi: 60, passed });

const R2 = { run: 'R2', station: 'ST2', batch: 'B2' };
export const LINE: UnitSpec[] = [
  // Superseded: A3's first execution in R1 was interrupted; the resume re-tested it (exec x-A3).
  unit('A3', [step('ping', attempt('F:E_BUSY', vbat(50)), 'F:E_BUSY')], { exec: 'old-A3', outcome: 'ABORTED', started: '2026-11-01T07:00:00Z' }),
  unit('A1', [step('fw_discovery', 'P'), step('ping', attempt('P', vbat(12.0))), step('read_temp', attempt('P', temp(25))), step('self_test', 'P')]),
  unit('A2', [step('ping', attempt('P', vbat(12.1))), step('read_temp', 'F:E_TIMEOUT', attempt('P', temp(26))), step('self_test', 'P')], { site: 1 }),
  unit('A3', [step('ping', attempt('P', vbat(12.2))), step('read_temp', attempt('F:LIMIT_FAIL', temp(70, false)), attempt('F:LIMIT_FAIL', temp(71, false)))], { exec: 'x-A3' }),
  unit('A4', [step('fw_discovery', 'F:E_BUSY', 'P'), step('ping', attempt('P', vbat(12.3))), step('read_temp', attempt('P', temp(35))), step('self_test', 'P')]),
  unit('A5', [step('ping', attempt('P', vbat(99)))], { outcome: 'ABORTED' }),
  unit('A6', [step('fw_discovery', 'F:E_CONN', 'F:E_CONN', 'F:E_CONN')], { outcome: 'ERROR', fw: 'unknown' }),
  // self_test gated out for A7 (a condition): not executed, never a failure.
  unit('A7', [step('ping', attempt('P', vbat(12.0))), step('read_temp', attempt('P', temp(15)))]),
  unit('A3', [step('ping', attempt('P', vbat(12.1))), step('read_temp', attempt('P', temp(24))), step('self_test', 'P')], { ...R2, started: '2026-11-02T09:00:00Z' }),
  unit('B1', [step('ping', attempt('P', vbat(12.4))), step('read_temp', attempt('P', temp(45))), step('self_test', 'P')], { ...R2, started: '2026-11-02T09:05:00Z', planVersion: '2' }),
];

const list = await engines();

describe.each(list)('analytics on $name', (engine: Engine) => {
  let store: Store;
  let a: FullAnalytics;
  beforeAll(async () => {
    store = await storeWith(engine, LINE);
    a = await fullAnalytics(store, {});
  });
  afterAll(() => store?.close());

  it('counts units: a serial once per run (its final execution), ABORTED apart, ERROR a non-pass', () => {
    expect(a.yields).toMatchObject({ units: 8, passed: 6, failed: 1, errors: 1, aborted: 1, firstPass: 4 });
  });

  it('first-pass yield: every executed step passed on its first attempt (discovery included); final yield after retries', () => {
    // First pass: A1, A7 (self_test gated out), A3 in R2, B1. Not: A2 (retry), A4 (discovery retry).
    expect(a.yields.firstPassYield).toMatchObject({ count: 4, total: 8, value: 0.5 });
    expect(a.yields.finalYield).toMatchObject({ count: 6, total: 8, value: 0.75 });
    expect(a.aliases).toEqual({ fpy: 0.5, fty: 0.75 });
    expect(a.yields.firstPassYield.ci!.lo).toBeCloseTo(0.2152, 4);
    expect(a.yields.firstPassYield.ci!.hi).toBeCloseTo(0.7848, 4);
  });

  it('step fail rates per unit and per attempt, step first-pass yields, recovered executions', () => {
    const by = Object.fromEntries(a.steps.map((s) => [s.step, s]));
    expect(a.steps.map((s) => s.step)).toEqual(['fw_discovery', 'ping', 'read_temp', 'self_test']);
    expect(by.fw_discovery).toMatchObject({ executions: 3, failedExecutions: 2, recovered: 1, attempts: 6, failedAttempts: 4 });
    expect(by.ping).toMatchObject({ executions: 7, failedExecutions: 0, recovered: 0, attempts: 7, failedAttempts: 0 });
    expect(by.read_temp).toMatchObject({ executions: 7, failedExecutions: 2, recovered: 1, attempts: 9, failedAttempts: 3 });
    expect(by.self_test).toMatchObject({ executions: 5, failedExecutions: 0, attempts: 5 });
    expect(by.read_temp!.failRateUnits.value).toBeCloseTo(2 / 7, 12);
    expect(by.read_temp!.failRateAttempts.value).toBeCloseTo(3 / 9, 12);
    expect(by.read_temp!.firstPassYield.value).toBeCloseTo(5 / 7, 12);
    expect(by.fw_discovery!.firstPassYield.value).toBeCloseTo(1 / 3, 12);
  });

  it('RTY is the product of step first-pass yields; retry-recovered rate is over step executions', () => {
    expect(a.rty).toBeCloseTo((1 / 3) * 1 * (5 / 7) * 1, 12);
    expect(a.retryRecovered).toMatchObject({ count: 2, total: 22 });
  });

  it('Pareto, first failure per unit: the deciding step, code and bin of each failing unit', () => {
    expect(a.paretoMode).toBe('first');
    expect(a.pareto.step).toEqual([
      { name: 'fw_discovery', count: 1, percent: 50, cumulative: 50 },
      { name: 'read_temp', count: 1, percent: 50, cumulative: 100 },
    ]);
    expect(a.pareto.error.map((r) => [r.name, r.count])).toEqual([['E_CONN', 1], ['LIMIT_FAIL', 1]]);
    expect(a.pareto.bin.map((r) => [r.name, r.count])).toEqual([['2', 1], ['9', 1]]);
    expect(a.pareto.batch).toEqual([{ name: 'B1', count: 2, percent: 100, cumulative: 100 }]);
    expect(a.pareto.station).toEqual([{ name: 'ST1', count: 2, percent: 100, cumulative: 100 }]);
  });

  it('Pareto, all failed attempts (recovered ones included), sorted by count then name, with cumulative percent', async () => {
    const p = await pareto(store, {}, 'all');
    expect(p.step.map((r) => [r.name, r.count])).toEqual([['fw_discovery', 4], ['read_temp', 3]]);
    expect(p.error.map((r) => [r.name, r.count, r.cumulative])).toEqual([
      ['E_CONN', 3, (3 * 100) / 7],
      ['LIMIT_FAIL', 2, (5 * 100) / 7],
      ['E_BUSY', 1, (6 * 100) / 7],
      ['E_TIMEOUT', 1, 100],
    ]);
    expect(p.bin).toEqual([{ name: '2', count: 7, percent: 100, cumulative: 100 }]);
  });

  it('stratifies both yields by every dimension, with Wilson intervals', () => {
    const groups = (d: keyof FullAnalytics['strata']) => a.strata[d].map((s) => [s.group, s.units, s.passed, s.firstPass, s.aborted]);
    expect(groups('station')).toEqual([['ST1', 6, 4, 2, 1], ['ST2', 2, 2, 2, 0]]);
    expect(groups('batch')).toEqual([['B1', 6, 4, 2, 1], ['B2', 2, 2, 2, 0]]);
    expect(groups('stage')).toEqual([['DVT', 8, 6, 4, 1]]);
    expect(groups('firmware')).toEqual([['1.0.0', 7, 6, 4, 1], ['unknown', 1, 0, 0, 0]]);
    expect(groups('site')).toEqual([['0', 7, 5, 4, 1], ['1', 1, 1, 0, 0]]);
    expect(groups('plan_version')).toEqual([['1', 7, 5, 3, 1], ['2', 1, 1, 1, 0]]);
    expect(groups('day')).toEqual([['2026-11-01', 6, 4, 2, 1], ['2026-11-02', 2, 2, 2, 0]]);
    // Mean of the unit's passed temp_c: A1 25, A2 26, A3/R2 24 | A4 35 | A7 15 | B1 45 | A3/R1 (failed readings), A6 (none).
    expect(groups('temp_bin')).toEqual([['20-30C', 3, 3, 2, 0], ['30-40C', 1, 1, 0, 0], ['<20C', 1, 1, 1, 0], ['>=40C', 1, 1, 1, 0], ['UNKNOWN', 2, 0, 0, 1]]);
    for (const rows of Object.values(a.strata)) {
      for (const s of rows) {
        expect(s.finalYield.value).toBe(s.passed / s.units);
        expect(s.finalYield.ci!.lo).toBeLessThanOrEqual(s.finalYield.value!);
        expect(s.finalYield.ci!.hi).toBeGreaterThanOrEqual(s.finalYield.value!);
      }
    }
  });

  it('retests: the same serial in a later run, first run vs last run', () => {
    expect(a.retest[0]).toMatchObject({ stage: null, serials: 7, retested: 1, runs: 8, recovered: 1 });
    expect(a.retest[0]!.firstRunYield).toMatchObject({ count: 5, total: 7 });
    expect(a.retest[0]!.lastRunYield).toMatchObject({ count: 6, total: 7 });
    expect(a.retest[0]!.retestRecovery).toMatchObject({ count: 1, total: 2, value: 0.5 });
    expect(a.retest.map((r) => r.stage)).toEqual([null, 'DVT']);
  });

  it('capability from the final attempt of each step execution, σ_within from the moving range in time order', () => {
    const ping = a.capability.find((c) => c.step === 'ping' && c.field === 'vbat_v')!;
    // Time order: A1 12.0, A2 12.1, A3 12.2, A4 12.3, A7 12.0, A3/R2 12.1, B1 12.4 (A5 aborted, old-A3 superseded).
    const xs = [12.0, 12.1, 12.2, 12.3, 12.0, 12.1, 12.4];
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    const mrBar = (0.1 + 0.1 + 0.1 + 0.3 + 0.1 + 0.3) / 6;
    expect(ping).toMatchObject({ n: 7, lo: 11, hi: 13, min: 12.0, max: 12.4 });
    expect(ping.mean).toBeCloseTo(mean, 12);
    expect(ping.sd).toBeCloseTo(sd, 12);
    expect(ping.mrBar).toBeCloseTo(mrBar, 12);
    expect(ping.p50).toBeCloseTo(12.1, 12);
    expect(ping.p5).toBeCloseTo(12.0, 12);
    expect(ping.p95).toBeCloseTo(12.37, 12);
    const sw = mrBar / 1.128;
    expect(ping.within.cp).toBeCloseTo(2 / (6 * sw), 10);
    expect(ping.within.cpk).toBeCloseTo(Math.min(13 - mean, mean - 11) / (3 * sw), 10);
    expect(ping.overall.cp).toBeCloseTo(2 / (6 * sd), 10);
    expect(ping.overall.cpk).toBeCloseTo(Math.min(13 - mean, mean - 11) / (3 * sd), 10);
    expect(ping.warnings).toEqual(['only 7 values (capability needs at least 30)']);
    // read_temp: final attempts only (A3/R1's first reading 70 was retried; its final 71 counts).
    const rt = a.capability.find((c) => c.step === 'read_temp')!;
    expect(rt.n).toBe(7);
    expect(rt.mean).toBeCloseTo((25 + 26 + 71 + 35 + 15 + 24 + 45) / 7, 12);
  });

  it('filters by station, batch, stage, firmware, plan version, run and dates (inclusive UTC days)', async () => {
    const units = async (f: Parameters<typeof unitYields>[1]) => (await unitYields(store, f, [])).summary.units;
    expect(await units({ stations: ['ST2'] })).toBe(2);
    expect(await units({ batches: ['B1', 'B2'] })).toBe(8);
    expect(await units({ stages: ['EVT'] })).toBe(0);
    expect(await units({ firmware: ['unknown'] })).toBe(1);
    expect(await units({ planVersions: ['2'] })).toBe(1);
    expect(await units({ runs: ['R1'] })).toBe(6);
    expect(await units({ from: '2026-11-02' })).toBe(2);
    expect(await units({ to: '2026-11-01' })).toBe(6);
    expect(await units({ from: '2026-11-01', to: '2026-11-01', stations: ['ST1'] })).toBe(6);
    expect((await stepStats(store, { runs: ['R2'] })).map((s) => [s.step, s.executions])).toEqual([['ping', 2], ['read_temp', 2], ['self_test', 2]]);
    await expect(unitYields(store, { from: '2026-13-01' })).rejects.toThrow(/--from must be a date/);
    const empty = await fullAnalytics(store, { stations: ['nowhere'] });
    expect(empty.yields.firstPassYield).toEqual({ count: 0, total: 0, value: null, ci: null });
    expect(empty.rty).toBeNull();
    expect(empty.pareto.step).toEqual([]);
  });

  it("MTAP's small dataset (an MTAP v1 run directory): 2 units, first-pass 0.5, final 1.0, recovered 0.25, Pareto read_temp:1, E_TIMEOUT:1", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mtap-analytics-')), 'run');
    mkdirSync(dir);
    const ev = (sn: string, fw: string, s: string, attemptNo: number, passed: boolean, code: string | null, value: number | null) =>
      JSON.stringify({
        schema_version: 1,
        timestamp: `2026-11-22T02:48:5${attemptNo}.06265${sn.at(-1)}+00:00`,
        run_id: 'MTAPSMALL',
        batch_id: 'B1',
        station_id: 'S1',
        stage: 'DVT',
        sn,
        fw_version: fw,
        test_step: s,
        command: s.toUpperCase(),
        attempt: attemptNo,
        passed,
        error_code: code,
        duration_ms: 10,
        measurement: s === 'read_temp' ? 'temp_c' : null,
        value,
        units: null,
        message: 'OK',
        data: {},
      });
    writeFileSync(
      join(dir, 'events.jsonl'),
      [
        ev('SN0001', '1.0.0', 'ping', 1, true, null, null),
        ev('SN0001', '1.0.0', 'read_temp', 1, true, null, 25.0),
        ev('SN0002', '1.0.1', 'ping', 1, true, null, null),
        ev('SN0002', '1.0.1', 'read_temp', 1, false, 'E_TIMEOUT', null),
        'not json at all',
        ev('SN0002', '1.0.1', 'read_temp', 2, true, null, 26.0),
      ].join('\n') + '\n',
    );
    const small = await engine.open();
    try {
      await ingestRunDir(small, dir);
      const m = await fullAnalytics(small, {}, { paretoMode: 'all' });
      expect(m.yields.units).toBe(2);
      expect(m.yields.firstPassYield.value).toBe(0.5);
      expect(m.yields.finalYield.value).toBe(1);
      expect(m.retryRecovered).toMatchObject({ count: 1, total: 4, value: 0.25 });
      expect(m.pareto.step).toEqual([{ name: 'read_temp', count: 1, percent: 100, cumulative: 100 }]);
      expect(m.pareto.error).toEqual([{ name: 'E_TIMEOUT', count: 1, percent: 100, cumulative: 100 }]);
      expect(m.strata.firmware.map((s) => [s.group, s.finalYield.value])).toEqual([['1.0.0', 1], ['1.0.1', 1]]);
      expect(m.strata.temp_bin.map((s) => [s.group, s.units])).toEqual([['20-30C', 2]]);
    } finally {
      await small.close();
    }
  });

  it('a step gated out is never a failure (MTAP made it one: bug 25)', async () => {
    const gated = await storeWith(engine, [unit('G1', [step('s1', 'P'), step('s2', 'P')]), unit('G2', [step('s1', 'P')], { stage: 'EVT' })]);
    try {
      const g = await fullAnalytics(gated, {});
      expect(g.yields.firstPassYield.value).toBe(1);
      expect(g.yields.finalYield.value).toBe(1);
      expect(g.steps.map((s) => [s.step, s.executions, s.failRateUnits.value])).toEqual([['s1', 2, 0], ['s2', 1, 0]]);
      expect(g.rty).toBe(1);
    } finally {
      await gated.close();
    }
  });
});

describe.runIf(list.length > 1)('engines agree', () => {
  it('the same rows give identical analytics on every engine', async () => {
    const results: string[] = [];
    for (const engine of list) {
      const store = await storeWith(engine, LINE);
      try {
        const both = [await fullAnalytics(store, {}), await fullAnalytics(store, { stations: ['ST1'], from: '2026-11-01' }, { paretoMode: 'all' })];
        // Engines sum floats in different orders, so sd and percentiles may differ in the last bits:
        // numbers are compared to 12 significant digits, everything else exactly.
        results.push(JSON.stringify(both, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v)));
      } finally {
        await store.close();
      }
    }
    for (const r of results.slice(1)) expect(r).toBe(results[0]);
  });
});
