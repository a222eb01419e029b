/**
 * The store from the command line, as a user meets it: `mtap batch` forwarding to the default store
 * (and not, with --no-store), the store chosen by --store, MTAP_STORE and MTAP_STORE_URL, a store
 * that is held by another process or unreachable during a batch (testing goes on, said once, the
 * command that ships the rest printed), `mtap sync` and `mtap ingest` (an MTAP v1 run directory too),
 * and bad input that creates nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDut, type RunningDut } from '../../src/dut/index.js';
import { DuckDbStore } from '../../src/store/index.js';
import { freePort } from '../support/postgres.js';
import { cleanEnv, runCli } from '../support/proc.js';
import { runDirsUnder, runDirLedger } from '../support/stations.js';
import { makeV1RunDir } from '../store/helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'mtap-store-cli-'));
const SNS = Array.from({ length: 12 }, (_, i) => `ST${String(i + 1).padStart(3, '0')}`).join(',');

let dut: RunningDut;
beforeAll(async () => {
  dut = await startDut({ port: 0, profile: 'clean', seed: 3, env: {} });
});
afterAll(() => dut.close());

const mtap = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: cleanEnv(env), timeoutMs: 60_000 });
const batch = (root: string, extra: string[] = [], env: Record<string, string> = {}) =>
  mtap(['batch', '--dut', `127.0.0.1:${dut.port}`, '--plan', 'examples/board-fct.yaml', '--sns', SNS, '--runs-dir', root, ...extra], env);

/** Unit executions in a DuckDB store file (opened read-only, closed at once). */
async function storedUnits(file: string): Promise<number> {
  const s = await DuckDbStore.open(file, { readOnly: true });
  try {
    const [r] = await s.query<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM units');
    return r!.n;
  } finally {
    await s.close();
  }
}

/** Hold a DuckDB file from another process until `release()`. */
async function holdLock(file: string): Promise<{ release(): Promise<void>; child: ChildProcess }> {
  const code = `import('${process.cwd()}/dist/store/index.js').then(async (m) => {
    const s = await m.DuckDbStore.open(${JSON.stringify(file)});
    process.stdout.write('held\\n');
    process.stdin.on('data', async () => { await s.close(); process.exit(0); });
  })`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (c) => reject(new Error(`lock holder exited ${c}`)));
  });
  return {
    child,
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.write('go\n');
      }),
  };
}

