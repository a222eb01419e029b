/**
 * `mtap ingest <run-dir…>` and `mtap sync`: run directories into the results store; and the
 * forwarding that `mtap batch` and `mtap demo` do while they test (src/store/forward.ts).
 *
 * The store: `--store` (a DuckDB file or a postgres:// URL), else MTAP_STORE_URL, else MTAP_STORE,
 * else `<runs root>/mtap.duckdb`. Exit status: 0 done, 2 bad input (a path that is no run directory),
 * 3 the store cannot be used.
 */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { EXIT, isMtapError, MtapError } from '../errors.js';
import type { RunHooks } from '../exec/index.js';
import { resolveRunsRoot } from '../record/index.js';
import { redactUrl, resolveStoreTarget, type StoreTarget } from '../store/open.js';
import type { ForwardReport, StoreForwarder } from '../store/forward.js';
import type { IngestResult } from '../store/merge.js';
import type { Store } from '../store/store.js';
import type { ShipResult } from '../store/sync.js';

interface StoreFlags {
  store?: string;
  runsDir?: string;
}

const shown = (p: string) => relative(process.cwd(), p) || p;
const where = (t: StoreTarget) => (t.kind === 'postgres' ? redactUrl(t.location) : shown(t.location));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const countsText = (r: IngestResult) => `${plural(r.units, 'unit')}, ${plural(r.attempts, 'attempt')}, ${plural(r.measurements, 'measurement')}`;

function targetOf(flags: StoreFlags): { target: StoreTarget; runsRoot: string } {
  const runsRoot = resolveRunsRoot({ ...(flags.runsDir !== undefined && { flag: flags.runsDir }), env: process.env, cwd: process.cwd() });
  const target = resolveStoreTarget({ ...(flags.store !== undefined && { flag: flags.store }), runsRoot });
  if (target.kind === 'postgres') {
    try {
      new URL(target.location);
    } catch {
      throw new MtapError('E_USAGE', `--store: ${redactUrl(target.location)} is not a valid URL`);
    }
  }
  return { target, runsRoot };
}

async function openFor(target: StoreTarget): Promise<Store> {
  const { openStore } = await import('../store/open.js');
  return openStore(target);
}

/** Ship each run directory; per-directory problems are reported and the rest go on. */
async function shipAll(store: Store, dirs: readonly string[], all: boolean): Promise<{ total: IngestResult; shipped: number; upToDate: number; failed: MtapError[] }> {
  const { shipRunDir } = await import('../store/sync.js');
  const total: IngestResult = { runs: 0, units: 0, attempts: 0, measurements: 0, skippedUnits: 0 };
  let shipped = 0;
  let upToDate = 0;
  const failed: MtapError[] = [];
  for (const dir of dirs) {
    let r: ShipResult;
    try {
      r = await shipRunDir(store, dir, { all });
    } catch (err) {
      // The store failing stops everything; a bad run directory is reported and skipped.
      if (!isMtapError(err) || err.code === 'E_STORE' || err.code === 'E_STORE_LOCKED') throw err;
      process.stderr.write(`mtap: ${err.message} (skipped)\n`);
      failed.push(err);
      continue;
    }
    if (r.upToDate) {
      upToDate++;
      continue;
    }
    shipped++;
    for (const k of ['runs', 'units', 'attempts', 'measurements', 'skippedUnits'] as const) total[k] += r[k];
    const v1 = r.kind === 'mtap-v1' ? ' (MTAP v1)' : '';
    const already = r.skippedUnits ? `; ${plural(r.skippedUnits, 'unit')} already stored` : '';
    process.stdout.write(`  ${shown(dir)}${v1}: ${countsText(r)}${already}\n`);
  }
  return { total, shipped, upToDate, failed };
}

/** The worst problem's exit status, once everything else was done. */
function exitFor(failed: readonly MtapError[]): number {
  return failed.reduce<number>((code, e) => Math.max(code, e.exitCode), EXIT.OK);
}

