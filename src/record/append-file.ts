/**
 * One append-only file of a run (events.jsonl, events.csv, units.jsonl), open for the whole run.
 *
 * - `append` writes a whole line with one synchronous write: it is in the page cache (and survives the
 *   process being killed) as soon as it returns. A failed or short write is cut back off, so the file
 *   never holds half a line; the OS error becomes E_DISK.
 * - `durable()` resolves when every line appended before the call is on disk. Group commit: at most one
 *   fdatasync is in flight per file, and each covers every line written before it started, so many
 *   units ending together share a few syncs instead of paying one each.
 */
import { closeSync, fdatasync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { MtapError } from '../errors.js';
import { diskError, describeOsError } from './disk-error.js';

/** How written data is made durable; tests count or delay it. */
export type DataSync = (fd: number) => Promise<void>;

export const fdatasyncPromise: DataSync = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

interface Waiter {
  upTo: number;
  resolve: () => void;
  reject: (err: MtapError) => void;
}

export class AppendFile {
  /** Lines appended so far, and how many of them are known durable. */
  private appended = 0;
  private durableUpTo = 0;
  private inFlight: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private size: number;
  /** A failed fdatasync is final: retrying it can report success for data that was lost. */
  private syncFailure: MtapError | null = null;
  /** fdatasync calls made, for the group-commit test and the benchmark. */
  syncs = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly dataSync: DataSync,
  ) {
    this.size = fstatSync(fd).size;
  }

  static open(path: string, dataSync: DataSync): AppendFile {
    try {
      return new AppendFile(path, openSync(path, 'a'), dataSync);
    } catch (err) {
      throw diskError('create', path, err);
    }
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  append(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    const before = this.size;
    try {
      let done = writeSync(this.fd, bytes);
      // Regular files write short only at a limit (disk full, file size): retrying surfaces the error.
      while (done < bytes.length) {
        const n = writeSync(this.fd, bytes, done, bytes.length - done);
        if (n === 0) throw new Error('no progress');
        done += n;
      }
    } catch (err) {
      throw this.cutBack(before, err);
    }
    this.size += bytes.length;
    this.appended++;
  }

  /** Remove a partial line; the error to report names the file and the write's OS error. */
  private cutBack(length: number, writeErr: unknown): MtapError {
    try {
      ftruncateSync(this.fd, length);
      return diskError('write', this.path, writeErr);
    } catch (truncErr) {
      return new MtapError(
        'E_DISK',
        `cannot write ${this.path}: ${describeOsError(writeErr)}; the partial line could not be removed either (${describeOsError(truncErr)})`,
        { cause: writeErr },
      );
    }
  }

  durable(): Promise<void> {
    if (this.syncFailure) return Promise.reject(this.syncFailure);
    const upTo = this.appended;
    if (upTo <= this.durableUpTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.startSync();
    });
  }

  private startSync(): void {
    if (this.inFlight !== null || this.waiters.length === 0) return;
    const upTo = this.appended;
    this.syncs++;
    this.inFlight = this.dataSync(this.fd).then(
      () => {
        this.inFlight = null;
        this.durableUpTo = upTo;
        const still: Waiter[] = [];
        for (const w of this.waiters) (w.upTo <= upTo ? w.resolve() : still.push(w));
        this.waiters = still;
        this.startSync();
      },
      (err: unknown) => {
        this.inFlight = null;
        const failure = diskError('sync', this.path, err);
        this.syncFailure = failure;
        for (const w of this.waiters) w.reject(failure);
        this.waiters = [];
      },
    );
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch (err) {
      throw diskError('close', this.path, err);
    }
  }
}
