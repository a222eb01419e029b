/** After a crash: torn lines are cut, readers skip what is not a record, and a scan says what a resume must re-test. */
import fc from 'fast-check';
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMtapError } from '../../src/errors.js';
import { attemptCsvRow, attemptLine, csvRow, EVENTS_CSV_HEADER, loadRunRecords, readJsonl, repairTail, RunRecorder, scanRunDir, unitLine } from '../../src/record/index.js';
import { makeAttempt, makeInfo, makeUnit, parseCsv, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

describe('readJsonl', () => {
  it('skips and counts malformed lines, and never reads an unterminated last line', async () => {
    const file = join(tempDir(), 'x.jsonl');
    writeFileSync(file, '{"a":1}\nnot json\n[1,2]\n\n{"b":"ü"}\n{"c":3}');
    const read = await readJsonl(file);
    expect(read.records).toEqual([{ a: 1 }, { b: 'ü' }]);
    expect(read.malformedLines).toEqual([2, 3, 4]);
    expect(read.lines).toBe(5);
    expect(read.unterminatedBytes).toBe(7); // {"c":3} parses, but its LF never made it: not a record
  });

  it('reads lines split across read chunks (multi-byte characters included)', async () => {
    const file = join(tempDir(), 'big.jsonl');
    const records = Array.from({ length: 3000 }, (_, i) => ({ i, text: 'é€😀'.repeat(i % 300) }));
    writeFileSync(file, records.map((r) => JSON.stringify(r) + '\n').join(''));
    expect((await readJsonl(file)).records).toEqual(records);
  });

  it('reports a missing file as E_DISK naming it', async () => {
    const err = await readJsonl('/nonexistent/x.jsonl').catch((e: unknown) => e);
    expect(isMtapError(err) && err.code).toBe('E_DISK');
    expect((err as Error).message).toBe('cannot read /nonexistent/x.jsonl: ENOENT (no such file or directory)');
  });
});

describe('repairTail', () => {
  it('cuts a JSONL file back to its last LF', async () => {
    const file = join(tempDir(), 'e.jsonl');
    writeFileSync(file, '{"a":1}\n{"a":2}\n{"a":');
    expect((await repairTail(file)).removedBytes).toBe(5);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect((await repairTail(file)).removedBytes).toBe(0);
    writeFileSync(file, '{"a"');
    await repairTail(file);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('cuts a JSONL file cut at any byte back to exactly the whole lines before the cut', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 20 }, (_, i) => attemptLine(makeAttempt({ attempt: i + 1, message: 'ü'.repeat(i) })));
    const whole = Buffer.from(lines.join(''));
    const boundaries = lines.reduce<number[]>((acc, l) => [...acc, acc.at(-1)! + Buffer.byteLength(l)], [0]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: whole.length }), async (cut) => {
        const file = join(dir, 'e.jsonl');
        writeFileSync(file, whole.subarray(0, cut));
        await repairTail(file);
        expect(readFileSync(file).length).toBe(boundaries.filter((b) => b <= cut).at(-1));
      }),
      { numRuns: 60 },
    );
  });

  it('cuts a CSV file back to its last whole record, even inside a quoted cell holding line breaks', async () => {
    const dir = tempDir();
    const rows = [EVENTS_CSV_HEADER, ...Array.from({ length: 12 }, (_, i) => attemptCsvRow(makeAttempt({ attempt: i, message: i % 3 === 0 ? 'two\nlines, "q"\r\nthree' : 'plain' })))];
    const whole = Buffer.from(rows.join(''));
    const boundaries = rows.reduce<number[]>((acc, r) => [...acc, acc.at(-1)! + Buffer.byteLength(r)], [0]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: whole.length }), async (cut) => {
        const file = join(dir, 'e.csv');
        writeFileSync(file, whole.subarray(0, cut));
        const repair = await repairTail(file);
        const expectedEnd = boundaries.filter((b) => b <= cut).at(-1)!;
        expect(readFileSync(file).length).toBe(expectedEnd);
        expect(repair.records).toBe(boundaries.indexOf(expectedEnd));
        expect(parseCsv(readFileSync(file, 'utf8'))).toHaveLength(boundaries.indexOf(expectedEnd));
      }),
      { numRuns: 100 },
    );
  });
});

/** A run dir as a killed run leaves it: run.json, units that ended, attempts of units that did not. */
async function killedRun(dir: string) {
  const rec = await RunRecorder.open(dir);
  await rec.writeRunInfo(makeInfo({ sns: ['SN1', 'SN2', 'SN3', 'SN4', 'SN5'] }));
  const unit = async (sn: string, exec: string, outcome: 'PASS' | 'FAIL' | 'ERROR' | 'ABORTED', attempts: number) => {
    for (let a = 1; a <= attempts; a++) rec.attempt(makeAttempt({ sn, unit_exec_id: exec, attempt: a, passed: a === attempts }));
    await rec.unitEnd(makeUnit({ sn, unit_exec_id: exec, outcome, attempts }));
  };
  await unit('SN1', 'e1', 'PASS', 1);
  await unit('SN2', 'e2', 'ABORTED', 1);
  await unit('SN3', 'e3', 'FAIL', 2);
  await unit('SN3', 'e3b', 'PASS', 1); // re-tested in a resumed run: the last record wins
  await unit('SN5', 'e5', 'ERROR', 1);
  rec.attempt(makeAttempt({ sn: 'SN4', unit_exec_id: 'e4' })); // killed before SN4 ended
  rec.attempt(makeAttempt({ sn: 'SN4', unit_exec_id: 'e4', attempt: 2 }));
  await rec.close();
  appendFileSync(join(dir, 'events.jsonl'), '{"schema_version":2,"sn":"SN4","unit_'); // torn by kill -9
}

