/**
 * Gathering a report's data from a run directory. The run is loaded into an in-memory DuckDB by the
 * store's own loader (`loadRunDirInMemory`, the ingest's SQL) and every figure is asked of src/analytics — the same functions
 * and SQL as `mtap analytics` and the dashboard. The run directory alone is read, never the results
 * store: the report then describes exactly the run it sits in, and works while a batch (or another
 * process) holds the store.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { binSummary, fullAnalytics, measurementHistograms, pareto, stepDurations, type AnalyticsFilter } from '../analytics/index.js';
import { isMtapError, MtapError } from '../errors.js';
import { flowGraph, renderMermaid } from '../flow/index.js';
import { compilePlan, parsePlan, type Plan } from '../plan/index.js';
import { readRunInfo, RUN_FILES, type RunInfo } from '../record/index.js';
import { loadRunDirInMemory, type Store } from '../store/index.js';
import { buildCoverageMatrix, loadRequirements, type Requirements } from '../trace/index.js';
import { VERSION } from '../version.js';
import { listArtifacts } from './artifacts.js';
import { LIMITS, type ReportCoverage, type ReportData, type ReportPlan } from './model.js';
import { coverageResults, failures, nonPassingUnits, passingSerials, unitTimes } from './queries.js';
import { runVerdict } from './verdict.js';

export interface LoadOptions {
  /** The file the report goes to (links to the artifacts are relative to it); default: in the run dir. */
  out?: string;
  /** The plan as run, when the caller has it (else plan.yaml in the run directory is parsed). */
  plan?: Plan;
  /** The requirements as the batch loaded them; else the file run.json names, if it still loads. */
  requirements?: Requirements | null;
  /** The clock, for tests. */
  now?: () => Date;
}

export const REPORT_FILE = RUN_FILES.report;

/** The run directory, or E_RUN_DIR (exit 2) with one clear message. */
function checkRunDir(dir: string): void {
  if (!existsSync(dir)) throw new MtapError('E_RUN_DIR', `${dir}: no such run directory`);
  if (!statSync(dir).isDirectory()) throw new MtapError('E_RUN_DIR', `${dir} is not a directory`);
}

function readPlan(dir: string, given: Plan | undefined): { plan: Plan | null; note: string | null } {
  if (given) return { plan: given, note: null };
  const file = join(dir, RUN_FILES.plan);
  if (!existsSync(file)) return { plan: null, note: `no ${RUN_FILES.plan} in the run directory` };
  try {
    return { plan: parsePlan(readFileSync(file, 'utf8'), file), note: null };
  } catch (err) {
    if (isMtapError(err)) return { plan: null, note: `${RUN_FILES.plan} does not load in this version of mtap: ${err.message.split('\n')[0]}` };
    throw err;
  }
}

function reportPlan(info: RunInfo, plan: Plan | null, note: string | null): ReportPlan {
  const units: Record<string, string> = {};
  for (const s of plan?.steps ?? []) for (const m of s.measurements) if (m.units) units[`${s.id}.${m.field}`] = m.units;
  const base = { name: info.plan.name, version: String(info.plan.version), hash: info.plan.hash, file: info.plan.file, units };
  if (!plan) return { ...base, graph: null, flowNote: note };
  const graph = flowGraph(renderMermaid(compilePlan(plan).ast));
  if (graph.nodes.length > LIMITS.flowNodes) {
    return { ...base, graph: null, flowNote: `the flow has ${graph.nodes.length} nodes, more than the ${LIMITS.flowNodes} a report draws: see  mtap flow show ${RUN_FILES.plan}` };
  }
  return { ...base, graph, flowNote: null };
}

function requirementsOf(info: RunInfo, given: Requirements | null | undefined): { reqs: Requirements | null; note: string } {
  if (given !== undefined) return { reqs: given, note: 'no requirements file was given to the run' };
  if (!info.requirements) return { reqs: null, note: 'no requirements file was given to the run' };
  if (!existsSync(info.requirements)) {
    return { reqs: null, note: `the run's requirements file ${info.requirements} is not there any more; ${RUN_FILES.coverage} has the matrix as the run wrote it` };
  }
  try {
    return { reqs: loadRequirements(info.requirements), note: '' };
  } catch (err) {
    if (isMtapError(err)) return { reqs: null, note: `the run's requirements file does not load now (${err.message.split('\n')[0]}); ${RUN_FILES.coverage} has the matrix as the run wrote it` };
    throw err;
  }
}

/** The summary's end time, if the run wrote one. */
function summaryEnd(dir: string): string | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, RUN_FILES.summary), 'utf8')) as { ended_at?: unknown };
    return typeof s.ended_at === 'string' ? s.ended_at : null;
  } catch {
    return null; // no summary yet (a run still going, or killed): the last unit's end stands in
  }
}

async function fromStore(store: Store, filter: AnalyticsFilter) {
  // One query at a time: DuckDB has one connection.
  const analytics = await fullAnalytics(store, filter, { paretoMode: 'first' });
  return {
    analytics,
    paretoAll: await pareto(store, filter, 'all'),
    durations: await stepDurations(store, filter),
    histograms: await measurementHistograms(store, filter),
    bins: await binSummary(store, filter),
    failures: await failures(store, filter),
    nonPassingUnits: await nonPassingUnits(store, filter),
    passingSerials: await passingSerials(store, filter),
    times: await unitTimes(store, filter),
  };
}

export async function loadReportData(dir: string, opts: LoadOptions = {}): Promise<ReportData> {
  checkRunDir(dir);
  const info = await readRunInfo(dir);
  const { plan, note: planNote } = readPlan(dir, opts.plan);
  const { reqs, note: reqNote } = requirementsOf(info, opts.requirements);
  const filter: AnalyticsFilter = { runs: [info.run_id] };

  const store = await loadRunDirInMemory(dir);
  let got: Awaited<ReturnType<typeof fromStore>>;
  let coverage: ReportCoverage;
  try {
    got = await fromStore(store, filter);
    if (reqs && plan) coverage = { rows: buildCoverageMatrix(reqs.items, plan, await coverageResults(store, filter)), source: reqs.file };
    else coverage = { rows: null, note: reqs ? `requirements cannot be verified without the plan (${planNote})` : reqNote };
  } finally {
    await store.close();
  }

  const y = got.analytics.yields;
  const end = summaryEnd(dir);
  const warnings = [planNote ? `plan: ${planNote}` : ''].filter(Boolean);
  return {
    generatedAt: (opts.now ?? (() => new Date()))().toISOString(),
    generator: `mtap ${VERSION}`,
    info,
    startedAt: info.created_at,
    endedAt: end ?? got.times.last,
    endedAtSource: end ? 'summary' : got.times.last ? 'last unit' : null,
    firmware: got.analytics.strata.firmware.map((g) => ({ version: g.group, units: g.units + g.aborted })),
    plan: reportPlan(info, plan, planNote),
    verdict: runVerdict(y, info.sns.length, info.run_id),
    notTested: Math.max(0, info.sns.length - y.units - y.aborted),
    analytics: got.analytics,
    paretoAll: got.paretoAll,
    durations: got.durations,
    histograms: got.histograms,
    bins: got.bins,
    coverage,
    failures: got.failures,
    nonPassingUnits: got.nonPassingUnits,
    passingSerials: got.passingSerials,
    artifacts: listArtifacts(dir, opts.out ?? join(dir, REPORT_FILE)),
    warnings,
  };
}
