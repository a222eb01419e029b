/**
 * The qualification report for 100 and 10,000 units against the baseline of merely reading the run's
 * records (`loadRunRecords`: run.json, events.jsonl and units.jsonl parsed and checked). The report
 * loads the run into an in-memory DuckDB, runs the analytics and listings, draws the charts and
 * writes the HTML. Targets (issue 6): 10,000 units in under 3 s and under 10 MB. Printed besides:
 * the first report of the process (echarts is loaded then), where the time goes, `mtap report` as a
 * user runs it (the built CLI, a new process: start-up included), and a worst case for size (every
 * unit failing after a retry, with long messages: every table at its cap).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { attemptLine, loadRunRecords, RUN_FILES, unitLine, type AttemptEvent, type RunInfo, type UnitRecord } from '../src/record/index.js';
import { drawCharts, loadReportData, renderPage, writeReport } from '../src/report/index.js';
import { SMALL_PLAN_TEXT, syntheticRun } from '../test/record/stdf-fixtures.js';
import { PLAN_TEXT, worstCaseRun } from '../test/report/fixture.js';
import { runInfo } from '../test/record/stdf-fixtures.js';
import { median, printRatio, timeIt } from './lib.js';

const ROUNDS = 3;
const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;
const MB = 1024 * 1024;

function writeRun(run: { info: RunInfo; units: UnitRecord[]; attempts: AttemptEvent[] }, plan: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtap-report-bench-'));
  writeFileSync(join(dir, RUN_FILES.runInfo), JSON.stringify(run.info, null, 2));
  writeFileSync(join(dir, RUN_FILES.plan), plan);
  writeFileSync(join(dir, RUN_FILES.events), run.attempts.map(attemptLine).join(''));
  writeFileSync(join(dir, RUN_FILES.units), run.units.map(unitLine).join(''));
  return dir;
}

const dirs: string[] = [];
try {
  const first = writeRun(syntheticRun(100), SMALL_PLAN_TEXT);
  dirs.push(first);
  const cold = await timeIt(async () => void (await writeReport(first)));
  process.stdout.write(`  first report of the process (100 units, echarts loaded then): ${cold.toFixed(0)} ms\n`);

  for (const units of [100, 10_000]) {
    const run = syntheticRun(units);
    const dir = writeRun(run, SMALL_PLAN_TEXT);
    dirs.push(dir);
    const read: number[] = [];
    const report: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS; i++) {
      read.push(await timeIt(async () => void (await loadRunRecords(dir))));
      report.push(await timeIt(async () => void (bytes = (await writeReport(dir)).bytes)));
    }
    // Where the time goes, once.
    let t = performance.now();
    const data = await loadReportData(dir);
    const load = performance.now() - t;
    t = performance.now();
    const charts = await drawCharts(data);
    const draw = performance.now() - t;
    t = performance.now();
    renderPage(data, charts);
    const render = performance.now() - t;
    const label = `${units.toLocaleString('en-US')} units (${run.attempts.length.toLocaleString('en-US')} attempts)`;
    process.stdout.write(`  ${label}: qualification_report.html ${(bytes / MB).toFixed(2)} MB; load + analytics ${load.toFixed(0)} ms, charts ${draw.toFixed(0)} ms, HTML ${render.toFixed(0)} ms\n`);
    const ratio = printRatio({
      bench: `report, ${label}, median of ${ROUNDS}`,
      subject: { label: 'writeReport: ingest into in-memory DuckDB, analytics, listings, charts, HTML, atomic write', value: median(report), unit: 'ms' },
      baseline: { label: "read the run's records only (loadRunRecords)", value: median(read), unit: 'ms' },
    });
    void ratio;
    if (units === 10_000) {
      const ms = median(report);
      process.stdout.write(`  target 10,000 units < 3 s: ${(ms / 1000).toFixed(2)} s — ${ms < 3000 ? 'met' : 'NOT met'}; < 10 MB: ${(bytes / MB).toFixed(2)} MB — ${bytes < 10 * MB ? 'met' : 'NOT met'}\n`);
      if (existsSync(CLI)) {
        const wall = await timeIt(() => void spawnSync(process.execPath, [CLI, 'report', dir], { stdio: 'ignore' }));
        process.stdout.write(`  mtap report (built CLI, a new process, start-up included): ${(wall / 1000).toFixed(2)} s\n`);
      }
    }
  }

  const worst = worstCaseRun(10_000);
  const dir = writeRun({ info: runInfo(worst.sns), units: worst.units, attempts: worst.attempts }, PLAN_TEXT);
  dirs.push(dir);
  let r = { bytes: 0, ms: 0 };
  r = await writeReport(dir);
  process.stdout.write(
    `  worst case for size, 10,000 units all failing after a retry, long messages: ${(r.bytes / MB).toFixed(2)} MB in ${(r.ms / 1000).toFixed(2)} s (target < 10 MB: ${r.bytes < 10 * MB ? 'met' : 'NOT met'})\n`,
  );
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
