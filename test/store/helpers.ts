/** Run directories for the store tests: real runs against the simulator, and MTAP v1 logs by hand. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resumeRun, startRun, type RunHooks } from '../../src/exec/index.js';
import { loadPlan } from '../../src/plan/index.js';
import { startDut, type Script } from '../../src/dut/index.js';
import type { Store } from '../../src/store/index.js';

export const tmp = (prefix = 'mtap-store-') => mkdtempSync(join(tmpdir(), prefix));

export interface RunDirOptions {
  units: number;
  root?: string;
  seed?: number;
  profile?: string;
  script?: Script;
  sites?: number;
  /** Stop the run after this many units ended (units in flight end ABORTED), then resume it. */
  abortAfter?: number;
  hooks?: RunHooks;
  /** A faster simulator (no artificial latency). */
  fast?: boolean;
}

/** A finished run of examples/board-fct.yaml against the simulator; its directory. */
export async function makeRunDir(o: RunDirOptions): Promise<string> {
  const dut = await startDut({
    port: 0,
    seed: o.seed ?? 2,
    env: {},
    profile: o.profile ?? (o.fast ? 'flaky-fast' : 'factory-flaky'),
    ...(o.script && { script: o.script }),
    ...(o.fast && { config: 'test/fixtures/dut-fast.yaml' }),
  });
  const root = o.root ?? tmp();
  try {
    const ac = new AbortController();
    let ended = 0;
    const hooks: RunHooks = {
      ...o.hooks,
      onUnitEnd: (r) => {
        o.hooks?.onUnitEnd?.(r);
        if (o.abortAfter !== undefined && ++ended >= o.abortAfter) ac.abort();
      },
    };
    const run = await startRun({
      plan: loadPlan('examples/board-fct.yaml'),
      runsRoot: root,
      batchId: 'LOT1',
      stationId: 'ST1',
      stage: 'DVT',
      enables: [],
      sns: Array.from({ length: o.units }, (_, i) => `S${String(i).padStart(4, '0')}`),
      sites: o.sites ?? 4,
      duts: [{ host: '127.0.0.1', port: dut.port }],
      requirements: null,
      signal: ac.signal,
      hooks,
    });
    if (o.abortAfter !== undefined) {
      await resumeRun({ runsRoot: root, runId: run.runId, sites: null, duts: [{ host: '127.0.0.1', port: dut.port }], signal: new AbortController().signal, ...(o.hooks && { hooks: o.hooks }) });
    }
    return run.dir;
  } finally {
    await dut.close();
  }
}

/** An MTAP v1 run directory (events.jsonl only), `sns` units of two steps each, SN2 retried. */
export function makeV1RunDir(root: string, name = 'v1run', runId = '20261122T024853Z'): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const ev = (sn: string, step: string, attempt: number, passed: boolean, code: string | null, value: unknown = null) =>
    JSON.stringify({
      schema_version: 1,
      timestamp: `2026-11-22T02:48:5${attempt}.062657+00:00`,
      run_id: runId,
      batch_id: 'LOCAL',
      station_id: 'ST01',
      stage: 'EVT',
      sn,
      fw_version: '1.0.0',
      test_step: step,
      command: step.toUpperCase(),
      attempt,
      retry_count: attempt - 1,
      retries_allowed: 3,
      timeout_s: 2.0,
      backoff_ms: 200,
      duration_ms: 3,
      passed,
      error_code: code,
      measurement: value === null ? null : 'temp_c',
      value,
      units: value === null ? null : 'C',
      message: passed ? 'OK' : 'it said "no", then\tleft\\',
      data: { step_name: step, req_ids: ['REQ-001'], will_retry: false, retry_reason: null, raw: {} },
    });
  writeFileSync(
    join(dir, 'events.jsonl'),
    [ev('SN1', 'ping', 1, true, null), ev('SN1', 'read_temp', 1, true, null, 25.1), ev('SN2', 'ping', 1, false, 'E_TIMEOUT'), ev('SN2', 'ping', 2, true, null), ev('SN2', 'read_temp', 1, false, 'LIMIT_FAIL', 99.0)].join('\n') + '\n',
  );
  return dir;
}

/** Lines of a JSONL file, parsed. */
export const jsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Every table (and the final_units view) in a fixed order, for comparing stores. */
export const TABLE_ORDER: Record<string, string> = {
  runs: 'run_id',
  units: 'unit_exec_id',
  attempts: 'unit_exec_id, step_id, attempt, ended_at, kind',
  measurements: 'unit_exec_id, step_id, attempt, idx',
  final_units: 'run_id, sn',
};

export async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [t, order] of Object.entries(TABLE_ORDER)) out[t] = await store.query(`SELECT * FROM ${t} ORDER BY ${order}`);
  return out;
}

export async function counts(store: Store): Promise<{ runs: number; units: number; attempts: number; measurements: number }> {
  const [r] = await store.query<{ runs: number; units: number; attempts: number; measurements: number }>(
    `SELECT CAST((SELECT COUNT(*) FROM runs) AS INTEGER) AS runs, CAST((SELECT COUNT(*) FROM units) AS INTEGER) AS units,
            CAST((SELECT COUNT(*) FROM attempts) AS INTEGER) AS attempts, CAST((SELECT COUNT(*) FROM measurements) AS INTEGER) AS measurements`,
  );
  return r!;
}
