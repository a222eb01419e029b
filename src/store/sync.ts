/**
 * Shipping run directories to a store, and remembering what was shipped where.
 *
 * Bookkeeping: `<run-dir>/store-sync.json` maps a store (its location, password redacted) to how much
 * of the run's unit file was shipped there: `units.jsonl` for mtap runs (one line per ended unit
 * execution), `events.jsonl` for MTAP v1 runs. Lines are counted from the top and only ever appended,
 * so "lines 1..n are in the store" is the whole record, and a sync reads only what comes after. The
 * file is written atomically; two writers merge by taking the larger count. Losing it costs time,
 * never data: ingest is idempotent by unit execution, so re-shipping doubles nothing.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MtapError } from '../errors.js';
import { attemptEventSchema, forEachJsonl, readRunInfo, RUN_FILES, unitRecordSchema, writeFileAtomic, type AttemptEvent, type RunInfo, type UnitRecord } from '../record/index.js';
import { DuckDbStore } from './duckdb.js';
import { ingestRunDir, runDirKind, type RunDirKind } from './ingest.js';
import type { IngestResult } from './merge.js';
import { attemptRow, emptyRows, measurementRows, runRow, unitRow, type Rows } from './rows.js';
import type { Store } from './store.js';

export const SYNC_FILE = 'store-sync.json';

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** How much of a run's unit file one store holds. */
export interface SyncMark {
  /** The file counted: units.jsonl (mtap) or events.jsonl (MTAP v1). */
  file: string;
  /** Lines from the top that are in the store. */
  lines: number;
  /** Bytes those lines take (where the next read starts). */
  bytes: number;
  shipped_at: string;
}

export interface SyncBook {
  version: 1;
  stores: Record<string, SyncMark>;
}

export async function readSyncBook(dir: string): Promise<SyncBook> {
  const empty: SyncBook = { version: 1, stores: {} };
  let text: string;
  try {
    text = await readFile(join(dir, SYNC_FILE), 'utf8');
  } catch {
    return empty;
  }
  const value = parseJsonObject(text);
  const stores = value?.['stores'];
  if (!stores || typeof stores !== 'object') return empty; // unreadable: start over (idempotent anyway)
  const book: SyncBook = { version: 1, stores: {} };
  for (const [location, m] of Object.entries(stores as Record<string, Partial<SyncMark>>)) {
    if (typeof m?.lines === 'number' && typeof m.bytes === 'number' && typeof m.file === 'string') {
      book.stores[location] = { file: m.file, lines: m.lines, bytes: m.bytes, shipped_at: String(m.shipped_at ?? '') };
    }
  }
  return book;
}

/** Record that `mark` lines are in the store at `location` (never lowering what another writer recorded). */
export async function recordShipped(dir: string, location: string, mark: Omit<SyncMark, 'shipped_at'>): Promise<void> {
  const book = await readSyncBook(dir);
  const old = book.stores[location];
  if (old && old.file === mark.file && old.bytes >= mark.bytes) return;
  book.stores[location] = { ...mark, shipped_at: new Date().toISOString() };
  await writeFileAtomic(join(dir, SYNC_FILE), JSON.stringify(book, null, 2) + '\n');
}

/** The file whose lines are a run's units, by kind. */
export const unitFileOf = (kind: RunDirKind) => (kind === 'mtap' ? RUN_FILES.units : RUN_FILES.events);

/**
 * Call `onLine` for each LF-terminated line of `file` from byte `from` on (up to byte `to`, if given),
 * streamed (a torn last line is not read); returns how many and where they end, which is where the
 * next read starts.
 */
export async function scanLinesFrom(file: string, from: number, onLine?: (text: string) => void, to?: number): Promise<{ lines: number; end: number }> {
  if (!existsSync(file) || statSync(file).size <= from || (to !== undefined && to <= from)) return { lines: 0, end: from };
  let lines = 0;
  let pos = from;
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start: from, ...(to !== undefined && { end: to - 1 }), highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let lf = chunk.indexOf(0x0a); lf !== -1; lf = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, lf);
      if (onLine) onLine(carry.length ? Buffer.concat([...carry, piece]).toString('utf8') : piece.toString('utf8'));
      carry = [];
      lines++;
      start = lf + 1;
    }
    if (start < chunk.length) carry.push(chunk.subarray(start));
    pos += chunk.length;
  }
  const tail = carry.reduce((n, b) => n + b.length, 0);
  return { lines, end: pos - tail };
}

