/**
 * `mtap analytics`: yields, Pareto, stratification, retests and capability over a run directory
 * (MTAP's `--run-dir`) or over the store (a batch, a station, a date range… or everything). The
 * numbers come from src/analytics, the same functions the report and the dashboard call.
 *
 * With `--run-dir`, the run is read from the store when the store holds all of it; otherwise (not
 * ingested, or the store is held by another process) the run directory is loaded into an in-memory
 * DuckDB with the same ingest and analysed with the same SQL, and stderr says so. MTAP's files are
 * then written under `<run-dir>/analytics/`. A run directory that does not exist is an error and
 * nothing is created (MTAP created it: bug 27).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  analyticsTables,
  compatFiles,
  COMPAT_PARETO_MODE,
  fullAnalytics,
  pareto,
  renderCsv,
  renderText,
  type AnalyticsFilter,
  type FullAnalytics,
  type ParetoMode,
} from '../analytics/index.js';
import { isMtapError, MtapError } from '../errors.js';
import { forEachJsonl, RUN_FILES, resolveRunsRoot } from '../record/index.js';
import { DuckDbStore, ingestRunDir, openStore, resolveStoreTarget, runDirKind, type Store } from '../store/index.js';

export interface AnalyticsFlags {
  runDir?: string;
  store?: string;
  runsDir?: string;
  batch?: string[];
  station?: string[];
  stage?: string[];
  firmware?: string[];
  planVersion?: string[];
  run?: string[];
  from?: string;
  to?: string;
  format: 'table' | 'json' | 'csv';
  pareto: ParetoMode;
}

const collect = (v: string, acc: string[] = []) => [...acc, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

function oneOf<T extends string>(flag: string, values: readonly T[]) {
  return (v: string): T => {
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new MtapError('E_USAGE', `${flag} must be one of ${values.join(', ')}, got "${v}"`);
  };
}

function filterOf(f: AnalyticsFlags): AnalyticsFilter {
  return { stations: f.station, stages: f.stage, batches: f.batch, firmware: f.firmware, planVersions: f.planVersion, runs: f.run, from: f.from, to: f.to };
}

interface Opened {
  store: Store;
  filter: AnalyticsFilter;
}

/** Unit executions a run directory records (units.jsonl), to tell whether the store has all of them. */
async function unitsInDir(dir: string): Promise<number> {
  const ids = new Set<string>();
  const file = join(dir, RUN_FILES.units);
  if (existsSync(file)) await forEachJsonl(file, (r) => typeof r.unit_exec_id === 'string' && ids.add(r.unit_exec_id));
  return ids.size;
}

function runIdOf(dir: string): string | null {
  try {
    const info = JSON.parse(readFileSync(join(dir, RUN_FILES.runInfo), 'utf8')) as { run_id?: unknown };
    return typeof info.run_id === 'string' ? info.run_id : null;
  } catch {
    return null; // unreadable run.json: the in-memory path reports what the ingest makes of it
  }
}

/** The store when it holds the whole run, else an in-memory DuckDB loaded from the run directory. */
async function openRunDir(dir: string, flags: AnalyticsFlags, stderr: NodeJS.WritableStream): Promise<Opened> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new MtapError('E_RUN_DIR', `no run directory at ${dir}`);
  const kind = runDirKind(dir);
  const extra = filterOf(flags);
  let reason = 'an MTAP v1 run directory (events.jsonl only)';
  const runId = kind === 'mtap' ? runIdOf(dir) : null;
  if (runId !== null) {
    const target = resolveStoreTarget({ flag: flags.store, runsRoot: dirname(dir) });
    reason = `the store ${target.location} does not exist`;
    if (target.kind === 'postgres' || existsSync(target.location)) {
      let store: Store | null = null;
      try {
        store = await openStore(target, { readOnly: true, lockWaitMs: 1000 });
        const [row] = await store.query<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM units WHERE run_id = $1', [runId]);
        const expected = await unitsInDir(dir);
        if (row && row.n === expected && expected > 0) return { store, filter: { ...extra, runs: [runId] } };
        reason = `the store ${store.location} holds ${row?.n ?? 0} of the run's ${expected} unit executions`;
      } catch (err) {
        if (!isMtapError(err) || (err.code !== 'E_STORE_LOCKED' && err.code !== 'E_STORE')) throw err;
        reason = err.message;
      }
      await store?.close();
    }
  }
  stderr.write(`mtap: analysing ${dir} in memory: ${reason}\n`);
  const memory = await DuckDbStore.open(':memory:');
  try {
    await ingestRunDir(memory, dir);
  } catch (err) {
    await memory.close();
    throw err;
  }
  return { store: memory, filter: runId === null ? extra : { ...extra, runs: [runId] } };
}

