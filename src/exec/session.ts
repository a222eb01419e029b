/**
 * A run, start to finish: the run directory and its recorder, the batch, and the end-of-run artifacts
 * (results_summary.json, junit.xml, coverage_matrix.csv, then the qualification report when a
 * `writeReport` is given — the CLI gives src/report's, which exec cannot import: the report reads the
 * store, and the store depends on exec), for a new run or a resumed one. Everything a run needs is checked before its directory is created; a resumed
 * run takes the plan as it ran (plan.yaml in the run directory) and its stage, flags, batch and
 * station from run.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MtapError } from '../errors.js';
import { compilePlan, parsePlan, type Plan } from '../plan/index.js';
import {
  buildJunitXml,
  buildResultsSummary,
  createRunDir,
  lastRecordPerSerial,
  EVENT_SCHEMA_VERSION,
  loadRunRecords,
  openRunDir,
  RUN_FILES,
  RunRecorder,
  scanRunDir,
  writeJunit,
  writeResultsSummary,
  type AttemptEvent,
  type ResultsSummary,
  type RunInfo,
  type UnitRecord,
} from '../record/index.js';
import { buildCoverageMatrix, loadRequirements, writeCoverageMatrix, type Requirements } from '../trace/index.js';
import type { DutAddress } from '../transport/index.js';
import { VERSION } from '../version.js';
import { runBatch, type RecordSink } from './batch.js';
import { isoMicro, epochMs } from './clock.js';

export interface RunHooks {
  onRunStart?: (run: { runId: string; dir: string; sns: readonly string[]; resumedDone: number }) => void;
  onUnitStart?: (sn: string, site: number) => void;
  onAttempt?: (event: AttemptEvent) => void;
  onUnitEnd?: (record: UnitRecord) => void;
  /** Every unit tested is recorded durably; the end-of-run artifacts come next. */
  onBatchEnd?: () => void;
}

/** Writes the run's qualification report from its directory (src/report's `writeReport`). */
export type ReportWriter = (dir: string, context: { plan: Plan; requirements: Requirements | null }) => Promise<{ file: string }>;

export interface NewRunOptions {
  plan: Plan;
  runsRoot: string;
  batchId: string;
  stationId: string;
  /** Upper-case stage name (checked against the plan). */
  stage: string;
  enables: readonly string[];
  sns: readonly string[];
  sites: number;
  duts: readonly DutAddress[];
  /** The requirements file, if coverage is to be written. */
  requirements: Requirements | null;
  signal: AbortSignal;
  hooks?: RunHooks;
  /** Write the qualification report last; without it the run has none (`mtap report` writes it later). */
  writeReport?: ReportWriter;
}

export interface ResumeOptions {
  runsRoot: string;
  runId: string;
  sites: number | null;
  duts: readonly DutAddress[];
  signal: AbortSignal;
  hooks?: RunHooks;
  writeReport?: ReportWriter;
}

export interface RunOutcome {
  runId: string;
  dir: string;
  summary: ResultsSummary;
  /** The batch was stopped before every serial was tested. */
  interrupted: boolean;
  /** Units this invocation tested (a resume tests only what was left). */
  testedNow: number;
  /** The qualification report: its file, or why it could not be written (the run is recorded either way). */
  report: ReportOutcome;
}

/** Both null when no report writer was given. */
export type ReportOutcome = { file: string; error: null } | { file: null; error: string } | { file: null; error: null };

/**
 * The report is derived from what is already durable, and written last: if it fails, nothing of the
 * run is lost and the run's result stands — the outcome carries the reason (the CLI warns), and
 * `mtap report <run-dir>` writes it later.
 */
