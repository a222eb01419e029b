/**
 * The forwarder over real runs against the simulator: batched (few transactions for many units), a
 * DuckDB file held by another process (units wait, then land), a store that fails and comes back,
 * more units waiting than it holds, and the catch-up of runs earlier batches left pending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MtapError } from '../../src/errors.js';
import { DuckDbStore, openStore, type Store, type StoreTarget } from '../../src/store/index.js';
import { StoreForwarder, type ForwarderOptions, type ForwardReport } from '../../src/store/forward.js';
import { readSyncBook, shipRunDir } from '../../src/store/sync.js';
import { counts, jsonl, makeRunDir, tmp, type RunDirOptions } from './helpers.js';

/** A store whose ingests are counted, and which fails while `down()` says so. */
function instrumented(down: () => boolean = () => false) {
  const stats = { opens: 0, ingests: 0, unitsPerIngest: [] as number[] };
  const open: NonNullable<ForwarderOptions['open']> = async (t, o) => {
    stats.opens++;
    if (down()) throw new MtapError('E_STORE', `cannot use the store ${t.location}: connection refused`);
    const s = await openStore(t, o);
    const wrapped: Store = {
      kind: s.kind,
      location: s.location,
      query: (sql, params) => s.query(sql, params),
      ingest: (rows) => {
        stats.ingests++;
        stats.unitsPerIngest.push(rows.units.length);
        return s.ingest(rows);
      },
      close: () => s.close(),
    };
    return wrapped;
  };
  return { stats, open };
}

async function forwardedRun(o: RunDirOptions & { target: StoreTarget; fwd?: Partial<ForwarderOptions> }): Promise<{ dir: string; report: ForwardReport; warnings: string[] }> {
  const warnings: string[] = [];
  const root = o.root ?? tmp();
  const fwd = new StoreForwarder({ target: o.target, runsRoot: root, warn: (l) => warnings.push(l), ...o.fwd });
  await fwd.prepare();
  let dir: string;
  try {
    dir = await makeRunDir({ ...o, root, hooks: fwd.hooks() });
  } catch (err) {
    await fwd.finish();
    throw err;
  }
  return { dir, report: await fwd.finish(), warnings };
}

const duckTarget = (root: string): StoreTarget => ({ kind: 'duckdb', location: join(root, 'mtap.duckdb') });

async function storedCounts(file: string) {
  const s = await DuckDbStore.open(file);
  try {
    const c = await counts(s);
    const [d] = await s.query<{ n: number }>('SELECT CAST(COUNT(DISTINCT unit_exec_id) AS INTEGER) AS n FROM units');
    return { ...c, distinctUnits: d!.n };
  } finally {
    await s.close();
  }
}

/** What a run directory holds: its ended executions and their attempts. */
function runDirCounts(dir: string) {
  const units = jsonl(join(dir, 'units.jsonl'));
  const ended = new Set(units.map((u) => u.unit_exec_id));
  const attempts = jsonl(join(dir, 'events.jsonl')).filter((e) => ended.has(e.unit_exec_id));
  return { units: units.length, attempts: attempts.length };
}

/** Hold the DuckDB file from another process until `release()`. */
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

