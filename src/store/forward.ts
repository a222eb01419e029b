/**
 * Forwarding a batch's finished units to the store, off the hot path. The run directory is written
 * first and stays the truth; the store gets copies in batches:
 *
 * - The batch hands over attempts and unit records as they happen (RunHooks); nothing else is done
 *   in the request loop. Every `intervalMs` (or sooner when `maxUnits` are waiting) a flush ships the
 *   units whose line is in units.jsonl — durable, so the store never holds a unit the run directory
 *   lacks — as one ingest, one transaction.
 * - DuckDB: the file is opened only for a flush and closed after it, so other processes (analytics,
 *   the dashboard) can open it between flushes. Found locked, the units wait for the next flush.
 * - PostgreSQL: one connection for the batch. Unreachable or failing mid-flush, testing goes on, the
 *   units stay pending (said once on stderr) and are retried with backoff.
 * - At the end: a last flush, then what earlier batches left pending for this store under the runs
 *   root is shipped too. What still cannot be shipped is reported with the command that ships it
 *   (`mtap sync`); the batch's exit status never depends on the store.
 *
 * `<run-dir>/store-sync.json` records what was shipped (sync.ts), so `mtap sync` reads only the rest.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunHooks } from '../exec/index.js';
import { isMtapError } from '../errors.js';
import { readRunInfo, RUN_FILES, type AttemptEvent, type RunInfo, type UnitRecord } from '../record/index.js';
import type { IngestResult } from './merge.js';
import { redactUrl, type StoreTarget } from './open.js';
import { attemptRow, emptyRows, measurementRows, runRow, unitRow, type Rows } from './rows.js';
import type { Store } from './store.js';
import type * as SyncModule from './sync.js';

export interface ForwarderOptions {
  target: StoreTarget;
  /** Where earlier batches' run directories are (what they left pending is shipped at the end). */
  runsRoot: string;
  /** A line for people (stderr). Each kind of trouble is said once, and its end once. */
  warn: (line: string) => void;
  /** Flush at least this often (ms). */
  intervalMs?: number;
  /** Flush sooner once this many ended units wait. */
  maxUnits?: number;
  /** Units held in memory at most while the store is away; beyond, the end of the batch reads them from the run directory. */
  maxHeldUnits?: number;
  /** How long a flush may wait for a DuckDB file another process holds (ms); the last flush waits `finalLockWaitMs`. */
  lockWaitMs?: number;
  finalLockWaitMs?: number;
  /** Give up on a flush that takes longer (ms): a server that stopped answering must not hold the batch's end. */
  flushTimeoutMs?: number;
  /** Opening the store (tests count and fail flushes through it). */
  open?: (target: StoreTarget, o: { lockWaitMs: number }) => Promise<Store>;
}

export interface ForwardReport {
  /** The store, as messages name it (password redacted). */
  location: string;
  /** What this batch's flushes added to the store. */
  shipped: IngestResult;
  /** Successful flushes (each one ingest, one transaction), and failed ones. */
  flushes: number;
  failedFlushes: number;
  /** Flushes put off because another process held the DuckDB file. */
  lockedFlushes: number;
  /** Units of this run not in the store at the end. */
  pendingUnits: number;
  /** Units that earlier batches (or this one, beyond what it held in memory) left pending, shipped at the end. */
  caughtUp: { runs: number; units: number };
  /** Why the store could not be used, if it could not. */
  error: string | null;
}

interface Ready {
  unit: UnitRecord;
  attempts: AttemptEvent[];
}

const zero = (): IngestResult => ({ runs: 0, units: 0, attempts: 0, measurements: 0, skippedUnits: 0 });

export class StoreForwarder {
  private readonly o: Required<Omit<ForwarderOptions, 'open'>> & Pick<ForwarderOptions, 'open'>;
  readonly location: string;
  private mods: { open: typeof import('./open.js'); sync: typeof SyncModule } | null = null;

