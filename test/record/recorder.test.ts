/** The recorder: events.jsonl + events.csv as attempts happen, group-committed unit ends, atomic run.json. */
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attemptEventSchema,
  CSV_COLUMNS,
  fdatasyncPromise,
  RunRecorder,
  runInfoSchema,
  unitRecordSchema,
  type AttemptEvent,
  type DataSync,
} from '../../src/record/index.js';
import { MtapError } from '../../src/errors.js';
import { makeAttempt, makeInfo, makeUnit, parseCsv, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(0, -1);
const jsonLines = (file: string) => lines(file).map((l) => JSON.parse(l) as Record<string, unknown>);

/** A dataSync that waits until released, so a test can look at the files while a sync is in flight. */
function heldSync(): { sync: DataSync; release: () => void; pending: () => number } {
  let waiting: Array<() => void> = [];
  return {
    sync: (fd) => new Promise<void>((res) => waiting.push(() => void fdatasyncPromise(fd).then(res))),
    release: () => {
      const now = waiting;
      waiting = [];
      for (const go of now) go();
    },
    pending: () => waiting.length,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('attempt', () => {
  it('appends one JSONL line (keys in schema order) and one CSV row per attempt, within the event-loop turn', async () => {
    const dir = tempDir();
    const rec = await RunRecorder.open(dir);
    const events = [
      makeAttempt(),
      makeAttempt({ attempt: 2, passed: false, error_code: 'LIMIT_FAIL', value: -40, message: '=cmd()|calc' }),
      makeAttempt({ value: { nested: ['a', 1] }, message: 'line\nbreak, "quoted" ünïcødé', units: null, error_code: null }),
      makeAttempt({ value: '=HYPERLINK("x")', measurement: null, test_num: null }),
    ];
    for (const e of events) rec.attempt(e);
    await tick(); // the turn's attempts are written together, at its end
    // Visible to a reader before any unit ended or the recorder closed.
    const written = jsonLines(join(dir, 'events.jsonl'));
    expect(written).toHaveLength(4);
    for (const [i, line] of written.entries()) {
      expect(Object.keys(line)).toEqual(Object.keys(attemptEventSchema.shape));
      expect(attemptEventSchema.parse(line)).toEqual(events[i]);
    }
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toContain('ünïcødé');

    const rows = parseCsv(readFileSync(join(dir, 'events.csv'), 'utf8'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + events.length);
    const col = (row: number, name: (typeof CSV_COLUMNS)[number]) => rows[row]![CSV_COLUMNS.indexOf(name)];
    expect([col(1, 'passed'), col(2, 'passed')]).toEqual(['true', 'false']);
    expect(col(2, 'value')).toBe('-40');
    expect(col(2, 'message')).toBe("'=cmd()|calc");
    expect(col(3, 'value')).toBe('{"nested":["a",1]}');
    expect(col(3, 'message')).toBe('line\nbreak, "quoted" ünïcødé');
    expect([col(3, 'units'), col(3, 'error_code')]).toEqual(['', '']);
    expect(col(4, 'value')).toBe('\'=HYPERLINK("x")');
    expect(col(4, 'test_num')).toBe('');
    expect(col(1, 'duration_us')).toBe('3123.5');
    await rec.close();
  });

  it('refuses writes after close', async () => {
    const rec = await RunRecorder.open(tempDir());
    await rec.close();
    expect(() => rec.attempt(makeAttempt())).toThrow(/closed/);
    await expect(rec.unitEnd(makeUnit())).rejects.toThrow(/closed/);
  });
});

describe('unitEnd', () => {
  it('resolves once the unit line is written after its attempts, all readable by a fresh reader', async () => {
    const dir = tempDir();
    const rec = await RunRecorder.open(dir);
    rec.attempt(makeAttempt());
    const unit = makeUnit();
    await rec.unitEnd(unit);
    const units = jsonLines(join(dir, 'units.jsonl'));
    expect(units).toHaveLength(1);
    expect(Object.keys(units[0]!)).toEqual(Object.keys(unitRecordSchema.shape));
    expect(unitRecordSchema.parse(units[0])).toEqual(unit);
    expect(lines(join(dir, 'events.jsonl'))).toHaveLength(1);
    await rec.close();
  });

  it('writes the unit line only after events.jsonl is synced, and resolves only after units.jsonl is', async () => {
    const dir = tempDir();
    const held = heldSync();
    const rec = await RunRecorder.open(dir, { dataSync: held.sync, commitDelayMs: 0 });
    rec.attempt(makeAttempt());
    let resolved = false;
    const done = rec.unitEnd(makeUnit()).then(() => (resolved = true));
    await tick();
    expect(held.pending()).toBe(1); // events.jsonl (events.csv, its mirror, is synced at close)
    expect(readFileSync(join(dir, 'units.jsonl'), 'utf8')).toBe('');
    held.release();
    while (held.pending() === 0) await tick();
    expect(held.pending()).toBe(1); // units.jsonl: its line is written, its sync in flight
    expect(lines(join(dir, 'units.jsonl'))).toHaveLength(1);
    expect(resolved).toBe(false);
    held.release();
    await done;
    expect(resolved).toBe(true);
    let closed = false;
    const closing = rec.close().then(() => (closed = true));
    while (!closed) {
      held.release(); // events.csv's sync, made at close
      await tick();
    }
    await closing;
  });

  it('group-commits: 1,000 units ending together cost a few syncs per file, not one each', async () => {
    const dir = tempDir();
    const rec = await RunRecorder.open(dir);
    const ends: Array<Promise<void>> = [];
    for (let u = 0; u < 1000; u++) {
      const id = `SN${u}#1`;
      for (let s = 0; s < 3; s++) rec.attempt(makeAttempt({ sn: `SN${u}`, unit_exec_id: id, test_step: `s${s}` }));
      ends.push(rec.unitEnd(makeUnit({ sn: `SN${u}`, unit_exec_id: id })));
    }
    await Promise.all(ends);
    const counts = rec.syncCounts();
    expect(counts.events).toBeLessThanOrEqual(3);
    expect(counts.eventsCsv).toBe(0); // synced at close only
    expect(counts.units).toBeLessThanOrEqual(3);
    expect(lines(join(dir, 'units.jsonl'))).toHaveLength(1000);
    expect(lines(join(dir, 'events.jsonl'))).toHaveLength(3000);
    await rec.close();
    expect(rec.syncCounts().eventsCsv).toBe(1);
  });

  it('group-commits units that end one after another while a slow sync is in flight', async () => {
    const dir = tempDir();
    let syncs = 0;
    const slowSync: DataSync = async (fd) => {
      syncs++;
      await new Promise((r) => setTimeout(r, 5));
      await fdatasyncPromise(fd);
    };
    const rec = await RunRecorder.open(dir, { dataSync: slowSync });
    const ends: Array<Promise<void>> = [];
    for (let u = 0; u < 1000; u++) {
      const id = `SN${u}#1`;
      rec.attempt(makeAttempt({ sn: `SN${u}`, unit_exec_id: id }));
      ends.push(rec.unitEnd(makeUnit({ sn: `SN${u}`, unit_exec_id: id })));
      if (u % 10 === 9) await tick(); // units end across ~100 turns of the event loop
    }
    await Promise.all(ends);
    expect(syncs).toBeLessThan(300); // 3 files × 1,000 units would be 3,000
    expect(jsonLines(join(dir, 'units.jsonl')).map((u) => u['sn'])).toHaveLength(1000);
    await rec.close();
  });

  it('every unit line on disk has all of its attempt lines before it', async () => {
    const dir = tempDir();
    const rec = await RunRecorder.open(dir);
    const ends: Array<Promise<void>> = [];
    for (let u = 0; u < 50; u++) {
      rec.attempt(makeAttempt({ unit_exec_id: `U${u}` }));
      if (u % 3 === 0) await tick();
      ends.push(rec.unitEnd(makeUnit({ unit_exec_id: `U${u}` })));
    }
    await Promise.all(ends);
    await rec.close();
    const events = jsonLines(join(dir, 'events.jsonl')).map((e) => e['unit_exec_id']);
    for (const unit of jsonLines(join(dir, 'units.jsonl'))) expect(events).toContain(unit['unit_exec_id']);
  });
});

describe('disk errors', () => {
  it('turn a failed sync into one E_DISK naming the file, and refuse every later write with it', async () => {
    const dir = tempDir();
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    const rec = await RunRecorder.open(dir, { dataSync: () => Promise.reject(eio) });
    rec.attempt(makeAttempt());
    const err = await rec.unitEnd(makeUnit()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MtapError);
    expect([(err as MtapError).code, (err as MtapError).exitCode, (err as MtapError).message]).toEqual(['E_DISK', 3, `cannot sync ${dir}/events.jsonl: EIO (i/o error)`]);
    expect(() => rec.attempt(makeAttempt())).toThrow(err as Error);
    await expect(rec.unitEnd(makeUnit())).rejects.toBe(err);
    await expect(rec.writeRunInfo(makeInfo())).rejects.toBe(err);
    expect(rec.failed).toBe(err);
    await rec.close(); // already reported: close does not throw it again
    expect(readFileSync(join(dir, 'units.jsonl'), 'utf8')).toBe('');
  });
});

describe('run.json and plan.yaml', () => {
  it('writes run.json as pretty JSON, atomically (no temporary file left), and the plan text as run', async () => {
    const dir = tempDir();
    const rec = await RunRecorder.open(dir);
    const text = 'plan:\n  name: board # comment kept\n';
    const hash = createHash('sha256').update(text).digest('hex');
    const info = makeInfo({ plan: { file: 'p.yaml', name: 'board', version: 3, hash } });
    await rec.writeRunInfo(info);
    await rec.writePlanCopy({ text });
    const runJson = readFileSync(join(dir, 'run.json'), 'utf8');
    expect(runJson).toBe(JSON.stringify(info, null, 2) + '\n');
    expect(runInfoSchema.parse(JSON.parse(runJson))).toEqual(info);
    expect(createHash('sha256').update(readFileSync(join(dir, 'plan.yaml'))).digest('hex')).toBe(hash);
    expect(readdirSync(dir).sort()).toEqual(['events.csv', 'events.jsonl', 'plan.yaml', 'run.json', 'units.jsonl']);
    await rec.close();
  });
});

describe('reopening a run (resume)', () => {
  it('cuts a torn last line before appending, and keeps a single CSV header', async () => {
    const dir = tempDir();
    const first = await RunRecorder.open(dir);
    first.attempt(makeAttempt({ unit_exec_id: 'A' }));
    await first.unitEnd(makeUnit({ unit_exec_id: 'A' }));
    await first.close();
    appendFileSync(join(dir, 'events.jsonl'), '{"schema_version":2,"timest');
    appendFileSync(join(dir, 'events.csv'), '2,"2026-11-22T0');
    appendFileSync(join(dir, 'units.jsonl'), '{"sche');

    const second = await RunRecorder.open(dir);
    second.attempt(makeAttempt({ unit_exec_id: 'B' }));
    await second.unitEnd(makeUnit({ unit_exec_id: 'B' }));
    await second.close();
    expect(jsonLines(join(dir, 'events.jsonl')).map((e) => e['unit_exec_id'])).toEqual(['A', 'B']);
    expect(jsonLines(join(dir, 'units.jsonl')).map((e) => e['unit_exec_id'])).toEqual(['A', 'B']);
    const rows = parseCsv(readFileSync(join(dir, 'events.csv'), 'utf8'));
    expect(rows.map((r) => r[CSV_COLUMNS.indexOf('unit_exec_id')])).toEqual(['unit_exec_id', 'A', 'B']);
  });

  it('adds the CSV rows of JSONL lines written just before a crash (events.csv rows = events.jsonl lines)', async () => {
    const dir = tempDir();
    const first = await RunRecorder.open(dir);
    first.attempt(makeAttempt({ unit_exec_id: 'A', message: 'first' }));
    await first.close();
    // A crash between an attempt's two writes: the JSONL line is there, its CSV row is not.
    const lost: AttemptEvent = makeAttempt({ unit_exec_id: 'A', attempt: 2, message: 'multi\nline' });
    appendFileSync(join(dir, 'events.jsonl'), JSON.stringify(lost) + '\n');

    const second = await RunRecorder.open(dir);
    second.attempt(makeAttempt({ unit_exec_id: 'B' }));
    await second.close();
    const rows = parseCsv(readFileSync(join(dir, 'events.csv'), 'utf8')).slice(1);
    expect(rows).toHaveLength(lines(join(dir, 'events.jsonl')).length);
    expect(rows.map((r) => r[CSV_COLUMNS.indexOf('message')])).toEqual(['first', 'multi\nline', 'OK']);
  });

  it('writes the header when events.csv is missing and mirrors every existing JSONL line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.jsonl'), [makeAttempt({ attempt: 1 }), makeAttempt({ attempt: 2 })].map((e) => JSON.stringify(e) + '\n').join(''));
    const rec = await RunRecorder.open(dir);
    await rec.close();
    const rows = parseCsv(readFileSync(join(dir, 'events.csv'), 'utf8'));
    expect(rows.map((r) => r[CSV_COLUMNS.indexOf('attempt')])).toEqual(['attempt', '1', '2']);
  });
});
