/**
 * The command lines of docker-compose.yml and the Dockerfile, run on this host (there is no Docker
 * engine here). Each line is taken from the files as the container lint reads them — entrypoint +
 * command, health checks, with Compose's variables at their defaults — and only what a container
 * changes is swapped for a local equivalent:
 *
 *   /app (WORKDIR)         → this checkout        node            → this Node
 *   0.0.0.0 (listen)       → 127.0.0.1            dut:9000 / :9000 → 127.0.0.1:<free port>
 *   :8080 (dashboard)      → <free port>          /data/runs       → a temp dir
 *   postgres:5432          → a throwaway cluster (role and database `mtap`, as the postgres image makes)
 *   pg_isready (own host)  → pg_isready -h 127.0.0.1 -p <its port>
 *
 * Then: both simulators start and their health checks pass (and fail once they are gone); pg_isready
 * passes; the runner's batch completes against the simulator, writes its run directory and forwards
 * every unit to PostgreSQL; the dashboard serves /api/meta from PostgreSQL and its health check passes.
 * Every command line the lint found must have been run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { lintContainers, type CommandLine } from '../../scripts/containers/lint.js';
import { readSources } from '../../scripts/containers/sources.js';
import { findPgBinDir, freePort, usePostgres } from '../support/postgres.js';
import { cleanEnv, type Finished } from '../support/proc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pg = usePostgres();

interface Local {
  dutPort: number;
  imageDutPort: number;
  dashPort: number;
  pgPort: number;
  runsDir: string;
  workdir: string;
}

/** One token of a container's command line, as it is on this host. */
function localToken(t: string, l: Local, service: string | null): string {
  const dut = service === null ? l.imageDutPort : l.dutPort;
  return t
    .replace(/^\/app(?=\/|$)/, ROOT.replace(/\/$/, ''))
    .replace(/^0\.0\.0\.0$/, '127.0.0.1')
    .replace(/^(?:dut|127\.0\.0\.1):9000$/, `127.0.0.1:${dut}`)
    .replace(/^9000$/, String(dut))
    .replace(/^8080$/, String(l.dashPort))
    .replace(/127\.0\.0\.1:8080/g, `127.0.0.1:${l.dashPort}`)
    .replace(/^\/data\/runs(?=\/|$)/, l.runsDir)
    .replace(/@postgres:5432\//, `@127.0.0.1:${l.pgPort}/`);
}

function localize(c: CommandLine, l: Local): { argv: string[]; env: NodeJS.ProcessEnv; cwd: string } {
  let argv = c.argv.map((t) => localToken(t, l, c.service));
  if (argv[0] === 'node') argv[0] = process.execPath;
  // In its container pg_isready asks its own server; here the server is the throwaway cluster.
  if (argv[0] === 'pg_isready') argv = [join(findPgBinDir(), 'pg_isready'), '-h', '127.0.0.1', '-p', String(l.pgPort), ...argv.slice(1)];
  const env = cleanEnv(Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, localToken(v, l, c.service)])));
  return { argv, env, cwd: c.workdir === '/app' ? ROOT : l.workdir };
}

