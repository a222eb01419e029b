/** `mtap batch`: test units against DUTs with a plan, recording everything in a run directory. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MtapError } from '../errors.js';
import { checkReachable, defaultSites, dutFromEnv, parseDutAddresses, resolveSerials, resumeRun, startRun, type RunOutcome } from '../exec/index.js';
import { loadPlan, optionList, resolveEnables, resolveJob, type Plan } from '../plan/index.js';
import { resolveRunsRoot } from '../record/index.js';
import { writeReport } from '../report/index.js';
import { enforceCoverage, loadRequirements, parseCoveragePolicy, type CoveragePolicy, type Requirements } from '../trace/index.js';
import { progressHooks, reportWarning, runExitCode, summaryText } from './batch-output.js';
import { storeForwarding } from './store.js';

/** MTAP's default requirements file, relative to where mtap runs. */
export const DEFAULT_REQUIREMENTS = 'traceability/req_traceability.yaml';

export interface BatchFlags {
  plan?: string;
  batchId?: string;
  stationId?: string;
  sns?: string;
  stage?: string;
  sites?: number;
  runsDir?: string;
  enable?: string[];
  disable?: string[];
  dut?: string;
  resume?: string;
  requirements?: string;
  coverage?: CoveragePolicy;
  json?: boolean;
  /** A store path or URL; false with --no-store. */
  store?: string | false;
}

const collect = (v: string, acc: string[] = []) => [...acc, v];

function positiveInt(what: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new MtapError('E_USAGE', `${what} must be a positive integer, got "${text}"`);
    return n;
  };
}

/** The requirements file: --requirements, else the plan's, else MTAP's default if it exists. */
export function resolveRequirements(plan: Plan, flag: string | undefined, cwd: string): Requirements | null {
  if (flag) return loadRequirements(resolve(cwd, flag));
  if (plan.requirements) return loadRequirements(plan.requirements);
  const dflt = resolve(cwd, DEFAULT_REQUIREMENTS);
  return existsSync(dflt) ? loadRequirements(dflt) : null;
}

/**
 * Check requirement coverage by the policy (docs/plan-format.md): warnings go to stderr; under
 * `strict` any problem stops the command before anything runs.
 */
export function checkCoverage(plan: Plan, requirements: Requirements | null, policy: CoveragePolicy): void {
  if (!requirements) {
    if (policy === 'strict') {
      throw new MtapError('E_COVERAGE', `--coverage strict needs a requirements file (--requirements, the plan's requirements:, or ./${DEFAULT_REQUIREMENTS})`);
    }
    return;
  }
  for (const w of enforceCoverage(plan, requirements, policy)) process.stderr.write(`warning: ${w}\n`);
}