/** Run directories: `path` itself if it is one, else its immediate subdirectories that are, by name. */
export function listRunDirs(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isRunDir(join(root, e.name)))
    .map((e) => join(root, e.name))
    .sort();
}

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.runInfo)) || existsSync(join(dir, RUN_FILES.events));
}

export interface ShipResult extends IngestResult {
  dir: string;
  kind: RunDirKind;
  /** Nothing new since the last ship to this store. */
  upToDate: boolean;
}

const CHUNK_UNITS = 2000;
const CHUNK_ROWS = 200_000;

/**
 * Ship a run directory to `store`: by default only the unit executions after those the bookkeeping
 * says are there; with `all`, everything (idempotent: what is there is skipped). DuckDB reads whole
 * mtap runs with its own JSON reader; PostgreSQL gets rows parsed in JS, streamed in chunks of whole
 * unit executions so memory stays bounded by the units in flight, not by the run's size.
 */
export async function shipRunDir(store: Store, dir: string, o: { all?: boolean } = {}): Promise<ShipResult> {
  dir = resolve(dir);
  const kind = runDirKind(dir);
  const file = join(dir, unitFileOf(kind));
  const size = existsSync(file) ? statSync(file).size : 0;
  const mark = o.all ? undefined : (await readSyncBook(dir)).stores[store.location];
  const from = mark && mark.file === unitFileOf(kind) && mark.bytes <= size ? mark : { lines: 0, bytes: 0 };
  const none: ShipResult = { dir, kind, runs: 0, units: 0, attempts: 0, measurements: 0, skippedUnits: 0, upToDate: true };
  if (from.bytes > 0 && from.bytes === size) return none;

  let result: IngestResult;
  let through: { lines: number; bytes: number };
  if (kind === 'mtap-v1' || (kind === 'mtap' && from.bytes === 0 && store instanceof DuckDbStore)) {
    // Counted before reading: lines appended meanwhile are shipped too, and again next time (harmless).
    const whole = await scanLinesFrom(file, 0);
    through = { lines: whole.lines, bytes: whole.end };
    result = await ingestRunDir(store, dir);
  } else {
    const r = await shipNewUnits(store, dir, from);
    result = r.result;
    through = r.through;
  }
  await recordShipped(dir, store.location, { file: unitFileOf(kind), ...through });
  return { dir, kind, ...result, upToDate: false };
}

const addCounts = (a: IngestResult, b: IngestResult): IngestResult => ({
  runs: a.runs + b.runs,
  units: a.units + b.units,
  attempts: a.attempts + b.attempts,
  measurements: a.measurements + b.measurements,
  skippedUnits: a.skippedUnits + b.skippedUnits,
});
const zero = (): IngestResult => ({ runs: 0, units: 0, attempts: 0, measurements: 0, skippedUnits: 0 });

/** Rows for whole unit executions, shipped in chunks. */
class Chunker {
  private rows: Rows = emptyRows();
  private unitCount = 0;
  total = zero();
  constructor(
    private readonly store: Store,
    private readonly info: RunInfo,
  ) {}

  add(unit: UnitRecord, attempts: readonly AttemptEvent[]): Promise<void> | undefined {
    this.rows.units.push(unitRow(unit));
    for (const a of attempts) {
      this.rows.attempts.push(attemptRow(a));
      for (const m of measurementRows(a)) this.rows.measurements.push(m);
    }
    this.unitCount++;
    if (this.unitCount >= CHUNK_UNITS || this.rows.attempts.length + this.rows.measurements.length >= CHUNK_ROWS) return this.flush();
    return undefined;
  }

