/**
 * Reading a run directory back: what `--resume` needs, and the records the end-of-run artifacts are
 * built from. The rules every reader follows:
 *
 * - A serial's result is its **last** unit record in units.jsonl (a resumed run appends a new record
 *   for each unit it re-tests).
 * - A serial is done when that record is PASS, FAIL or ERROR; ABORTED or missing ones are re-tested.
 * - An attempt counts only if its `unit_exec_id` has a unit record. Attempts of an execution that never
 *   ended (the run was killed) are orphans: kept in the log as evidence, counted by no one.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MtapError } from '../errors.js';
import { diskError } from './disk-error.js';
import { RUN_FILES } from './files.js';
import { forEachJsonl, type JsonlScan } from './jsonl-read.js';
import { attemptEventSchema, runInfoSchema, unitRecordSchema, type AttemptEvent, type RunInfo, type UnitRecord } from './schema.js';

/** Lines a reader skipped in one file. */
export interface SkippedLines {
  /** Line numbers of lines that are not a valid record. */
  malformed: number[];
  /** Bytes of an unfinished last line (no LF), ignored. */
  unterminatedBytes: number;
}

export interface RunDirScan {
  dir: string;
  info: RunInfo;
  /** Each serial's last unit record, in the run's serial order. */
  lastUnits: UnitRecord[];
  /** Serials whose last unit record is PASS, FAIL or ERROR: a resume keeps them. */
  done: Set<string>;
  /** Serials of the run a resume must (re-)test, in the run's order: no unit record, or ABORTED. */
  remaining: string[];
  /** Every unit_exec_id that has a unit record: only these executions' attempts count. */
  endedExecutions: Set<string>;
  /** Attempt lines in events.jsonl, and those of executions that never ended. */
  attemptLines: number;
  orphanAttempts: number;
  skipped: { events: SkippedLines; units: SkippedLines };
}

const FINAL_OUTCOMES: ReadonlySet<string> = new Set(['PASS', 'FAIL', 'ERROR']);

export async function readRunInfo(dir: string): Promise<RunInfo> {
  const file = join(dir, RUN_FILES.runInfo);
  if (!existsSync(file)) throw new MtapError('E_RUN_DIR', `${dir} is not an mtap run directory (no ${RUN_FILES.runInfo})`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw diskError('read', file, err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MtapError('E_RUN_DIR', `${file}: not valid JSON`);
  }
  const parsed = runInfoSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MtapError('E_RUN_DIR', `${file}: not an mtap run record (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`);
  }
  return parsed.data;
}

/** Every unit record of the run in file order, and the lines skipped. */
export async function readUnitRecords(dir: string): Promise<{ records: UnitRecord[]; skipped: SkippedLines }> {
  const records: UnitRecord[] = [];
  const scan = await scanIfExists(join(dir, RUN_FILES.units), (value, lineNo, malformed) => {
    const parsed = unitRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else malformed.push(lineNo);
  });
  return { records, skipped: scan };
}

/** Each serial's last record: the run's serials first, in order, then any others as first seen. */
export function lastRecordPerSerial(records: readonly UnitRecord[], runSerials: readonly string[]): UnitRecord[] {
  const last = new Map<string, UnitRecord>();
  for (const r of records) last.set(r.sn, r);
  const order = [...new Set([...runSerials, ...records.map((r) => r.sn)])];
  return order.flatMap((sn) => {
    const r = last.get(sn);
    return r ? [r] : [];
  });
}

export async function scanRunDir(dir: string): Promise<RunDirScan> {
  const info = await readRunInfo(dir);
  const units = await readUnitRecords(dir);
  const lastUnits = lastRecordPerSerial(units.records, info.sns);
  const done = new Set(lastUnits.filter((u) => FINAL_OUTCOMES.has(u.outcome)).map((u) => u.sn));
  const endedExecutions = new Set(units.records.map((u) => u.unit_exec_id));

  let attemptLines = 0;
  let orphanAttempts = 0;
  const events = await scanIfExists(join(dir, RUN_FILES.events), (value, lineNo, malformed) => {
    if (typeof value['unit_exec_id'] !== 'string') return void malformed.push(lineNo);
    attemptLines++;
    if (!endedExecutions.has(value['unit_exec_id'])) orphanAttempts++;
  });

  return {
    dir,
    info,
    lastUnits,
    done,
    remaining: info.sns.filter((sn) => !done.has(sn)),
    endedExecutions,
    attemptLines,
    orphanAttempts,
    skipped: { events, units: units.skipped },
  };
}

export interface RunRecords {
  info: RunInfo;
  /** Each serial's last unit record, in the run's serial order. */
  units: UnitRecord[];
  /** Attempts of executions that ended (orphans left out), in log order. */
  attempts: AttemptEvent[];
  skipped: { events: SkippedLines; units: SkippedLines };
}

/** What the end-of-run artifacts are built from, read back from the run directory. */
export async function loadRunRecords(dir: string): Promise<RunRecords> {
  const info = await readRunInfo(dir);
  const units = await readUnitRecords(dir);
  const ended = new Set(units.records.map((u) => u.unit_exec_id));
  const attempts: AttemptEvent[] = [];
  const events = await scanIfExists(join(dir, RUN_FILES.events), (value, lineNo, malformed) => {
    const parsed = attemptEventSchema.safeParse(value);
    if (!parsed.success) return void malformed.push(lineNo);
    if (ended.has(parsed.data.unit_exec_id)) attempts.push(parsed.data);
  });
  return { info, units: lastRecordPerSerial(units.records, info.sns), attempts, skipped: { events, units: units.skipped } };
}

/** Scan a JSONL file of the run (a missing one reads as empty: the run stopped before writing it). */
async function scanIfExists(
  file: string,
  onRecord: (value: Record<string, unknown>, lineNo: number, malformed: number[]) => void,
): Promise<SkippedLines> {
  if (!existsSync(file)) return { malformed: [], unterminatedBytes: 0 };
  const malformed: number[] = [];
  const scan: JsonlScan = await forEachJsonl(file, (value, lineNo) => onRecord(value, lineNo, malformed));
  return { malformed: [...scan.malformedLines, ...malformed].sort((a, b) => a - b), unterminatedBytes: scan.unterminatedBytes };
}