  private dir: string | null = null;
  private info: RunInfo | null = null;
  /** units.jsonl as it was when the run started (a resumed run's earlier lines), and how far it was read since. */
  private start: Promise<void> | null = null;
  private read = { lines: 0, bytes: 0 };
  /** Attempts of executions in flight, ended units not yet seen in units.jsonl, and durable units not yet shipped. */
  private attempts = new Map<string, AttemptEvent[]>();
  private ended = new Map<string, UnitRecord>();
  private ready: Ready[] = [];
  /** The store holds units.jsonl from the top through `read` (so the bookkeeping may say so). */
  private prefixShipped = false;
  /** Too much waited while the store was away: memory was let go; the end reads the run directory. */
  private overflowed = false;

  private store: Store | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private finishing = false;
  private finished: Promise<ForwardReport> | null = null;
  private retryAt = 0;
  private failures = 0;
  private troubleSaid: string | null = null;
  private report: ForwardReport;

  constructor(o: ForwarderOptions) {
    this.o = {
      intervalMs: 1500,
      maxUnits: 500,
      maxHeldUnits: 20_000,
      lockWaitMs: 200,
      finalLockWaitMs: 5000,
      flushTimeoutMs: 30_000,
      ...o,
    };
    this.location = o.target.kind === 'postgres' ? redactUrl(o.target.location) : o.target.location;
    this.report = { location: this.location, shipped: zero(), flushes: 0, failedFlushes: 0, lockedFlushes: 0, pendingUnits: 0, caughtUp: { runs: 0, units: 0 }, error: null };
  }

  /**
   * Load the store's modules before testing starts: DuckDB's native library takes a good part of a
   * second to load, which must not stall the request loop mid-batch.
   */
  async prepare(): Promise<void> {
    const [open, sync] = await Promise.all([import('./open.js'), import('./sync.js')]);
    if (this.o.target.kind === 'postgres') await import('./postgres.js');
    this.mods = { open, sync };
  }

  /** The hooks to give the run; they only file records in memory. */
  hooks(): RunHooks {
    return {
      onRunStart: ({ dir }) => {
        this.dir = dir;
        // Where this invocation's units begin, taken now, before any of them can end (a resumed
        // run's file was repaired to a whole line already).
        const file = join(dir, RUN_FILES.units);
        this.read = { lines: 0, bytes: existsSync(file) ? statSync(file).size : 0 };
        this.start = this.readStart(dir, this.read.bytes);
        this.start.catch(() => undefined);
        this.timer = setInterval(() => void this.flush(), this.o.intervalMs);
        this.timer.unref();
      },
      onAttempt: (e) => {
        if (this.overflowed) return;
        const list = this.attempts.get(e.unit_exec_id);
        if (list) list.push(e);
        else this.attempts.set(e.unit_exec_id, [e]);
      },
      onUnitEnd: (u) => {
        if (this.overflowed) return;
        this.ended.set(u.unit_exec_id, u);
        if (this.ended.size + this.ready.length > this.o.maxHeldUnits) return this.overflow();
        if (this.ended.size >= this.o.maxUnits && !this.flushing) setImmediate(() => void this.flush());
      },
    };
  }

  private async readStart(dir: string, bytes: number): Promise<void> {
    const sync = this.modules().sync;
    this.read.lines = (await sync.scanLinesFrom(join(dir, RUN_FILES.units), 0, undefined, bytes)).lines;
    // A resumed run whose earlier lines are all in the store: this batch's flushes extend that prefix.
    const mark = (await sync.readSyncBook(dir)).stores[this.location];
    this.prefixShipped = bytes === 0 || (mark !== undefined && mark.file === RUN_FILES.units && mark.bytes >= bytes);
    this.info = await readRunInfo(dir);
  }

  private overflow(): void {
    this.overflowed = true;
    this.prefixShipped = false;
    this.attempts.clear();
    this.ended.clear();
    this.ready = [];
    this.o.warn(`store ${this.location}: more than ${this.o.maxHeldUnits} units waiting; the rest of this run will be shipped from its run directory at the end (or by mtap sync)`);
  }