/** Stop on the first SIGINT/SIGTERM (units in flight end ABORTED); quit at once on a second. */
export function abortOnSignals(out: NodeJS.WriteStream): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSignal = (name: string) => {
    if (ac.signal.aborted) {
      out.write(`\n${name} again: quitting now (units in flight are left unfinished; --resume tests them again)\n`);
      process.exit(130);
    }
    out.write(`\n${name}: stopping; units in flight end at their next attempt (${name} again to quit at once)\n`);
    ac.abort();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/**
 * Print the run's end and set the exit status. A report that could not be written is a warning, not
 * a failure: the run is recorded and its status stands (docs/report.md).
 */
export function finishRun(run: RunOutcome, json: boolean, finishProgress: () => void): void {
  finishProgress();
  if (json) process.stdout.write(JSON.stringify(run.summary, null, 2) + '\n');
  else process.stdout.write(summaryText(run, run.summary));
  if (run.report.error !== null) process.stderr.write(`warning: ${reportWarning(run)}\n`);
  process.exitCode = runExitCode(run, run.summary);
}

export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description('test units with a plan against DUTs; everything is recorded under runs/<run_id>/')
    .option('--plan <file>', 'the test plan (YAML)')
    .option('--batch-id <id>', 'batch (lot) id recorded with every result', 'BATCH')
    .option('--station-id <id>', "station id recorded with every result (default: the plan's station.name)")
    .option('--sns <list>', "serial numbers, comma-separated (default: SN0001.. from the plan's batch.sn_count)")
    .option('--stage <stage>', "stage (job) to run at, any case (default: the plan's station.stage)")
    .option('--sites <n>', 'units tested at once, each on its own connection (default: up to 16)', positiveInt('--sites'))
    .option('--runs-dir <dir>', 'where run directories go (env MTAP_RUNS_DIR; default ./runs)')
    .option('--enable <flag>', 'turn a plan flag on (repeatable, or comma-separated)', collect)
    .option('--disable <flag>', 'turn a plan flag off (repeatable, or comma-separated)', collect)
    .option('--dut <host:port>', 'DUT address(es), comma-separated; site i uses the i-th (env MTAP_HOST/MTAP_DUT_PORT; default 127.0.0.1:9000)')
    .option('--requirements <file>', `requirements file (default: the plan's, else ./${DEFAULT_REQUIREMENTS} if present)`)
    .option('--coverage <policy>', 'requirement coverage: strict (unknown or uncovered requirements are errors) or warn', parseCoveragePolicy, 'warn')
    .option('--resume <run_id>', 'continue an interrupted run: units not finished (or ABORTED) are tested again')
    .option('--json', 'print the results summary as JSON on stdout (progress goes to stderr)')
    .option('--store <path|url>', 'forward results to this store as units finish: a DuckDB file or a postgres:// URL (env MTAP_STORE_URL, MTAP_STORE; default <runs root>/mtap.duckdb)')
    .option('--no-store', 'do not forward results to a store (the run directory has everything; mtap sync ships it later)')
    .action(async (flags: BatchFlags) => {
      const out = flags.json ? process.stderr : process.stdout;
      const duts = flags.dut ? parseDutAddresses(flags.dut) : [dutFromEnv(process.env)];
      const runsRoot = resolveRunsRoot({ ...(flags.runsDir !== undefined && { flag: flags.runsDir }), env: process.env, cwd: process.cwd() });
      const progress = progressHooks({ out, tty: out.isTTY === true });
      const store = await storeForwarding(flags.store, runsRoot);
      let run: RunOutcome;
      if (flags.resume) {
        for (const [name, value] of [['--plan', flags.plan], ['--sns', flags.sns], ['--stage', flags.stage], ['--enable', flags.enable], ['--disable', flags.disable]] as const) {
          if (value !== undefined) throw new MtapError('E_USAGE', `${name} cannot be changed on --resume: a resumed run keeps what it started with`);
        }
        await checkReachable(duts);
        const stop = abortOnSignals(out);
        try {
          run = await resumeRun({ runsRoot, runId: flags.resume, sites: flags.sites ?? null, duts, signal: stop.signal, hooks: store.wrap(progress), writeReport });
        } finally {
          stop.dispose();
          await store.finish();
        }
      } else {
        if (!flags.plan) throw new MtapError('E_USAGE', '--plan is required (or --resume RUN_ID)');
        // Everything is checked before the run directory exists: a bad input leaves nothing behind.
        const plan = loadPlan(flags.plan);
        const stage = resolveJob(plan, flags.stage);
        const enables = resolveEnables(plan, optionList(flags.enable), optionList(flags.disable));
        const sns = resolveSerials(flags.sns, plan.snCount);
        const requirements = resolveRequirements(plan, flags.requirements, process.cwd());
        checkCoverage(plan, requirements, flags.coverage ?? 'warn');
        await checkReachable(duts);
        const stop = abortOnSignals(out);
        try {
          run = await startRun({
            plan,
            runsRoot,
            batchId: flags.batchId ?? 'BATCH',
            stationId: flags.stationId ?? plan.station.name,
            stage,
            enables,
            sns,
            sites: flags.sites ?? defaultSites(sns.length),
            duts,
            requirements,
            signal: stop.signal,
            hooks: store.wrap(progress),
            writeReport,
          });
        } finally {
          stop.dispose();
          await store.finish();
        }
      }
      finishRun(run, flags.json === true, () => progress.finish());
      store.report(out);
    });
}
