/** Applying the schema's migrations that a store lacks, recording each in `schema_version`. */
import { MtapError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import type { Store } from './store.js';

export async function migrate(store: Pick<Store, 'query' | 'location'>, exec: (sql: string) => Promise<void>): Promise<number> {
  await exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)');
  const rows = await store.query<{ v: number | null }>('SELECT CAST(MAX(version) AS INTEGER) AS v FROM schema_version');
  const current = rows[0]?.v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new MtapError('E_STORE', `the store ${store.location} has schema version ${current}, newer than this mtap knows (${SCHEMA_VERSION}): upgrade mtap`);
  }
  for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
    await exec('BEGIN TRANSACTION');
    for (const sql of MIGRATIONS[v - 1]!) await exec(sql);
    await exec(`INSERT INTO schema_version (version, applied_at) VALUES (${v}, CURRENT_TIMESTAMP)`);
    await exec('COMMIT');
  }
  return SCHEMA_VERSION;
}
