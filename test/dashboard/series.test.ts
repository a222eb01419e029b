/**
 * A measurement with more values than a chart draws: the series holds the latest 5,000 in time
 * order, exactly the tail of what capability counted, and says how many it left out.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capability } from '../../src/analytics/index.js';
import { measurementSeries } from '../../src/dashboard/metrics.js';
import { DuckDbStore, ingestRunDir } from '../../src/store/index.js';
import { writeRun } from '../../bench/support/runs.js';
import { tmp } from './support.js';

let store: DuckDbStore;

beforeAll(async () => {
  const root = join(tmp(), 'runs');
  mkdirSync(root);
  // Two runs of 3,500 units: ~7,000 values of each measurement.
  for (let i = 0; i < 2; i++) writeRun(root, i, 3500, 2);
  store = await DuckDbStore.open(':memory:');
  for (const d of readdirSync(root).sort()) await ingestRunDir(store, join(root, d));
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe('measurement series', () => {
  it('sends the latest 5,000 values in time order and counts the rest', async () => {
    const row = (await capability(store, {})).find((r) => r.step === 'read_temp' && r.field === 'temp_c')!;
    expect(row.n).toBeGreaterThan(5000);
    const s = await measurementSeries(store, {}, row);
    expect(s.values).toHaveLength(5000);
    expect(s.omitted).toBe(row.n - 5000);
    // The tail of every value capability counted, in the chart's order.
    const all = await store.query<{ value: number; at: string }>(
      `SELECT m.value, CAST(m.ended_at AS VARCHAR) AS at FROM measurements m
       JOIN final_units u ON u.unit_exec_id = m.unit_exec_id
       WHERE m.step_id = 'read_temp' AND m.field = 'temp_c' AND m.value IS NOT NULL AND u.outcome <> 'ABORTED'
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.unit_exec_id = m.unit_exec_id AND a.step_id = m.step_id AND a.attempt = m.attempt + 1)
       ORDER BY m.ended_at, m.unit_exec_id, m.idx`,
    );
    expect(all).toHaveLength(row.n);
    expect(s.values.map((v) => [v.value, v.at])).toEqual(all.slice(-5000).map((v) => [v.value, v.at]));
  });
});
