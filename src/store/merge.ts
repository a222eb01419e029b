/**
 * Merging staged rows into the tables, in SQL both engines run: idempotent by unit execution. A unit
 * execution already stored is skipped with its attempts and measurements, so ingesting the same run
 * twice changes nothing, and ingesting a resumed run adds only what is new.
 */
import { fromStage, stageName, TABLES, type TableName } from './schema.js';

export interface IngestResult {
  runs: number;
  units: number;
  attempts: number;
  measurements: number;
  /** Unit executions that were already stored (and so skipped). */
  skippedUnits: number;
}

const cols = (t: TableName) => TABLES[t].map((c) => c.name).join(', ');
const staged = (t: TableName) => TABLES[t].map(fromStage).join(', ');
const NEW = `(SELECT unit_exec_id FROM new_units)`;

/** Statements run in one transaction after staging; the counts are read before the inserts. */
export const MERGE = {
  prepare: [
    `CREATE TEMPORARY TABLE new_units AS
       SELECT DISTINCT s.unit_exec_id FROM ${stageName('units')} s
       WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_exec_id = s.unit_exec_id)`,
  ],
  counts: `SELECT
      CAST((SELECT COUNT(*) FROM ${stageName('runs')} s WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = s.run_id)) AS INTEGER) AS runs,
      CAST((SELECT COUNT(*) FROM new_units) AS INTEGER) AS units,
      CAST((SELECT COUNT(DISTINCT unit_exec_id) FROM ${stageName('units')}) AS INTEGER) AS staged_units,
      CAST((SELECT COUNT(*) FROM ${stageName('attempts')} WHERE unit_exec_id IN ${NEW}) AS INTEGER) AS attempts,
      CAST((SELECT COUNT(*) FROM ${stageName('measurements')} WHERE unit_exec_id IN ${NEW}) AS INTEGER) AS measurements`,
  apply: [
    `INSERT INTO runs (${cols('runs')})
       SELECT DISTINCT ${staged('runs')} FROM ${stageName('runs')} s
       WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.run_id = s.run_id)`,
    `INSERT INTO units (${cols('units')}) SELECT DISTINCT ${staged('units')} FROM ${stageName('units')} WHERE unit_exec_id IN ${NEW}`,
    `INSERT INTO attempts (${cols('attempts')}) SELECT ${staged('attempts')} FROM ${stageName('attempts')} WHERE unit_exec_id IN ${NEW}`,
    `INSERT INTO measurements (${cols('measurements')}) SELECT ${staged('measurements')} FROM ${stageName('measurements')} WHERE unit_exec_id IN ${NEW}`,
  ],
  cleanup: [
    'DROP TABLE new_units',
    ...(Object.keys(TABLES) as TableName[]).map((t) => `DELETE FROM ${stageName(t)}`),
  ],
} as const;

export function countsFromRow(r: Record<string, unknown>): IngestResult {
  const n = (k: string) => Number(r[k] ?? 0);
  return { runs: n('runs'), units: n('units'), attempts: n('attempts'), measurements: n('measurements'), skippedUnits: n('staged_units') - n('units') };
}
