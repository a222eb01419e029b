/** `mtap dut`: run the DUT simulator until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { DEFAULT_DUT_HOST, DEFAULT_DUT_PORT, parsePort, parseSeed, startDut, type DutOptions } from '../dut/index.js';
import { MtapError } from '../errors.js';
import { formatProblem } from '../util/source-error.js';
import { checkAddress, checkDut } from './dut-check.js';

function positiveInt(what: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new MtapError('E_USAGE', `${what} must be a positive integer, got "${text}"`);
    return n;
  };
}

const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Where the simulator would listen: flags, then MTAP_HOST / MTAP_DUT_PORT, then 127.0.0.1:9000 (as startDut resolves it). */
function dutListenAddress(flags: { host?: string; port?: number }): { host: string; port: number } {
  const env = process.env;
  const host = flags.host ?? (env.MTAP_HOST?.trim() || DEFAULT_DUT_HOST);
  const port = flags.port ?? (env.MTAP_DUT_PORT?.trim() ? parsePort(env.MTAP_DUT_PORT, 'MTAP_DUT_PORT') : DEFAULT_DUT_PORT);
  if (port === 0) throw new MtapError('E_USAGE', '--check needs a port to talk to (port 0 means any free port when serving)');
  return { host, port };
}

export function registerDut(program: Command): void {
  program
    .command('dut')
    .description('run the DUT simulator (MTAP protocol over TCP)')
    .option('--host <host>', 'address to listen on (env MTAP_HOST; default 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free port (env MTAP_DUT_PORT; default 9000)', (v) => parsePort(v, '--port'))
    .option('--profile <name>', 'fault profile (env MTAP_FAULT_PROFILE; default: the config\'s, else clean)')
    .option('--seed <n>', 'random seed (env MTAP_SEED; default: the config\'s, else random and printed)', (v) => parseSeed(v, '--seed'))
    .option('--config <path>', 'DUT config file in the MTAP format (env MTAP_DUT_CONFIG; default ./dut/config.yaml, else built-in)')
    .option('--script <path>', 'scripted outcomes file (pins replies per serial/command/attempt)')
    .option('--idle-timeout <s>', 'close connections idle this many seconds (default 300)', positiveInt('--idle-timeout'))
    .option('--max-connections <n>', 'connections served at once (default 1024)', positiveInt('--max-connections'))
    .option('--max-devices <n>', 'units remembered before the least recent is forgotten (default 100000)', positiveInt('--max-devices'))
    .option('--check [host:port]', 'do not serve: send HELLO to a running DUT (default: the --host/--port address) and exit 0 if it answers, 3 if not (a health check)')
    .action(async (flags: {
      host?: string;
      port?: number;
      profile?: string;
      seed?: number;
      config?: string;
      script?: string;
      idleTimeout?: number;
      maxConnections?: number;
      maxDevices?: number;
      check?: string | true;
    }) => {
      if (flags.check !== undefined) {
        // Simulator settings with --check would be silently ignored: say so instead.
        const serving = (['profile', 'seed', 'config', 'script', 'idleTimeout', 'maxConnections', 'maxDevices'] as const).filter((k) => flags[k] !== undefined);
        if (serving.length) throw new MtapError('E_USAGE', `--check only talks to a running DUT; it takes no ${serving.map(flagName).join(', ')}`);
        const listen = dutListenAddress(flags);
        process.stdout.write(`${await checkDut(checkAddress(flags.check, listen))}\n`);
        return;
      }
      const opts: DutOptions = {
        ...(flags.host !== undefined && { host: flags.host }),
        ...(flags.port !== undefined && { port: flags.port }),
        ...(flags.profile !== undefined && { profile: flags.profile }),
        ...(flags.seed !== undefined && { seed: flags.seed }),
        ...(flags.config !== undefined && { config: flags.config }),
        ...(flags.script !== undefined && { script: flags.script }),
        ...(flags.maxDevices !== undefined && { maxDevices: flags.maxDevices }),
        limits: {
          ...(flags.idleTimeout !== undefined && { idleTimeoutMs: flags.idleTimeout * 1000 }),
          ...(flags.maxConnections !== undefined && { maxConnections: flags.maxConnections }),
        },
      };
      const dut = await startDut(opts);
      // Handlers first: a signal may arrive the moment the listening line is out.
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.stdout.write(`[DUT] ${signal} -> stopping\n`);
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      for (const w of dut.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
      process.stdout.write(
        `[DUT] listening on ${dut.host}:${dut.port} (profile ${dut.profile}, seed ${dut.seed}, config ${dut.configSource})\n`,
      );
      await stopped;
      await dut.close();
      process.stdout.write('[DUT] shutdown complete\n');
    });
}
