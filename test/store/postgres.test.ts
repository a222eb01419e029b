/**
 * The PostgreSQL store against a real server started for this file: the same tables and answers as
 * DuckDB for the same run directories, COPY that survives hostile text, migrations, and failures
 * (unreachable, silent, rejected data) that are one clear E_STORE error, never a hang.
 */
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Script } from '../../src/dut/index.js';
import { MtapError } from '../../src/errors.js';
import { DuckDbStore, emptyRows, ingestRunDir, openStore, SCHEMA_VERSION, TABLES, type Row, type Rows, type Store } from '../../src/store/index.js';
import { copyRows, PostgresStore } from '../../src/store/postgres.js';
import { shipRunDir } from '../../src/store/sync.js';
import { usePostgres, freePort } from '../support/postgres.js';
import { counts, dump, makeRunDir, makeV1RunDir, tmp } from './helpers.js';

const pg = usePostgres();
const HOSTILE_MESSAGE = 'quote " comma , tab \t backslash \\ \\N newline \n CRLF \r\n \\. ünïcødé 温度 🔥';

/** A database of its own for each test that wants an empty store. */
let dbCount = 0;
const freshDb = () => pg.cluster.createDatabase(`t${++dbCount}_${process.pid}`);
const openPg = (url: string) => openStore({ kind: 'postgres', location: url });
const openDuck = () => DuckDbStore.open(join(tmp(), 's.duckdb'));

const rowOf = (table: keyof typeof TABLES, values: Record<string, string | number | boolean | null>): Row =>
  TABLES[table].map((c) => (c.name in values ? values[c.name]! : null));

async function withStores<T>(fn: (duck: Store, pgs: Store) => Promise<T>): Promise<T> {
  const duck = await openDuck();
  const pgs = await openPg(freshDb());
  try {
    return await fn(duck, pgs);
  } finally {
    await duck.close();
    await pgs.close();
  }
}

describe('PostgreSQL store: parity with DuckDB', () => {
  let dirs: string[] = [];
  beforeAll(async () => {
    const root = tmp();
    dirs = [
      // hostile DUT text in messages and measurement values, via the simulator's script
      await makeRunDir({
        root,
        units: 16,
        script: new Script([
          { sn: 'S0003', cmd: 'READ_TEMP', data: { temp_c: 99 } },
          { sn: 'S0005', cmd: 'PING', error: 'E_INTERNAL', message: HOSTILE_MESSAGE },
        ]),
      }),
      // stopped after 5 units and resumed: superseded ABORTED executions are stored too
      await makeRunDir({ root, units: 14, seed: 7, abortAfter: 5 }),
      makeV1RunDir(root),
    ];
  }, 120_000);

  it('the same run directories give identical rows in every table and in final_units', async () => {
    await withStores(async (duck, pgs) => {
      for (const dir of dirs) {
        const a = await ingestRunDir(duck, dir);
        const b = await ingestRunDir(pgs, dir);
        expect(b, dir).toEqual(a);
      }
      const d = await dump(duck);
      expect(d.units!.length).toBeGreaterThan(30);
      expect(d.units!.some((u) => (u as { outcome: string }).outcome === 'ABORTED')).toBe(true);
      expect(d.attempts!.filter((a) => (a as { message: string }).message === HOSTILE_MESSAGE).length).toBeGreaterThan(0);
      expect(await dump(pgs)).toEqual(d);
      // Again: nothing changes in either.
      for (const dir of dirs) expect((await ingestRunDir(pgs, dir)).units).toBe(0);
      expect(await dump(pgs)).toEqual(d);
    });
  });

  it('shipping in streamed chunks (sync\'s path) stores the same rows as one ingest', async () => {
    await withStores(async (duck, pgs) => {
      for (const dir of dirs) {
        await ingestRunDir(duck, dir);
        await shipRunDir(pgs, dir, { all: true });
      }
      expect(await dump(pgs)).toEqual(await dump(duck));
    });
  });

  it('values come back as the DuckDB store gives them: timestamps as text, numbers, booleans, null', async () => {
    await withStores(async (duck, pgs) => {
      const sql = `SELECT CAST('2026-11-22 02:48:53.062650' AS TIMESTAMP) AS t, CAST('2026-11-22 02:48:53' AS TIMESTAMP) AS t0,
                          CAST('2026-11-22' AS DATE) AS d, COUNT(*) AS n, CAST(COUNT(*) AS INTEGER) AS i, CAST(0.1 AS DOUBLE PRECISION) * 3 AS x,
                          SUM(1) AS s, 1 = 1 AS b, CAST(NULL AS VARCHAR) AS z, 'text' AS v
                   FROM schema_version`;
      const expected = { t: '2026-11-22 02:48:53.06265', t0: '2026-11-22 02:48:53', d: '2026-11-22', n: 1, i: 1, x: 0.30000000000000004, s: 1, b: true, z: null, v: 'text' };
      expect(await duck.query(sql)).toEqual([expected]);
      expect(await pgs.query(sql)).toEqual([expected]);
      // Parameters, compared with columns of each type.
      const p = `SELECT CAST(COUNT(*) AS INTEGER) AS n FROM schema_version WHERE version = $1 AND applied_at > $2 AND $3 = 'x'`;
      expect(await pgs.query(p, [SCHEMA_VERSION, '2000-01-01 00:00:00', 'x'])).toEqual([{ n: 1 }]);
      expect(await duck.query(p, [SCHEMA_VERSION, '2000-01-01 00:00:00', 'x'])).toEqual([{ n: 1 }]);
    });
  });
});

