/**
 * Properties on generated lines: random units (steps gated in or out, failures, retries that stop at
 * the first pass, discovery, ERROR and ABORTED outcomes, resumed executions) ingested into a store;
 * the SQL metrics agree with a direct reading of the definitions, and the invariants hold.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullAnalytics, pareto } from '../../src/analytics/index.js';
import { DuckDbStore, type Store } from '../../src/store/index.js';
import { rowsFor, step, unit, type AttemptSpec, type UnitSpec } from './helpers.js';

const STEPS = ['fw_discovery', 'ping', 'read_temp', 'self_test'];

/** One step execution: k failures then (maybe) a pass, at most `retries + 1` attempts. */
const execution = fc.record({ failures: fc.integer({ min: 0, max: 3 }), retries: fc.integer({ min: 0, max: 2 }), code: fc.constantFrom('E_BUSY', 'LIMIT_FAIL', 'E_TIMEOUT'), value: fc.double({ min: 5, max: 50, noNaN: true }) });

const unitArb = fc.record({
  sn: fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S5', 'S6'),
  executed: fc.subarray(STEPS, { minLength: 0 }),
  execs: fc.array(execution, { minLength: 4, maxLength: 4 }),
  station: fc.constantFrom('ST1', 'ST2'),
  special: fc.constantFrom('none', 'none', 'none', 'ERROR', 'ABORTED'),
});

type Gen = typeof unitArb extends fc.Arbitrary<infer T> ? T : never;

function buildUnit(run: string, g: Gen, i: number): UnitSpec {
  const steps = g.executed.map((id, k) => {
    const e = g.execs[k]!;
    const attempts: AttemptSpec[] = [];
    const failed = Math.min(e.failures, e.retries + 1);
    for (let j = 0; j < failed; j++) attempts.push({ passed: false, code: e.code, measurements: [{ field: 'temp_c', value: e.value + j, lo: 10, hi: 40, passed: false }] });
    if (failed <= e.retries) attempts.push({ passed: true, code: null, measurements: [{ field: 'temp_c', value: e.value, lo: 10, hi: 40 }] });
    return { ...step(id), attempts };
  });
  const outcome = g.special === 'none' ? undefined : (g.special as 'ERROR' | 'ABORTED');
  return unit(g.sn, steps, { run, station: g.station, exec: `${run}-${i}`, started: new Date(Date.UTC(2026, 10, 1, 8, i * 7)).toISOString(), ...(outcome && { outcome }) });
}

let store: Store;
beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
});
afterAll(() => store?.close());

let runNo = 0;

describe('analytics on generated lines', () => {
  it('agree with the definitions, and first-pass ≤ final, RTY ≤ min step FPY, Pareto ends at 100, intervals hold, Cpk ≤ Cp', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(unitArb, { minLength: 1, maxLength: 25 }), async (gen) => {
        const run = `G${++runNo}`;
        const units = gen.map((g, i) => buildUnit(run, g, i));
        await store.ingest(rowsFor(units));
        const a = await fullAnalytics(store, { runs: [run] });

        // The oracle: each serial's last execution (start order), then the definitions read directly.
        const finals = new Map<string, UnitSpec>();
        units.forEach((u) => finals.set(u.sn, u));
        const outcomeOf = (u: UnitSpec) => u.outcome ?? (u.steps.some((s) => !s.attempts.at(-1)!.passed) ? 'FAIL' : 'PASS');
        const tested = [...finals.values()].filter((u) => outcomeOf(u) !== 'ABORTED');
        const passed = tested.filter((u) => outcomeOf(u) === 'PASS');
        const firstPass = passed.filter((u) => u.steps.every((s) => s.attempts.length === 1 && s.attempts[0]!.passed));
        expect(a.yields).toMatchObject({ units: tested.length, passed: passed.length, firstPass: firstPass.length });
        const executions = tested.flatMap((u) => u.steps);
        expect(a.retryRecovered.count).toBe(executions.filter((s) => s.attempts.length > 1 && s.attempts.at(-1)!.passed).length);
        expect(a.retryRecovered.total).toBe(executions.length);
        for (const s of a.steps) {
          const ex = executions.filter((e) => e.id === s.step);
          expect([s.executions, s.failedExecutions, s.attempts]).toEqual([ex.length, ex.filter((e) => e.attempts.some((x) => !x.passed)).length, ex.reduce((n, e) => n + e.attempts.length, 0)]);
        }

        const fpy = a.yields.firstPassYield.value;
        const fy = a.yields.finalYield.value;
        if (fpy !== null && fy !== null) expect(fpy).toBeLessThanOrEqual(fy);
        if (a.rty !== null) expect(a.rty).toBeLessThanOrEqual(Math.min(...a.steps.map((s) => s.firstPassYield.value ?? 1)) + 1e-12);
        for (const p of [a.pareto, await pareto(store, { runs: [run] }, 'all')]) {
          for (const rows of Object.values(p)) {
            if (rows.length === 0) continue;
            expect(rows.at(-1)!.cumulative).toBe(100);
            expect(rows.reduce((n, r) => n + r.percent, 0)).toBeCloseTo(100, 9);
          }
        }
        const proportions = [a.yields.firstPassYield, a.yields.finalYield, ...Object.values(a.strata).flat().flatMap((s) => [s.firstPassYield, s.finalYield]), ...a.steps.map((s) => s.firstPassYield)];
        for (const p of proportions) {
          if (p.value === null) continue;
          expect(p.ci!.lo).toBeGreaterThanOrEqual(0);
          expect(p.ci!.hi).toBeLessThanOrEqual(1);
          expect(p.ci!.lo).toBeLessThanOrEqual(p.value);
          expect(p.ci!.hi).toBeGreaterThanOrEqual(p.value);
        }
        for (const c of a.capability) {
          if (c.within.cp !== null) expect(c.within.cpk!).toBeLessThanOrEqual(c.within.cp + 1e-9);
          if (c.overall.cp !== null) expect(c.overall.cpk!).toBeLessThanOrEqual(c.overall.cp + 1e-9);
        }
        // Every stratum's units add up to the total.
        for (const rows of Object.values(a.strata)) expect(rows.reduce((n, s) => n + s.units, 0)).toBe(a.yields.units);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  }, 120_000);
});