/** Run to the end (bounded). */
function run(cmd: { argv: string[]; env: NodeJS.ProcessEnv; cwd: string }, timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.argv[0]!, cmd.argv.slice(1), { env: cmd.env, cwd: cmd.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd.argv.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Start a server and wait for its ready line; stop() sends SIGTERM and waits for a clean exit. */
function start(cmd: { argv: string[]; env: NodeJS.ProcessEnv; cwd: string }, ready: RegExp, timeoutMs = 30_000): Promise<{ stop: () => Promise<Finished> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.argv[0]!, cmd.argv.slice(1), { env: cmd.env, cwd: cmd.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<Finished>((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${ready} from ${cmd.argv.join(' ')} within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve({
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((f) => {
      clearTimeout(timer);
      reject(new Error(`${cmd.argv.join(' ')} exited (${f.code}) before ${ready}\n${f.stdout}\n${f.stderr}`));
    });
  });
}

/** What the postgres image does on first start with POSTGRES_USER/PASSWORD/DB = mtap. */
async function createMtapDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(`CREATE ROLE mtap LOGIN PASSWORD 'mtap'`);
    await sql.unsafe('CREATE DATABASE mtap OWNER mtap');
  } finally {
    await sql.end({ timeout: 5 });
  }
}

describe('the compose and Dockerfile command lines, outside containers', () => {
  it('simulators and their health checks, pg_isready, the runner batch into PostgreSQL, the dashboard over it', async () => {
    const t0 = Date.now();
    const { problems, commands } = lintContainers(readSources(ROOT));
    expect(problems).toEqual([]);
    const byId = new Map(commands.map((c) => [c.id, c]));
    const get = (id: string) => {
      const c = byId.get(id);
      if (!c) throw new Error(`no command line ${id} in the files`);
      return c;
    };
    const ran = new Set<string>();
    const l: Local = {
      dutPort: await freePort(),
      imageDutPort: await freePort(),
      dashPort: await freePort(),
      pgPort: pg.cluster.port,
      runsDir: mkdtempSync(join(tmpdir(), 'mtap-compose-runs-')),
      workdir: mkdtempSync(join(tmpdir(), 'mtap-compose-cwd-')),
    };
    await createMtapDatabase(pg.url);
    const local = (id: string) => {
      ran.add(id);
      return localize(get(id), l);
    };

    // The simulators: the compose service, and the image's default command; then every health check.
    const LISTENING = /\[DUT\] listening on 127\.0\.0\.1:\d+/;
    const [dut, imageDut] = await Promise.all([start(local('compose:dut:command'), LISTENING), start(local('dockerfile:cmd'), LISTENING)]);
    const [dutHealth, imageHealth, pgHealth] = await Promise.all([run(local('compose:dut:healthcheck')), run(local('dockerfile:healthcheck')), run(local('compose:postgres:healthcheck'))]);
    expect(dutHealth, dutHealth.stderr).toMatchObject({ code: 0 });
    expect(dutHealth.stdout).toContain(`127.0.0.1:${l.dutPort} answers HELLO: mtap-dut`);
    expect(dutHealth.stdout).toContain('profile factory-flaky, seed 7');
    expect(imageHealth, imageHealth.stderr).toMatchObject({ code: 0 });
    expect(imageHealth.stdout).toContain(`127.0.0.1:${l.imageDutPort} answers HELLO`);
    expect(pgHealth, pgHealth.stderr).toMatchObject({ code: 0 });
    expect(pgHealth.stdout).toContain('accepting connections');

    // The runner: one batch, recorded in the runs dir and forwarded to PostgreSQL.
    const batch = await run(local('compose:runner:command'), 45_000);
    expect(batch.code, `${batch.stdout}\n${batch.stderr}`).toBe(0);
    expect(batch.stdout).toMatch(/50 units: PASS \d+/);
    expect(batch.stdout).toMatch(/store: 50 units, \d+ attempts, \d+ measurements → postgres:\/\/mtap:\*\*\*@127\.0\.0\.1:\d+\/mtap/);
    const runDirs = readdirSync(l.runsDir);
    expect(runDirs).toHaveLength(1); // the run directory, and no DuckDB file beside it: the store is PostgreSQL
    const runDir = join(l.runsDir, runDirs[0]!);
    const runDirFiles = readdirSync(runDir).sort();
    expect(readFileSync(join(runDir, 'units.jsonl'), 'utf8').trim().split('\n')).toHaveLength(50);
    const sql = postgres(`postgres://mtap:mtap@127.0.0.1:${l.pgPort}/mtap`, { max: 1, onnotice: () => undefined });
    try {
      const rows = await sql<{ station_id: string; batch_id: string; n: number }[]>`
        SELECT r.station_id, r.batch_id, CAST(COUNT(*) AS INTEGER) AS n FROM units u JOIN runs r USING (run_id) GROUP BY 1, 2`;
      expect(rows.map((r) => ({ ...r }))).toEqual([{ station_id: 'COMPOSE_ST01', batch_id: 'COMPOSE', n: 50 }]);
    } finally {
      await sql.end({ timeout: 5 });
    }

    // The dashboard over PostgreSQL, and its health check.
    const dash = await start(local('compose:dashboard:command'), /dashboard on http:\/\/127\.0\.0\.1:\d+/);
    try {
      const res = await fetch(`http://127.0.0.1:${l.dashPort}/api/meta`);
      expect(res.status).toBe(200);
      const meta = (await res.json()) as { data: { store: string | null; options: { stations: string[] } } };
      expect(meta.data.store).toMatch(/^postgres:\/\/mtap:\*\*\*@127\.0\.0\.1:\d+\/mtap$/);
      expect(meta.data.options.stations).toEqual(['COMPOSE_ST01']);
      const dashHealth = await run(local('compose:dashboard:healthcheck'));
      expect(dashHealth, dashHealth.stderr).toMatchObject({ code: 0 });
    } finally {
      expect((await dash.stop()).code).toBe(0);
    }
    // The dashboard mounts the runs read-only in compose: it must not have written a thing there.
    expect(readdirSync(l.runsDir)).toEqual(runDirs);
    expect(readdirSync(runDir).sort()).toEqual(runDirFiles);

    // Health checks that fail when there is nothing to check: the dashboard's, the simulators'.
    expect((await run(localize(get('compose:dashboard:healthcheck'), l))).code).toBe(1);
    expect((await dut.stop()).code).toBe(0);
    expect((await imageDut.stop()).code).toBe(0);
    const gone = await run(localize(get('compose:dut:healthcheck'), l));
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/is not healthy: E_CONN/);

    expect([...ran].sort()).toEqual([...byId.keys()].sort());
    process.stdout.write(`compose command lines run outside containers: ${ran.size} lines, 50 units into PostgreSQL, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }, 90_000);
});
