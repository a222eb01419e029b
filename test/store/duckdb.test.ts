/** The DuckDB store over real files: migrations, ingest of mtap and MTAP v1 run dirs, idempotency. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../../src/exec/index.js';
import { loadPlan } from '../../src/plan/index.js';
import { loadRunRecords } from '../../src/record/index.js';
import { DuckDbStore, ingestRunDir, openStore, rowsOf, SCHEMA_VERSION } from '../../src/store/index.js';
import { startDut, Script } from '../../src/dut/index.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'mtap-store-'));

async function runDir(units: number, script?: Script): Promise<string> {
  const dut = await startDut({ port: 0, seed: 2, env: {}, profile: 'factory-flaky', ...(script && { script }) });
  const root = tmp();
  try {
    const run = await startRun({
      plan: loadPlan('examples/board-fct.yaml'),
      runsRoot: root,
      batchId: 'LOT1',
      stationId: 'ST1',
      stage: 'DVT',
      enables: [],
      sns: Array.from({ length: units }, (_, i) => `S${i}`),
      sites: 4,
      duts: [{ host: '127.0.0.1', port: dut.port }],
      requirements: null,
      signal: new AbortController().signal,
    });
    return run.dir;
  } finally {
    await dut.close();
  }
}

describe('DuckDB store', () => {
  it('creates the schema once and records its version', async () => {
    const file = join(tmp(), 's.duckdb');
    const a = await DuckDbStore.open(file);
    await a.close();
    const b = await DuckDbStore.open(file);
    expect(await b.query('SELECT CAST(MAX(version) AS INTEGER) AS v, CAST(COUNT(*) AS INTEGER) AS n FROM schema_version')).toEqual([{ v: SCHEMA_VERSION, n: SCHEMA_VERSION }]);
    await b.close();
  });

  it('ingests a run directory with DuckDB\'s reader exactly as the records read it; again, it changes nothing', async () => {
    const dir = await runDir(12, new Script([{ sn: 'S3', cmd: 'READ_TEMP', data: { temp_c: 99 } }]));
    const records = await loadRunRecords(dir);
    const store = await openStore({ kind: 'duckdb', location: join(tmp(), 's.duckdb') });
    const first = await ingestRunDir(store, dir);
    expect(first).toMatchObject({ kind: 'mtap', runs: 1, units: 12, attempts: records.attempts.length, skippedUnits: 0 });
    expect(first.measurements).toBe(records.attempts.reduce((n, a) => n + a.measurements.length, 0));
    const again = await ingestRunDir(store, dir);
    expect(again).toMatchObject({ runs: 0, units: 0, attempts: 0, measurements: 0, skippedUnits: 12 });
    const byOutcome = await store.query(`SELECT sn, outcome, hard_bin, soft_bin FROM final_units ORDER BY sn`);
    expect(byOutcome).toEqual(
      records.units.map((u) => ({ sn: u.sn, outcome: u.outcome, hard_bin: u.hard_bin, soft_bin: u.soft_bin })).sort((a, b) => a.sn.localeCompare(b.sn)),
    );
    expect(await store.query(`SELECT outcome FROM final_units WHERE sn = 'S3'`)).toEqual([{ outcome: 'FAIL' }]);
    // The same rows as the JS path would give (the path PostgreSQL takes).
    const js = await openStore({ kind: 'duckdb', location: join(tmp(), 'js.duckdb') });
    await js.ingest(rowsOf(records.info, records.units, records.attempts));
    for (const t of ['units', 'attempts', 'measurements', 'runs']) {
      const sql = `SELECT * FROM ${t} ORDER BY ALL`;
      expect(await js.query(sql), t).toEqual(await store.query(sql));
    }
    await js.close();
    await store.close();
  });

  it('ingests a run directory written by the MTAP reference (schema v1 events.jsonl only)', async () => {
    const dir = join(tmp(), 'v1run');
    mkdirSync(dir);
    const ev = (sn: string, step: string, attempt: number, passed: boolean, code: string | null, value: unknown = null) =>
      JSON.stringify({
        schema_version: 1,
        timestamp: `2026-11-22T02:48:5${attempt}.062657+00:00`,
        run_id: '20261122T024853Z',
        batch_id: 'LOCAL',
        station_id: 'ST01',
        stage: 'EVT',
        sn,
        fw_version: '1.0.0',
        test_step: step,
        command: step.toUpperCase(),
        attempt,
        retry_count: attempt - 1,
        retries_allowed: 3,
        timeout_s: 2.0,
        backoff_ms: 200,
        duration_ms: 0,
        passed,
        error_code: code,
        measurement: value === null ? null : 'temp_c',
        value,
        units: null,
        message: 'OK',
        data: { step_name: step, req_ids: ['REQ-001'], will_retry: false, retry_reason: null, raw: {} },
      });
    writeFileSync(
      join(dir, 'events.jsonl'),
      [ev('SN1', 'ping', 1, true, null), ev('SN1', 'read_temp', 1, true, null, 25.1), ev('SN2', 'ping', 1, false, 'E_TIMEOUT'), ev('SN2', 'ping', 2, true, null), ev('SN2', 'read_temp', 1, false, 'LIMIT_FAIL', 99.0), '{"torn":'].join('\n'),
    );
    const store = await openStore({ kind: 'duckdb', location: join(tmp(), 's.duckdb') });
    const r = await ingestRunDir(store, dir);
    expect(r).toMatchObject({ kind: 'mtap-v1', runs: 1, units: 2, attempts: 5, measurements: 2 });
    expect(await store.query(`SELECT sn, outcome, deciding_step, attempts FROM units ORDER BY sn`)).toEqual([
      { sn: 'SN1', outcome: 'PASS', deciding_step: null, attempts: 2 },
      { sn: 'SN2', outcome: 'FAIL', deciding_step: 'read_temp', attempts: 3 },
    ]);
    expect(await store.query(`SELECT source, sn_count FROM runs`)).toEqual([{ source: 'mtap-v1', sn_count: 2 }]);
    expect((await ingestRunDir(store, dir)).units).toBe(0);
    await store.close();
  });

  it('a second process waits for the lock, then says the store is in use', async () => {
    const file = join(tmp(), 's.duckdb');
    const holder = await DuckDbStore.open(file);
    const { spawnSync } = await import('node:child_process');
    const code = `import('${process.cwd()}/dist/store/index.js').then(async (m) => { try { await m.DuckDbStore.open(${JSON.stringify(file)}, { lockWaitMs: 300 }); console.log('opened'); } catch (e) { console.log(e.code + ': ' + e.message); } })`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^E_STORE_LOCKED: the store .* is in use by another process/);
    await holder.close();
  });
});
