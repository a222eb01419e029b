/**
 * `mtap report` as a user runs it (the built CLI), on a run `mtap batch` wrote with serials and a
 * batch id a spreadsheet would run as formulas, and one that is markup: the batch leaves the report,
 * `mtap report` rewrites it or writes it elsewhere with working links, bad input gets one message and
 * exit 2 with nothing written — and every CSV the run, `mtap analytics` and `mtap export` write holds
 * those strings neutralized.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDut } from '../../src/dut/index.js';
import { neutralize } from '../../src/record/index.js';
import { parseCsv } from '../record/helpers.js';
import { cleanEnv, runCli } from '../support/proc.js';

// Serials are printable ASCII without spaces, so all of these are valid.
const FORMULA_SNS = ["=cmd|'/Ccalc'!A0", '+SUM(A1)', '-1+2', '@SN4'];
const MARKUP_SN = '<script>alert(1)</script>';
const SNS = [...FORMULA_SNS, MARKUP_SN, 'SN0006'];
const BATCH = '@LOT9';

let root: string;
let dir: string;
let batchOut: string;
beforeAll(async () => {
  const dut = await startDut({ port: 0, profile: 'clean', seed: 4, env: {} });
  root = mkdtempSync(join(tmpdir(), 'mtap-report-e2e-'));
  try {
    const r = await runCli(['batch', '--dut', `127.0.0.1:${dut.port}`, '--plan', 'examples/board-fct.yaml', '--sns', SNS.join(','), '--runs-dir', root, '--batch-id', BATCH, '--station-id', 'ST9'], {
      timeoutMs: 60_000,
    });
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    batchOut = r.stdout;
  } finally {
    await dut.close();
  }
  dir = join(root, readdirSync(root).find((f) => statSync(join(root, f)).isDirectory())!);
}, 90_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mtap = (args: string[]) => runCli(args, { env: cleanEnv(), timeoutMs: 60_000 });
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('mtap report', () => {
  it('mtap batch leaves qualification_report.html in the run directory and lists it', () => {
    expect(existsSync(join(dir, 'qualification_report.html'))).toBe(true);
    expect(batchOut).toMatch(/artifacts: .* qualification_report\.html/);
    const page = readFileSync(join(dir, 'qualification_report.html'), 'utf8');
    expect(page).toContain(html(MARKUP_SN));
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<span class="status VERIFIED">VERIFIED</span>'); // the plan's requirements file
  });

  it('rewrites the report of a run directory and says where, how big, how long', async () => {
    const file = join(dir, 'qualification_report.html');
    rmSync(file);
    const r = await mtap(['report', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bytes = readFileSync(file).length;
    expect(r.stdout).toMatch(new RegExp(`^report: 6 units → ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(${bytes.toLocaleString('en-US')} bytes, \\d+\\.\\d s\\)\\n$`));
  });

  it('--out writes elsewhere, its links still reaching the run\'s files; --out - writes to standard output', async () => {
    const out = join(root, 'lot9.html');
    const r = await mtap(['report', dir, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    const rel = relative(root, join(dir, 'events.jsonl'));
    expect(page).toContain(`<a href="${rel.split('/').map(encodeURIComponent).join('/')}">events.jsonl</a>`);
    const piped = await mtap(['report', dir, '--out', '-']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(piped.stdout).toContain('<a href="events.jsonl">events.jsonl</a>');
  });

  it('bad input: one message, exit 2, nothing written', async () => {
    const missing = join(root, 'nope');
    const empty = mkdtempSync(join(root, 'empty-'));
    const cases: Array<[string[], RegExp]> = [
      [['report', missing], /^mtap: .*nope: no such run directory\n$/],
      [['report', empty], /^mtap: .*empty-\w+ is not an mtap run directory \(no run\.json\)\n$/],
      [['report', dir, '--out', join(root, 'no-such-dir', 'r.html')], /^mtap: --out .*r\.html: no directory .*no-such-dir\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await mtap(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const usage = await mtap(['report']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("missing required argument 'run-dir'");
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
    expect(existsSync(join(root, 'no-such-dir'))).toBe(false);
  });
});

describe('formula-like serials and batch ids in every CSV', () => {
  it('each CSV the run, mtap analytics and mtap export write neutralizes them, and keeps them as text', async () => {
    expect((await mtap(['analytics', '--run-dir', dir, '--runs-dir', root])).code).toBe(0);
    expect((await mtap(['export', 'csv-wide', dir])).code).toBe(0);
    const found = [...readdirSync(dir), ...readdirSync(join(dir, 'analytics')).map((f) => `analytics/${f}`)].filter((f) => f.endsWith('.csv')).sort();
    // Every CSV writer, by name: a new one must be added here (and checked).
    expect(found).toEqual(
      [
        'events.csv',
        'coverage_matrix.csv',
        'run.wide.csv',
        'analytics/yield_summary.csv',
        'analytics/step_fail_rates.csv',
        'analytics/pareto_by_step.csv',
        'analytics/pareto_by_error.csv',
        'analytics/pareto_by_batch.csv',
        'analytics/strat_fw_version.csv',
        'analytics/strat_stage.csv',
        'analytics/strat_batch_id.csv',
        'analytics/strat_temp_bin.csv',
      ].sort(),
    );
    const cells = (f: string) => parseCsv(readFileSync(join(dir, f), 'utf8')).flat();
    for (const f of found) {
      for (const cell of cells(f)) expect(neutralize(cell), `${f}: ${cell} would run as a formula`).toBe(cell);
    }
    // Where a file holds the serials or the batch id, it holds them as text: prefixed with '.
    for (const f of ['events.csv', 'run.wide.csv']) {
      const all = new Set(cells(f));
      for (const sn of FORMULA_SNS) expect(all.has(`'${sn}`), `${f} holds ${sn}`).toBe(true);
      expect(all.has(MARKUP_SN), `${f} keeps markup as it is`).toBe(true);
    }
    for (const f of ['events.csv', 'analytics/strat_batch_id.csv']) expect(new Set(cells(f)).has(`'${BATCH}`), f).toBe(true);
  });
});
