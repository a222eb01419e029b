/**
 * Starting a simulator, in-process or from the CLI: resolve config, profile, seed and script from
 * options and the MTAP environment variables (options win), then listen.
 *
 *     const dut = await startDut({ profile: 'factory-flaky', seed: 7, port: 0 });
 *     // ... talk to 127.0.0.1:dut.port ...
 *     await dut.close();
 */
import { randomInt } from 'node:crypto';
import { MtapError } from '../errors.js';
import type { SourceProblem } from '../util/source-error.js';
import { loadDutConfig, loadScript, type ResolvedDutConfig } from './config.js';
import type { Script } from './script.js';
import { DEFAULT_LIMITS, listen, type ServerLimits } from './server.js';
import { Simulator } from './simulator.js';

export interface DutOptions {
  host?: string;
  port?: number;
  profile?: string;
  seed?: number;
  /** A config file path, or an already resolved config. */
  config?: string | ResolvedDutConfig;
  /** A script file path, or an already loaded script. */
  script?: string | Script;
  maxDevices?: number;
  limits?: Partial<ServerLimits>;
  /** Environment to read MTAP_* from (default: process.env). Pass {} to ignore the environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunningDut {
  host: string;
  port: number;
  profile: string;
  seed: number;
  /** Where the config came from. */
  configSource: string;
  /** Problems in the config that were ignored (unknown keys). */
  warnings: SourceProblem[];
  simulator: Simulator;
  readonly connections: number;
  close(): Promise<void>;
}

export const DEFAULT_DUT_HOST = '127.0.0.1';
export const DEFAULT_DUT_PORT = 9000;

function parseIntStrict(text: string, what: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new MtapError('E_USAGE', `${what} must be an integer, got "${text}"`);
  const n = Number(t);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new MtapError('E_USAGE', `${what} must be between ${min} and ${max}, got ${text}`);
  return n;
}

export function parsePort(text: string, what = 'port'): number {
  return parseIntStrict(text, what, 0, 65535);
}

export function parseSeed(text: string, what = 'seed'): number {
  return parseIntStrict(text, what, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
}

export async function startDut(opts: DutOptions = {}): Promise<RunningDut> {
  const env = opts.env ?? process.env;
  const loaded =
    typeof opts.config === 'object'
      ? { value: opts.config, warnings: [] }
      : loadDutConfig({ path: opts.config, env, cwd: opts.cwd ?? process.cwd() });
  const config = loaded.value;

  const profile = opts.profile ?? (env.MTAP_FAULT_PROFILE?.trim() || config.defaultProfile);
  if (!config.profiles.has(profile)) {
    throw new MtapError('E_PROFILE', `unknown fault profile "${profile}" (valid: ${[...config.profiles.keys()].sort().join(', ')})`);
  }
  const seed =
    opts.seed ??
    (env.MTAP_SEED?.trim() ? parseSeed(env.MTAP_SEED, 'MTAP_SEED') : null) ??
    config.seed ??
    randomInt(1, 2 ** 31 - 1);
  const host = opts.host ?? (env.MTAP_HOST?.trim() || DEFAULT_DUT_HOST);
  const port = opts.port ?? (env.MTAP_DUT_PORT?.trim() ? parsePort(env.MTAP_DUT_PORT, 'MTAP_DUT_PORT') : DEFAULT_DUT_PORT);
  const script = typeof opts.script === 'string' ? loadScript(opts.script, opts.cwd) : (opts.script ?? null);

  const simulator = new Simulator({ config, profile, seed, script, ...(opts.maxDevices ? { maxDevices: opts.maxDevices } : {}) });
  const server = await listen(simulator, host, port, { ...DEFAULT_LIMITS, ...opts.limits });
  return {
    host,
    port: server.port,
    profile,
    seed,
    configSource: config.source,
    warnings: loaded.warnings,
    simulator,
    get connections() {
      return server.connections;
    },
    close: () => server.close(),
  };
}
