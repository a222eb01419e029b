/**
 * `mtap analytics` through the built CLI, as a user runs it: over a run directory of `mtap demo`
 * (MTAP's files written beside it), over the store with filters, over an MTAP v1 run directory, and
 * the errors: a missing run directory creates nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore, ingestRunDir } from '../../src/store/index.js';
import { cleanEnv, runCli } from '../support/proc.js';

const COMPAT = [
  'pareto_batches.svg',
  'pareto_by_batch.csv',
  'pareto_by_error.csv',
  'pareto_by_step.csv',
  'pareto_error_codes.svg',
  'pareto_steps.svg',
  'step_fail_rates.csv',
  'strat_batch_id.csv',
  'strat_fw_version.csv',
  'strat_stage.csv',
  'strat_temp_bin.csv',
  'yield_summary.csv',
];

let root: string;
let runDir: string;
let summary: { sn_count: number; passed_count: number; first_pass_yield: number; final_yield: number; failed_attempt_count: number };

const csv = (file: string) => readFileSync(file, 'utf8').trim().split('\r\n').map((l) => l.split(','));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mtap-analytics-e2e-'));
  const demo = await runCli(['demo', '--runs-dir', root, '--units', '30', '--no-store'], { timeoutMs: 60_000 });
  expect([0, 1]).toContain(demo.code);
  runDir = join(root, readdirSync(root).find((d) => /^\d{8}T/.test(d))!);
  summary = JSON.parse(readFileSync(join(runDir, 'results_summary.json'), 'utf8'));
}, 90_000);

describe('mtap analytics --run-dir', () => {
  it("prints aligned tables, analyses the run in memory when it is not in the store, and writes MTAP's files", async () => {
    const r = await runCli(['analytics', '--run-dir', runDir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/analysing .* in memory: the store .*mtap\.duckdb does not exist/);
    expect(r.stdout).toMatch(/^Yield summary \(run /m);
    expect(r.stdout).toMatch(/^units_tested\s+30$/m);
    expect(readdirSync(join(runDir, 'analytics')).sort()).toEqual(COMPAT);
    const ys = Object.fromEntries(csv(join(runDir, 'analytics', 'yield_summary.csv')).slice(1).map(([k, v]) => [k, v]));
    // The same numbers the run's own summary has.
    expect(Number(ys.total_units)).toBe(summary.sn_count);
    expect(Number(ys.overall_pass_final)).toBe(summary.passed_count);
    expect(Number(ys.fty)).toBeCloseTo(summary.final_yield, 6);
    expect(Object.keys(ys).slice(0, 6)).toEqual(['total_units', 'fpy', 'fty', 'overall_pass_first_pass', 'overall_pass_final', 'flaky_rate']);
    const steps = csv(join(runDir, 'analytics', 'pareto_by_step.csv'));
    expect(steps[0]).toEqual(['step', 'failed_attempts', 'percent', 'cumulative_percent']);
    expect(steps.slice(1).reduce((n, row) => n + Number(row[1]), 0)).toBe(summary.failed_attempt_count);
    expect(csv(join(runDir, 'analytics', 'strat_fw_version.csv'))[0]!.slice(0, 4)).toEqual(['key', 'group', 'units', 'fty']);
    expect(readFileSync(join(runDir, 'analytics', 'pareto_steps.svg'), 'utf8')).toMatch(/^<svg [^>]*>\n<title>Pareto: failing steps<\/title>/);
  });

  it('--format json is machine-readable; --format csv prints each table', async () => {
    const j = await runCli(['analytics', '--run-dir', runDir, '--format', 'json', '--pareto', 'all']);
    expect(j.code).toBe(0);
    const a = JSON.parse(j.stdout);
    expect(a.yields.units).toBe(30);
    expect(a.yields.finalYield.value).toBeCloseTo(summary.final_yield, 12);
    expect(a.paretoMode).toBe('all');
    const c = await runCli(['analytics', '--run-dir', runDir, '--format', 'csv']);
    expect(c.stdout).toMatch(/^# summary\r\nmetric,value,ci_lo,ci_hi\r\nunits_tested,30,,\r\n/);
    expect(c.stdout).toContain('# capability\r\n');
  });

  it('reads the run from the store when the store holds it, and falls back to memory while another process holds the store', async () => {
    const file = join(root, 'mtap.duckdb');
    const store = await DuckDbStore.open(file);
    await ingestRunDir(store, runDir);
    const locked = await runCli(['analytics', '--run-dir', runDir, '--format', 'json']);
    expect(locked.code).toBe(0);
    expect(locked.stderr).toMatch(/in memory: the store .* is in use by another process/);
    await store.close();
    const fromStore = await runCli(['analytics', '--run-dir', runDir, '--format', 'json']);
    expect(fromStore.code).toBe(0);
    expect(fromStore.stderr).not.toMatch(/in memory/);
    expect(JSON.parse(fromStore.stdout).yields).toEqual(JSON.parse(locked.stdout).yields);
  }, 60_000);

  it('a run directory that does not exist: one message, exit 2, nothing created (MTAP created it: bug 27)', async () => {
    const missing = join(root, 'no-such-run');
    const r = await runCli(['analytics', '--run-dir', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mtap: no run directory at ${missing}\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('an MTAP v1 run directory (events.jsonl only; a malformed line is skipped) gives MTAP\'s numbers', async () => {
    const dir = join(root, 'v1run');
    mkdirSync(dir);
    const ev = (sn: string, s: string, attempt: number, passed: boolean, code: string | null) =>
      JSON.stringify({ schema_version: 1, timestamp: `2026-11-22T02:48:5${attempt}.0${sn.at(-1)}+00:00`, run_id: 'V1', batch_id: 'B1', station_id: 'S1', stage: 'DVT', sn, fw_version: '1.0.0', test_step: s, command: s.toUpperCase(), attempt, passed, error_code: code, duration_ms: 5, measurement: null, value: null, units: null, message: 'OK', data: {} });
    writeFileSync(join(dir, 'events.jsonl'), [ev('SN1', 'ping', 1, true, null), ev('SN1', 'read_temp', 1, true, null), '{broken', ev('SN2', 'ping', 1, true, null), ev('SN2', 'read_temp', 1, false, 'E_TIMEOUT'), ev('SN2', 'read_temp', 2, true, null)].join('\n') + '\n');
    const r = await runCli(['analytics', '--run-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/MTAP v1 run directory/);
    const ys = Object.fromEntries(csv(join(dir, 'analytics', 'yield_summary.csv')).slice(1).map(([k, v]) => [k, v]));
    expect(ys).toMatchObject({ total_units: '2', fpy: '0.5', fty: '1', overall_pass_first_pass: '1', overall_pass_final: '2', flaky_rate: '0.25' });
    expect(csv(join(dir, 'analytics', 'pareto_by_error.csv'))).toEqual([['error', 'failed_attempts', 'percent', 'cumulative_percent'], ['E_TIMEOUT', '1', '100', '100']]);
  });
});

describe('mtap analytics over the store', () => {
  it('filters by batch, station, stage and dates; no store is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-analytics-store-'));
    const none = await runCli(['analytics', '--runs-dir', dir]);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^mtap: no store at .*mtap\.duckdb: ingest run directories first/);
    const file = join(dir, 'mtap.duckdb');
    const store = await DuckDbStore.open(file);
    await ingestRunDir(store, runDir);
    await store.close();
    const env = cleanEnv({ MTAP_STORE: file });
    const all = JSON.parse((await runCli(['analytics', '--format', 'json'], { env })).stdout);
    expect(all.yields.units).toBe(30);
    const day = all.strata.day[0].group as string;
    const some = JSON.parse((await runCli(['analytics', '--format', 'json', '--batch', 'DEMO', '--stage', 'DVT', '--from', day, '--to', day], { env })).stdout);
    expect(some.yields).toEqual(all.yields);
    expect(some.scope).toBe(`stage DVT, batch DEMO, days ${day}..${day}`);
    const other = JSON.parse((await runCli(['analytics', '--format', 'json', '--station', 'ELSEWHERE'], { env })).stdout);
    expect(other.yields.units).toBe(0);
    const bad = await runCli(['analytics', '--from', '2026-02-30x'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('mtap: --from must be a date YYYY-MM-DD, got "2026-02-30x"\n');
  }, 60_000);
});
