/**
 * The PostgreSQL store: the factory's shared database (`--store postgres://…` or MTAP_STORE_URL).
 * Same schema and migrations as DuckDB; `query` returns what the DuckDB store returns for the same SQL
 * (numbers as numbers, timestamps as DuckDB's text `YYYY-MM-DD HH:MM:SS[.ffffff]`, booleans, null);
 * `ingest` bulk-loads the staging tables with COPY … FROM STDIN (CSV) and runs the shared merge, all
 * in one transaction.
 *
 * Every message names the server by its URL with the password replaced (redactUrl). A server that
 * cannot be reached is one E_STORE error within the connect timeout, never a hang or a stack trace.
 */
import postgres, { type PendingQuery, type ReservedSql, type Row as PgRow, type Sql, type TransactionSql } from 'postgres';
import type { Writable } from 'node:stream';
import { MtapError } from '../errors.js';
import { countsFromRow, MERGE, type IngestResult } from './merge.js';
import { migrate } from './migrate.js';
import { redactUrl, registerPostgres } from './open.js';
import type { Rows, SqlValue } from './rows.js';
import { stageName, stagingDdl, TABLES, type Column, type TableName } from './schema.js';
import type { ResultRow, Store } from './store.js';

export interface PostgresOptions {
  /** Seconds to wait for the server to answer when connecting (default 5). */
  connectTimeoutS?: number;
}

/** Any key will do; it only has to be the same in every mtap, so migrations run one at a time. */
const MIGRATION_LOCK = 0x6d746170; // 'mtap'
/** Unique violations, serialization failures and deadlocks: another writer won a race; try again. */
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const COPY_CHUNK = 1 << 20;

const asText = (x: string) => x;
const asNumber = (x: string) => Number(x);
/** Parameters of these types are sent as given (a timestamp string stays that string, no Date detour). */
const passThrough = (x: unknown) => (x instanceof Date ? x.toISOString().replace('T', ' ').replace('Z', '') : String(x));

/**
 * Result types as the DuckDB store gives them: timestamps and dates as PostgreSQL's ISO text (the same
 * text as DuckDB's, trailing zeros of the fraction dropped alike), int8 and numeric as numbers (DuckDB
 * gives BIGINT/HUGEINT counts and sums as numbers); int2/int4/float4/float8 are numbers already.
 */
const TYPES = {
  mtapTimestamp: { to: 1114, from: [1082, 1114, 1184], serialize: passThrough, parse: asText },
  mtapBigNumber: { to: 20, from: [20, 1700], serialize: passThrough, parse: asNumber },
};

function clientFor(url: string, o: PostgresOptions): Sql {
  return postgres(url, {
    max: 4,
    connect_timeout: o.connectTimeoutS ?? 5,
    idle_timeout: 60,
    // Unnamed statements: nothing cached across migrations, and poolers in transaction mode work.
    prepare: false,
    // fetch_types stays on: with it off, postgres@3.4.9's reserve() on a fresh pool never resolves.
    onnotice: () => undefined, // "relation already exists, skipping" and the like: not for users
    connection: { application_name: 'mtap', TimeZone: 'UTC', DateStyle: 'ISO, YMD', client_encoding: 'UTF8', extra_float_digits: 1 },
    types: TYPES as never, // postgres.js types these per custom type name; ours are plain string ↔ value
  });
}

/** What went wrong, in words, without the password. */
export function describePgError(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string; errno?: string };
  const password = passwordOf(url);
  let text: string;
  switch (e?.code) {
    case 'ECONNREFUSED':
      text = 'connection refused (is the server running, on that host and port?)';
      break;
    case 'CONNECT_TIMEOUT':
      text = 'no answer from the server (connect timeout)';
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      text = 'host not found';
      break;
    case 'CONNECTION_CLOSED':
    case 'CONNECTION_ENDED':
    case 'CONNECTION_DESTROYED':
    case 'ECONNRESET':
    case 'EPIPE':
      text = 'the connection was lost';
      break;
    case '57P01':
    case '57P02':
    case '57P03':
      text = `the server is shutting down or starting up (${e.message ?? e.code})`;
      break;
    default:
      text = (e?.message ?? String(err)).split('\n')[0] ?? 'unknown error';
  }
  return password ? text.split(password).join('***') : text;
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/**
 * Whether the connection a failure happened on can still be used: the server answered with an ERROR
 * (a constraint, a serialization failure, bad data) or we refused the data before sending it. Anything
 * else — FATAL (shutdown, crash of another backend), a closed socket, a timeout — may have cost it.
 */
export function connectionUsable(err: unknown): boolean {
  if (err instanceof MtapError) return true;
  return err instanceof postgres.PostgresError && err.severity === 'ERROR';
}

