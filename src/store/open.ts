/**
 * Which store: `--store` (a DuckDB file path, or a `postgres://` URL), else `MTAP_STORE_URL` (a
 * PostgreSQL URL), else `MTAP_STORE` (a DuckDB file), else `<runs root>/mtap.duckdb`.
 */
import { resolve } from 'node:path';
import { DuckDbStore } from './duckdb.js';
import type { Store } from './store.js';

export interface StoreTarget {
  kind: 'duckdb' | 'postgres';
  /** A file path or a URL. */
  location: string;
}

export const DUCKDB_FILE = 'mtap.duckdb';

const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

export function resolveStoreTarget(o: { flag?: string | undefined; env?: NodeJS.ProcessEnv; runsRoot: string; cwd?: string }): StoreTarget {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const pick = o.flag?.trim() || env.MTAP_STORE_URL?.trim() || env.MTAP_STORE?.trim();
  if (pick && isPostgresUrl(pick)) return { kind: 'postgres', location: pick };
  return { kind: 'duckdb', location: resolve(cwd, pick || resolve(o.runsRoot, DUCKDB_FILE)) };
}

/** A URL fit for messages: the password replaced. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

export type PostgresOpener = (url: string) => Promise<Store>;
let postgresOpener: PostgresOpener | null = null;

/** The PostgreSQL backend registers itself here (keeps the driver out of DuckDB-only processes). */
export function registerPostgres(open: PostgresOpener): void {
  postgresOpener = open;
}

export async function openStore(target: StoreTarget, opts: { lockWaitMs?: number; readOnly?: boolean } = {}): Promise<Store> {
  if (target.kind === 'duckdb') return DuckDbStore.open(target.location, opts);
  if (!postgresOpener) await import('./postgres.js');
  return postgresOpener!(target.location);
}