describe('mtap batch and the store', () => {
  it('forwards to <runs root>/mtap.duckdb by default and says so; mtap sync then has nothing to do', async () => {
    const root = tmp();
    const r = await batch(root);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/ {2}store: 12 units, \d+ attempts, \d+ measurements → \S*mtap\.duckdb\n/);
    expect(await storedUnits(join(root, 'mtap.duckdb'))).toBe(12);
    const s = await mtap(['sync', '--runs-dir', root]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^nothing to sync: 1 run under \S+, all in \S*mtap\.duckdb\n$/);
  });

  it('--no-store writes no store; mtap sync ships the run later, once', async () => {
    const root = tmp();
    const r = await batch(root, ['--no-store']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).not.toMatch(/store:/);
    expect(existsSync(join(root, 'mtap.duckdb'))).toBe(false);
    const s = await mtap(['sync', '--runs-dir', root]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/syncing 1 run of 1 under \S+ to \S*mtap\.duckdb\n/);
    expect(s.stdout).toMatch(/synced 1 run: 12 units, \d+ attempts, \d+ measurements added; 0 runs up to date\n/);
    expect(await storedUnits(join(root, 'mtap.duckdb'))).toBe(12);
    expect((await mtap(['sync', '--runs-dir', root])).stdout).toMatch(/^nothing to sync/);
    expect(await storedUnits(join(root, 'mtap.duckdb'))).toBe(12);
  });

  it('--store and MTAP_STORE choose the DuckDB file (the flag wins)', async () => {
    const root = tmp();
    const elsewhere = join(tmp(), 'line.duckdb');
    const flagged = join(tmp(), 'flag.duckdb');
    expect([0, 1]).toContain((await batch(root, [], { MTAP_STORE: elsewhere })).code);
    expect(await storedUnits(elsewhere)).toBe(12);
    expect(existsSync(join(root, 'mtap.duckdb'))).toBe(false);
    expect([0, 1]).toContain((await batch(root, ['--store', flagged], { MTAP_STORE: elsewhere })).code);
    expect(await storedUnits(flagged)).toBe(12);
    expect(await storedUnits(elsewhere)).toBe(12);
  });

  it('a store held by another process for the whole batch: testing goes on, said once, and mtap sync ships the units after', async () => {
    const root = tmp();
    const file = join(root, 'mtap.duckdb');
    (await DuckDbStore.open(file)).close();
    const holder = await holdLock(file);
    let r;
    try {
      r = await batch(root);
    } finally {
      await holder.release();
    }
    expect([0, 1]).toContain(r.code);
    expect(runDirLedger(root).size).toBe(12); // the run directory has everything
    expect(r.stderr.match(/is in use by another process; finished units wait/g)).toHaveLength(1); // said once, not per flush
    expect(r.stderr).toMatch(/warning: 12 units of this run are not in the store \S*mtap\.duckdb.*ship them with: mtap sync --runs-dir \S+\n/);
    const s = await mtap(['sync', '--runs-dir', root]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/synced 1 run: 12 units/);
    expect(await storedUnits(file)).toBe(12);
  });

  it('MTAP_STORE_URL naming a PostgreSQL server that is not there: testing goes on, said once, nothing lost', async () => {
    const root = tmp();
    const url = `postgres://mtap:secret@127.0.0.1:${await freePort()}/factory`;
    const r = await batch(root, [], { MTAP_STORE_URL: url });
    expect([0, 1]).toContain(r.code);
    expect(runDirLedger(root).size).toBe(12);
    expect(r.stderr.match(/testing goes on/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/connection refused/);
    expect(r.stderr).toMatch(/ship them with: mtap sync --runs-dir \S+\n/); // the store comes from the environment
    expect(r.stderr).not.toMatch(/secret/); // the password is never printed
    expect(existsSync(join(root, 'mtap.duckdb'))).toBe(false);
  });
});

describe('mtap ingest', () => {
  it('loads mtap and MTAP v1 run directories; again, it adds nothing', async () => {
    const root = tmp();
    expect([0, 1]).toContain((await batch(root, ['--no-store'])).code);
    const [run] = runDirsUnder(root);
    const v1 = makeV1RunDir(tmp());
    const store = join(tmp(), 'history.duckdb');
    const r = await mtap(['ingest', run!, v1, '--store', store]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ingesting 2 run directories into \S*history\.duckdb\n/);
    expect(r.stdout).toMatch(/v1run \(MTAP v1\): 2 units, 5 attempts/);
    expect(r.stdout).toMatch(/ingested 2 runs: 14 units, \d+ attempts, \d+ measurements added; 0 units already stored\n/);
    expect(await storedUnits(store)).toBe(14);
    const again = await mtap(['ingest', run!, v1, '--store', store]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 units, 0 attempts, 0 measurements added; 14 units already stored\n/);
    expect(await storedUnits(store)).toBe(14);
  });

  it('a path that is no run directory: one message, exit 2, no store created', async () => {
    const dir = tmp();
    const store = join(dir, 'never.duckdb');
    const r = await mtap(['ingest', join(dir, 'missing'), '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing: no such file or directory/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const empty = await mtap(['ingest', dir, '--store', store]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/is not a run directory .* and holds none/);
    expect(existsSync(store)).toBe(false);
  });

  it('mtap sync without a runs root says so, exit 2', async () => {
    const r = await mtap(['sync', '--runs-dir', join(tmp(), 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no runs root at \S+/);
  });
});
