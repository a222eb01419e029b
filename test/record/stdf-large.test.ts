/**
 * 10,000 units (built in memory: a real batch of 10k would be slow for the suite) exported to STDF
 * and read back: the export finishes in reasonable time and its record counts match the run's
 * records and the run's summary (the counts every report is built from).
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { buildResultsSummary, readStdf, runToStdf, type StdfRecord } from '../../src/record/index.js';
import { smallPlan, syntheticRun } from './stdf-fixtures.js';

const UNITS = 10_000;

describe(`STDF of ${UNITS.toLocaleString('en-US')} units`, () => {
  it('is written in reasonable time, and every count matches the run', () => {
    const run = syntheticRun(UNITS);
    const plan = smallPlan();
    const t0 = performance.now();
    const bytes = runToStdf(run, plan);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(10_000); // about 0.3 s on a laptop; generous for loaded CI machines

    const { records, skipped } = readStdf(bytes);
    expect(skipped).toEqual([]);
    const count = (rec: StdfRecord['rec']) => records.filter((r) => r.rec === rec).length;
    const summary = buildResultsSummary({ ...run, endedAt: run.units.at(-1)!.ended_at });

    expect(count('PIR')).toBe(UNITS);
    expect(count('PRR')).toBe(UNITS);
    // one test record per final attempt's plan test: discovery, set_temp, ping; then read_temp (2) and self_test for units past ping
    const pastPing = run.units.filter((u) => u.deciding_step !== 'ping').length;
    expect(count('PTR')).toBe(UNITS + 2 * pastPing);
    expect(count('FTR')).toBe(2 * UNITS + pastPing);

    const pcr = records.find((r) => r.rec === 'PCR')!.fields;
    expect(pcr).toMatchObject({ PART_CNT: summary.sn_count, GOOD_CNT: summary.passed_count, ABRT_CNT: summary.aborted_count, RTST_CNT: 0 });
    expect(summary.failed_count).toBeGreaterThan(100); // the data spreads over several bins

    const perBin = new Map<number, number>();
    for (const s of Object.values(summary.per_sn)) if (s.hard_bin !== null) perBin.set(s.hard_bin, (perBin.get(s.hard_bin) ?? 0) + 1);
    const hbr = records.flatMap((r) => (r.rec === 'HBR' ? [[r.fields.HBIN_NUM!, r.fields.HBIN_CNT!] as const] : []));
    expect(new Map(hbr.filter(([, n]) => n > 0))).toEqual(perBin);
    expect(hbr.reduce((n, [, c]) => n + c, 0)).toBe(UNITS);

    const prrFailed = records.filter((r) => r.rec === 'PRR' && (r.fields.PART_FLG! & 0x08) !== 0).length;
    expect(prrFailed).toBe(summary.failed_count + summary.error_count);
    const tsr = new Map(records.flatMap((r) => (r.rec === 'TSR' ? [[r.fields.TEST_NUM!, r.fields] as const] : [])));
    expect(tsr.get(2000)!.EXEC_CNT).toBe(UNITS);
    expect(tsr.get(3000)!.EXEC_CNT).toBe(pastPing);
    expect(tsr.get(2000)!.FAIL_CNT).toBe(UNITS - pastPing);
  });
});
