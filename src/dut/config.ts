/**
 * Loading the DUT configuration: which file, its validation (every problem at file:line:col), and the
 * resolved result — the built-in profiles overlaid with the file's, the device defaults, the seed.
 *
 * File resolution, first hit wins: `--config PATH`, `$MTAP_DUT_CONFIG`, `./dut/config.yaml`, built-in.
 * A path given by flag or environment must exist (MTAP skipped it silently).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MtapError } from '../errors.js';
import { formatProblem, sortProblems, type SourceProblem } from '../util/source-error.js';
import { unknownKeyPaths } from '../util/unknown-keys.js';
import { describePath, parseYamlSource, zodProblems } from '../util/yaml-source.js';
import { dutConfigSchema, type DeviceDefaults, type DutConfigSpec } from './config-schema.js';
import { DEVICE_CODE_DEFAULTS } from './device.js';
import { FaultProfile } from './faults.js';
import { BUILTIN_CONFIG } from './profiles.js';
import { Script, scriptSchema } from './script.js';

export interface ResolvedDutConfig {
  /** Where it came from: a file path, or `built-in`. */
  source: string;
  /** `determinism.seed`, or null if the file gives none. */
  seed: number | null;
  device: DeviceDefaults;
  profiles: ReadonlyMap<string, FaultProfile>;
  defaultProfile: string;
}

export interface Loaded<T> {
  value: T;
  warnings: SourceProblem[];
}

function fail(problems: SourceProblem[], what: string): never {
  throw new MtapError('E_CONFIG', `invalid ${what}:\n` + sortProblems(problems).map(formatProblem).join('\n'));
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MtapError('E_CONFIG', `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function specToResolved(spec: DutConfigSpec, source: string): ResolvedDutConfig {
  const builtin = dutConfigSchema.parse(BUILTIN_CONFIG);
  const profiles = new Map<string, FaultProfile>();
  for (const [name, p] of Object.entries(builtin.fault_profiles ?? {})) profiles.set(name, new FaultProfile(name, p));
  // A file's profile replaces the built-in of the same name; the others stay available.
  for (const [name, p] of Object.entries(spec.fault_profiles ?? {})) profiles.set(name, new FaultProfile(name, p));
  return {
    source,
    seed: spec.determinism?.seed ?? null,
    device: { ...DEVICE_CODE_DEFAULTS, ...stripNullish(spec.device_defaults ?? {}) },
    profiles,
    defaultProfile: spec.default_fault_profile ?? 'clean',
  };
}

function stripNullish<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** Parse and validate config text (the MTAP `dut/config.yaml` format). */
export function parseDutConfig(text: string, file: string): Loaded<ResolvedDutConfig> {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) fail(parsed.problems, 'DUT config');
  const { source } = parsed;
  const raw = source.value ?? {};
  const result = dutConfigSchema.safeParse(raw);
  if (!result.success) fail(zodProblems(source, result.error.issues), 'DUT config');
  const problems: SourceProblem[] = [];
  const spec = result.data;
  const named = spec.default_fault_profile;
  if (named && !(named in (spec.fault_profiles ?? {})) && !(named in (BUILTIN_CONFIG.fault_profiles ?? {}))) {
    problems.push({ file, ...source.locate(['default_fault_profile']), message: `default_fault_profile: unknown profile "${named}"` });
  }
  if (problems.length) fail(problems, 'DUT config');
  const warnings = unknownKeyPaths(dutConfigSchema, raw).map((p) => ({
    file,
    ...source.locateKey(p),
    message: `${describePath(p)}: unknown key, ignored`,
  }));
  return { value: specToResolved(spec, file), warnings };
}

export function builtinDutConfig(): ResolvedDutConfig {
  return specToResolved(dutConfigSchema.parse(BUILTIN_CONFIG), 'built-in');
}

/** Pick and load the config file by MTAP's resolution order (see module comment). */
export function loadDutConfig(opts: { path?: string | undefined; env?: NodeJS.ProcessEnv; cwd?: string }): Loaded<ResolvedDutConfig> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.path ?? (env.MTAP_DUT_CONFIG?.trim() || undefined);
  if (explicit) {
    const path = resolve(cwd, explicit);
    return parseDutConfig(readText(path, 'DUT config'), explicit);
  }
  const dev = resolve(cwd, 'dut/config.yaml');
  if (existsSync(dev)) return parseDutConfig(readText(dev, 'DUT config'), 'dut/config.yaml');
  return { value: builtinDutConfig(), warnings: [] };
}

/** Load a scripted-outcomes file (see script.ts). */
export function loadScript(path: string, cwd = process.cwd()): Script {
  const text = readText(resolve(cwd, path), 'script');
  const parsed = parseYamlSource(text, path);
  if (!parsed.ok) fail(parsed.problems, 'script');
  const result = scriptSchema.safeParse(parsed.source.value ?? {});
  if (!result.success) fail(zodProblems(parsed.source, result.error.issues), 'script');
  return new Script(result.data.replies);
}
