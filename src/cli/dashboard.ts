/** `mtap dashboard`: serve the web dashboard until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { DEFAULT_HOST, startDashboard } from '../dashboard/index.js';
import { MtapError } from '../errors.js';
import { resolveRunsRoot } from '../record/index.js';
import { resolveStoreTarget } from '../store/index.js';

interface DashboardFlags {
  store?: string;
  runsDir?: string;
  host: string;
  port: number;
  plan?: string[];
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new MtapError('E_USAGE', `--port must be 0..65535 (0: any free port), got "${text}"`);
  return n;
}

const collect = (v: string, acc: string[] = []) => [...acc, v];

export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve the web dashboard (read-only) over the store and the run directories')
    .option('--store <path|url>', 'the store: a DuckDB file or a postgres:// URL (env MTAP_STORE_URL, MTAP_STORE; default <runs dir>/mtap.duckdb)')
    .option('--runs-dir <dir>', 'the runs root, for the live view, plans, and when the store is absent or busy (env MTAP_RUNS_DIR; default ./runs)')
    .option('--host <host>', 'address to listen on; anything but a loopback address exposes the dashboard to the network', DEFAULT_HOST)
    .option('--port <port>', 'port to listen on, 0 for any free port', port, 0)
    .option('--plan <file>', 'a plan the Flow view offers besides those of the runs (repeatable)', collect)
    .action(async (flags: DashboardFlags) => {
      const runsRoot = resolveRunsRoot({ ...(flags.runsDir !== undefined && { flag: flags.runsDir }), env: process.env, cwd: process.cwd() });
      const dash = await startDashboard({
        store: resolveStoreTarget({ flag: flags.store, env: process.env, runsRoot }),
        runsRoot,
        host: flags.host,
        port: flags.port,
        plans: flags.plan ?? [],
      });
      // Handlers first: a signal may arrive the moment the URL is out.
      const stopped = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      if (!dash.clientBuilt) process.stderr.write('warning: the browser client is not built (npm run build); only the API is served\n');
      process.stdout.write(`dashboard on ${dash.url}\n`);
      const signal = await stopped;
      process.stdout.write(`${signal}: stopping the dashboard\n`);
      await dash.close();
    });
}
