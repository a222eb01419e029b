/**
 * One append-only file of a run (events.jsonl, events.csv, units.jsonl), open for the whole run.
 *
 * - `append` queues a whole line; `flush` writes everything queued with one synchronous write (the
 *   recorder flushes at the end of each event-loop turn; `durable()` and `close()` flush first). Then
 *   the lines are in the page cache and survive the process being killed. A failed or short write is
 *   cut back off, so the file never holds half a line; the OS error becomes E_DISK, and is final.
 * - `durable()` resolves when every line appended before the call is on disk. Group commit: at most one
 *   fdatasync is in flight per file, and each covers every line written before it started, so many
 *   units ending together share a few syncs instead of paying one each. A sync starts `commitDelayMs`
 *   after the first request it serves (PostgreSQL's commit_delay): the units ending meanwhile share it,
 *   and appends meet a sync in progress (which holds the file's lock) less often.
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

  private delayed: NodeJS.Timeout | null = null;
  /** Lines appended, not yet written. */
  private pending: string[] = [];
  /** A failed write is final too: the lines queued after it are not written. */
  private writeFailure: MtapError | null = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly dataSync: DataSync,
    private readonly commitDelayMs: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  static open(path: string, dataSync: DataSync, commitDelayMs = 0): AppendFile {
    try {
      return new AppendFile(path, openSync(path, 'a'), dataSync, commitDelayMs);
    } catch (err) {
      throw diskError('create', path, err);
    }
  }

  get isEmpty(): boolean {
    return this.size === 0 && this.pending.length === 0;
  }

  append(text: string): void {
    if (this.writeFailure) throw this.writeFailure;
    this.pending.push(text);
    this.appended++;
  }

  /** Forget queued lines (a mirror whose original could not be written must not get ahead of it). */
  discardPending(): void {
    this.appended -= this.pending.length;
    this.pending = [];
  }

  /** Write what is queued, in one write. Throws (and remembers) E_DISK on failure. */
  flush(): void {
    if (this.writeFailure) throw this.writeFailure;
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.length === 1 ? this.pending[0]! : this.pending.join(''), 'utf8');
    this.pending = [];
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
      this.writeFailure = this.cutBack(before, err);
      throw this.writeFailure;
    }
    this.size += bytes.length;
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
    try {
      this.flush();
    } catch (err) {
      return Promise.reject(err as MtapError);
    }
    const upTo = this.appended;
    if (upTo <= this.durableUpTo) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ upTo, resolve, reject });
      this.scheduleSync();
    });
  }

  private scheduleSync(): void {
    if (this.inFlight !== null || this.delayed !== null) return;
    if (this.commitDelayMs <= 0) return this.startSync();
    this.delayed = setTimeout(() => {
      this.delayed = null;
      this.startSync();
    }, this.commitDelayMs);
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
        this.scheduleSync();
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
    if (this.delayed) clearTimeout(this.delayed);
    try {
      this.flush();
    } finally {
      this.closeFd();
    }
  }

  private closeFd(): void {
    try {
      closeSync(this.fd);
    } catch (err) {
      throw diskError('close', this.path, err);
    }
  }
}
