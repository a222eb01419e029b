/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp dir, `pg_ctl start` on a free loopback
 * port, one database; stopped and removed at the end. Each test file that needs one starts its own
 * (the outage test stops and restarts its server, which must not disturb other files running at once).
 *
 * initdb refuses to run as root, so as root (CI, these machines) every server command runs as the
 * `postgres` OS user, which must be able to write the temp dir. Missing binaries are a test *failure*
 * with a message saying what to install, never a silent skip.
 *
 *     const pg = usePostgres();            // in a test file: beforeAll starts it, afterAll removes it
 *     const store = await openStore({ kind: 'postgres', location: pg.url });
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:<port>/mtap_test` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** `pg_ctl stop -m immediate` (a crash, as far as clients can tell) or fast. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  /** Stop (if running) and delete the cluster. */
  destroy(): void;
  /** A fresh empty database on this server, its URL. */
  createDatabase(name: string): string;
}

/** Where the server binaries are: MTAP_PG_BINDIR, `pg_config --bindir`, or the newest /usr/lib/postgresql/N/bin. */
export function findPgBinDir(): string {
  const candidates: string[] = [];
  if (process.env.MTAP_PG_BINDIR) candidates.push(process.env.MTAP_PG_BINDIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config: look where Debian puts the server
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(join(debian, v, 'bin'));
  }
  const found = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries not found (initdb and pg_ctl; looked in ${candidates.join(', ') || 'MTAP_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/*/bin'}). ` +
        'The store tests need a real server: install Debian\'s postgresql package (apt-get install postgresql) or set MTAP_PG_BINDIR.',
    );
  }
  return found;
}

/** The OS user the server runs as: `postgres` when we are root (initdb refuses root), else ourselves. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no `postgres` OS user to run the test server as (initdb refuses root): useradd --system postgres');
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<PgCluster>();
let exitHookSet = false;

export async function startCluster(): Promise<PgCluster> {
  const bin = findPgBinDir();
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'mtap-pg-'));
  const dataDir = join(root, 'data');
  const log = join(root, 'server.log');
  if (user) chownSync(root, user.uid, user.gid);
  const port = await freePort();
  const run = (cmd: string, args: string[], what: string) => {
    const opts: SpawnSyncOptions = {
      encoding: 'utf8',
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC', ...(user && { HOME: root, USER: 'postgres' }) },
      timeout: 60_000,
      ...(user && { uid: user.uid, gid: user.gid }),
    };
    const r = spawnSync(join(bin, cmd), args, opts);
    if (r.status !== 0) {
      const logText = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${what} failed (${cmd} exit ${r.status ?? r.signal}): ${String(r.stderr ?? '').trim() || String(r.error ?? '')}\n${logText}`);
    }
    return String(r.stdout ?? '');
  };
  // C collation: text sorts by bytes, as DuckDB sorts it, so ORDER BY results compare across engines.
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], 'initdb');
  // fsync off: nothing here survives the machine, only the server's death, which a write() to the
  // page cache survives. synchronous_commit stays on: the outage tests kill the server
  // (`pg_ctl stop -m immediate`) and a commit it acknowledged must be there after the restart, as on
  // a real server; with it off the last ~200 ms of acknowledged commits vanish and a forwarder that
  // was told "committed" would be lied to.
  const serverOpts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c timezone=UTC`;
  const start = () => run('pg_ctl', ['start', '-D', dataDir, '-l', log, '-w', '-t', '30', '-o', serverOpts], 'pg_ctl start');
  const stop = (mode: 'immediate' | 'fast' = 'fast') => run('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '30'], 'pg_ctl stop');
  const running = () => existsSync(join(dataDir, 'postmaster.pid'));
  start();
  const psql = (sql: string) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], 'psql');
  const createDatabase = (name: string) => {
    psql(`CREATE DATABASE ${name}`);
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  const url = createDatabase('mtap_test');
  const cluster: PgCluster = {
    url,
    port,
    dataDir,
    stop: (mode) => {
      if (running()) stop(mode);
    },
    start,
    createDatabase,
    destroy: () => {
      try {
        if (running()) stop('immediate');
      } finally {
        live.delete(cluster);
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
  live.add(cluster);
  if (!exitHookSet) {
    exitHookSet = true;
    // A test process that dies early must not leave servers running.
    process.on('exit', () => {
      for (const c of live) {
        try {
          c.destroy();
        } catch {
          // best effort
        }
      }
    });
  }
  return cluster;
}

/** Start a cluster for this test file (beforeAll) and remove it after (afterAll). */
export function usePostgres(): { readonly url: string; readonly cluster: PgCluster } {
  let cluster: PgCluster | null = null;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);
  afterAll(() => cluster?.destroy());
  return {
    get url() {
      if (!cluster) throw new Error('the PostgreSQL test cluster did not start (see the beforeAll error)');
      return cluster.url;
    },
    get cluster() {
      if (!cluster) throw new Error('the PostgreSQL test cluster did not start (see the beforeAll error)');
      return cluster;
    },
  };
}
