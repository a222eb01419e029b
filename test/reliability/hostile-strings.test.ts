/**
 * Hostile strings in every output format. Markup, spreadsheet formulas, quotes, separators, control
 * characters and non-BMP text reach mtap from every side a user or a device controls — serial numbers,
 * the batch and station ids, the plan's names, the DUT's error messages and firmware string — and a real
 * `mtap batch` is run with them, then every export and the analytics files. Each file must still parse
 * as its format, carry the strings back unchanged where the format can hold them, and never hand a
 * spreadsheet a formula.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralize } from '../../src/record/index.js';
import { readStdf } from '../../src/record/stdf/index.js';
import { Script, startDut } from '../../src/dut/index.js';
import { cleanEnv, runCli } from '../support/proc.js';
import { parseCsv, parseXml, useTempDirs } from '../record/helpers.js';
import { report } from './scale.js';

const tempDir = useTempDirs();

/** Serials are printable ASCII without spaces (anything else is refused before a run starts). */
const SERIALS = ['<script>alert(1)</script>', "=cmd|'/Ccalc'!A0", '+SUM(A1:A9)', '-2+3', '@A1', '"q";x\'y', ']]>&amp;<!--', 'PLAIN001'];
/** A device says whatever it likes. */
const MESSAGE = '<script>alert(2)</script> =1+1\r\n"quoted",comma|pipe\t\u0000\u001b[31m ]]> \u2028 ünï 🔥';
const FIRMWARE = '<img src=x onerror=alert(3)>';
const BATCH = '=HYPERLINK("http://evil")';
const STATION = '<b>ST|1</b>';

const PLAN = `plan: {name: "<i>Plan</i> \\"&\\" =2+2", version: 1}
station: {name: ST, stage: DVT, fw_expected: "*"}
defaults: {timeout_s: 1, retries: 1, backoff_ms: 1}
steps:
  - {id: ping, name: "Ping <b>|</b> =A1", cmd: PING, req_ids: ["REQ-<1>"]}
  - {id: rt, name: "@Temp \\"x\\"", cmd: READ_TEMP, measurements: [{field: temp_c, lo: 10, hi: 60, units: "<°C>"}]}
  - {id: st, name: "Self-test ]]>", cmd: SELF_TEST, measurements: [{field: self_test_ok, expected: true}]}
`;

