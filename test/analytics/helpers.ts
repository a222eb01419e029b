/**
 * Hand-built store rows for analytics tests: units described by their steps and attempts, turned
 * into the rows `Store.ingest` loads (the same path a PostgreSQL store takes), and the stores to run
 * them on.
 *
 *     unit('SN1', [step('ping', 'P'), step('read_temp', 'F:E_TIMEOUT', 'P')])
 *
 * An attempt is `P` (passed) or `F:<code>` (failed), optionally with measurements. A unit's outcome
 * defaults to PASS when every step's last attempt passed, else FAIL decided by the first such step.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DuckDbStore, emptyRows, openStore, TABLES, type Rows, type SqlValue, type Store, type TableName } from '../../src/store/index.js';

export interface Measure {
  field: string;
  value: number | string | boolean | null;
  lo?: number | null;
  hi?: number | null;
  passed?: boolean;
}

export interface AttemptSpec {
  passed: boolean;
  code: string | null;
  bin?: number | null;
  measurements?: Measure[];
}

export interface StepSpec {
  id: string;
  kind: 'step' | 'discovery';
  attempts: AttemptSpec[];
}

export interface UnitSpec {
  sn: string;
  steps: StepSpec[];
  run?: string;
  exec?: string;
  outcome?: 'PASS' | 'FAIL' | 'ERROR' | 'ABORTED';
  station?: string;
  batch?: string;
  stage?: string;
  fw?: string;
  site?: number;
  planVersion?: string;
  /** ISO start; default: 2026-11-01T08:00:00Z plus one minute per unit. */
  started?: string;
  hardBin?: number | null;
  decidingStep?: string | null;
  decidingCode?: string | null;
}

type AttemptInput = string | AttemptSpec;

export function attempt(text: string, ...measurements: Measure[]): AttemptSpec {
  const [flag, code] = text.split(':');
  return { passed: flag === 'P', code: flag === 'P' ? null : (code ?? 'LIMIT_FAIL'), measurements };
}

export function step(id: string, ...attempts: AttemptInput[]): StepSpec {
  return { id, kind: id === 'fw_discovery' ? 'discovery' : 'step', attempts: attempts.map((a) => (typeof a === 'string' ? attempt(a) : a)) };
}

export function unit(sn: string, steps: StepSpec[], more: Omit<UnitSpec, 'sn' | 'steps'> = {}): UnitSpec {
  return { sn, steps, ...more };
}

const row = (table: TableName, values: Record<string, SqlValue | undefined>): SqlValue[] => TABLES[table].map((c) => values[c.name] ?? null);
const sqlTs = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

let execCounter = 0;

/** Rows for units; runs are made for every run id the units name. */
export function rowsFor(units: readonly UnitSpec[]): Rows {
  const rows = emptyRows();
  const runs = new Map<string, UnitSpec>();
  units.forEach((u, i) => {
    const run = u.run ?? 'R1';
    if (!runs.has(run)) runs.set(run, u);
    const exec = u.exec ?? `x${++execCounter}`;
    const start = Date.parse(u.started ?? '2026-11-01T08:00:00Z') + (u.started ? 0 : i * 60_000);
    let t = start;
    let attempts = 0;
    const failing = u.steps.find((s) => !s.attempts.at(-1)!.passed);
    for (const s of u.steps) {
      s.attempts.forEach((a, k) => {
        const begin = t;
        t += 1000;
        attempts++;
        rows.attempts.push(
          row('attempts', {
            unit_exec_id: exec,
            run_id: run,
            sn: u.sn,
            step_id: s.id,
            kind: s.kind,
            command: s.id.toUpperCase(),
            attempt: k + 1,
            passed: a.passed,
            error_code: a.code,
            message: a.passed ? 'OK' : 'failed',
            duration_ms: 1000,
            site: u.site ?? 0,
            fw_version: u.fw ?? '1.0.0',
            bin: a.bin ?? (a.passed ? null : 2),
            started_at: sqlTs(begin),
            ended_at: sqlTs(t),
          }),
        );
        (a.measurements ?? []).forEach((m, idx) =>
          rows.measurements.push(
            row('measurements', {
              unit_exec_id: exec,
              step_id: s.id,
              attempt: k + 1,
              idx,
              field: m.field,
              value: typeof m.value === 'number' ? m.value : null,
              value_text: m.value === null ? null : JSON.stringify(m.value),
              comparator: 'GELE',
              lo: m.lo ?? null,
              hi: m.hi ?? null,
              passed: m.passed ?? a.passed,
              error_code: (m.passed ?? a.passed) ? null : 'LIMIT_FAIL',
              ended_at: sqlTs(t),
            }),
          ),
        );
      });
    }
    const outcome = u.outcome ?? (failing ? 'FAIL' : 'PASS');
    rows.units.push(
      row('units', {
        unit_exec_id: exec,
        run_id: run,
        sn: u.sn,
        site: u.site ?? 0,
        batch_id: u.batch ?? 'B1',
        station_id: u.station ?? 'ST1',
        stage: u.stage ?? 'DVT',
        plan_name: 'plan',
        plan_version: u.planVersion ?? '1',
        fw_version: u.fw ?? '1.0.0',
        outcome,
        hard_bin: u.hardBin !== undefined ? u.hardBin : outcome === 'PASS' ? 1 : outcome === 'ABORTED' ? null : outcome === 'ERROR' ? 9 : 2,
        soft_bin: null,
        deciding_step: u.decidingStep !== undefined ? u.decidingStep : outcome === 'PASS' || outcome === 'ABORTED' ? null : (failing?.id ?? null),
        deciding_code: u.decidingCode !== undefined ? u.decidingCode : outcome === 'PASS' || outcome === 'ABORTED' ? null : (failing?.attempts.at(-1)!.code ?? null),
        started_at: sqlTs(start),
        ended_at: sqlTs(t),
        duration_ms: t - start,
        attempts,
      }),
    );
  });
  for (const [run, u] of runs) {
    rows.runs.push(row('runs', { run_id: run, source: 'mtap', station_id: u.station ?? 'ST1', batch_id: u.batch ?? 'B1', stage: u.stage ?? 'DVT', created_at: sqlTs(Date.parse(u.started ?? '2026-11-01T08:00:00Z')), sn_count: 0 }));
  }
  return rows;
}

export interface Engine {
  name: string;
  open(): Promise<Store>;
}

const duckdb: Engine = { name: 'duckdb', open: () => DuckDbStore.open(':memory:') };

/**
 * The engines the analytics run on: DuckDB always; PostgreSQL when the test-support cluster helper is
 * present (test/support/postgres.ts starts a throwaway server for the file that asks for it).
 */
export async function engines(): Promise<Engine[]> {
  const helper = fileURLToPath(new URL('../support/postgres.ts', import.meta.url));
  if (!existsSync(helper) || process.env.MTAP_TEST_NO_PG) return [duckdb];
  // A variable specifier: the helper is optional at type-check time.
  const mod = (await import(/* @vite-ignore */ helper)) as { usePostgres(): { readonly url: string; readonly cluster: { createDatabase(name: string): string } } };
  const pg = mod.usePostgres();
  let n = 0;
  return [duckdb, { name: 'postgres', open: () => openStore({ kind: 'postgres', location: pg.cluster.createDatabase(`analytics_${process.pid}_${++n}`) }) }];
}

/** A store holding these units (on a fresh database). */
export async function storeWith(engine: Engine, units: readonly UnitSpec[]): Promise<Store> {
  const store = await engine.open();
  await store.ingest(rowsFor(units));
  return store;
}
