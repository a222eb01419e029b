/**
 * Which unit executions an analysis covers: a filter on the store's units, turned into one SQL
 * fragment (`scope`) that every metric starts from, so every metric counts the same units.
 *
 * The scope is each serial's final execution in each run (the store's `final_units` view: a resumed
 * run's re-test replaces the interrupted one), narrowed by the filter. All dimensions match the unit
 * execution's own fields; dates are UTC calendar days on the execution's `started_at`, both ends
 * inclusive.
 *
 *     const { sql, params } = scopeCte({ batches: ['LOT7'], from: '2026-11-01' });
 *     // sql: "scope AS (SELECT … FROM final_units WHERE batch_id IN ($1) AND started_at >= …)"
 */
import { MtapError } from '../errors.js';
import type { SqlValue } from '../store/index.js';

export interface AnalyticsFilter {
  /** First UTC day included, `YYYY-MM-DD`. */
  from?: string | undefined;
  /** Last UTC day included, `YYYY-MM-DD`. */
  to?: string | undefined;
  stations?: readonly string[] | undefined;
  stages?: readonly string[] | undefined;
  batches?: readonly string[] | undefined;
  firmware?: readonly string[] | undefined;
  planVersions?: readonly string[] | undefined;
  runs?: readonly string[] | undefined;
}

/** The unit columns a metric may use from the scope. */
export const SCOPE_COLUMNS = [
  'unit_exec_id',
  'run_id',
  'sn',
  'site',
  'batch_id',
  'station_id',
  'stage',
  'plan_name',
  'plan_version',
  'fw_version',
  'outcome',
  'hard_bin',
  'deciding_step',
  'deciding_code',
  'started_at',
] as const;

/** Outcomes that count as tested: ABORTED units were stopped before the end and are left out of every yield. */
export const TESTED = `outcome <> 'ABORTED'`;

const LIST_FILTERS = [
  ['stations', 'station_id'],
  ['stages', 'stage'],
  ['batches', 'batch_id'],
  ['firmware', 'fw_version'],
  ['planVersions', 'plan_version'],
  ['runs', 'run_id'],
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(what: string, text: string): Date {
  const t = DAY.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new MtapError('E_USAGE', `${what} must be a date YYYY-MM-DD, got "${text}"`);
  return new Date(t);
}

/** `YYYY-MM-DD HH:MM:SS` for a UTC instant, as both engines take a TIMESTAMP literal. */
const sqlTs = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

/** The `WHERE` conditions of a filter (empty: everything), with its parameters numbered from `$1`. */
export function filterConditions(filter: AnalyticsFilter): SqlFragment {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const param = (v: SqlValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [key, column] of LIST_FILTERS) {
    const values = filter[key];
    if (values && values.length > 0) where.push(`${column} IN (${values.map((v) => param(v)).join(', ')})`);
  }
  if (filter.from) where.push(`started_at >= CAST(${param(sqlTs(day('--from', filter.from)))} AS TIMESTAMP)`);
  if (filter.to) {
    const end = day('--to', filter.to);
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(`started_at < CAST(${param(sqlTs(end))} AS TIMESTAMP)`);
  }
  if (filter.from && filter.to && day('--from', filter.from) > day('--to', filter.to)) {
    throw new MtapError('E_USAGE', `--from ${filter.from} is after --to ${filter.to}`);
  }
  return { sql: where.join(' AND '), params };
}

/** The `scope` common table expression: the filtered final unit executions. */
export function scopeCte(filter: AnalyticsFilter): SqlFragment {
  const cond = filterConditions(filter);
  return {
    sql: `scope AS (SELECT ${SCOPE_COLUMNS.join(', ')} FROM final_units${cond.sql ? ` WHERE ${cond.sql}` : ''})`,
    params: cond.params,
  };
}

/** A filter in words, for headers and messages. */
export function describeFilter(filter: AnalyticsFilter): string {
  const parts: string[] = [];
  for (const [key, column] of LIST_FILTERS) {
    const values = filter[key];
    if (values && values.length > 0) parts.push(`${column.replace(/_id$/, '')} ${values.join('|')}`);
  }
  if (filter.from || filter.to) parts.push(`days ${filter.from ?? '…'}..${filter.to ?? '…'}`);
  return parts.length ? parts.join(', ') : 'everything';
}
