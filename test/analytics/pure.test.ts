/** The pure parts: Wilson intervals, Pareto ordering and percents, capability indices, RTY. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capabilityRow, indices, paretoRows, paretoSvg, proportion, rolledThroughputYield, wilson, type StepStats } from '../../src/analytics/index.js';

describe('wilson', () => {
  it('matches published values', () => {
    // 9/10 and 0/10, 95%: textbook Wilson score intervals.
    expect(wilson(9, 10)!.lo).toBeCloseTo(0.5958, 4);
    expect(wilson(9, 10)!.hi).toBeCloseTo(0.9821, 4);
    expect(wilson(0, 10)).toEqual({ lo: 0, hi: expect.closeTo(0.2775, 4) });
    expect(wilson(10, 10)).toEqual({ lo: expect.closeTo(0.7225, 4), hi: 1 });
    expect(wilson(0, 0)).toBeNull();
    expect(proportion(0, 0)).toEqual({ count: 0, total: 0, value: null, ci: null });
  });

  it('always contains its point estimate and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.min(n, Math.floor(f * (n + 1)));
        const ci = wilson(x, n)!;
        const p = x / n;
        expect(ci.lo).toBeGreaterThanOrEqual(0);
        expect(ci.hi).toBeLessThanOrEqual(1);
        expect(ci.lo).toBeLessThanOrEqual(p);
        expect(ci.hi).toBeGreaterThanOrEqual(p);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('paretoRows', () => {
  it('sorts by count descending then name, percents sum to 100 and the cumulative ends at exactly 100', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ name: fc.string({ maxLength: 6 }), count: fc.integer({ min: 1, max: 10_000 }) }), { selector: (r) => r.name, minLength: 1, maxLength: 30 }), (counts) => {
        const rows = paretoRows(counts);
        expect(rows.reduce((s, r) => s + r.percent, 0)).toBeCloseTo(100, 9);
        expect(rows.at(-1)!.cumulative).toBe(100);
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1]!, rows[i]!];
          expect(a.count > b.count || (a.count === b.count && a.name < b.name)).toBe(true);
          expect(b.cumulative).toBeGreaterThanOrEqual(a.cumulative);
        }
      }),
    );
  });

  it('leaves out zero counts and is empty without failures', () => {
    expect(paretoRows([{ name: 'a', count: 0 }])).toEqual([]);
  });
});

describe('capability indices', () => {
  it('two-sided, one-sided and no limits', () => {
    expect(indices(10, 1, 4, 19)).toEqual({ cp: 15 / 6, cpk: 2, cpu: 3, cpl: 2 });
    expect(indices(10, 1, null, 19)).toEqual({ cp: null, cpk: 3, cpu: 3, cpl: null });
    expect(indices(10, 1, 4, null)).toEqual({ cp: null, cpk: 2, cpu: null, cpl: 2 });
    expect(indices(10, 1, null, null)).toEqual({ cp: null, cpk: null, cpu: null, cpl: null });
    expect(indices(10, 0, 4, 19).cp).toBeNull();
  });

  it('Cpk ≤ Cp whenever both limits exist', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e2, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), (mean, sigma, lo, width) => {
        const r = indices(mean, sigma, lo, lo + width);
        expect(r.cpk!).toBeLessThanOrEqual(r.cp! + 1e-9);
      }),
    );
  });

  it('identical values have no spread, whatever the engine rounded; few values are flagged', () => {
    const row = capabilityRow({ step: 's', field: 'f', lo: 0, hi: 1, n: 3, mean: 0.5, sd: 1e-16, min: 0.5, max: 0.5, p5: 0.5, p50: 0.5, p95: 0.5, mrBar: 0 });
    expect(row.sd).toBe(0);
    expect(row.overall.cp).toBeNull();
    expect(row.warnings).toEqual(['only 3 values (capability needs at least 30)', 'no variation: indices undefined']);
  });
});

describe('rolledThroughputYield', () => {
  const s = (step: string, executions: number, failed: number) => ({ step, executions, firstPassYield: proportion(executions - failed, executions) }) as StepStats;
  it('is the product of executed steps first-pass yields, null with none', () => {
    expect(rolledThroughputYield([s('a', 10, 1), s('b', 5, 1)])).toBeCloseTo(0.9 * 0.8, 12);
    expect(rolledThroughputYield([])).toBeNull();
  });
});

describe('paretoSvg', () => {
  it('is an SVG with a bar per category (top N), the cumulative line, and escaped names', () => {
    const svg = paretoSvg(paretoRows([{ name: '<b>&"x"', count: 3 }, { name: 'y', count: 1 }]), { title: 'Pareto: t', yLabel: 'n' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('&#60;b&#62;&#38;&#34;x&#34;');
    expect(svg).not.toContain('<b>');
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('<polyline');
    expect(paretoSvg([], { title: 't', yLabel: 'n' })).toContain('no failures');
  });
});
