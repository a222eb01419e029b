/**
 * One record, one line: the JSONL text of an attempt event or a unit record, keys in the order the
 * schema defines them (MTAP v1 fields first), and the matching events.csv row. UTF-8 as is
 * (`JSON.stringify` escapes only what JSON requires), LF-terminated.
 */
import { csvRow } from './csv.js';
import { attemptEventSchema, CSV_COLUMNS, unitRecordSchema, type AttemptEvent, type UnitRecord } from './schema.js';

const ATTEMPT_KEYS = Object.keys(attemptEventSchema.shape) as ReadonlyArray<keyof AttemptEvent>;
const UNIT_KEYS = Object.keys(unitRecordSchema.shape) as ReadonlyArray<keyof UnitRecord>;

/** The record with its keys in schema order (itself when they already are: the common, cheap case). */
function ordered<T extends object>(record: T, keys: ReadonlyArray<keyof T>): object {
  if (hasKeysInOrder(record, keys)) return record;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key as string] = record[key];
  return out;
}

function hasKeysInOrder(record: object, keys: ReadonlyArray<PropertyKey>): boolean {
  let i = 0;
  for (const key in record) if (key !== keys[i++]) return false;
  return i === keys.length;
}

export function attemptLine(event: AttemptEvent): string {
  return JSON.stringify(ordered(event, ATTEMPT_KEYS)) + '\n';
}

export function unitLine(record: UnitRecord): string {
  return JSON.stringify(ordered(record, UNIT_KEYS)) + '\n';
}

export const EVENTS_CSV_HEADER = csvRow(CSV_COLUMNS);

export function attemptCsvRow(event: AttemptEvent): string {
  return csvRow(CSV_COLUMNS.map((column) => event[column]));
}
