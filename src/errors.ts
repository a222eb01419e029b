/**
 * Errors that leave mtap: one table of codes, each with the process exit code the CLI uses for it.
 *
 * A layer that knows what went wrong throws `MtapError(code, message)`; `cli/` prints the message once
 * (never a stack trace) and exits with the code's exit status. The table is the one definition that
 * docs/errors.md documents.
 */

/** Process exit statuses of every `mtap` command. */
export const EXIT = {
  /** Everything passed / the command did what it was asked. */
  OK: 0,
  /** The command ran, and some unit (or check) failed. */
  FAIL: 1,
  /** Bad usage or bad input: flags, plan, config, script. Nothing was run or written. */
  USAGE: 2,
  /** Infrastructure: DUT unreachable, disk full, store unavailable. */
  INFRA: 3,
  /** A bug in mtap itself (an unexpected exception); the message asks for a report. */
  INTERNAL: 70,
  /** Stopped by SIGINT/SIGTERM before finishing. */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code mtap itself raises (wire error codes live in `protocol/`). */
export const ERROR_CODES = {
  E_USAGE: { exit: EXIT.USAGE, meaning: 'bad command-line usage: unknown flag, missing or malformed value' },
  E_CONFIG: { exit: EXIT.USAGE, meaning: 'a configuration file (DUT config, script) is unreadable or invalid' },
  E_PLAN: { exit: EXIT.USAGE, meaning: 'the test plan is unreadable or invalid (every problem is listed at file:line:col)' },
  E_PROFILE: { exit: EXIT.USAGE, meaning: 'an unknown fault profile was asked for' },
  E_ADDRESS: { exit: EXIT.INFRA, meaning: 'a server could not listen on the asked host/port' },
  E_DUT: { exit: EXIT.INFRA, meaning: 'a DUT cannot be reached (checked before a batch starts)' },
  E_DISK: { exit: EXIT.INFRA, meaning: 'a run-directory file could not be written or read (disk full, quota, I/O error, read-only file system); the message names the file and the OS error' },
  E_RUN_DIR: { exit: EXIT.USAGE, meaning: 'the run to resume does not exist or is not an mtap run directory (no readable run.json)' },
  E_STORE: { exit: EXIT.INFRA, meaning: 'the results store cannot be opened, read or written (the message says which and why)' },
  E_STORE_LOCKED: { exit: EXIT.INFRA, meaning: 'the DuckDB store file is held by another process (one at a time); analytics can read a run directory instead' },
  E_COVERAGE: { exit: EXIT.USAGE, meaning: 'under --coverage strict, a step names an unknown requirement or a requirement is covered by no step (each listed at file:line:col)' },
  E_REQUIREMENTS: { exit: EXIT.USAGE, meaning: 'the requirements file is unreadable or invalid (every problem is listed at file:line:col)' },
  E_EXPORT: { exit: EXIT.USAGE, meaning: 'a run cannot be written in the asked export format: it holds a value the format cannot (a test number too large for STDF, a site over 255); the message says which' },
  E_STDF: { exit: EXIT.USAGE, meaning: 'a file is not STDF V4 or is malformed (no FAR first, unsupported CPU_TYPE, a record cut short); the message gives the byte offset' },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class MtapError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MtapError';
    this.code = code;
  }
  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }
}

export function isMtapError(err: unknown): err is MtapError {
  return err instanceof MtapError;
}
