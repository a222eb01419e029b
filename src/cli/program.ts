/**
 * The `mtap` command tree: every command registered, nothing run. Kept apart from main.ts (which
 * parses process.argv when loaded) so tools can import it — the container lint checks every command
 * line of the Dockerfile and docker-compose.yml against it (scripts/lint-containers.ts).
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerAnalytics } from './analytics.js';
import { registerBatch } from './batch.js';
import { registerDashboard } from './dashboard.js';
import { registerDemo } from './demo.js';
import { registerDut } from './dut.js';
import { registerExport } from './export.js';
import { registerFlow } from './flow.js';
import { registerReport } from './report.js';
import { registerStore } from './store.js';

export function buildProgram(): Command {
  const program = new Command('mtap')
    .description('manufacturing test platform: DUT simulator, plan runner, flow model, analytics')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run mtap --help for usage)');
  program.configureHelp({ showGlobalOptions: true });
  registerDut(program);
  registerBatch(program);
  registerDemo(program);
  registerFlow(program);
  registerAnalytics(program);
  registerDashboard(program);
  registerExport(program);
  registerReport(program);
  registerStore(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}