/** Reject with `what` after `ms`, so a server that accepts a connection but never answers cannot hang us. */
function deadline<T>(work: Promise<T>, ms: number, what: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(what()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// ---- COPY encoding -------------------------------------------------------------------------------

/**
 * One value as a CSV field for COPY … (FORMAT csv): NULL is an empty unquoted field, every string is
 * quoted (so '' stays '' and a lone `\.` is data, not the end marker), quotes doubled. Checked against
 * the column type first: a value PostgreSQL would reject mid-COPY is reported here, with its column.
 * NUL cannot be stored in PostgreSQL text: it becomes U+FFFD.
 */
export function copyField(v: SqlValue, c: Column, table: string): string {
  if (v === null) return '';
  switch (c.type) {
    case 'INTEGER':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new MtapError('E_STORE', `cannot store ${JSON.stringify(v)} in ${table}.${c.name} (INTEGER)`);
      }
      return String(v);
    case 'DOUBLE PRECISION':
      if (typeof v !== 'number') throw new MtapError('E_STORE', `cannot store ${JSON.stringify(v)} in ${table}.${c.name} (DOUBLE PRECISION)`);
      if (Number.isFinite(v)) return String(v);
      return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    case 'BOOLEAN':
      if (typeof v !== 'boolean') throw new MtapError('E_STORE', `cannot store ${JSON.stringify(v)} in ${table}.${c.name} (BOOLEAN)`);
      return v ? 't' : 'f';
    default: {
      const s = typeof v === 'string' ? v : String(v);
      return `"${s.replace(/\0/g, '\uFFFD').replace(/"/g, '""')}"`;
    }
  }
}

/** Rows as COPY CSV text, in chunks of about a megabyte. */
export function* copyChunks(table: string, columns: readonly Column[], rows: readonly (readonly SqlValue[])[]): Generator<string> {
  let buf = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += copyField(row[i] ?? null, columns[i]!, table);
    }
    buf += line + '\n';
    if (buf.length >= COPY_CHUNK) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

type QueryInternals = { reject: (err: unknown) => void };

/**
 * COPY rows into a table on `tx`. postgres.js resolves the query with the stream and, when the server
 * then rejects the data, never completes the stream's end: the error goes only to the query's
 * `reject`. So that is wrapped (postgres@3 internals; test/store/postgres.test.ts pins it) and raced
 * against the end of the stream.
 */
export async function copyRows(tx: ReservedSql | TransactionSql, table: string, columns: readonly Column[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
  if (rows.length === 0) return;
  const chunks = copyChunks(table, columns, rows); // encoding errors surface before any byte is sent
  const first = chunks.next();
  const q: PendingQuery<PgRow[]> = tx.unsafe(`COPY ${table} (${columns.map((c) => c.name).join(', ')}) FROM STDIN WITH (FORMAT csv)`);
  let fail: (err: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const internals = q as unknown as QueryInternals;
  const reject = internals.reject;
  internals.reject = (err) => {
    fail(err);
    reject(err);
  };
  const w = (await q.writable()) as Writable;
  const done = new Promise<void>((resolve, rejectDone) => {
    w.on('error', rejectDone);
    w.on('finish', resolve);
  });
  done.catch(() => undefined); // raced below; its error is also `failed`'s or the write's
  const write = async (chunk: string) => {
    if (!w.write(chunk)) await Promise.race([new Promise((r) => w.once('drain', r)), failed, done]);
  };
  try {
    if (!first.done) await write(first.value);
    for (const chunk of chunks) await write(chunk);
  } catch (err) {
    // CopyFail: the server drops what it got. Not on a connection that may be gone: writing on a
    // closed one throws where nothing can catch it (see PostgresStore.onOneConnection).
    if (connectionUsable(err)) w.destroy(err as Error);
    throw err;
  }
  w.end();
  await Promise.race([done, failed]);
}

// ---- the store -----------------------------------------------------------------------------------

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;

  private constructor(
    readonly location: string,
    private sql: Sql,
    private readonly url: string,
    private readonly answerMs: number,
    private readonly options: PostgresOptions,
  ) {}

  /** Connect and migrate; E_STORE (with the reason, password redacted) if the server cannot be used. */
  static async open(url: string, o: PostgresOptions = {}): Promise<PostgresStore> {
    const location = redactUrl(url);
    let sql: Sql;
    try {
      sql = clientFor(url, o);
    } catch (err) {
      throw new MtapError('E_STORE', `bad PostgreSQL URL ${location}: ${describePgError(err, url)}`);
    }
    const answerMs = ((o.connectTimeoutS ?? 5) + 1) * 1000;
    const store = new PostgresStore(location, sql, url, answerMs, o);
    try {
      await deadline(store.migrate(), answerMs * 4, () => Object.assign(new Error('timeout'), { code: 'CONNECT_TIMEOUT' }));
      return store;
    } catch (err) {
      await sql.end({ timeout: 0 }).catch(() => undefined);
      if (err instanceof MtapError) throw err;
      throw new MtapError('E_STORE', `cannot use the store ${location}: ${describePgError(err, url)}`);
    }
  }

  /** Migrations on one connection, under an advisory lock: stations starting together migrate once. */
  private async migrate(): Promise<void> {
    await this.onOneConnection(async (conn) => {
      await conn.unsafe(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
      try {
        const viaConn = { location: this.location, query: <T extends ResultRow>(text: string) => conn.unsafe(text).then((r) => plainRows<T>(r)) };
        await migrate(viaConn, async (text) => void (await conn.unsafe(text)));
      } catch (err) {
        if (connectionUsable(err)) await conn.unsafe('ROLLBACK');
        throw err;
      }
      // Released with the session too; said explicitly so a pooled connection does not keep it.
      await conn.unsafe(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    });
  }

  /**
   * `work` on one reserved connection, released after. postgres@3.4.9 crashes the whole process (a
   * TypeError thrown from a setImmediate in its connection.js `nextWrite`, porsager/postgres#1208) when
   * anything is sent on a reserved connection whose socket has closed: a ROLLBACK after the server
   * died, or `release()`, which puts the dead connection back in the pool for the next query. So after
   * a failure that may have cost the connection, nothing more is sent on it: the client is ended (the
   * server rolls back a transaction whose session ends) and a fresh one is used from then on.
   */
  private async onOneConnection<T>(work: (conn: ReservedSql) => Promise<T>): Promise<T> {
    const conn = await this.sql.reserve();
    let result: T;
    try {
      result = await work(conn);
    } catch (err) {
      if (connectionUsable(err)) conn.release();
      else this.replaceClient();
      throw err;
    }
    conn.release();
    return result;
  }

  private replaceClient(): void {
    const old = this.sql;
    this.sql = clientFor(this.url, this.options);
    void old.end({ timeout: 0 }).catch(() => undefined);
  }

  private fail(what: string, err: unknown): MtapError {
    if (err instanceof MtapError) return err;
    return new MtapError('E_STORE', `${what} ${this.location} failed: ${describePgError(err, this.url)}`);
  }

  async query<T extends ResultRow = ResultRow>(text: string, params: readonly SqlValue[] = []): Promise<T[]> {
    try {
      return plainRows<T>(await this.sql.unsafe(text, [...params] as never[]));
    } catch (err) {
      throw this.fail('a query on', err);
    }
  }

  async ingest(rows: Rows): Promise<IngestResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A transaction of our own rather than sql.begin(), which sends ROLLBACK on whatever failed,
        // a dead connection included (see onOneConnection).
        return await this.onOneConnection(async (conn) => {
          await conn.unsafe('BEGIN');
          try {
            const counts = await this.ingestIn(conn, rows);
            await conn.unsafe('COMMIT');
            return counts;
          } catch (err) {
            if (connectionUsable(err)) await conn.unsafe('ROLLBACK');
            throw err;
          }
        });
      } catch (err) {
        // Two writers shipping the same unit at once: one commits, the other retries and skips it.
        if (attempt < 3 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
        throw this.fail('ingest into', err);
      }
    }
  }

  private async ingestIn(tx: ReservedSql, rows: Rows): Promise<IngestResult> {
    const tables = Object.keys(TABLES) as TableName[];
    // Per transaction: temporary tables live on one connection, and the pool may hand us another.
    for (const t of tables) await tx.unsafe(`${stagingDdl(t)} ON COMMIT DROP`);
    for (const t of tables) await copyRows(tx, stageName(t), TABLES[t], rows[t]);
    for (const s of MERGE.prepare) await tx.unsafe(s);
    const counts = countsFromRow(((await tx.unsafe(MERGE.counts))[0] ?? {}) as Record<string, unknown>);
    for (const s of MERGE.apply) await tx.unsafe(s);
    for (const s of MERGE.cleanup) await tx.unsafe(s);
    return counts;
  }

  /** Wait briefly for work in flight, then close every connection. */
  async close(): Promise<void> {
    await this.sql.end({ timeout: Math.ceil(this.answerMs / 1000) }).catch(() => undefined);
  }
}

function plainRows<T extends ResultRow>(result: readonly PgRow[]): T[] {
  return result.map((r) => ({ ...r }) as T);
}

registerPostgres((url) => PostgresStore.open(url));
