/** results_summary.json: MTAP's fields exactly, then counts, bins, yields and the plan that ran. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildResultsSummary, finalYield, firstPassYield, resultsSummarySchema, writeResultsSummary } from '../../src/record/index.js';
import { makeAttempt, makeUnit, useTempDirs } from './helpers.js';
import { results } from './scenario.js';

const tempDir = useTempDirs();

describe('buildResultsSummary', () => {
  const summary = buildResultsSummary(results);

  it('starts with MTAP’s fields, in MTAP’s order, per_sn in the run’s serial order', () => {
    expect(Object.keys(summary).slice(0, 6)).toEqual(['run_id', 'batch_id', 'station_id', 'stage', 'overall_passed', 'per_sn']);
    expect([summary.run_id, summary.batch_id, summary.station_id, summary.stage, summary.overall_passed]).toEqual([results.info.run_id, 'B42', 'ST01', 'DVT', false]);
    expect(Object.keys(summary.per_sn)).toEqual(['SN0001', 'SN0002', 'SN0003', 'SN0004', 'SN0005']);
    expect(Object.keys(summary.per_sn['SN0001']!).slice(0, 3)).toEqual(['fw_version', 'passed', 'failures']);
    expect(resultsSummarySchema.parse(JSON.parse(JSON.stringify(summary)))).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it('gives each failure the final attempt’s DUT data plus req_ids, as MTAP', () => {
    expect(summary.per_sn['SN0003']).toEqual({
      fw_version: '1.0.0',
      passed: false,
      failures: [{ step_id: 'read_temp', cmd: 'READ_TEMP', error_code: 'LIMIT_FAIL', message: 'OK', duration_ms: 2, data: { sn: 'SN0003', temp_c: 35.2, req_ids: ['REQ-002', 'REQ-003'] } }],
      outcome: 'FAIL',
      hard_bin: 4,
      soft_bin: 401,
      first_pass: false,
    });
    // No reply at all (a timeout): only the req_ids.
    expect(summary.per_sn['SN0004']!.failures[0]!.data).toEqual({ req_ids: ['REQ-001'] });
    expect(summary.per_sn['SN0001']!.failures).toEqual([]);
    expect(summary.per_sn['SN0002']!.fw_version).toBe('1.0.1');
  });

  it('counts outcomes so they add up to sn_count', () => {
    const { sn_count, passed_count, failed_count, error_count, aborted_count, not_tested_count } = summary;
    expect({ sn_count, passed_count, failed_count, error_count, aborted_count, not_tested_count }).toEqual({
      sn_count: 6,
      passed_count: 2,
      failed_count: 1,
      error_count: 1,
      aborted_count: 1,
      not_tested_count: 1,
    });
  });

  it('computes yields over tested units (ABORTED excluded), first pass needing no retry', () => {
    expect(summary.first_pass_yield).toBe(1 / 4); // SN0001 only: SN0002 needed a retry
    expect(summary.final_yield).toBe(2 / 4);
    expect(summary.yield_definitions).toMatch(/ABORTED/);
    expect(Object.values(summary.per_sn).map((s) => s.first_pass)).toEqual([true, false, false, false, false]);
  });

  it('names the plan, the times and the tool, and counts the attempts of ended executions', () => {
    expect(summary.plan).toEqual({ name: 'board', version: 3, hash: 'ab'.repeat(32) });
    expect([summary.started_at, summary.ended_at, summary.tool_version]).toEqual(['2026-11-22T02:48:53.062Z', '2026-11-22T02:49:10.000Z', '0.1.0']);
    expect(summary.attempt_count).toBe(results.attempts.length);
    expect(summary.failed_attempt_count).toBe(4);
  });

  it('is overall_passed only when every serial of the run passed', () => {
    const all = buildResultsSummary({ ...results, info: { ...results.info, sns: ['SN0001', 'SN0002'] }, units: results.units.slice(0, 2) });
    expect(all.overall_passed).toBe(true);
    const missing = buildResultsSummary({ ...results, info: { ...results.info, sns: ['SN0001', 'SN0009'] }, units: results.units.slice(0, 1) });
    expect(missing.overall_passed).toBe(false);
  });

  it('keeps a serial named __proto__ as a key like any other', () => {
    const u = makeUnit({ sn: '__proto__', unit_exec_id: 'p' });
    const s = buildResultsSummary({ ...results, info: { ...results.info, sns: ['__proto__'] }, units: [u], attempts: [] });
    expect(Object.keys(JSON.parse(JSON.stringify(s)).per_sn as object)).toEqual(['__proto__']);
  });

  it('writes indent-2 JSON', async () => {
    const dir = tempDir();
    await writeResultsSummary(dir, summary);
    expect(readFileSync(join(dir, 'results_summary.json'), 'utf8')).toBe(JSON.stringify(summary, null, 2) + '\n');
  });
});

describe('yields', () => {
  it('are null with no tested unit', () => {
    expect(finalYield([makeUnit({ outcome: 'ABORTED' })])).toBeNull();
    expect(firstPassYield([], () => [])).toBeNull();
  });
  it('do not count a PASS unit whose step failed without a retry as first pass', () => {
    const u = makeUnit();
    expect(firstPassYield([u], () => [makeAttempt({ passed: false, error_code: 'LIMIT_FAIL' })])).toBe(0);
    expect(firstPassYield([u], () => [makeAttempt({ kind: 'discovery', attempt: 2 }), makeAttempt()])).toBe(1);
  });
});