describe('PostgreSQL store: COPY', () => {
  const hostile = [
    '',
    'plain',
    'quote " and "" doubled',
    "single ' quote",
    'comma, and ; semicolon',
    'tab\there',
    'back\\slash \\N \\t \\\\',
    'newline\nnext',
    'CRLF\r\nnext',
    '\\.',
    'line\n\\.\nafter the end marker',
    'ünïcødé 温度 🔥 עברית e\u0301',
    ' leading and trailing spaces ',
    'NULL',
    '"',
    ',',
  ];

  it('hostile text round-trips exactly, in both stores; empty stays empty and null stays null', async () => {
    await withStores(async (duck, pgs) => {
      const rows: Rows = emptyRows();
      rows.runs.push(rowOf('runs', { run_id: 'R', source: 'mtap', station_id: 'S,"1"\n', sn_count: 1 }));
      hostile.forEach((text, i) => {
        const id = `R/${i}`;
        rows.units.push(rowOf('units', { unit_exec_id: id, run_id: 'R', sn: text, outcome: 'PASS', site: 0, attempts: 1, duration_ms: 1.5, ended_at: '2026-11-22 02:48:53.062657' }));
        rows.attempts.push(rowOf('attempts', { unit_exec_id: id, run_id: 'R', sn: text, step_id: 's', attempt: 1, passed: true, message: text, error_code: i % 2 ? null : '' }));
        rows.measurements.push(rowOf('measurements', { unit_exec_id: id, step_id: 's', attempt: 1, idx: 0, field: 'f', value_text: JSON.stringify(text), units: text, passed: false }));
      });
      expect(await pgs.ingest(rows)).toMatchObject({ units: hostile.length, attempts: hostile.length, measurements: hostile.length });
      await duck.ingest(rows);
      const back = await pgs.query<{ sn: string; message: string; error_code: string | null; units: string }>(
        `SELECT u.sn, a.message, a.error_code, m.units FROM units u JOIN attempts a ON a.unit_exec_id = u.unit_exec_id
           JOIN measurements m ON m.unit_exec_id = u.unit_exec_id ORDER BY u.unit_exec_id`,
      );
      const expected = hostile
        .map((text, i) => ({ id: `R/${i}`, sn: text, message: text, error_code: i % 2 ? null : '', units: text }))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map(({ id: _id, ...rest }) => rest);
      expect(back).toEqual(expected);
      expect(await pgs.query('SELECT station_id FROM runs')).toEqual([{ station_id: 'S,"1"\n' }]);
      expect(await dump(pgs)).toEqual(await dump(duck));
    });
  });

  it('NUL, which PostgreSQL text cannot hold, becomes U+FFFD', async () => {
    const pgs = await openPg(freshDb());
    const rows = emptyRows();
    rows.units.push(rowOf('units', { unit_exec_id: 'N', run_id: 'R', sn: 'a\u0000b', outcome: 'PASS' }));
    await pgs.ingest(rows);
    expect(await pgs.query('SELECT sn FROM units')).toEqual([{ sn: 'a\uFFFDb' }]);
    await pgs.close();
  });

  it('a value that does not fit its column is refused before COPY, naming the column', async () => {
    const pgs = await openPg(freshDb());
    const rows = emptyRows();
    rows.units.push(rowOf('units', { unit_exec_id: 'X', run_id: 'R', sn: 's', site: 2 ** 40 }));
    await expect(pgs.ingest(rows)).rejects.toThrow(/cannot store 1099511627776 in stage_units\.site \(INTEGER\)/);
    expect(await counts(pgs)).toMatchObject({ units: 0 });
    await pgs.close();
  });

  it('data the server rejects mid-COPY is an error, not a hang (postgres.js internals pinned)', async () => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => undefined });
    try {
      const started = Date.now();
      const work = sql.begin(async (tx) => {
        await tx.unsafe('CREATE TEMPORARY TABLE copy_probe (a INTEGER) ON COMMIT DROP');
        // Declared as text here, so nothing is checked before the server sees 'not a number'.
        await copyRows(tx, 'copy_probe', [{ name: 'a', type: 'VARCHAR' }], [['not a number']]);
      });
      await expect(work).rejects.toMatchObject({ code: '22P02' });
      expect(Date.now() - started).toBeLessThan(5000);
      // The connection is usable afterwards.
      expect(await sql.unsafe('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await sql.end();
    }
  });

  it('loads many rows in chunks (more than one COPY buffer)', async () => {
    const pgs = await openPg(freshDb());
    const rows = emptyRows();
    const long = 'x'.repeat(300);
    for (let u = 0; u < 500; u++) {
      rows.units.push(rowOf('units', { unit_exec_id: `U${u}`, run_id: 'R', sn: `S${u}` }));
      for (let a = 0; a < 20; a++) rows.attempts.push(rowOf('attempts', { unit_exec_id: `U${u}`, step_id: `s${a}`, attempt: 1, message: long, duration_ms: a / 3 }));
    }
    expect(await pgs.ingest(rows)).toMatchObject({ units: 500, attempts: 10_000 });
    expect(await pgs.query('SELECT CAST(SUM(duration_ms) AS DOUBLE PRECISION) AS s FROM attempts')).toEqual([{ s: expect.closeTo((500 * 190) / 3, 6) }]);
    await pgs.close();
  });
});

