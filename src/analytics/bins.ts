/**
 * The bin summary: how many units ended in each hard/soft bin — the sort a handler makes. One row per
 * (hard bin, soft bin, description, outcome) over the units in scope (each serial's final execution);
 * `share` is the row's units ÷ units tested. ABORTED units were never binned: they form their own row
 * with null bins and no share (they are in no denominator).
 *
 *     const bins = await binSummary(store, { runs: [runId] });
 *     bins[0]   // { hardBin: 1, softBin: 1, description: 'Good', outcome: 'PASS', units: 93, share: 0.93 }
 */
import type { Store } from '../store/index.js';
import { scopeCte, type AnalyticsFilter } from './filter.js';
import { byKeys } from './order.js';

export interface BinRow {
  hardBin: number | null;
  softBin: number | null;
  description: string | null;
  outcome: string;
  units: number;
  /** units ÷ units tested; null for ABORTED (unbinned) units or when no unit was tested. */
  share: number | null;
}

interface Row {
  [k: string]: string | number | boolean | null;
  hard_bin: number | null;
  soft_bin: number | null;
  description: string | null;
  outcome: string;
  units: number;
}

export function binSummarySql(filter: AnalyticsFilter) {
  const scope = scopeCte(filter);
  // soft_bin and the description are not scope columns: read them from the unit rows in scope.
  const sql = `WITH ${scope.sql}
SELECT u.hard_bin, u.soft_bin, u.bin_description AS description, u.outcome, CAST(COUNT(*) AS INTEGER) AS units
FROM units u JOIN scope s ON s.unit_exec_id = u.unit_exec_id
GROUP BY u.hard_bin, u.soft_bin, u.bin_description, u.outcome`;
  return { sql, params: scope.params };
}

/** Rows by hard bin, then soft bin (unbinned last), then outcome. */
export async function binSummary(store: Store, filter: AnalyticsFilter): Promise<BinRow[]> {
  const { sql, params } = binSummarySql(filter);
  const rows = await store.query<Row>(sql, params);
  const tested = rows.filter((r) => r.outcome !== 'ABORTED').reduce((n, r) => n + r.units, 0);
  return rows
    .map((r) => ({
      hardBin: r.hard_bin,
      softBin: r.soft_bin,
      description: r.description,
      outcome: r.outcome,
      units: r.units,
      share: r.outcome === 'ABORTED' || tested === 0 ? null : r.units / tested,
    }))
    .sort(byKeys((r) => r.hardBin ?? Infinity, (r) => r.softBin ?? Infinity, (r) => r.outcome, (r) => r.description ?? ''));
}
