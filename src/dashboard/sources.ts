/**
 * Where the dashboard's numbers come from, decided per request:
 *
 * 1. the store (`--store`, MTAP_STORE_URL, MTAP_STORE, else `<runs root>/mtap.duckdb`), opened
 *    read-only. A DuckDB file may be held by only one process at a time, so the dashboard holds it
 *    only while requests are being answered and lets go after a short idle time: a batch or
 *    `mtap ingest` that wants to write it waits at most that long (they retry for seconds);
 * 2. when the store file does not exist yet, is empty, or is busy (a batch is writing it), the run
 *    directories under the runs root, ingested into an in-memory DuckDB store by the same ingest code
 *    (and kept up to date as runs grow), with a notice saying so;
 * 3. nothing: an empty state saying how to get data.
 *
 * Opened files (`file:<id>`) are in-memory stores of their own (see uploads.ts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMtapError } from '../errors.js';
import { RUN_FILES } from '../record/index.js';
import { DuckDbStore, ingestRunDir, openStore, redactUrl, type Store, type StoreTarget } from '../store/index.js';
import { AnswerCache } from './cache.js';
import type { SourceInfo } from './shared/api.js';

/** How long the store stays open after the last request (a writer waits up to 5 s for the file). */
const IDLE_CLOSE_MS = 400;
/** How long a request waits for a busy store before falling back to the run directories. */
const LOCK_WAIT_MS = 300;
/** The run directories are re-scanned at most this often. */
const RESCAN_MS = 1000;
/** How long an answer from PostgreSQL is reused (no file tells when it changed). */
const POSTGRES_CACHE_MS = 10_000;

export type Use<T> = (store: Store | null, source: SourceInfo) => Promise<T>;

/** A store opened on first use and closed when idle, so other processes can have the file. */
class Lease {
  private opening: Promise<Store> | null = null;
  private users = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly open: () => Promise<Store>,
    private readonly idleMs: number,
  ) {}

  async use<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    this.users++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      if (!this.opening) {
        this.opening = this.open();
        this.opening.catch(() => (this.opening = null));
      }
      return await fn(await this.opening);
    } finally {
      if (--this.users === 0) this.timer = setTimeout(() => void this.release(), this.idleMs);
    }
  }

  async release(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const opening = this.opening;
    this.opening = null;
    if (opening) await (await opening.catch(() => null))?.close();
  }
}

/** The run directories under a root, ingested into an in-memory store and refreshed as they grow. */
export class RunsDirStore {
  private store: Promise<DuckDbStore> | null = null;
  /** Per run directory, the sizes and times of its files when last ingested. */
  private readonly seen = new Map<string, string>();
  private scanned = 0;
  private refreshing: Promise<void> | null = null;

  constructor(readonly root: string) {}

  /** Run directories (mtap's, or MTAP v1's with only events.jsonl) directly under the root. */
  runDirs(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch {
      return [];
    }
    return names
      .map((n) => join(this.root, n))
      .filter((d) => existsSync(join(d, RUN_FILES.runInfo)) || existsSync(join(d, RUN_FILES.events)))
      .sort();
  }

  async use<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    if (Date.now() - this.scanned >= RESCAN_MS) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    }
    if (this.refreshing) await this.refreshing;
    return fn(await this.open());
  }

  private open(): Promise<DuckDbStore> {
    this.store ??= DuckDbStore.open(':memory:');
    return this.store;
  }

  private async refresh(): Promise<void> {
    const store = await this.open();
    for (const dir of this.runDirs()) {
      const signature = [RUN_FILES.units, RUN_FILES.events]
        .map((f) => {
          try {
            const s = statSync(join(dir, f));
            return `${s.size}:${s.mtimeMs}`;
          } catch {
            return '-';
          }
        })
        .join('/');
      if (this.seen.get(dir) === signature) continue;
      try {
        await ingestRunDir(store, dir);
        this.seen.set(dir, signature);
      } catch {
        // A run directory that cannot be read now (being created) is tried again on the next scan.
      }
    }
    this.scanned = Date.now();
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = null;
    if (store) await (await store.catch(() => null))?.close();
  }
}

class Fallback extends Error {}

export class MainSource {
  private readonly lease: Lease | null;
  private readonly cache = new AnswerCache();
  readonly runs: RunsDirStore;

  constructor(
    readonly target: StoreTarget,
    readonly runsRoot: string,
  ) {
    this.runs = new RunsDirStore(runsRoot);
    this.lease =
      target.kind === 'duckdb'
        ? new Lease(() => openStore(target, { readOnly: true, lockWaitMs: LOCK_WAIT_MS }), IDLE_CLOSE_MS)
        : // PostgreSQL takes many clients: keep the connection for the server's life.
          new Lease(() => openStore(target), 2 ** 31 - 1);
  }

  get label(): string {
    return this.target.kind === 'postgres' ? redactUrl(this.target.location) : this.target.location;
  }

  /**
   * What the store's data is now, for the answer cache: a DuckDB file's and its WAL's size and time
   * (they change with every write), or, for PostgreSQL, which no file tells about, the current
   * ten-second slot. Null when there is no store file.
   */
  private version(): string | null {
    if (this.target.kind === 'postgres') return `t${Math.floor(Date.now() / POSTGRES_CACHE_MS)}`;
    const sig = (f: string) => {
      try {
        const s = statSync(f);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    };
    const main = sig(this.target.location);
    return main === '-' ? null : `${main}|${sig(`${this.target.location}.wal`)}`;
  }

  /**
   * Answer `fn` from the first source that has data. With a `key`, an answer from the store is kept
   * until the store changes (answers from the run directories are not: they grow without the
   * store changing).
   */
  async use<T>(fn: Use<T>, key?: string): Promise<T> {
    let notice: string;
    const base = { id: 'main', label: this.label };
    // Computed with or without a key: for a DuckDB file, null is how "no store file" is known.
    const version = this.version();
    if (this.target.kind === 'duckdb' && version === null) {
      notice = `There is no store at ${this.label} yet (mtap ingest <run dir> creates it).`;
    } else {
      try {
        const fromStore = () =>
          this.lease!.use(async (store) => {
            if ((await store.query('SELECT 1 AS one FROM units LIMIT 1')).length === 0) throw new Fallback();
            return fn(store, { ...base, kind: 'store', notice: null });
          });
        if (key === undefined || version === null) return await fromStore();
        return await (this.cache.get<T>(key, version) ?? this.cache.set(key, version, fromStore()));
      } catch (err) {
        if (err instanceof Fallback) notice = `The store ${this.label} is empty (mtap ingest <run dir> fills it).`;
        else if (isMtapError(err) && err.code === 'E_STORE_LOCKED') {
          notice = `The store ${this.label} is in use by another process (a batch or an ingest is writing it).`;
        } else if (isMtapError(err) && err.code === 'E_STORE') notice = `The store cannot be read: ${err.message}.`;
        else throw err;
      }
    }
    if (this.runs.runDirs().length === 0) {
      return fn(null, {
        ...base,
        kind: 'none',
        notice: `${notice} No run directories under ${this.runsRoot} either: run a batch (mtap batch, or mtap demo) or open an events.jsonl file.`,
      });
    }
    return this.runs.use((store) => fn(store, { id: 'main', kind: 'runs-dir', label: this.runsRoot, notice: `${notice} Showing the run directories under ${this.runsRoot} instead.` }));
  }

  async close(): Promise<void> {
    await this.lease?.release();
    await this.runs.close();
  }
}
