/**
 * After a crash: make a run's append-only files safe to append to again. A run killed mid-write (kill
 * -9, power loss, disk full) may leave its last line unfinished; appending after it would glue the next
 * record onto the fragment. `repairTail` cuts the file back to its last complete record. The cut line
 * always belongs to a unit that had not ended (a unit's lines are made durable before its unit record
 * is written), so nothing a reader counts is lost.
 *
 * A JSONL record ends at an LF (JSON escapes LF inside strings). A CSV record ends at an LF outside
 * quotes: a quoted cell may hold line breaks, so the CSV repair tracks quote parity from the start.
 */
import { closeSync, openSync, readSync, fstatSync, ftruncateSync, createReadStream } from 'node:fs';
import { diskError } from './disk-error.js';
import { forEachLine, parseJsonObject } from './jsonl-read.js';
import type { AttemptEvent } from './schema.js';

export type LineFormat = 'jsonl' | 'csv';

export interface TailRepair {
  /** Bytes cut from the end (0 when the file already ended with a complete record). */
  removedBytes: number;
  /** Complete records (lines, for JSONL; CSV records including the header) left; null when not counted. */
  records: number | null;
}

export function formatOf(file: string): LineFormat {
  return file.endsWith('.csv') ? 'csv' : 'jsonl';
}

export async function repairTail(file: string, format: LineFormat = formatOf(file)): Promise<TailRepair> {
  const end = format === 'csv' ? await lastCsvRecordEnd(file) : { offset: lastLineEnd(file), records: null };
  const removedBytes = truncateTo(file, end.offset);
  return { removedBytes, records: end.records };
}

/** Offset just past the last LF (0 when there is none). Reads backwards from the end. */
function lastLineEnd(file: string): number {
  const fd = open(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      const n = readSync(fd, chunk, 0, end - start, start);
      const lf = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (lf !== -1) return start + lf + 1;
      end = start;
    }
    return 0;
  } catch (err) {
    throw diskError('read', file, err);
  } finally {
    closeSync(fd);
  }
}

/** Offset just past the last CSV record (LF outside quotes), and how many records end before it. */
export async function lastCsvRecordEnd(file: string): Promise<{ offset: number; records: number }> {
  let inQuotes = false;
  let records = 0;
  let offset = 0;
  let base = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let pos = 0;
      while (pos < chunk.length) {
        const quote = chunk.indexOf(0x22, pos);
        if (inQuotes) {
          if (quote === -1) break;
          inQuotes = false;
          pos = quote + 1;
          continue;
        }
        const lf = chunk.indexOf(0x0a, pos);
        if (lf !== -1 && (quote === -1 || lf < quote)) {
          records++;
          offset = base + lf + 1;
          pos = lf + 1;
        } else if (quote !== -1) {
          inQuotes = true;
          pos = quote + 1;
        } else {
          break;
        }
      }
      base += chunk.length;
    }
  } catch (err) {
    throw diskError('read', file, err);
  }
  return { offset, records };
}

function truncateTo(file: string, offset: number): number {
  const fd = open(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size > offset) ftruncateSync(fd, offset);
    return size - offset;
  } catch (err) {
    throw diskError('truncate', file, err);
  } finally {
    closeSync(fd);
  }
}

function open(file: string, flags: string): number {
  try {
    return openSync(file, flags);
  } catch (err) {
    throw diskError('read', file, err);
  }
}

/**
 * events.csv mirrors events.jsonl row for row. A crash between an attempt's two writes leaves the CSV
 * one row short: append the rows of the JSONL lines past the CSV's last data row.
 */
export async function appendMissingCsvRows(eventsFile: string, csvDataRows: number, appendRow: (event: AttemptEvent) => void): Promise<number> {
  let appended = 0;
  await forEachLine(eventsFile, (text, lineNo) => {
    if (lineNo <= csvDataRows) return;
    const record = parseJsonObject(text);
    if (record === null) return; // a malformed line has no row to mirror
    appendRow(record as AttemptEvent);
    appended++;
  });
  return appended;
}
