/**
 * Reading a JSONL file without trusting it: streamed (a run's log can be larger than memory wants),
 * one JSON object per LF-terminated line. A line that does not parse is skipped and counted instead of
 * stopping the reader (MTAP crashed: bug 27). Text after the last LF is an unfinished write (a crash
 * mid-line): it is never read as a record, whether or not it happens to parse, so readers agree with
 * `repairTail`, which cuts it off.
 */
import { createReadStream } from 'node:fs';
import { diskError } from './disk-error.js';

export interface LineScan {
  /** LF-terminated lines seen. */
  lines: number;
  /** Bytes after the last LF (0 when the file ends with LF or is empty). */
  unterminatedBytes: number;
}

/** Call `onLine` for each LF-terminated line (without its LF), numbered from 1. */
export async function forEachLine(file: string, onLine: (text: string, lineNo: number) => void): Promise<LineScan> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let lineNo = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let lf = chunk.indexOf(0x0a, start); lf !== -1; lf = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, lf);
        const text = carryBytes > 0 ? Buffer.concat([...carry, piece]).toString('utf8') : piece.toString('utf8');
        carry = [];
        carryBytes = 0;
        onLine(text, ++lineNo);
        start = lf + 1;
      }
      if (start < chunk.length) {
        carry.push(chunk.subarray(start));
        carryBytes += chunk.length - start;
      }
    }
  } catch (err) {
    throw diskError('read', file, err);
  }
  return { lines: lineNo, unterminatedBytes: carryBytes };
}

export interface JsonlScan extends LineScan {
  /** Line numbers of lines that are not a JSON object; they were skipped. */
  malformedLines: number[];
}

/** Call `onRecord` for each line that is a JSON object. */
export async function forEachJsonl(file: string, onRecord: (record: Record<string, unknown>, lineNo: number) => void): Promise<JsonlScan> {
  const malformedLines: number[] = [];
  const scan = await forEachLine(file, (text, lineNo) => {
    const record = parseJsonObject(text);
    if (record === null) malformedLines.push(lineNo);
    else onRecord(record, lineNo);
  });
  return { ...scan, malformedLines };
}

export interface JsonlContent extends JsonlScan {
  records: Array<Record<string, unknown>>;
}

export async function readJsonl(file: string): Promise<JsonlContent> {
  const records: Array<Record<string, unknown>> = [];
  const scan = await forEachJsonl(file, (record) => records.push(record));
  return { ...scan, records };
}

/** The JSON object a line holds, or null when it holds anything else. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
