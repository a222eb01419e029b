/**
 * Running a CLI command: every failure is printed once, as one clear message without a stack trace,
 * and turned into the documented exit status (see errors.ts).
 */
import { CommanderError } from 'commander';
import { EXIT, isMtapError } from '../errors.js';

export function errorExitCode(err: unknown): number {
  if (isMtapError(err)) return err.exitCode;
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  return EXIT.INTERNAL;
}

/** Print an error the way every command does; returns the exit status to use. */
export function reportError(err: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (usage errors, --help, --version).
    return errorExitCode(err);
  }
  if (isMtapError(err)) {
    stderr.write(`mtap: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`mtap: internal error: ${message}\n(this is a bug in mtap; please report it with the command you ran)\n`);
  return EXIT.INTERNAL;
}
