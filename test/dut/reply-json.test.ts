import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pingJson, readTempJson, selfTestJson, setTempJson } from '../../src/dut/reply-json.js';

const sn = fc.string({ minLength: 1, maxLength: 20 });
const reading = fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 10000);

describe('hot-path data writers equal JSON.stringify of the device data', () => {
  it('PING, READ_TEMP, SELF_TEST, SET_TEMP', () => {
    fc.assert(
      fc.property(sn, fc.string(), fc.constantFrom('NORMAL', 'SAFE'), reading, reading, fc.nat(), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), (s, fw, mode, a, b, cycles, ok, p) => {
        const snJson = JSON.stringify(s);
        const ping = { sn: s, fw, mode, vbat_v: a };
        expect(pingJson(snJson, ping)).toBe(JSON.stringify(ping));
        const rt = { sn: s, temp_c: a, vbat_v: b, cycles };
        expect(readTempJson(snJson, rt)).toBe(JSON.stringify(rt));
        const st = { sn: s, self_test_ok: ok, p_fail: Math.round(p * 1e6) / 1e6, cycles };
        expect(selfTestJson(snJson, st)).toBe(JSON.stringify(st));
        const set = { sn: s, temp_c: a };
        expect(setTempJson(snJson, set)).toBe(JSON.stringify(set));
      }),
      { numRuns: 3000 },
    );
  });
});
