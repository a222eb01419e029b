/**
 * Golden files pin the byte layout of a small hand-built run (test/fixtures/stdf/small-run.stdf) and
 * its ATDF view (small-run.atdf). A change to either is a change to what yield systems read: review
 * the ATDF diff, then regenerate with MTAP_UPDATE_GOLDEN=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readStdf, runToStdf, runToStdfRecords, toAtdf } from '../../src/record/index.js';
import { smallPlan, smallRun } from './stdf-fixtures.js';

const STDF = new URL('../fixtures/stdf/small-run.stdf', import.meta.url);
const ATDF = new URL('../fixtures/stdf/small-run.atdf', import.meta.url);
const OPTS = { utcOffsetMinutes: 0 };

if (process.env.MTAP_UPDATE_GOLDEN === '1') {
  writeFileSync(STDF, runToStdf(smallRun(), smallPlan(), OPTS));
  writeFileSync(ATDF, toAtdf(runToStdfRecords(smallRun(), smallPlan(), OPTS)));
}

describe('golden files of a small run', () => {
  it('the STDF is byte for byte the golden file', () => {
    const golden = readFileSync(STDF);
    const bytes = runToStdf(smallRun(), smallPlan(), OPTS);
    expect(bytes.length).toBe(golden.length);
    expect(bytes.equals(golden)).toBe(true);
  });

  it('the ATDF is the golden file, and is the same records as the STDF read back', () => {
    const golden = readFileSync(ATDF, 'utf8');
    expect(toAtdf(runToStdfRecords(smallRun(), smallPlan(), OPTS))).toBe(golden);
    expect(toAtdf(readStdf(readFileSync(STDF)).records)).toBe(golden);
  });

  it('the golden bytes hold what the spec says, checked by hand at fixed offsets', () => {
    const b = readFileSync(STDF);
    expect([...b.subarray(0, 6)]).toEqual([2, 0, 0, 10, 2, 4]); // FAR: REC_LEN 2, 0/10, CPU_TYPE 2, STDF_VER 4
    expect([b[8], b[9]]).toEqual([1, 10]); // MIR
    expect(b.readUInt32LE(10)).toBe(Date.parse('2026-11-22T08:00:00Z') / 1000); // SETUP_T, UTC here
    // the last record is MRR (1/20) holding FINISH_T, then DISP_COD ' ' and two empty C*n
    const mrr = b.length - 4 - 7;
    expect([b.readUInt16LE(mrr), b[mrr + 2], b[mrr + 3]]).toEqual([7, 1, 20]);
    expect(b.readUInt32LE(mrr + 4)).toBe(Math.floor(Date.parse('2026-11-22T08:00:04.105Z') / 1000));
    expect([...b.subarray(mrr + 8)]).toEqual([0x20, 0, 0]);
  });

  it('times are local-zone seconds by default; utcOffsetMinutes shifts them', () => {
    const mir = (opts: { utcOffsetMinutes?: number }) => runToStdfRecords(smallRun(), smallPlan(), opts)[1]!;
    const utc = mir({ utcOffsetMinutes: 0 }).fields as { START_T: number };
    expect((mir({ utcOffsetMinutes: 120 }).fields as { START_T: number }).START_T - utc.START_T).toBe(7200);
    const local = (0 - new Date(Date.parse('2026-11-22T08:00:00Z')).getTimezoneOffset()) * 60;
    expect((mir({}).fields as { START_T: number }).START_T - utc.START_T).toBe(local);
  });
});