  private modules(): { open: typeof import('./open.js'); sync: typeof SyncModule } {
    if (!this.mods) throw new Error('StoreForwarder.prepare() was not awaited');
    return this.mods;
  }

  /** Ship what is durable and waiting. Never throws; one flush at a time. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!this.finishing && Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (!this.dir || !this.start || this.overflowed) return;
    try {
      await this.start;
      await this.collectDurable(this.dir);
    } catch (err) {
      return this.trouble(err);
    }
    if (this.ready.length === 0) return;
    const batch = this.ready;
    const through = { ...this.read };
    try {
      const counts = await this.withStore((store) => store.ingest(this.rowsOf(batch)));
      this.ready = this.ready.slice(batch.length);
      this.report.flushes++;
      this.report.shipped = add(this.report.shipped, counts);
      this.recovered();
      if (this.prefixShipped) await this.modules().sync.recordShipped(this.dir, this.location, { file: RUN_FILES.units, ...through }).catch(() => undefined);
    } catch (err) {
      this.report.failedFlushes++;
      this.trouble(err);
    }
  }

  /** Move the ended units whose line has reached units.jsonl to `ready`, in file order. */
  private async collectDurable(dir: string): Promise<void> {
    const at = await this.modules().sync.scanLinesFrom(join(dir, RUN_FILES.units), this.read.bytes, (line) => {
      const id = execIdOf(line);
      const unit = id === null ? undefined : this.ended.get(id);
      if (!unit || id === null) {
        this.prefixShipped = false; // a line this process did not see end: left to the end's catch-up
        return;
      }
      this.ended.delete(id);
      this.ready.push({ unit, attempts: this.attempts.get(id) ?? [] });
      this.attempts.delete(id);
    });
    this.read = { lines: this.read.lines + at.lines, bytes: at.end };
  }

  private rowsOf(batch: readonly Ready[]): Rows {
    const rows = emptyRows();
    if (this.info) rows.runs.push(runRow(this.info));
    for (const { unit, attempts } of batch) {
      rows.units.push(unitRow(unit));
      for (const a of attempts) {
        rows.attempts.push(attemptRow(a));
        for (const m of measurementRows(a)) rows.measurements.push(m);
      }
    }
    return rows;
  }