describe('scanRunDir', () => {
  it('keeps PASS/FAIL/ERROR serials (last record wins), re-tests ABORTED and missing ones, counts orphan attempts', async () => {
    const dir = tempDir();
    await killedRun(dir);
    const scan = await scanRunDir(dir);
    expect(scan.info.run_id).toBe(makeInfo().run_id);
    expect([...scan.done].sort()).toEqual(['SN1', 'SN3', 'SN5']);
    expect(scan.remaining).toEqual(['SN2', 'SN4']);
    expect(scan.lastUnits.map((u) => [u.sn, u.unit_exec_id, u.outcome])).toEqual([
      ['SN1', 'e1', 'PASS'],
      ['SN2', 'e2', 'ABORTED'],
      ['SN3', 'e3b', 'PASS'],
      ['SN5', 'e5', 'ERROR'],
    ]);
    expect([...scan.endedExecutions].sort()).toEqual(['e1', 'e2', 'e3', 'e3b', 'e5']);
    expect(scan.attemptLines).toBe(8);
    expect(scan.orphanAttempts).toBe(2);
    expect(scan.skipped.events.unterminatedBytes).toBeGreaterThan(0);
    expect(scan.skipped.events.malformed).toEqual([]);
  });

  it('counts unit lines that are not unit records as malformed instead of failing', async () => {
    const dir = tempDir();
    await killedRun(dir);
    appendFileSync(join(dir, 'units.jsonl'), '{"sn":"SN4","outcome":"PASS"}\n');
    const scan = await scanRunDir(dir);
    expect(scan.remaining).toEqual(['SN2', 'SN4']);
    expect(scan.skipped.units.malformed).toEqual([6]);
  });

  it('refuses a directory that is not a run (E_RUN_DIR)', async () => {
    const dir = tempDir();
    const missing = await scanRunDir(dir).catch((e: unknown) => e);
    expect(isMtapError(missing) && [missing.code, missing.message]).toEqual(['E_RUN_DIR', `${dir} is not an mtap run directory (no run.json)`]);
    writeFileSync(join(dir, 'run.json'), '{"run_id": 3}');
    const invalid = await scanRunDir(dir).catch((e: unknown) => e);
    expect(isMtapError(invalid) && invalid.code).toBe('E_RUN_DIR');
    expect((invalid as Error).message).toMatch(/run\.json: not an mtap run record/);
  });

  it('reads a run killed before anything but run.json was written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.json'), JSON.stringify(makeInfo()));
    const scan = await scanRunDir(dir);
    expect(scan.remaining).toEqual(makeInfo().sns);
    expect(scan.attemptLines).toBe(0);
  });
});

describe('resuming appends after a repaired tail', () => {
  it('a resumed recorder leaves whole, parseable files and the scan then sees every serial done', async () => {
    const dir = tempDir();
    await killedRun(dir);
    const scan = await scanRunDir(dir);
    const rec = await RunRecorder.open(dir);
    for (const sn of scan.remaining) {
      rec.attempt(makeAttempt({ sn, unit_exec_id: `${sn}-r` }));
      await rec.unitEnd(makeUnit({ sn, unit_exec_id: `${sn}-r`, outcome: 'PASS' }));
    }
    await rec.close();
    const after = await scanRunDir(dir);
    expect(after.remaining).toEqual([]);
    expect(after.orphanAttempts).toBe(2); // SN4's interrupted execution: kept, never counted
    expect(after.skipped.events).toEqual({ malformed: [], unterminatedBytes: 0 });
    const csvRows = parseCsv(readFileSync(join(dir, 'events.csv'), 'utf8')).length - 1;
    expect(csvRows).toBe(after.attemptLines);
  });
});

describe('loadRunRecords', () => {
  it('gives each serial its last record and only the attempts of executions that ended', async () => {
    const dir = tempDir();
    await killedRun(dir);
    const records = await loadRunRecords(dir);
    expect(records.units.map((u) => u.unit_exec_id)).toEqual(['e1', 'e2', 'e3b', 'e5']);
    expect(records.attempts.map((a) => a.unit_exec_id)).toEqual(['e1', 'e2', 'e3', 'e3', 'e3b', 'e5']);
  });

  it('skips event lines that are not attempt events', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.json'), JSON.stringify(makeInfo()));
    writeFileSync(join(dir, 'units.jsonl'), unitLine(makeUnit({ unit_exec_id: 'e1' })));
    writeFileSync(join(dir, 'events.jsonl'), attemptLine(makeAttempt({ unit_exec_id: 'e1' })) + '{"unit_exec_id":"e1"}\n' + csvRow(['x']));
    truncateSync(join(dir, 'events.jsonl'), readFileSync(join(dir, 'events.jsonl')).length - 2);
    const records = await loadRunRecords(dir);
    expect(records.attempts).toHaveLength(1);
    expect(records.skipped.events.malformed).toEqual([2]);
  });
});
