#!/usr/bin/env node
/** The `mtap` command line: one module per command, registered here. */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerAnalytics } from './analytics.js';
import { registerBatch } from './batch.js';
import { registerDashboard } from './dashboard.js';
import { registerDemo } from './demo.js';
import { registerDut } from './dut.js';
import { registerExport } from './export.js';
import { registerFlow } from './flow.js';
import { reportError } from './run.js';
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
  registerStore(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main();