  /**
   * Run `work` on the store. DuckDB is opened for it and closed after (checkpointed first, so the
   * close does not write in the event loop); PostgreSQL stays connected between flushes.
   */
  private async withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const open = this.o.open ?? ((t, o) => this.modules().open.openStore(t, o));
    const lockWaitMs = this.finishing ? this.o.finalLockWaitMs : this.o.lockWaitMs;
    const duck = this.o.target.kind === 'duckdb';
    const run = async () => {
      this.store ??= await open(this.o.target, { lockWaitMs });
      const store = this.store;
      try {
        const result = await work(store);
        if (duck) await store.query('CHECKPOINT');
        return result;
      } finally {
        if (duck) await this.dropStore();
      }
    };
    try {
      return await deadline(run(), this.o.flushTimeoutMs, `no answer within ${Math.round(this.o.flushTimeoutMs / 1000)} s`);
    } catch (err) {
      await this.dropStore(); // a PostgreSQL connection that failed is opened afresh next time
      throw err;
    }
  }

  private async dropStore(): Promise<void> {
    const store = this.store;
    this.store = null;
    await store?.close().catch(() => undefined);
  }

  private trouble(err: unknown): void {
    const locked = isMtapError(err) && err.code === 'E_STORE_LOCKED';
    const reason = err instanceof Error ? err.message : String(err);
    this.report.error = reason;
    if (locked) {
      this.report.lockedFlushes++;
      this.retryAt = 0; // try again at the next flush: the holder may be a short query
    } else {
      this.failures++;
      this.retryAt = Date.now() + Math.min(this.o.intervalMs * 2 ** this.failures, 15_000);
    }
    const kind = locked ? 'locked' : 'down';
    if (this.troubleSaid === kind) return;
    this.troubleSaid = kind;
    this.o.warn(
      locked
        ? `store ${this.location} is in use by another process; finished units wait in the run directory for the next flush`
        : `store ${this.location}: ${stripPrefix(reason)}; testing goes on, finished units are kept in the run directory and forwarded when the store is back (or by mtap sync)`,
    );
  }

  private recovered(): void {
    if (this.troubleSaid === 'down') this.o.warn(`store ${this.location} is reachable again; forwarding resumed`);
    this.troubleSaid = null;
    this.failures = 0;
    this.retryAt = 0;
    this.report.error = null;
  }

  /**
   * After the run (or its failure): everything of it that will be durable is. The last flush, then the
   * catch-up of what earlier batches left pending under the runs root; then the report. Never throws;
   * a second call gets the same report.
   */
  finish(): Promise<ForwardReport> {
    this.finished ??= this.finishOnce();
    return this.finished;
  }

  private async finishOnce(): Promise<ForwardReport> {
    this.finishing = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing;
    await this.flush();
    // Units still in `ended` never reached units.jsonl (the run failed first): not results, not shipped.
    // With everything held shipped (or let go: overflow), the runs left behind come next.
    if (this.dir && this.ready.length === 0) {
      await this.catchUp().then(
        () => this.recovered(),
        (err: unknown) => this.trouble(err),
      );
    }
    await this.dropStore();
    if (this.dir) this.report.pendingUnits = await this.pendingOf(this.dir);
    if (this.dir && this.report.pendingUnits > 0) {
      // Tracked even with nothing shipped, so the next batch's catch-up looks at this run.
      await this.modules().sync.recordShipped(this.dir, this.location, { file: RUN_FILES.units, lines: 0, bytes: 0 }).catch(() => undefined);
    }
    return this.report;
  }

  /** Ship runs under the runs root (this one included) that the bookkeeping says are behind. */
  private async catchUp(): Promise<void> {
    const sync = this.modules().sync;
    const dirs = await sync.pendingRunDirs(this.o.runsRoot, this.location, { trackedOnly: true });
    if (this.dir && !dirs.includes(this.dir) && (this.overflowed || !this.prefixShipped)) dirs.unshift(this.dir);
    if (dirs.length === 0) return;
    await this.withStore(async (store) => {
      for (const dir of dirs) {
        const r = await sync.shipRunDir(store, dir);
        if (r.units > 0) {
          this.report.caughtUp.runs++;
          this.report.caughtUp.units += r.units;
        }
      }
    });
  }

  /**
   * Unit executions of this run not in the store: the lines after the bookkeeping's mark (exact when
   * every flush extended the mark; otherwise an upper bound, as some may be there already).
   */
  private async pendingOf(dir: string): Promise<number> {
    const sync = this.modules().sync;
    const mark = (await sync.readSyncBook(dir)).stores[this.location];
    const from = mark && mark.file === RUN_FILES.units ? mark.bytes : 0;
    return (await sync.scanLinesFrom(join(dir, RUN_FILES.units), from)).lines;
  }
}

const add = (a: IngestResult, b: IngestResult): IngestResult => ({
  runs: a.runs + b.runs,
  units: a.units + b.units,
  attempts: a.attempts + b.attempts,
  measurements: a.measurements + b.measurements,
  skippedUnits: a.skippedUnits + b.skippedUnits,
});

function execIdOf(line: string): string | null {
  try {
    const v = JSON.parse(line) as { unit_exec_id?: unknown };
    return typeof v.unit_exec_id === 'string' ? v.unit_exec_id : null;
  } catch {
    return null;
  }
}

const stripPrefix = (m: string) => m.replace(/^cannot use the store \S+: /, '').replace(/^ingest into \S+ failed: /, '');

function deadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
