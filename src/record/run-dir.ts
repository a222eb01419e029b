/**
 * Run ids and run directories. Every run gets its own directory `<root>/<run_id>/`, created with an
 * exclusive mkdir so two runs can never share one (MTAP's second-resolution ids did: bug 1).
 *
 *     20261122T024853.062Z-7f3a2c    UTC time to the millisecond, then 6 random hex digits
 *
 * Ids sort by start time; the random part separates runs started in the same millisecond, and a
 * collision that still happens is caught by the mkdir and retried with a new id.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MtapError } from '../errors.js';
import { diskError } from './disk-error.js';
import { RUN_FILES } from './files.js';

export const RUN_ID_PATTERN = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$/;
const RUN_INFO_FILE = RUN_FILES.runInfo;
const DEFAULT_RUNS_DIR = 'runs';
const MAX_CREATE_ATTEMPTS = 100;

export interface RunDir {
  runId: string;
  /** Absolute path of the run directory. */
  dir: string;
}

export interface RunIdSource {
  now?: () => Date;
  /** Six lower-case hex digits. */
  randomSuffix?: () => string;
}

export function formatRunId(at: Date, suffix: string): string {
  return `${at.toISOString().replace(/[-:]/g, '')}-${suffix}`;
}

export function newRunId(source: RunIdSource = {}): string {
  const now = source.now ?? (() => new Date());
  const suffix = source.randomSuffix ?? (() => randomBytes(3).toString('hex'));
  return formatRunId(now(), suffix());
}

/** Create `root/<new run id>/` (and `root` if needed); retries with a fresh id if the name is taken. */
export async function createRunDir(root: string, source: RunIdSource = {}): Promise<RunDir> {
  const absRoot = resolve(root);
  try {
    await mkdir(absRoot, { recursive: true });
  } catch (err) {
    throw diskError('create', absRoot, err);
  }
  for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
    const runId = newRunId(source);
    const dir = join(absRoot, runId);
    try {
      await mkdir(dir);
      return { runId, dir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw diskError('create', dir, err);
    }
  }
  throw new MtapError('E_DISK', `cannot create a run directory under ${absRoot}: ${MAX_CREATE_ATTEMPTS} ids in a row were taken`);
}

export interface RunsRootInputs {
  /** `--runs-dir`, when given. */
  flag?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** `--runs-dir`, else `MTAP_RUNS_DIR` (MTAP ignored it: bug 11), else `./runs`; absolute. */
export function resolveRunsRoot({ flag, env = {}, cwd }: RunsRootInputs): string {
  const chosen = nonEmpty(flag) ?? nonEmpty(env['MTAP_RUNS_DIR']) ?? DEFAULT_RUNS_DIR;
  return resolve(cwd, chosen);
}

/** An existing run directory, for `--resume`: it must exist and hold a run.json. */
export function openRunDir(root: string, runId: string): RunDir {
  if (!isPlainName(runId)) {
    throw new MtapError('E_RUN_DIR', `cannot resume "${runId}": give a run id (a directory name under the runs root), not a path`);
  }
  const absRoot = resolve(root);
  const dir = join(absRoot, runId);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MtapError('E_RUN_DIR', `cannot resume ${runId}: no run directory ${dir}`);
  }
  if (!existsSync(join(dir, RUN_INFO_FILE))) {
    throw new MtapError('E_RUN_DIR', `cannot resume ${runId}: ${dir} is not an mtap run directory (no ${RUN_INFO_FILE})`);
  }
  return { runId, dir };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

function isPlainName(s: string): boolean {
  return s !== '' && s !== '.' && s !== '..' && !/[/\\\0]/.test(s);
}
