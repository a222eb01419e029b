#!/usr/bin/env node
/** The `mtap` command line: parse process.argv against the command tree (program.ts) and run. */
import { buildProgram } from './program.js';
import { reportError } from './run.js';

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main();