describe('StoreForwarder', () => {
  it('many units go in few transactions, every one of them, and the bookkeeping says so', async () => {
    const root = tmp();
    const target = duckTarget(root);
    const { stats, open } = instrumented();
    const started = Date.now();
    const { dir, report, warnings } = await forwardedRun({ root, target, units: 300, sites: 16, fast: true, fwd: { open, intervalMs: 1000 } });
    const elapsed = Date.now() - started;
    const onDisk = runDirCounts(dir);
    expect(onDisk.units).toBe(300);
    expect(await storedCounts(target.location)).toMatchObject({ units: 300, distinctUnits: 300, attempts: onDisk.attempts });
    // One ingest per flush, far fewer than units, each carrying many.
    expect(stats.ingests).toBe(report.flushes);
    expect(stats.ingests).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 2); // one per interval at most, and the last
    expect(stats.ingests).toBeLessThanOrEqual(30); // ≥ 10 units a transaction on average
    expect(stats.unitsPerIngest.reduce((a, b) => a + b, 0)).toBe(300);
    expect(report).toMatchObject({ pendingUnits: 0, failedFlushes: 0, shipped: { units: 300, attempts: onDisk.attempts } });
    expect(warnings).toEqual([]);
    expect((await readSyncBook(dir)).stores[target.location]).toMatchObject({ file: 'units.jsonl', lines: 300, bytes: readFileSync(join(dir, 'units.jsonl')).length });
  });

  it('a DuckDB file held by another process during the batch: units wait, then land; nothing lost or doubled', async () => {
    const root = tmp();
    const target = duckTarget(root);
    (await DuckDbStore.open(target.location)).close(); // created, so the holder opens it at once
    const holder = await holdLock(target.location);
    let released = false;
    const warnings: string[] = [];
    let releasedAtUnit = 0;
    let units = 0;
    const fwd = new StoreForwarder({
      target,
      runsRoot: root,
      intervalMs: 100,
      lockWaitMs: 20,
      // Let go of the file a little after the forwarder found it held: the batch is still running.
      warn: (l) => {
        warnings.push(l);
        if (/in use by another process/.test(l)) {
          setTimeout(() => {
            releasedAtUnit = units;
            void holder.release().then(() => (released = true));
          }, 300);
        }
      },
    });
    await fwd.prepare();
    const hooks = fwd.hooks();
    const dir = await makeRunDir({ root, units: 150, sites: 2, hooks: { ...hooks, onUnitEnd: (u) => (units++, hooks.onUnitEnd!(u)) } });
    const report = await fwd.finish();
    expect(released).toBe(true);
    expect(releasedAtUnit).toBeGreaterThan(0);
    expect(releasedAtUnit).toBeLessThan(150); // while the batch ran
    expect(report.lockedFlushes).toBeGreaterThan(0);
    expect(report.flushes).toBeGreaterThan(0);
    expect(report.pendingUnits).toBe(0);
    expect(warnings.filter((l) => /in use by another process/.test(l))).toHaveLength(1); // said once
    const onDisk = runDirCounts(dir);
    expect(onDisk.units).toBe(150);
    expect(await storedCounts(target.location)).toMatchObject({ units: 150, distinctUnits: 150, attempts: onDisk.attempts });
  });

  it('a DuckDB file held past the end: the units are pending, and sync ships exactly them later', async () => {
    const root = tmp();
    const target = duckTarget(root);
    (await DuckDbStore.open(target.location)).close();
    const holder = await holdLock(target.location);
    const { dir, report } = await forwardedRun({ root, target, units: 20, fast: true, fwd: { intervalMs: 200, lockWaitMs: 20, finalLockWaitMs: 100 } });
    await holder.release();
    expect(report.pendingUnits).toBe(20);
    expect(report.error).toMatch(/in use by another process/);
    const store = await DuckDbStore.open(target.location);
    expect(await shipRunDir(store, dir)).toMatchObject({ units: 20, skippedUnits: 0 });
    expect((await shipRunDir(store, dir)).upToDate).toBe(true);
    await store.close();
  });

  it('a store that fails and comes back: said once each way; every unit lands once', async () => {
    const root = tmp();
    const target = duckTarget(root);
    let down = true;
    let units = 0;
    let backAtUnit = 0;
    const { open } = instrumented(() => down);
    const warnings: string[] = [];
    const fwd = new StoreForwarder({
      target,
      runsRoot: root,
      open,
      intervalMs: 100,
      // Back a little after the first failure was reported, while the batch still runs.
      warn: (l) => {
        warnings.push(l);
        if (/testing goes on/.test(l)) setTimeout(() => ((down = false), (backAtUnit = units)), 300);
      },
    });
    await fwd.prepare();
    const hooks = fwd.hooks();
    const dir = await makeRunDir({ root, units: 150, sites: 2, hooks: { ...hooks, onUnitEnd: (u) => (units++, hooks.onUnitEnd!(u)) } });
    const report = await fwd.finish();
    expect(backAtUnit).toBeGreaterThan(0);
    expect(backAtUnit).toBeLessThan(150);
    expect(report.failedFlushes).toBeGreaterThan(0);
    expect(report.pendingUnits).toBe(0);
    expect(warnings.filter((w) => /connection refused; testing goes on/.test(w))).toHaveLength(1);
    expect(warnings.filter((w) => /reachable again/.test(w))).toHaveLength(1);
    const onDisk = runDirCounts(dir);
    expect(await storedCounts(target.location)).toMatchObject({ units: 150, distinctUnits: 150, attempts: onDisk.attempts });
  });

  it('more units waiting than it holds: the rest are read from the run directory at the end', async () => {
    const root = tmp();
    const target = duckTarget(root);
    let down = true;
    const { open } = instrumented(() => down);
    const warnings: string[] = [];
    const fwd = new StoreForwarder({ target, runsRoot: root, warn: (l) => warnings.push(l), open, intervalMs: 100, maxHeldUnits: 5 });
    await fwd.prepare();
    const dir = await makeRunDir({ root, units: 40, fast: true, hooks: fwd.hooks() });
    down = false;
    const report = await fwd.finish();
    expect(warnings.some((w) => /more than 5 units waiting/.test(w))).toBe(true);
    expect(report).toMatchObject({ pendingUnits: 0, caughtUp: { runs: 1, units: 40 } });
    expect(await storedCounts(target.location)).toMatchObject({ units: 40, distinctUnits: 40, attempts: runDirCounts(dir).attempts });
  });

  it('the next batch ships what an earlier one left pending', async () => {
    const root = tmp();
    const target = duckTarget(root);
    const first = await forwardedRun({ root, target, units: 10, fast: true, fwd: { open: instrumented(() => true).open } });
    expect(first.report.pendingUnits).toBe(10);
    const second = await forwardedRun({ root, target, units: 12, fast: true });
    expect(second.report).toMatchObject({ pendingUnits: 0, shipped: { units: 12 }, caughtUp: { runs: 1, units: 10 } });
    expect(await storedCounts(target.location)).toMatchObject({ runs: 2, units: 22, distinctUnits: 22 });
    expect((await readSyncBook(first.dir)).stores[target.location]).toMatchObject({ lines: 10 });
  });

  it('a resumed run: units of the earlier invocation that were never forwarded are shipped at the end', async () => {
    const root = tmp();
    const target = duckTarget(root);
    const warnings: string[] = [];
    const fwd = new StoreForwarder({ target, runsRoot: root, warn: (l) => warnings.push(l) });
    await fwd.prepare();
    // The forwarder sees only the resumed invocation (the first ran as with --no-store).
    let invocation = 0;
    const hooks = fwd.hooks();
    const dir = await makeRunDir({
      root,
      units: 16,
      abortAfter: 6,
      hooks: {
        onRunStart: (r) => {
          if (++invocation === 2) hooks.onRunStart!(r);
        },
        onAttempt: (e) => invocation === 2 && hooks.onAttempt!(e),
        onUnitEnd: (u) => invocation === 2 && hooks.onUnitEnd!(u),
      },
    });
    const report = await fwd.finish();
    const onDisk = runDirCounts(dir);
    expect(report.pendingUnits).toBe(0);
    expect(await storedCounts(target.location)).toMatchObject({ units: onDisk.units, distinctUnits: onDisk.units, attempts: onDisk.attempts });
  });
});
