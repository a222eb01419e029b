/**
 * `mtap export stdf` on 10,000 units against the baseline of merely reading the run's records
 * (`loadRunRecords`: run.json, events.jsonl and units.jsonl parsed and checked). The export reads the
 * same records plus plan.yaml, builds every STDF record, encodes them and writes run.stdf atomically.
 * Target: within 2× of the read alone — the export should cost about what reading the run does.
 * The other formats' times are printed for reference.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attemptLine, FORMATS, loadExportInput, loadRunRecords, readStdf, RUN_FILES, unitLine, writeFileAtomic, type ExportFormat } from '../src/record/index.js';
import { SMALL_PLAN_TEXT, syntheticRun } from '../test/record/stdf-fixtures.js';
import { median, printRatio, timeIt } from './lib.js';

const UNITS = 10_000;
const ROUNDS = 5;

const dir = mkdtempSync(join(tmpdir(), 'mtap-export-bench-'));
try {
  const run = syntheticRun(UNITS);
  writeFileSync(join(dir, RUN_FILES.runInfo), JSON.stringify(run.info, null, 2));
  writeFileSync(join(dir, RUN_FILES.plan), SMALL_PLAN_TEXT);
  writeFileSync(join(dir, RUN_FILES.events), run.attempts.map(attemptLine).join(''));
  writeFileSync(join(dir, RUN_FILES.units), run.units.map(unitLine).join(''));

  const exportTo = async (format: ExportFormat) => {
    const input = await loadExportInput(dir);
    await writeFileAtomic(join(dir, FORMATS[format].file), FORMATS[format].build(input, {}));
  };
  // a warm-up round of each, then the measured rounds interleaved so drift affects both alike
  await loadRunRecords(dir);
  await exportTo('stdf');
  const read: number[] = [];
  const stdf: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    read.push(await timeIt(async () => void (await loadRunRecords(dir))));
    stdf.push(await timeIt(() => exportTo('stdf')));
  }
  const file = readStdf(readFileSync(join(dir, FORMATS.stdf.file)));
  process.stdout.write(`  run.stdf: ${file.records.length.toLocaleString('en-US')} records for ${UNITS.toLocaleString('en-US')} units (${run.attempts.length.toLocaleString('en-US')} attempts)\n`);
  printRatio({
    bench: `export stdf, ${UNITS.toLocaleString('en-US')} units (${run.attempts.length.toLocaleString('en-US')} attempts), median of ${ROUNDS}`,
    subject: { label: 'mtap export stdf: read the run and plan, build and write run.stdf', value: median(stdf), unit: 'ms' },
    baseline: { label: 'read the run\'s records only (loadRunRecords)', value: median(read), unit: 'ms' },
    target: { ratio: 2, higherIsBetter: false },
  });
  for (const format of ['atdf', 'csv-wide', 'openhtf-json', 'junit'] as const) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await timeIt(() => exportTo(format)));
    process.stdout.write(`  ${format}: ${median(times).toFixed(0)} ms (median of 3, read included)\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
