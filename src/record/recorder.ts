/**
 * The recorder: the one writer of a run directory while the run is going.
 *
 *     const rec = await RunRecorder.open(dir);
 *     await rec.writeRunInfo(info);  await rec.writePlanCopy(plan);
 *     rec.attempt(event);            // each step attempt, as it happens: events.jsonl + events.csv
 *     await rec.unitEnd(unitRecord); // the unit's lines are on disk, then its units.jsonl line is too
 *     await rec.close();
 *
 * Durability: an attempt's lines are written (one write per file for all the attempts of an event-loop
 * turn) before the turn ends, so they survive the process being killed; they reach the disk when a unit
 * ends — events.jsonl is fsync'd before the unit's line is appended to units.jsonl, which is fsync'd
 * before `unitEnd` resolves. So a unit record on disk always has all its attempts on disk before it.
 * Syncs are group commits (see append-file.ts). events.csv is the log's mirror: synced at close, and
 * rebuilt from events.jsonl on resume if a crash cut it short.
 *
 * A disk error (ENOSPC, EIO, EDQUOT, EROFS, EFBIG…) becomes one MtapError E_DISK naming the file; from
 * then on every write is refused with that same error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MtapError } from '../errors.js';
import type { Plan } from '../plan/index.js';
import { AppendFile, fdatasyncPromise, type DataSync } from './append-file.js';
import { syncDir, writeFileAtomic } from './atomic-file.js';
import { diskError } from './disk-error.js';
import { RUN_FILES } from './files.js';
import { attemptCsvRow, attemptLine, EVENTS_CSV_HEADER, unitLine } from './lines.js';
import type { AttemptEvent, RunInfo, UnitRecord } from './schema.js';
import { appendMissingCsvRows, repairTail } from './tail-repair.js';

export interface RecorderOptions {
  /** How a file's written data is made durable (default: fdatasync). Tests count or delay it. */
  dataSync?: DataSync;
  /** How long a group commit waits for more units to join it (default 5 ms). */
  commitDelayMs?: number;
}

export const DEFAULT_COMMIT_DELAY_MS = 5;

export interface SyncCounts {
  events: number;
  eventsCsv: number;
  units: number;
}

export class RunRecorder {
  private failure: MtapError | null = null;
  private closing = false;
  private flushScheduled = false;
  private readonly pendingUnits = new Set<Promise<void>>();

  private constructor(
    readonly dir: string,
    private readonly events: AppendFile,
    private readonly eventsCsv: AppendFile,
    private readonly units: AppendFile,
  ) {}

  /**
   * Open a run directory's files for appending: new ones are created (events.csv with its header);
   * existing ones (a resumed run) are first cut back to their last complete record, and CSV rows
   * missing for the last JSONL lines (a crash between the two writes) are added.
   */
  static async open(dir: string, options: RecorderOptions = {}): Promise<RunRecorder> {
    const dataSync = options.dataSync ?? fdatasyncPromise;
    const paths = { events: join(dir, RUN_FILES.events), csv: join(dir, RUN_FILES.eventsCsv), units: join(dir, RUN_FILES.units) };
    const resumed = existsSync(paths.events);
    const csvRecords = existsSync(paths.csv) ? (await repairTail(paths.csv, 'csv')).records : 0;
    if (resumed) await repairTail(paths.events, 'jsonl');
    if (existsSync(paths.units)) await repairTail(paths.units, 'jsonl');

    const created = [paths.events, paths.csv, paths.units].some((p) => !existsSync(p));
    const delay = options.commitDelayMs ?? DEFAULT_COMMIT_DELAY_MS;
    const events = AppendFile.open(paths.events, dataSync, delay);
    const csv = AppendFile.open(paths.csv, dataSync, delay);
    const units = AppendFile.open(paths.units, dataSync, delay);
    try {
      if (csv.isEmpty) csv.append(EVENTS_CSV_HEADER);
      if (resumed) {
        const csvDataRows = Math.max(0, (csvRecords ?? 0) - 1);
        await appendMissingCsvRows(paths.events, csvDataRows, (event) => csv.append(attemptCsvRow(event)));
      }
      if (created) await syncDir(dir);
    } catch (err) {
      for (const f of [events, csv, units]) f.close();
      throw err;
    }
    return new RunRecorder(dir, events, csv, units);
  }