const REQUIREMENTS = `requirements:
  "REQ-<1>": {title: "=1+2 <script>alert(4)</script>"}
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('reliability: hostile strings', () => {
  it('every output format parses, keeps the strings and neutralizes formulas', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plan.yaml'), PLAN);
    writeFileSync(join(dir, 'req.yaml'), REQUIREMENTS);
    const dut = await startDut({
      port: 0,
      seed: 1,
      env: {},
      profile: 'clean',
      script: new Script([
        { sn: '*', cmd: 'PING', data: { fw: FIRMWARE } },
        { sn: '*', cmd: 'SELF_TEST', error: 'E_INTERNAL', message: MESSAGE },
      ]),
    });
    const runs = join(dir, 'runs');
    const common = ['--runs-dir', runs];
    try {
      const batch = await runCli(
        ['batch', '--plan', join(dir, 'plan.yaml'), '--requirements', join(dir, 'req.yaml'), '--sns', SERIALS.join(','), '--batch-id', BATCH, '--station-id', STATION, '--dut', `127.0.0.1:${dut.port}`, ...common],
        { env: cleanEnv(), timeoutMs: 60_000 },
      );
      expect(batch.code, batch.stderr).toBe(1); // every unit fails its self-test
    } finally {
      await dut.close();
    }
    const runDir = join(runs, readdirSync(runs, { withFileTypes: true }).find((d) => d.isDirectory())!.name);
    for (const format of ['stdf', 'atdf', 'junit', 'csv-wide', 'openhtf-json']) {
      const r = await runCli(['export', format, runDir], { env: cleanEnv(), timeoutMs: 30_000 });
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
    }
    const analytics = await runCli(['analytics', '--run-dir', runDir, '--format', 'json', '--runs-dir', runs], { env: cleanEnv(), timeoutMs: 30_000 });
    expect(analytics.code, analytics.stderr).toBe(0);

    const files = filesUnder(runDir);
    const checked: Record<string, number> = {};
    const count = (kind: string) => (checked[kind] = (checked[kind] ?? 0) + 1);
    let cells = 0;
    for (const file of files) {
      const name = relative(runDir, file);
      const text = () => readFileSync(file, 'utf8');
      if (file.endsWith('.csv')) {
        const rows = parseCsv(text());
        for (const row of rows) {
          expect(row.length, `${name}: a row with ${row.length} cells, the header has ${rows[0]!.length}`).toBe(rows[0]!.length);
          for (const cell of row) expect(neutralize(cell), `${name}: a cell a spreadsheet would run: ${cell}`).toBe(cell);
          cells += row.length;
        }
        count('csv');
      } else if (file.endsWith('.jsonl')) {
        for (const line of text().split('\n').filter((l) => l !== '')) JSON.parse(line);
        count('jsonl');
      } else if (file.endsWith('.json')) {
        JSON.parse(text());
        count('json');
      } else if (file.endsWith('.xml') || file.endsWith('.svg')) {
        parseXml(text().replace(/^<\?xml[^>]*\?>\s*/, ''));
        count(file.endsWith('.xml') ? 'xml' : 'svg');
      } else if (file.endsWith('.atdf')) {
        for (const line of text().split('\n').filter((l) => l !== '')) expect(line, name).toMatch(/^[A-Z]{3}:/);
        count('atdf');
      }
    }

    // The strings come back unchanged where the format holds text as it is.
    const units = readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(units.map((u) => u.sn).sort()).toEqual([...SERIALS].sort());
    expect(new Set(units.map((u) => u.batch_id))).toEqual(new Set([BATCH]));
    expect(new Set(units.map((u) => u.station_id))).toEqual(new Set([STATION]));
    expect(new Set(units.map((u) => u.fw_version))).toEqual(new Set([FIRMWARE]));
    const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const selfTests = events.filter((e) => e.test_step === 'st');
    expect(selfTests.length).toBeGreaterThanOrEqual(SERIALS.length);
    for (const e of selfTests) expect(e.message).toBe(MESSAGE);

    const junit = parseXml(readFileSync(join(runDir, 'junit.xml'), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, ''));
    expect(junit.children.map((s) => s.attrs['name']).sort()).toEqual([...SERIALS].sort());

    const wide = parseCsv(readFileSync(join(runDir, 'run.wide.csv'), 'utf8'));
    const wideCells = new Set(wide.flat());
    for (const sn of SERIALS) expect(wideCells.has(neutralize(sn)), `csv-wide holds ${sn} as ${neutralize(sn)}`).toBe(true);
    expect(wideCells.has("'=cmd|'/Ccalc'!A0")).toBe(true);

    const stdf = readStdf(readFileSync(join(runDir, 'run.stdf')));
    const partIds = stdf.records.filter((r) => r.rec === 'PRR').map((r) => (r.fields as { PART_ID?: string }).PART_ID);
    expect(partIds.sort()).toEqual([...SERIALS].sort());
    const mir = stdf.records.find((r) => r.rec === 'MIR')!.fields as { LOT_ID?: string; NODE_NAM?: string };
    expect([mir.LOT_ID, mir.NODE_NAM]).toEqual([BATCH, STATION]);

    const openhtf = JSON.parse(readFileSync(join(runDir, 'run.openhtf.json'), 'utf8')) as Array<{ dut_id: string }>;
    expect(openhtf.map((r) => r.dut_id).sort()).toEqual([...SERIALS].sort());

    expect(checked.csv ?? 0).toBeGreaterThanOrEqual(3);
    report('hostile strings', {
      serials: SERIALS.length,
      files: files.length,
      parsed: Object.entries(checked)
        .map(([k, v]) => `${k}×${v}`)
        .join(' '),
      'CSV cells checked': cells,
    });
  });
});
