/**
 * The report's listings: rows of the run, not metrics — the failing attempts, the units and their
 * bins, the attempts requirement verification reads. Each starts from analytics' `scope` (each
 * serial's final execution), so the listings show exactly the units the metrics count; each capped
 * listing also counts what it left out.
 */
import { scopeCte, type AnalyticsFilter } from '../analytics/index.js';
import type { Store } from '../store/index.js';
import type { CoverageResults } from '../trace/index.js';
import { LIMITS, type FailureRow, type Listing, type UnitRow } from './model.js';

type Cell = string | number | boolean | null;

interface FailureDbRow {
  [k: string]: Cell;
  sn: string;
  outcome: string;
  step_id: string;
  attempt: number;
  error_code: string | null;
  message: string | null;
  duration_ms: number | null;
  ended_at: string | null;
  retried: boolean;
}

interface UnitDbRow {
  [k: string]: Cell;
  sn: string;
  outcome: string;
  hard_bin: number | null;
  soft_bin: number | null;
  bin_description: string | null;
  fw_version: string | null;
  site: number | null;
  deciding_step: string | null;
  deciding_code: string | null;
  duration_ms: number | null;
  attempts: number | null;
}

const cut = (text: string | null, max: number) => {
  const t = text ?? '';
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

async function count(store: Store, filter: AnalyticsFilter, from: string): Promise<number> {
  const scope = scopeCte(filter);
  const [row] = await store.query<{ n: number }>(`WITH ${scope.sql} SELECT CAST(COUNT(*) AS INTEGER) AS n ${from}`, scope.params);
  return row?.n ?? 0;
}

/** Every failed attempt of the units in scope, by serial then time; at most `limit`. */
export async function failures(store: Store, filter: AnalyticsFilter, limit: number = LIMITS.failures): Promise<Listing<FailureRow>> {
  const scope = scopeCte(filter);
  const from = `FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id WHERE NOT a.passed`;
  const rows = await store.query<FailureDbRow>(
    `WITH ${scope.sql},
       retried AS (SELECT unit_exec_id, step_id, attempt - 1 AS attempt FROM attempts WHERE attempt > 1)
     SELECT s.sn, s.outcome, a.step_id, a.attempt, a.error_code, a.message, a.duration_ms,
            CAST(a.ended_at AS VARCHAR) AS ended_at, r.unit_exec_id IS NOT NULL AS retried
     FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id
       LEFT JOIN retried r ON r.unit_exec_id = a.unit_exec_id AND r.step_id = a.step_id AND r.attempt = a.attempt
     WHERE NOT a.passed
     ORDER BY s.sn, a.ended_at, a.attempt
     LIMIT ${Math.max(0, Math.floor(limit))}`,
    scope.params,
  );
  return {
    total: await count(store, filter, from),
    rows: rows.map((r) => ({
      sn: r.sn,
      outcome: r.outcome,
      step: r.step_id,
      attempt: r.attempt,
      code: r.error_code,
      message: cut(r.message, LIMITS.messageChars),
      durationMs: r.duration_ms,
      endedAt: r.ended_at === null ? null : `${r.ended_at.replace(' ', 'T')}Z`,
      retried: r.retried === true,
    })),
  };
}

/** Units in scope that did not pass (FAIL, ERROR, ABORTED), by serial; at most `limit`. */
export async function nonPassingUnits(store: Store, filter: AnalyticsFilter, limit: number = LIMITS.nonPassingUnits): Promise<Listing<UnitRow>> {
  const scope = scopeCte(filter);
  const rows = await store.query<UnitDbRow>(
    `WITH ${scope.sql}
     SELECT u.sn, u.outcome, u.hard_bin, u.soft_bin, u.bin_description, u.fw_version, u.site, u.deciding_step, u.deciding_code,
            u.duration_ms, u.attempts
     FROM units u JOIN scope s ON s.unit_exec_id = u.unit_exec_id
     WHERE u.outcome <> 'PASS'
     ORDER BY u.sn
     LIMIT ${Math.max(0, Math.floor(limit))}`,
    scope.params,
  );
  return {
    total: await count(store, filter, `FROM scope WHERE outcome <> 'PASS'`),
    rows: rows.map((r) => ({
      sn: r.sn,
      outcome: r.outcome,
      hardBin: r.hard_bin,
      softBin: r.soft_bin,
      binDescription: r.bin_description,
      fwVersion: r.fw_version,
      site: r.site,
      decidingStep: r.deciding_step,
      decidingCode: r.deciding_code,
      durationMs: r.duration_ms,
      attempts: r.attempts,
    })),
  };
}

/** Serials of the units in scope that passed, sorted; at most `limit`. */
export async function passingSerials(store: Store, filter: AnalyticsFilter, limit: number = LIMITS.passingSerials): Promise<Listing<string>> {
  const scope = scopeCte(filter);
  const rows = await store.query<{ sn: string }>(
    `WITH ${scope.sql} SELECT sn FROM scope WHERE outcome = 'PASS' ORDER BY sn LIMIT ${Math.max(0, Math.floor(limit))}`,
    scope.params,
  );
  return { rows: rows.map((r) => r.sn), total: await count(store, filter, `FROM scope WHERE outcome = 'PASS'`) };
}

/**
 * What requirement verification (src/trace) reads, from the store: the units in scope (each serial's
 * final execution, ABORTED ones included, as in coverage_matrix.csv) and their attempts.
 */
export async function coverageResults(store: Store, filter: AnalyticsFilter): Promise<CoverageResults> {
  const scope = scopeCte(filter);
  const units = await store.query<{ unit_exec_id: string }>(`WITH ${scope.sql} SELECT unit_exec_id FROM scope`, scope.params);
  const attempts = await store.query<{ unit_exec_id: string; test_step: string; kind: string; attempt: number; passed: boolean }>(
    `WITH ${scope.sql}
     SELECT a.unit_exec_id, a.step_id AS test_step, a.kind, a.attempt, a.passed
     FROM attempts a JOIN scope s ON s.unit_exec_id = a.unit_exec_id`,
    scope.params,
  );
  return {
    units,
    attempts: attempts.map((a) => ({ ...a, kind: a.kind === 'discovery' ? 'discovery' : 'step' })),
  };
}

/** When the first unit started and the last one ended (ISO-8601 UTC), or nulls without units. */
export async function unitTimes(store: Store, filter: AnalyticsFilter): Promise<{ first: string | null; last: string | null }> {
  const scope = scopeCte(filter);
  const [row] = await store.query<{ first: string | null; last: string | null }>(
    `WITH ${scope.sql}
     SELECT CAST(MIN(u.started_at) AS VARCHAR) AS first, CAST(MAX(u.ended_at) AS VARCHAR) AS last
     FROM units u JOIN scope s ON s.unit_exec_id = u.unit_exec_id`,
    scope.params,
  );
  const iso = (t: string | null | undefined) => (t ? `${t.replace(' ', 'T')}Z` : null);
  return { first: iso(row?.first), last: iso(row?.last) };
}
