/**
 * `mtap demo`: the whole job on the embedded defaults. Starts the simulator in-process on a free port
 * with a flaky profile and a fixed seed, runs the example plan over 50 units, prints the summary and
 * where the artifacts are.
 */
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startDut } from '../dut/index.js';
import { defaultSites, resolveSerials, startRun, type RunOutcome } from '../exec/index.js';
import { loadPlan, resolveEnables, resolveJob } from '../plan/index.js';
import { resolveRunsRoot } from '../record/index.js';
import { writeReport } from '../report/index.js';
import { loadRequirements } from '../trace/index.js';
import { abortOnSignals, finishRun } from './batch.js';
import { progressHooks } from './batch-output.js';
import { storeForwarding } from './store.js';

/** The example plan shipped with the package (examples/ sits beside dist/ and src/). */
export const DEMO_PLAN = fileURLToPath(new URL('../../examples/board-fct.yaml', import.meta.url));

interface DemoFlags {
  units: number;
  profile: string;
  seed: number;
  sites?: number;
  runsDir?: string;
  json?: boolean;
  store?: string | false;
}

function positiveInt(what: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got "${text}"`);
    return n;
  };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the example plan over 50 units against the built-in simulator (flaky profile, fixed seed)')
    .option('--units <n>', 'how many units', positiveInt('--units'), 50)
    .option('--profile <name>', 'simulator fault profile', 'factory-flaky')
    .option('--seed <n>', 'simulator seed', (v) => Number.parseInt(v, 10), 4)
    .option('--sites <n>', 'units tested at once', positiveInt('--sites'))
    .option('--runs-dir <dir>', 'where the run directory goes (env MTAP_RUNS_DIR; default ./runs)')
    .option('--json', 'print the results summary as JSON on stdout')
    .option('--store <path|url>', 'forward results to this store: a DuckDB file or a postgres:// URL (default <runs root>/mtap.duckdb)')
    .option('--no-store', 'do not forward results to a store')
    .action(async (flags: DemoFlags) => {
      const out = flags.json ? process.stderr : process.stdout;
      const plan = loadPlan(DEMO_PLAN);
      const dut = await startDut({ port: 0, profile: flags.profile, seed: flags.seed, env: {} });
      out.write(`simulator: 127.0.0.1:${dut.port}, profile ${dut.profile}, seed ${dut.seed}\nplan: ${DEMO_PLAN} ("${plan.name}" v${plan.version})\n`);
      const progress = progressHooks({ out, tty: out.isTTY === true });
      const runsRoot = resolveRunsRoot({ ...(flags.runsDir !== undefined && { flag: flags.runsDir }), env: process.env, cwd: process.cwd() });
      const store = await storeForwarding(flags.store, runsRoot);
      const stop = abortOnSignals(out);
      let run: RunOutcome;
      try {
        const sns = resolveSerials(undefined, flags.units);
        run = await startRun({
          plan,
          runsRoot,
          batchId: 'DEMO',
          stationId: plan.station.name,
          stage: resolveJob(plan, undefined),
          enables: resolveEnables(plan),
          sns,
          sites: flags.sites ?? defaultSites(sns.length),
          duts: [{ host: '127.0.0.1', port: dut.port }],
          requirements: plan.requirements ? loadRequirements(plan.requirements) : null,
          signal: stop.signal,
          hooks: store.wrap(progress),
          writeReport,
        });
      } finally {
        stop.dispose();
        await dut.close();
        await store.finish();
      }
      finishRun(run, flags.json === true, () => progress.finish());
      store.report(out);
      if (!flags.json) {
        out.write(`\nnext: open ${run.report.file ?? `${run.dir}/results_summary.json`}, or try  mtap flow show ${DEMO_PLAN}  and  mtap flow run ${DEMO_PLAN} --fail read_temp\n`);
      }
    });
}
