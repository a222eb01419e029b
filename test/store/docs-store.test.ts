/** docs/store.md keeps up with the code: the commands and their options, the tables, the bookkeeping file. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { DUCKDB_FILE, TABLES } from '../../src/store/index.js';
import { SYNC_FILE, type SyncMark } from '../../src/store/sync.js';

const doc = readFileSync(new URL('../../docs/store.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title)) ?? '';
const optionsOf = (name: string) =>
  buildProgram()
    .commands.find((c) => c.name() === name)!
    .options.map((o) => o.long!);

describe('docs/store.md', () => {
  it('shows mtap ingest and mtap sync with every option they take', () => {
    const text = section('`mtap sync` and `mtap ingest`');
    for (const cmd of ['ingest', 'sync']) {
      expect(text).toContain(`mtap ${cmd}`);
      for (const o of optionsOf(cmd)) expect(text, `mtap ${cmd} ${o}`).toContain(o);
    }
  });
  it("names batch's and demo's store options and the order of the store's sources", () => {
    for (const cmd of ['batch', 'demo']) for (const o of ['--store', '--no-store']) expect(optionsOf(cmd)).toContain(o);
    const text = section('Which store');
    const order = ['`--store PATH|URL`', '`MTAP_STORE_URL`', '`MTAP_STORE`', `\`<runs root>/${DUCKDB_FILE}\``].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
  it('names every table and the final_units view', () => {
    const text = section('Schema and migrations');
    for (const t of [...Object.keys(TABLES), 'final_units', 'schema_version']) expect(text).toContain(`\`${t}\``);
  });
  it("shows the bookkeeping file with every field of a store's mark", () => {
    const text = section('Sync bookkeeping');
    expect(text).toContain(SYNC_FILE);
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(text)![1]!) as { stores: Record<string, SyncMark> };
    const fields: (keyof SyncMark)[] = ['file', 'lines', 'bytes', 'shipped_at'];
    expect(Object.keys(Object.values(example.stores)[0]!).sort()).toEqual([...fields].sort());
  });
});