describe('PostgreSQL store: schema and concurrency', () => {
  it('migrates once; several mtaps opening a new database at the same moment agree', async () => {
    const url = freshDb();
    const stores = await Promise.all([openPg(url), openPg(url), openPg(url)]);
    expect(await stores[0]!.query('SELECT CAST(MAX(version) AS INTEGER) AS v, CAST(COUNT(*) AS INTEGER) AS n FROM schema_version')).toEqual([{ v: SCHEMA_VERSION, n: SCHEMA_VERSION }]);
    await Promise.all(stores.map((s) => s.close()));
    const again = await openPg(url);
    expect(await again.query('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM schema_version')).toEqual([{ n: SCHEMA_VERSION }]);
    await again.close();
  });

  it('a store with a newer schema than this mtap knows is refused', async () => {
    const url = freshDb();
    (await openPg(url)).close();
    const sql = postgres(url, { onnotice: () => undefined });
    await sql.unsafe(`INSERT INTO schema_version (version, applied_at) VALUES (${SCHEMA_VERSION + 1}, CURRENT_TIMESTAMP)`);
    await sql.end();
    await expect(openPg(url)).rejects.toThrow(/newer than this mtap knows/);
  });

  it('two writers shipping the same units at once store them once', async () => {
    const url = freshDb();
    const [a, b] = await Promise.all([openPg(url), openPg(url)]);
    const rows = emptyRows();
    rows.runs.push(rowOf('runs', { run_id: 'R' }));
    for (let u = 0; u < 200; u++) {
      rows.units.push(rowOf('units', { unit_exec_id: `U${u}`, run_id: 'R', sn: `S${u}` }));
      rows.attempts.push(rowOf('attempts', { unit_exec_id: `U${u}`, step_id: 's', attempt: 1 }));
    }
    const [ra, rb] = await Promise.all([a!.ingest(rows), b!.ingest(rows)]);
    expect(ra.units + rb.units).toBe(200);
    expect(ra.skippedUnits + rb.skippedUnits).toBe(200);
    expect(await counts(a!)).toEqual({ runs: 1, units: 200, attempts: 200, measurements: 0 });
    await a!.close();
    await b!.close();
  });
});

describe('PostgreSQL store: a server that cannot be used', () => {
  let silent: Server;
  let silentPort = 0;
  beforeAll(async () => {
    // Accepts connections and never answers.
    silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(() => silent.close());

  const expectStoreError = async (work: Promise<unknown>, message: RegExp) => {
    const err = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MtapError);
    expect((err as MtapError).code).toBe('E_STORE');
    expect((err as MtapError).message).toMatch(message);
    expect((err as MtapError).message).not.toContain('s3cret');
    expect((err as MtapError).message.split('\n')).toHaveLength(1);
  };

  it('nothing listening: refused at once, the password redacted', async () => {
    const port = await freePort();
    const started = Date.now();
    await expectStoreError(openPg(`postgres://mtap:s3cret@127.0.0.1:${port}/db`), new RegExp(`cannot use the store postgres://mtap:\\*\\*\\*@127\\.0\\.0\\.1:${port}/db: connection refused`));
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a server that never answers: given up after the connect timeout', async () => {
    const started = Date.now();
    await expectStoreError(PostgresStore.open(`postgres://mtap:s3cret@127.0.0.1:${silentPort}/db`, { connectTimeoutS: 1 }), /no answer from the server/);
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('a database that does not exist, and a malformed URL', async () => {
    await expectStoreError(openPg(`postgres://postgres:s3cret@127.0.0.1:${pg.cluster.port}/no_such_db`), /database "no_such_db" does not exist/);
    await expectStoreError(openPg('postgres://mtap:s3cret@[::1/db'), /bad PostgreSQL URL|cannot use the store/);
  });
});
