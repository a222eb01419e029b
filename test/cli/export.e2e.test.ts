/** `mtap export` as a user runs it, on a run directory `mtap batch` wrote: every format, stdout, errors. */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDut } from '../../src/dut/index.js';
import { readStdf } from '../../src/record/index.js';
import { parseCsv } from '../record/helpers.js';
import { CLI, cleanEnv, runCli } from '../support/proc.js';

// Serials a spreadsheet would run as formulas, and markup: serials are printable ASCII without spaces.
const SNS = ["=cmd|'/Ccalc'!A0", '+SUM(A1)', '-1+2', '@SN4', '<script>x</script>', 'SN0006'];

let root: string;
let dir: string;
beforeAll(async () => {
  const dut = await startDut({ port: 0, profile: 'clean', seed: 4, env: {} });
  root = mkdtempSync(join(tmpdir(), 'mtap-export-'));
  try {
    const r = await runCli(['batch', '--dut', `127.0.0.1:${dut.port}`, '--plan', 'examples/board-fct.yaml', '--sns', SNS.join(','), '--runs-dir', root, '--batch-id', 'LOT9', '--station-id', 'ST9'], {
      timeoutMs: 60_000,
    });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
  } finally {
    await dut.close();
  }
  dir = join(root, readdirSync(root).find((n) => n !== 'mtap.duckdb')!); // the run (the default store sits beside it)
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mtap = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: cleanEnv(env), timeoutMs: 30_000 });

/** Run the CLI and keep standard output as bytes (binary formats). */
function mtapBytes(args: string[]): Promise<{ code: number | null; stdout: Buffer }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks) }));
  });
}

describe('mtap export', () => {
  it('writes each format to its default file in the run directory and says where', async () => {
    for (const [format, file] of [['stdf', 'run.stdf'], ['atdf', 'run.atdf'], ['junit', 'run.junit.xml'], ['csv-wide', 'run.wide.csv'], ['openhtf-json', 'run.openhtf.json']] as const) {
      const r = await mtap(['export', format, dir]);
      expect(r.code, format).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${format}: 6 units → ${join(dir, file)} (${readFileSync(join(dir, file)).length.toLocaleString('en-US')} bytes)\n`);
    }
  });

  it('stdf: every serial in PART_ID, counts as the run', async () => {
    await mtap(['export', 'stdf', dir]);
    const { records } = readStdf(readFileSync(join(dir, 'run.stdf')));
    expect(records.flatMap((r) => (r.rec === 'PRR' ? [r.fields.PART_ID] : []))).toEqual(SNS);
    const units = readFileSync(join(dir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    expect(records.find((r) => r.rec === 'PCR')!.fields).toMatchObject({ PART_CNT: 6, GOOD_CNT: units.filter((u) => u.outcome === 'PASS').length });
    expect(records.find((r) => r.rec === 'MIR')!.fields).toMatchObject({ LOT_ID: 'LOT9', NODE_NAM: 'ST9', PART_TYP: 'Controller board FCT', TEST_COD: 'DVT' });
  });

  it('junit: the same document as the run\'s junit.xml', async () => {
    await mtap(['export', 'junit', dir]);
    expect(readFileSync(join(dir, 'run.junit.xml'), 'utf8')).toBe(readFileSync(join(dir, 'junit.xml'), 'utf8'));
  });

  it('csv-wide: formula-like serials neutralized, markup kept as text', async () => {
    const out = join(root, 'wide.csv');
    expect((await mtap(['export', 'csv-wide', dir, '--out', out])).code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[5]!.slice(0, 6)).toEqual(['SITE', 'PART_ID', 'HBIN', 'SBIN', 'RESULT', 'TEST_T']);
    expect(rows.slice(6).map((r) => r[1])).toEqual(["'=cmd|'/Ccalc'!A0", "'+SUM(A1)", "'-1+2", "'@SN4", '<script>x</script>', 'SN0006']);
    for (const cell of rows.flat()) if (/^[=+\-@]/.test(cell)) expect(cell, 'only numbers may start with + or -').toMatch(/^[+-]?\d/);
  });

  it('openhtf-json: one record per unit', async () => {
    const r = await mtap(['export', 'openhtf-json', dir, '--out', '-']);
    const records = JSON.parse(r.stdout) as Array<{ dut_id: string; phases: unknown[] }>;
    expect(records.map((x) => x.dut_id)).toEqual(SNS);
    expect(records.every((x) => x.phases.length > 0)).toBe(true);
  });

  it('--out - writes text to standard output, and binary STDF to a pipe', async () => {
    const atdf = await mtap(['export', 'atdf', dir, '--out', '-']);
    expect(atdf.code).toBe(0);
    expect(atdf.stdout.split('\n')[0]).toBe('FAR:A|4|2|U');
    expect(atdf.stdout).toMatch(/^PRR:1\|\d+\|=cmd '\/Ccalc'!A0\|/m); // ATDF writes a | inside text as a space
    await mtap(['export', 'stdf', dir]);
    const piped = await mtapBytes(['export', 'stdf', dir, '--out', '-']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.equals(readFileSync(join(dir, 'run.stdf')))).toBe(true);
  });

  it('writes times in the local zone unless --utc', async () => {
    const mirTime = (text: string) => /^MIR:(?:[^|]*\|){5}(\d\d):/m.exec(text)![1];
    const tokyo = await mtap(['export', 'atdf', dir, '--out', '-'], { TZ: 'Asia/Tokyo' });
    const utc = await mtap(['export', 'atdf', dir, '--out', '-', '--utc'], { TZ: 'Asia/Tokyo' });
    expect((Number(mirTime(tokyo.stdout)) - Number(mirTime(utc.stdout)) + 24) % 24).toBe(9);
  });

  it('an unknown format or a directory that is not a run: one message, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['export', 'xls', dir], /^mtap: unknown export format "xls": give one of stdf, atdf, junit, csv-wide, openhtf-json\n$/],
      [['export', 'stdf', join(root, 'nope')], /^mtap: .*nope: no such run directory\n$/],
      [['export', 'stdf', tmpdir()], /^mtap: .* is not an mtap run directory \(no run\.json\)\n$/],
    ];
    const noPlan = join(root, 'no-plan');
    mkdirSync(noPlan);
    for (const f of ['run.json', 'units.jsonl', 'events.jsonl']) copyFileSync(join(dir, f), join(noPlan, f));
    cases.push([['export', 'csv-wide', noPlan], /^mtap: .*no-plan has no plan\.yaml \(the plan as run, which every export reads\)\n$/]);
    for (const [args, message] of cases) {
      const r = await mtap(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(noPlan, 'run.wide.csv'))).toBe(false);
  });
});
