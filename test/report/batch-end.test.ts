/**
 * The report at the end of a batch: a run given src/report's writer (as mtap batch and mtap demo give
 * it) writes qualification_report.html after its other artifacts, verifying requirements as
 * coverage_matrix.csv does; a report that cannot be written
 * loses nothing — the run's records and artifacts are all there, its result stands, and the outcome
 * says why (the CLI turns that into a warning).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDut, type RunningDut } from '../../src/dut/index.js';
import { startRun, type RunOutcome } from '../../src/exec/index.js';
import { loadPlan } from '../../src/plan/index.js';
import { RUN_FILES } from '../../src/record/index.js';
import { loadReportData, writeReport } from '../../src/report/index.js';
import { loadRequirements } from '../../src/trace/index.js';
import { reportWarning, runExitCode } from '../../src/cli/batch-output.js';
import { parseCsv } from '../record/helpers.js';

const PLAN = 'examples/board-fct.yaml';

let dut: RunningDut;
let root: string;
beforeAll(async () => {
  dut = await startDut({ port: 0, profile: 'factory-flaky', seed: 4, env: {} });
  root = mkdtempSync(join(tmpdir(), 'mtap-report-batch-'));
});
afterAll(async () => {
  await dut?.close();
  rmSync(root, { recursive: true, force: true });
});

function run(hooks: Parameters<typeof startRun>[0]['hooks'] = {}): Promise<RunOutcome> {
  const plan = loadPlan(PLAN);
  return startRun({
    plan,
    runsRoot: root,
    batchId: 'LOT-R',
    stationId: 'ST-R',
    stage: 'DVT',
    enables: [],
    sns: ['R001', 'R002', 'R003', 'R004', 'R005', 'R006'],
    sites: 3,
    duts: [{ host: '127.0.0.1', port: dut.port }],
    requirements: loadRequirements(plan.requirements!),
    signal: new AbortController().signal,
    hooks,
    writeReport,
  });
}

describe('the report at the end of a batch', () => {
  it('is written after the other artifacts, and verifies requirements as coverage_matrix.csv does', async () => {
    const r = await run();
    expect(r.report).toEqual({ file: join(r.dir, RUN_FILES.report), error: null });
    const html = readFileSync(r.report.file!, 'utf8');
    expect(html).toContain(r.runId);
    expect(html).toContain('href="coverage_matrix.csv"');
    expect(html).toContain('href="results_summary.json"');
    const data = await loadReportData(r.dir);
    const csv = parseCsv(readFileSync(join(r.dir, RUN_FILES.coverage), 'utf8')).slice(1);
    if (data.coverage.rows === null) throw new Error(data.coverage.note);
    expect(data.coverage.rows.map((c) => [c.reqId, c.units, c.verifiedUnits, c.failedUnits, c.notExecutedUnits, c.status].map(String))).toEqual(
      csv.map((row) => [row[0], row[5], row[6], row[7], row[8], row[9]]),
    );
    expect(data.analytics.yields.units).toBe(r.summary.passed_count + r.summary.failed_count + r.summary.error_count);
    expect(data.analytics.yields.finalYield.value).toBe(r.summary.final_yield);
  });

  it('without a writer there is no report, and no error', async () => {
    const plan = loadPlan(PLAN);
    const r = await startRun({
      plan, runsRoot: root, batchId: 'LOT-N', stationId: 'ST-R', stage: 'DVT', enables: [], sns: ['N001'], sites: 1,
      duts: [{ host: '127.0.0.1', port: dut.port }], requirements: null, signal: new AbortController().signal,
    });
    expect(r.report).toEqual({ file: null, error: null });
    expect(existsSync(join(r.dir, RUN_FILES.report))).toBe(false);
  });

  it('a report that cannot be written loses nothing: the outcome says why, the run and its artifacts stand', async () => {
    // Something already sits where the report goes (a directory holding a file): the rename fails.
    const r = await run({
      onRunStart: ({ dir }) => {
        mkdirSync(join(dir, RUN_FILES.report));
        writeFileSync(join(dir, RUN_FILES.report, 'keep'), 'x');
      },
    });
    expect(r.report.file).toBeNull();
    expect(r.report.error).toMatch(/qualification_report\.html/);
    for (const f of [RUN_FILES.summary, RUN_FILES.junit, RUN_FILES.coverage, RUN_FILES.events, RUN_FILES.units]) expect(existsSync(join(r.dir, f)), f).toBe(true);
    expect(r.summary.sn_count).toBe(6);
    expect(r.interrupted).toBe(false);
    expect(readFileSync(join(r.dir, RUN_FILES.report, 'keep'), 'utf8')).toBe('x');
    // The CLI's warning, and the run's own exit status.
    expect(reportWarning(r)).toMatch(/^the qualification report was not written \(.*\); the run is recorded: write it with {2}mtap report .+$/);
    expect(runExitCode(r, r.summary)).toBe(runExitCode({ ...r, report: { file: 'x', error: null } }, r.summary));
  });
});
