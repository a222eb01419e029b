/**
 * Run directories written by the MTAP reference (schema v1: events.jsonl only, no units, no run
 * header), turned into store rows so MTAP's users bring their history. Per (run, serial) there was one
 * execution: its id is `<run_id>/<sn>`, it passed iff every step's final attempt passed (MTAP's own
 * rule), it has no bins, and its single limit field becomes one measurement without limits.
 */
import { join } from 'node:path';
import { forEachJsonl, type JsonlScan } from '../record/index.js';
import { emptyRows, sqlTimestamp, type Rows, type SqlValue } from './rows.js';
import { ATTEMPT_COLUMNS, MEASUREMENT_COLUMNS, RUN_COLUMNS, UNIT_COLUMNS, type Column } from './schema.js';

interface V1Event {
  run_id: string;
  batch_id: string;
  station_id: string;
  stage: string;
  sn: string;
  fw_version: string;
  test_step: string;
  command: string;
  attempt: number;
  passed: boolean;
  error_code: string | null;
  message: string;
  duration_ms: number;
  timestamp: string;
  measurement: string | null;
  value: unknown;
  units: string | null;
}

const str = (v: unknown, dflt = ''): string => (typeof v === 'string' ? v : v === null || v === undefined ? dflt : String(v));

function asV1(r: Record<string, unknown>): V1Event | null {
  if (typeof r.sn !== 'string' || typeof r.test_step !== 'string' || typeof r.run_id !== 'string') return null;
  return {
    run_id: r.run_id,
    batch_id: str(r.batch_id),
    station_id: str(r.station_id),
    stage: str(r.stage),
    sn: r.sn,
    fw_version: str(r.fw_version, 'unknown'),
    test_step: r.test_step,
    command: str(r.command),
    attempt: typeof r.attempt === 'number' ? r.attempt : 1,
    passed: r.passed === true,
    error_code: typeof r.error_code === 'string' ? r.error_code : null,
    message: str(r.message),
    duration_ms: typeof r.duration_ms === 'number' ? r.duration_ms : 0,
    timestamp: str(r.timestamp),
    measurement: typeof r.measurement === 'string' ? r.measurement : null,
    value: r.value ?? null,
    units: typeof r.units === 'string' ? r.units : null,
  };
}

const row = (columns: readonly Column[], values: Record<string, SqlValue>) => columns.map((c) => values[c.name] ?? null);

export interface V1Read {
  rows: Rows;
  scan: JsonlScan;
  /** Lines that are JSON but not an MTAP event. */
  foreign: number;
}

export async function readV1RunDir(dir: string): Promise<V1Read> {
  const events: V1Event[] = [];
  let foreign = 0;
  const scan = await forEachJsonl(join(dir, 'events.jsonl'), (r) => {
    const e = asV1(r);
    if (e) events.push(e);
    else foreign++;
  });
  const rows = emptyRows();
  const byUnit = new Map<string, V1Event[]>();
  for (const e of events) {
    const key = `${e.run_id}/${e.sn}`;
    const list = byUnit.get(key);
    if (list) list.push(e);
    else byUnit.set(key, [e]);
  }
  const runs = new Map<string, { first: V1Event; sns: Set<string>; start: number }>();
  for (const [execId, list] of byUnit) {
    const first = list[0]!;
    const run = runs.get(first.run_id) ?? { first, sns: new Set<string>(), start: NaN };
    run.sns.add(first.sn);
    runs.set(first.run_id, run);
    // Each step's final attempt decides it (the highest attempt; the later line on a tie), as MTAP.
    const finals = new Map<string, V1Event>();
    for (const e of list) {
      const f = finals.get(e.test_step);
      if (!f || e.attempt >= f.attempt) finals.set(e.test_step, e);
    }
    const failing = [...finals.values()].filter((e) => !e.passed);
    const times = list.map((e) => Date.parse(e.timestamp)).filter((t) => !Number.isNaN(t));
    const start = times.length ? Math.min(...times) : NaN;
    const end = times.length ? Math.max(...times) : NaN;
    if (!Number.isNaN(start) && !(run.start <= start)) run.start = start;
    rows.units.push(
      row(UNIT_COLUMNS, {
        unit_exec_id: execId,
        run_id: first.run_id,
        sn: first.sn,
        site: 0,
        batch_id: first.batch_id,
        station_id: first.station_id,
        stage: first.stage,
        fw_version: list.at(-1)!.fw_version,
        outcome: failing.length ? 'FAIL' : 'PASS',
        deciding_step: failing[0]?.test_step ?? null,
        deciding_code: failing[0]?.error_code ?? null,
        started_at: Number.isNaN(start) ? null : sqlTimestamp(new Date(start).toISOString()),
        ended_at: Number.isNaN(end) ? null : sqlTimestamp(new Date(end).toISOString()),
        duration_ms: Number.isNaN(start) ? null : end - start,
        attempts: list.length,
      }),
    );
    for (const e of list) {
      rows.attempts.push(
        row(ATTEMPT_COLUMNS, {
          unit_exec_id: execId,
          run_id: e.run_id,
          sn: e.sn,
          step_id: e.test_step,
          kind: 'step',
          command: e.command,
          attempt: e.attempt,
          passed: e.passed,
          error_code: e.error_code,
          message: e.message,
          duration_ms: e.duration_ms,
          fw_version: e.fw_version,
          ended_at: sqlTimestamp(e.timestamp),
        }),
      );
      if (e.measurement !== null) {
        rows.measurements.push(
          row(MEASUREMENT_COLUMNS, {
            unit_exec_id: execId,
            step_id: e.test_step,
            attempt: e.attempt,
            idx: 0,
            field: e.measurement,
            value: typeof e.value === 'number' && Number.isFinite(e.value) ? e.value : null,
            value_text: e.value === null ? null : JSON.stringify(e.value),
            units: e.units,
            passed: e.passed,
            error_code: e.passed ? null : e.error_code,
            ended_at: sqlTimestamp(e.timestamp),
          }),
        );
      }
    }
  }
  for (const [runId, { first, sns, start }] of runs) {
    rows.runs.push(
      row(RUN_COLUMNS, {
        run_id: runId,
        source: 'mtap-v1',
        station_id: first.station_id,
        batch_id: first.batch_id,
        stage: first.stage,
        created_at: Number.isNaN(start) ? null : sqlTimestamp(new Date(start).toISOString()),
        sn_count: sns.size,
      }),
    );
  }
  return { rows, scan, foreign };
}