  async flush(): Promise<void> {
    const rows = this.rows;
    rows.runs.push(runRow(this.info));
    this.rows = emptyRows();
    this.unitCount = 0;
    const counts = await this.store.ingest(rows);
    this.total = addCounts(this.total, counts); // after the await: chunks may be in flight together
  }
}

/**
 * The unit executions in units.jsonl after `from`, with their attempts, into the store. units.jsonl
 * is read first: a unit line is written only after its attempts are durable in events.jsonl, so
 * every unit read has all its attempts in the log by the time the log is read.
 */
async function shipNewUnits(store: Store, dir: string, from: { lines: number; bytes: number }): Promise<{ result: IngestResult; through: { lines: number; bytes: number } }> {
  const info = await readRunInfo(dir);
  /** Units to ship by execution, with the attempts seen so far; shipped once all have been seen. */
  const waiting = new Map<string, { unit: UnitRecord; attempts: AttemptEvent[] }>();
  const read = await scanLinesFrom(join(dir, RUN_FILES.units), from.bytes, (line) => {
    const parsed = unitRecordSchema.safeParse(parseJsonObject(line));
    if (parsed.success) waiting.set(parsed.data.unit_exec_id, { unit: parsed.data, attempts: [] });
  });
  const through = { lines: from.lines + read.lines, bytes: read.end };
  const chunker = new Chunker(store, info);
  if (waiting.size === 0) {
    await chunker.flush(); // the run row alone (a run with no unit yet is still a run)
    return { result: chunker.total, through };
  }
  // Streamed: attempts are collected per execution and the execution handed on once its record's
  // attempt count is reached, so only executions whose attempts are still being read are in memory.
  const pendingShips: Promise<void>[] = [];
  let shipError: unknown = null;
  const eventsFile = join(dir, RUN_FILES.events);
  if (existsSync(eventsFile)) {
    await forEachJsonl(eventsFile, (value) => {
      const id = value['unit_exec_id'];
      if (typeof id !== 'string' || shipError) return;
      const w = waiting.get(id);
      if (!w) return;
      const parsed = attemptEventSchema.safeParse(value);
      if (!parsed.success) return;
      w.attempts.push(parsed.data);
      if (w.attempts.length >= w.unit.attempts) {
        waiting.delete(id);
        const p = chunker.add(w.unit, w.attempts);
        if (p) pendingShips.push(p.catch((err: unknown) => void (shipError ??= err)));
      }
    });
  }
  await Promise.all(pendingShips);
  if (shipError) throw shipError;
  // Executions whose log has fewer lines than their record counts (lines lost to a crash, say) go as they are.
  for (const w of waiting.values()) await chunker.add(w.unit, w.attempts);
  await chunker.flush();
  return { result: chunker.total, through };
}

/** Runs under `root` with units not yet shipped to `location` (by the bookkeeping). */
export async function pendingRunDirs(root: string, location: string, o: { trackedOnly?: boolean } = {}): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const dir of listRunDirs(root)) {
    if (o.trackedOnly && !existsSync(join(dir, SYNC_FILE))) continue;
    let kind: RunDirKind;
    try {
      kind = runDirKind(dir);
    } catch {
      continue;
    }
    const file = join(dir, unitFileOf(kind));
    const size = existsSync(file) ? statSync(file).size : 0;
    const mark = (await readSyncBook(dir)).stores[location];
    if (o.trackedOnly && !mark) continue;
    if (!mark || mark.file !== unitFileOf(kind) || mark.bytes !== size) out.push(dir);
  }
  return out;
}

/** A usage error for a path that is neither a run directory nor a directory holding some. */
export function runDirsOf(path: string): string[] {
  const p = resolve(path);
  if (!existsSync(p)) throw new MtapError('E_USAGE', `${path}: no such file or directory`);
  if (!statSync(p).isDirectory()) throw new MtapError('E_USAGE', `${path} is not a directory (give a run directory or a runs root)`);
  if (isRunDir(p)) return [p];
  const dirs = listRunDirs(p);
  if (dirs.length === 0) throw new MtapError('E_USAGE', `${path} is not a run directory (no ${RUN_FILES.runInfo} or ${RUN_FILES.events}) and holds none`);
  return dirs;
}
