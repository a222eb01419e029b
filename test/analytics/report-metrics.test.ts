/**
 * The metrics the qualification report adds to analytics — step durations, measurement histograms and
 * the bin summary — pinned on a hand-computed dataset, on every engine (DuckDB; PostgreSQL when the
 * test cluster helper is present). The histograms count exactly the values capability uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binSummary, capability, measurementHistograms, stepDurations } from '../../src/analytics/index.js';
import type { Store } from '../../src/store/index.js';
import { attempt, engines, step, storeWith, unit, type Engine, type UnitSpec } from './helpers.js';

const vbat = (value: number) => ({ field: 'vbat_v', value, lo: 11, hi: 13 });
const temp = (value: number, passed = true) => ({ field: 'temp_c', value, lo: 10, hi: null, passed });
const flat = { field: 'ok_code', value: 1, lo: null, hi: null };

const UNITS: UnitSpec[] = [
  unit('U1', [step('ping', attempt('P', vbat(12.0))), step('read_temp', attempt('P', temp(20))), step('self_test', attempt('P', flat))]),
  unit('U2', [step('ping', attempt('P', vbat(12.2))), step('read_temp', 'F:E_TIMEOUT', attempt('P', temp(30))), step('self_test', attempt('P', flat))]),
  // The first read_temp value (5) was retried: only the final attempt's 6 counts.
  unit('U3', [step('ping', attempt('P', vbat(12.4))), step('read_temp', attempt('F:LIMIT_FAIL', temp(5, false)), attempt('F:LIMIT_FAIL', temp(6, false))), step('self_test', attempt('P', flat))]),
  // ABORTED: in no metric's values.
  unit('U4', [step('ping', attempt('P', vbat(99))), step('read_temp', attempt('P', temp(99)))], { outcome: 'ABORTED' }),
];

/** Attempt durations: attempt × 100 + the unit's number (U1a1 = 101, U3a2 = 203; U4's 104, 204 do not count). */
const DURATIONS_SQL = `UPDATE attempts SET duration_ms = attempt * 100 + CAST(SUBSTR(sn, 2) AS INTEGER)`;

const list = await engines();

describe.each(list)('report metrics on $name', (engine: Engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await storeWith(engine, UNITS);
    await store.query(DURATIONS_SQL);
  });
  afterAll(() => store?.close());

  it('step durations: p50/p95 (linear interpolation), mean and max over every attempt of tested units', async () => {
    const d = await stepDurations(store, {});
    expect(d.map((r) => r.step)).toEqual(['ping', 'read_temp', 'self_test']);
    // read_temp: 101, 102, 103, 202, 203 → p50 103; p95 at rank 0.95·4 = 3.8 → 202 + 0.8 = 202.8.
    const rt = d[1]!;
    expect(rt.attempts).toBe(5);
    expect(rt.p50Ms).toBeCloseTo(103, 9);
    expect(rt.p95Ms).toBeCloseTo(202.8, 9);
    expect(rt.meanMs).toBeCloseTo(711 / 5, 9);
    expect(rt.maxMs).toBe(203);
    // ping: 101, 102, 103 (U4's 104 is ABORTED).
    expect(d[0]).toMatchObject({ attempts: 3, p50Ms: 102, maxMs: 103 });
  });

  it('histograms: Sturges bins (at least 5) from min to max over the final values, n as capability', async () => {
    const h = await measurementHistograms(store, {});
    expect(h.map((x) => `${x.step}.${x.field}`)).toEqual(['ping.vbat_v', 'read_temp.temp_c', 'self_test.ok_code']);
    const [ping, rt, st] = h as [(typeof h)[0], (typeof h)[0], (typeof h)[0]];
    expect(ping).toMatchObject({ lo: 11, hi: 13, n: 3, min: 12.0, max: 12.4, counts: [1, 0, 1, 0, 1] });
    expect(ping.width).toBeCloseTo(0.08, 12);
    // 6 (U3's final attempt, not its retried 5), 20, 30: width 4.8 → bins 0, 2, 4.
    expect(rt).toMatchObject({ lo: 10, hi: null, n: 3, min: 6, max: 30, counts: [1, 0, 1, 0, 1] });
    // Every value the same: one bin of width 0.
    expect(st).toMatchObject({ n: 3, min: 1, max: 1, width: 0, counts: [3] });
    const cap = await capability(store, {});
    expect(h.map((x) => x.n)).toEqual(cap.map((c) => c.n));
    for (const x of h) expect(x.counts.reduce((a, b) => a + b, 0)).toBe(x.n);
  });

  it('bin summary: units per bin and outcome, share of tested units, ABORTED unbinned and unshared', async () => {
    expect(await binSummary(store, {})).toEqual([
      { hardBin: 1, softBin: null, description: null, outcome: 'PASS', units: 2, share: 2 / 3 },
      { hardBin: 2, softBin: null, description: null, outcome: 'FAIL', units: 1, share: 1 / 3 },
      { hardBin: null, softBin: null, description: null, outcome: 'ABORTED', units: 1, share: null },
    ]);
  });

  it('a filter that matches nothing gives empty lists', async () => {
    const none = { batches: ['nope'] };
    expect(await stepDurations(store, none)).toEqual([]);
    expect(await measurementHistograms(store, none)).toEqual([]);
    expect(await binSummary(store, none)).toEqual([]);
  });
});