async function writeRunReport(write: ReportWriter | undefined, dir: string, plan: Plan, requirements: Requirements | null): Promise<ReportOutcome> {
  if (!write) return { file: null, error: null };
  try {
    return { file: (await write(dir, { plan, requirements })).file, error: null };
  } catch (err) {
    return { file: null, error: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
}

export async function startRun(o: NewRunOptions): Promise<RunOutcome> {
  const { runId, dir } = await createRunDir(o.runsRoot);
  const info: RunInfo = {
    schema_version: EVENT_SCHEMA_VERSION,
    run_id: runId,
    created_at: isoMicro(epochMs()),
    tool_version: VERSION,
    plan: { file: o.plan.file, name: o.plan.name, version: o.plan.version, hash: o.plan.hash },
    station_id: o.stationId,
    station_name: o.plan.station.name,
    batch_id: o.batchId,
    stage: o.stage,
    sns: [...o.sns],
    sites: o.sites,
    dut: o.duts.map((d) => `${d.host}:${d.port}`),
    enables: [...o.enables],
    requirements: o.requirements?.file ?? null,
  };
  const recorder = await RunRecorder.open(dir);
  try {
    await recorder.writeRunInfo(info);
    await recorder.writePlanCopy(o.plan);
  } catch (err) {
    await recorder.close().catch(() => undefined);
    throw err;
  }
  return execute({
    dir,
    info,
    plan: o.plan,
    recorder,
    sns: o.sns,
    sites: o.sites,
    duts: o.duts,
    requirements: o.requirements,
    signal: o.signal,
    hooks: o.hooks ?? {},
    resumedDone: 0,
    resumed: false,
    writeReport: o.writeReport,
  });
}

export async function resumeRun(o: ResumeOptions): Promise<RunOutcome> {
  const { dir } = openRunDir(o.runsRoot, o.runId);
  const scan = await scanRunDir(dir);
  const info = scan.info;
  const planFile = join(dir, RUN_FILES.plan);
  if (!existsSync(planFile)) throw new MtapError('E_RUN_DIR', `${dir} has no ${RUN_FILES.plan}: cannot resume without the plan as it ran`);
  const text = readFileSync(planFile, 'utf8');
  const plan = parsePlan(text, info.plan.file);
  if (plan.hash !== info.plan.hash) throw new MtapError('E_RUN_DIR', `${planFile} is not the plan the run started with (its hash differs from run.json's)`);
  const requirements = info.requirements && existsSync(info.requirements) ? loadRequirements(info.requirements) : null;
  const recorder = await RunRecorder.open(dir);
  return execute({
    dir,
    info,
    plan,
    recorder,
    sns: scan.remaining,
    sites: o.sites ?? info.sites,
    duts: o.duts,
    requirements,
    signal: o.signal,
    hooks: o.hooks ?? {},
    resumedDone: scan.done.size,
    resumed: true,
    writeReport: o.writeReport,
  });
}

async function execute(o: {
  dir: string;
  info: RunInfo;
  plan: Plan;
  recorder: RunRecorder;
  sns: readonly string[];
  sites: number;
  duts: readonly DutAddress[];
  requirements: Requirements | null;
  signal: AbortSignal;
  hooks: RunHooks;
  resumedDone: number;
  /** A resumed run's artifacts need what earlier invocations recorded: read back from the run dir. */
  resumed: boolean;
  writeReport: ReportWriter | undefined;
}): Promise<RunOutcome> {
  const { info, recorder } = o;
  // A new run's artifacts are built from exactly what it recorded; keep a copy rather than re-read.
  const seen: { attempts: AttemptEvent[]; units: UnitRecord[] } = { attempts: [], units: [] };
  const sink: RecordSink = {
    attempt(e) {
      recorder.attempt(e);
      seen.attempts.push(e);
    },
    unitEnd(r) {
      seen.units.push(r);
      return recorder.unitEnd(r);
    },
  };
  o.hooks.onRunStart?.({ runId: info.run_id, dir: o.dir, sns: o.sns, resumedDone: o.resumedDone });
  let tested: number;
  let notStarted: string[];
  try {
    const result = await runBatch({
      plan: o.plan,
      compiled: compilePlan(o.plan),
      stamp: {
        run_id: info.run_id,
        batch_id: info.batch_id,
        station_id: info.station_id,
        stage: info.stage,
        plan_name: o.plan.name,
        plan_version: o.plan.version,
      },
      job: info.stage,
      enables: info.enables,
      sns: o.sns,
      sites: o.sites,
      duts: o.duts,
      sink,
      signal: o.signal,
      ...(o.hooks.onUnitStart && { onUnitStart: o.hooks.onUnitStart }),
      ...(o.hooks.onAttempt && { onAttempt: o.hooks.onAttempt }),
      ...(o.hooks.onUnitEnd && { onUnitEnd: o.hooks.onUnitEnd }),
    });
    tested = result.units.length;
    notStarted = result.notStarted;
  } finally {
    await recorder.close();
  }
  o.hooks.onBatchEnd?.();

  const records = o.resumed
    ? await loadRunRecords(o.dir)
    : { info, units: lastRecordPerSerial(seen.units, info.sns), attempts: seen.attempts };
  const results = { info, units: records.units, attempts: records.attempts, endedAt: isoMicro(epochMs()) };
  const summary = buildResultsSummary(results);
  await writeResultsSummary(o.dir, summary);
  await writeJunit(o.dir, buildJunitXml(results, o.plan));
  if (o.requirements) await writeCoverageMatrix(o.dir, buildCoverageMatrix(o.requirements.items, o.plan, results));
  const report = await writeRunReport(o.writeReport, o.dir, o.plan, o.requirements);
  const interrupted = notStarted.length > 0 || records.units.some((u) => u.outcome === 'ABORTED');
  return { runId: info.run_id, dir: o.dir, summary, interrupted, testedNow: tested, report };
}
