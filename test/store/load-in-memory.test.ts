/**
 * loadRunDirInMemory loads a run directory straight into a fresh store's tables; it must hold exactly
 * what ingestRunDir's staging and merge store: every table, row for row — orphan attempts (an
 * execution without a unit record) and malformed or torn lines left out.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attemptLine, RUN_FILES, unitLine } from '../../src/record/index.js';
import { DuckDbStore, ingestRunDir, loadRunDirInMemory, TABLES, type Store, type TableName } from '../../src/store/index.js';
import { SMALL_PLAN_TEXT, smallRun } from '../record/stdf-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'mtap-load-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of Object.keys(TABLES) as TableName[]) {
    const cols = TABLES[table].map((c) => (c.type === 'TIMESTAMP' ? `CAST(${c.name} AS VARCHAR) AS ${c.name}` : c.name)).join(', ');
    out[table] = (await store.query(`SELECT ${cols} FROM ${table}`)).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe('loadRunDirInMemory', () => {
  it('holds exactly what ingestRunDir stores', async () => {
    const run = smallRun();
    writeFileSync(join(dir, RUN_FILES.runInfo), JSON.stringify(run.info, null, 2));
    writeFileSync(join(dir, RUN_FILES.plan), SMALL_PLAN_TEXT);
    writeFileSync(join(dir, RUN_FILES.events), run.attempts.map(attemptLine).join(''));
    writeFileSync(join(dir, RUN_FILES.units), run.units.map(unitLine).join(''));
    // An execution that never ended (its attempts are orphans), a malformed line and a torn tail.
    appendFileSync(join(dir, RUN_FILES.events), attemptLine({ ...run.attempts[0]!, unit_exec_id: 'never-ended' }) + 'not json\n{"sn": "torn');

    const fresh = await loadRunDirInMemory(dir);
    const merged = await DuckDbStore.open(':memory:');
    try {
      await ingestRunDir(merged, dir);
      const a = await dump(fresh);
      expect(a).toEqual(await dump(merged));
      expect(a.units).toHaveLength(5); // the aborted first execution of SN0001 has no unit record: orphans too
      expect(a.attempts!.some((r) => String(r).includes('never-ended'))).toBe(false);
    } finally {
      await fresh.close();
      await merged.close();
    }
  });
});
