/**
 * Opened files: an `events.jsonl` dropped on the page (mtap's, or one written by the MTAP reference),
 * optionally with its run's `units.jsonl` and `run.json`, explored without a store. The files are
 * written to a private temporary run directory, ingested into an in-memory DuckDB store by the
 * store's own `ingestRunDir` (so every view computes the same way as over the store), and deleted.
 * The last few opened files are kept in memory; nothing is written anywhere else.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachJsonl, RUN_FILES } from '../record/index.js';
import { DuckDbStore, ingestRunDir, type Store } from '../store/index.js';
import { AnswerCache } from './cache.js';
import type { OpenedFile, SourceInfo } from './shared/api.js';

/** Opened files kept at once; opening one more forgets the oldest. */
const MAX_OPEN = 4;

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

interface Opened {
  info: OpenedFile;
  store: Store;
  cache: AnswerCache;
}

export class UploadError extends Error {}

export class Uploads {
  private readonly opened = new Map<string, Opened>();

  /** Ingest the files as one run directory; returns what was read and the new source's id. */
  async open(files: readonly UploadedFile[]): Promise<OpenedFile> {
    const runInfo = files.find((f) => baseName(f.name) === RUN_FILES.runInfo);
    const units = files.find((f) => baseName(f.name) === RUN_FILES.units);
    const events = files.filter((f) => f !== runInfo && f !== units);
    if (events.length !== 1) {
      throw new UploadError(
        events.length === 0
          ? 'no events file: drop an events.jsonl (with its units.jsonl and run.json, if you have them)'
          : `one events file at a time, got ${events.length}: ${events.map((f) => f.name).join(', ')}`,
      );
    }
    const eventsFile = events[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'mtap-dashboard-'));
    const store = await DuckDbStore.open(':memory:');
    try {
      await writeFile(join(dir, RUN_FILES.events), eventsFile.bytes);
      // mtap's own run directory needs all three; an events file alone reads as MTAP's v1 log.
      if (runInfo && units) {
        await writeFile(join(dir, RUN_FILES.runInfo), runInfo.bytes);
        await writeFile(join(dir, RUN_FILES.units), units.bytes);
      }
      const scan = await forEachJsonl(join(dir, RUN_FILES.events), () => undefined);
      const result = await ingestRunDir(store, dir);
      if (result.attempts === 0) {
        throw new UploadError(`${eventsFile.name} holds no step attempts that could be read (${scan.lines} lines): is it an events.jsonl?`);
      }
      const id = `file:${randomBytes(6).toString('hex')}`;
      const source: SourceInfo = { id, kind: 'file', label: eventsFile.name, notice: null };
      const info: OpenedFile = {
        source,
        name: eventsFile.name,
        bytes: eventsFile.bytes.byteLength,
        kind: result.kind,
        runs: result.runs,
        units: result.units,
        attempts: result.attempts,
        // Lines that are not JSON objects, and an unfinished last line: skipped, as every reader does.
        skipped_lines: scan.malformedLines.length + (scan.unterminatedBytes > 0 ? 1 : 0),
      };
      this.opened.set(id, { info, store, cache: new AnswerCache(50) });
      while (this.opened.size > MAX_OPEN) {
        const [oldest, o] = this.opened.entries().next().value!;
        this.opened.delete(oldest);
        await o.store.close();
      }
      return info;
    } catch (err) {
      await store.close();
      throw err;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  has(id: string): boolean {
    return this.opened.has(id);
  }

  /** An opened file never changes: with a `key`, its answer is kept as long as the file is open. */
  async use<T>(id: string, fn: (store: Store, source: SourceInfo) => Promise<T>, key?: string): Promise<T | undefined> {
    const o = this.opened.get(id);
    if (!o) return undefined;
    if (key === undefined) return fn(o.store, o.info.source);
    return o.cache.get<T>(key, id) ?? o.cache.set(key, id, fn(o.store, o.info.source));
  }

  async close(): Promise<void> {
    for (const o of this.opened.values()) await o.store.close();
    this.opened.clear();
  }
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}
