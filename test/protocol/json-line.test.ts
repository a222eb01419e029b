import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNumber, jsonValue } from '../../src/protocol/json-line.js';

describe('the fast reply writer is byte-identical to JSON.stringify', () => {
  it('for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(jsonValue(v)).toBe(JSON.stringify(v));
    }), { numRuns: 2000 });
  });

  it('for any double, including 4-dp readings, integers, -0, huge and tiny values', () => {
    fc.assert(fc.property(fc.double(), (x) => {
      expect(jsonNumber(x)).toBe(JSON.stringify(x));
    }), { numRuns: 20000 });
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), (n) => {
        const x = Math.round((n / 10000) * 10000) / 10000;
        expect(jsonNumber(x)).toBe(JSON.stringify(x));
      }),
      { numRuns: 20000 },
    );
    for (const x of [815767608172.388, 999999999.9999, 1e9 + 0.5, 0, -0, 1e21, 1e-7, 123456789012345.6, 0.1 + 0.2, 12.0005, -0.0001, 99.5, 2 ** 53, -(2 ** 53) - 2]) {
      expect(jsonNumber(x)).toBe(JSON.stringify(x));
    }
  });

  it('for reply-shaped objects with hostile strings and skipped members', () => {
    const obj = { ok: false, error_code: 'E_X', message: 'a "quoted"\n\\ \u0001 \ud800 é', data: { u: undefined, n: NaN, arr: [1, 'x', null], nested: { d: new Date(0) } }, meta: { cmd: '"' } };
    expect(jsonValue(obj)).toBe(JSON.stringify(obj));
  });
});