  /** The disk error that stopped this recorder, if one did. */
  get failed(): MtapError | null {
    return this.failure;
  }

  /** run.json, atomically (temporary file, fsync, rename). */
  writeRunInfo(info: RunInfo): Promise<void> {
    return this.guardAsync(() => writeFileAtomic(join(this.dir, RUN_FILES.runInfo), JSON.stringify(info, null, 2) + '\n'));
  }

  /** plan.yaml: the plan's text exactly as run (its SHA-256 is `plan.hash`). */
  writePlanCopy(plan: Pick<Plan, 'text'>): Promise<void> {
    return this.guardAsync(() => writeFileAtomic(join(this.dir, RUN_FILES.plan), plan.text));
  }

  /**
   * One step attempt, as it happens: a line of events.jsonl and a row of events.csv, written at the end
   * of this event-loop turn together with the turn's other attempts (one write per file per turn).
   */
  attempt(event: AttemptEvent): void {
    this.assertWritable();
    this.guard(() => {
      this.events.append(attemptLine(event));
      this.eventsCsv.append(attemptCsvRow(event));
    });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushLogs();
      });
    }
  }

  /** Write queued attempts: the log first, its CSV mirror only if the log's write succeeded. */
  private flushLogs(): void {
    try {
      this.events.flush();
    } catch (err) {
      this.eventsCsv.discardPending();
      this.fail(err);
      return;
    }
    try {
      this.eventsCsv.flush();
    } catch (err) {
      this.fail(err);
    }
  }

  /** A unit execution ended: resolves once its attempts and then its unit record are on disk. */
  unitEnd(record: UnitRecord): Promise<void> {
    try {
      this.assertWritable();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const done = this.commitUnit(record).finally(() => this.pendingUnits.delete(done));
    this.pendingUnits.add(done);
    return done;
  }

  private async commitUnit(record: UnitRecord): Promise<void> {
    // events.csv mirrors events.jsonl and is rebuilt from it on resume, so only the log is synced
    // here; the CSV is synced when the recorder closes.
    await this.guardAsync(() => this.events.durable()).catch((err: unknown) => {
      this.eventsCsv.discardPending();
      throw err;
    });
    if (this.failure) throw this.failure;
    this.guard(() => this.units.append(unitLine(record)));
    await this.guardAsync(() => this.units.durable());
  }

  /**
   * Wait for units being committed, make everything durable, close the files. Throws only a disk
   * error that happens while closing (an earlier one was already thrown to the writer that met it).
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.allSettled([...this.pendingUnits]);
    const failedBefore = this.failure; // thrown already, to a writer or a pending unitEnd
    if (!this.failure) this.flushLogs();
    const files = [this.events, this.eventsCsv, this.units];
    if (!this.failure) await Promise.all(files.map((f) => f.durable())).catch((err: unknown) => this.fail(err));
    for (const f of files) {
      try {
        f.close();
      } catch (err) {
        this.fail(err);
      }
    }
    if (this.failure && !failedBefore) throw this.failure;
  }

  syncCounts(): SyncCounts {
    return { events: this.events.syncs, eventsCsv: this.eventsCsv.syncs, units: this.units.syncs };
  }

  private assertWritable(): void {
    if (this.failure) throw this.failure;
    if (this.closing) throw new Error(`recorder for ${this.dir} is closed`);
  }

  private fail(err: unknown): MtapError {
    this.failure ??= diskError('write', this.dir, err);
    return this.failure;
  }

  private guard(write: () => void): void {
    try {
      write();
    } catch (err) {
      throw this.fail(err);
    }
  }

  private async guardAsync(work: () => Promise<unknown>): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await work();
    } catch (err) {
      throw this.fail(err);
    }
  }
}