async function openTarget(flags: AnalyticsFlags): Promise<Opened> {
  const runsRoot = resolveRunsRoot({ ...(flags.runsDir !== undefined && { flag: flags.runsDir }), env: process.env, cwd: process.cwd() });
  const target = resolveStoreTarget({ flag: flags.store, runsRoot });
  if (target.kind === 'duckdb' && !existsSync(target.location)) {
    throw new MtapError('E_STORE', `no store at ${target.location}: ingest run directories first, or give --store or --run-dir`);
  }
  // Read-only: analytics never writes, and read-only DuckDB handles can be held by several readers.
  return { store: await openStore(target, { readOnly: true }), filter: filterOf(flags) };
}

export async function runAnalytics(flags: AnalyticsFlags, out: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<FullAnalytics> {
  const runDir = flags.runDir === undefined ? null : resolve(flags.runDir);
  const { store, filter } = runDir ? await openRunDir(runDir, flags, stderr) : await openTarget(flags);
  try {
    const a = await fullAnalytics(store, filter, { paretoMode: flags.pareto });
    if (flags.format === 'json') out.write(JSON.stringify(a, null, 2) + '\n');
    else if (flags.format === 'csv') out.write(renderCsv(analyticsTables(a)));
    else out.write(renderText(analyticsTables(a)));
    if (runDir) {
      // MTAP's files count every failed attempt in their Pareto (its meaning of the file).
      const compat = a.paretoMode === COMPAT_PARETO_MODE ? a : { ...a, paretoMode: COMPAT_PARETO_MODE, pareto: await pareto(store, filter, COMPAT_PARETO_MODE) };
      const dir = join(runDir, 'analytics');
      mkdirSync(dir, { recursive: true });
      const files = compatFiles(compat);
      for (const f of files) writeFileSync(join(dir, f.name), f.content);
      stderr.write(`mtap: wrote ${files.length} files to ${dir}\n`);
    }
    return a;
  } finally {
    await store.close();
  }
}

export function registerAnalytics(program: Command): void {
  program
    .command('analytics')
    .description('yields (first-pass, final, RTY), Pareto, stratification, retests and capability over a run directory or the store')
    .option('--run-dir <dir>', "analyse one run directory (and write MTAP's files under <dir>/analytics/)")
    .option('--store <target>', 'DuckDB file or postgres:// URL (env MTAP_STORE_URL, MTAP_STORE; default <runs root>/mtap.duckdb)')
    .option('--runs-dir <dir>', 'runs root, where the default store is (env MTAP_RUNS_DIR; default ./runs)')
    .option('--batch <id>', 'only these batches (repeat or comma-separate)', collect)
    .option('--station <id>', 'only these stations', collect)
    .option('--stage <name>', 'only these stages', collect)
    .option('--firmware <version>', 'only these firmware versions', collect)
    .option('--plan-version <v>', 'only these plan versions', collect)
    .option('--run <run_id>', 'only these runs', collect)
    .option('--from <YYYY-MM-DD>', 'first day (UTC) of units tested')
    .option('--to <YYYY-MM-DD>', 'last day (UTC) of units tested')
    .option('--format <format>', 'table, json or csv', oneOf('--format', ['table', 'json', 'csv'] as const), 'table')
    .option('--pareto <mode>', 'first: the deciding failure of each failing unit; all: every failed attempt', oneOf('--pareto', ['first', 'all'] as const), 'first')
    .action(async (flags: AnalyticsFlags) => {
      await runAnalytics(flags);
    });
}