export function registerStore(program: Command): void {
  program
    .command('ingest')
    .description('load run directories (mtap or MTAP v1) into the results store; a runs root loads every run under it')
    .argument('<run-dir...>', 'run directories, or runs roots (every run directory under it)')
    .option('--store <path|url>', 'the store: a DuckDB file or a postgres:// URL (env MTAP_STORE_URL, MTAP_STORE; default <runs root>/mtap.duckdb)')
    .option('--runs-dir <dir>', 'the runs root, for the default store location (env MTAP_RUNS_DIR; default ./runs)')
    .action(async (paths: string[], flags: StoreFlags) => {
      const { target } = targetOf(flags);
      const { runDirsOf } = await import('../store/sync.js');
      // Every path is checked before the store is touched: a typo loads nothing.
      const dirs = [...new Set(paths.flatMap((p) => runDirsOf(p)))];
      const store = await openFor(target);
      try {
        process.stdout.write(`ingesting ${plural(dirs.length, 'run directory', 'run directories')} into ${where(target)}\n`);
        const r = await shipAll(store, dirs, true);
        process.stdout.write(
          `ingested ${plural(r.shipped, 'run')}: ${countsText(r.total)} added; ${plural(r.total.skippedUnits, 'unit')} already stored` +
            (r.failed.length ? `; ${r.failed.length} skipped (see above)` : '') +
            '\n',
        );
        process.exitCode = exitFor(r.failed);
      } finally {
        await store.close();
      }
    });

  program
    .command('sync')
    .description('ship to the results store every run under the runs root that has unit executions not yet in it (what a batch left pending)')
    .option('--store <path|url>', 'the store: a DuckDB file or a postgres:// URL (env MTAP_STORE_URL, MTAP_STORE; default <runs root>/mtap.duckdb)')
    .option('--runs-dir <dir>', 'the runs root (env MTAP_RUNS_DIR; default ./runs)')
    .action(async (flags: StoreFlags) => {
      const { target, runsRoot } = targetOf(flags);
      const { listRunDirs, pendingRunDirs } = await import('../store/sync.js');
      const { existsSync, statSync } = await import('node:fs');
      if (!existsSync(runsRoot) || !statSync(runsRoot).isDirectory()) {
        throw new MtapError('E_USAGE', `no runs root at ${shown(runsRoot)} (give --runs-dir, or set MTAP_RUNS_DIR)`);
      }
      const location = target.kind === 'postgres' ? redactUrl(target.location) : target.location;
      const pending = await pendingRunDirs(runsRoot, location);
      const all = listRunDirs(runsRoot).length;
      if (pending.length === 0) {
        process.stdout.write(`nothing to sync: ${plural(all, 'run')} under ${shown(runsRoot)}, all in ${where(target)}\n`);
        return;
      }
      const store = await openFor(target);
      try {
        process.stdout.write(`syncing ${plural(pending.length, 'run')} of ${all} under ${shown(runsRoot)} to ${where(target)}\n`);
        const r = await shipAll(store, pending, false);
        process.stdout.write(
          `synced ${plural(r.shipped, 'run')}: ${countsText(r.total)} added` +
            (r.total.skippedUnits ? `; ${plural(r.total.skippedUnits, 'unit')} already stored` : '') +
            `; ${plural(all - r.shipped - r.failed.length, 'run')} up to date` +
            (r.failed.length ? `; ${r.failed.length} skipped (see above)` : '') +
            '\n',
        );
        process.exitCode = exitFor(r.failed);
      } finally {
        await store.close();
      }
    });
}

// ---- forwarding from mtap batch / mtap demo -------------------------------------------------------

/** What `mtap batch` and `mtap demo` do with the store; a no-op with --no-store. */
export interface Forwarding {
  /** The run's hooks with the forwarder's added. */
  wrap(hooks: RunHooks): RunHooks;
  /** After the run (or its failure): the last flush and the catch-up. Idempotent. */
  finish(): Promise<void>;
  /** Say where the results went, or what is pending and how to ship it. */
  report(out: NodeJS.WritableStream): void;
}

const NO_FORWARDING: Forwarding = { wrap: (h) => h, finish: async () => undefined, report: () => undefined };

/** `--store` as commander gives it: a value, `false` for --no-store, undefined for the default. */
export async function storeForwarding(flag: string | false | undefined, runsRoot: string): Promise<Forwarding> {
  if (flag === false) return NO_FORWARDING;
  const { target } = targetOf({ ...(flag !== undefined && { store: flag }), runsDir: runsRoot });
  const { StoreForwarder } = await import('../store/forward.js');
  const fwd: StoreForwarder = new StoreForwarder({ target, runsRoot, warn: (line) => process.stderr.write(`warning: ${line}\n`) });
  await fwd.prepare();
  let result: ForwardReport | null = null;
  return {
    wrap: (hooks) => combineHooks(hooks, fwd.hooks()),
    finish: async () => {
      result ??= await fwd.finish();
    },
    report: (out) => {
      if (!result) return;
      const r = result;
      const caught = r.caughtUp.units ? ` (and ${plural(r.caughtUp.units, 'unit')} of ${plural(r.caughtUp.runs, 'earlier run')} that were pending)` : '';
      if (r.pendingUnits === 0) {
        if (r.shipped.units + r.caughtUp.units + r.shipped.skippedUnits > 0) out.write(`  store: ${countsText(r.shipped)} → ${where(target)}${caught}\n`);
        return;
      }
      const storeFlag = flag !== undefined ? ` --store ${target.kind === 'postgres' ? `'${redactUrl(target.location)}'` : shown(target.location)}` : '';
      const pw = storeFlag.includes(':***@') ? ' (with the password)' : '';
      const reason = r.error ? `: ${r.error.replace(/^cannot use the store \S+: /, '').replace(/^ingest into \S+ failed: /, '')}` : '';
      process.stderr.write(
        `warning: ${plural(r.pendingUnits, 'unit')} of this run ${r.pendingUnits === 1 ? 'is' : 'are'} not in the store ${where(target)}${reason}. ` +
          `The run directory has them; ship them with: mtap sync --runs-dir ${shown(runsRoot)}${storeFlag}${pw}\n`,
      );
    },
  };
}

/** Both sets of hooks, each called in turn. */
export function combineHooks(a: RunHooks, b: RunHooks): RunHooks {
  return {
    onRunStart: (run) => {
      a.onRunStart?.(run);
      b.onRunStart?.(run);
    },
    onUnitStart: (sn, site) => {
      a.onUnitStart?.(sn, site);
      b.onUnitStart?.(sn, site);
    },
    onAttempt: (e) => {
      a.onAttempt?.(e);
      b.onAttempt?.(e);
    },
    onUnitEnd: (u) => {
      a.onUnitEnd?.(u);
      b.onUnitEnd?.(u);
    },
    onBatchEnd: () => {
      a.onBatchEnd?.();
      b.onBatchEnd?.();
    },
  };
}
