/**
 * Stations as a factory runs them, for the outage and multi-station tests: a real `mtap dut` process
 * and a real `mtap batch` process per station, each with its own runs root; and the two ledgers the
 * tests compare — what the run directories hold and what the store holds — unit execution by unit
 * execution.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { CLI, cleanEnv, startCli, type Finished } from './proc.js';

/** A paced simulator (a few ms per reply, the usual faults): batches take seconds, not milliseconds. */
export const PACED_DUT = ['--config', 'test/fixtures/dut-station.yaml', '--profile', 'station-paced'];

export interface DutProcess {
  port: number;
  stop(): Promise<void>;
}

export async function startDutProcess(seed: number): Promise<DutProcess> {
  const dut = await startCli(['dut', '--port', '0', '--seed', String(seed), ...PACED_DUT], /listening on 127\.0\.0\.1:(\d+)/, { timeoutMs: 30_000 });
  return {
    port: Number(dut.match[1]),
    stop: async () => {
      dut.child.kill('SIGTERM');
      await dut.exited;
    },
  };
}

export interface BatchProcess {
  exited: Promise<Finished>;
  kill(): void;
}

/** `mtap batch …` as its own process; `exited` resolves when it ends (or rejects after `timeoutMs`). */
export function spawnBatch(args: readonly string[], timeoutMs: number): BatchProcess {
  const child = spawn(process.execPath, [CLI, 'batch', ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<Finished>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mtap batch ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { exited, kill: () => child.kill('SIGKILL') };
}

/** The run directories under a runs root (the default store file may sit beside them). */
export const runDirsUnder = (root: string) =>
  readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'run.json')))
    .map((e) => join(root, e.name));

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);

/** Unit executions ended so far under a runs root (complete lines of units.jsonl). */
export function unitsEnded(root: string): number {
  if (!existsSync(root)) return 0;
  return runDirsUnder(root).reduce((n, dir) => n + lines(join(dir, 'units.jsonl')).length, 0);
}

/** One unit execution as a ledger line: enough to tell a lost, doubled or altered unit apart. */
export interface LedgerUnit {
  station: string;
  sn: string;
  outcome: string;
  /** Attempts of the execution, and their measurements. */
  attempts: number;
  measurements: number;
}

export type Ledger = Map<string, LedgerUnit>;

/**
 * What the run directories under `root` record: every ended execution (a line of units.jsonl), with
 * the attempts and measurements events.jsonl has for it.
 */
export function runDirLedger(root: string): Ledger {
  const ledger: Ledger = new Map();
  for (const dir of runDirsUnder(root)) {
    for (const l of lines(join(dir, 'units.jsonl'))) {
      const u = JSON.parse(l) as { unit_exec_id: string; station_id: string; sn: string; outcome: string };
      if (ledger.has(u.unit_exec_id)) throw new Error(`${dir}: execution ${u.unit_exec_id} recorded twice in units.jsonl`);
      ledger.set(u.unit_exec_id, { station: u.station_id, sn: u.sn, outcome: u.outcome, attempts: 0, measurements: 0 });
    }
    for (const l of lines(join(dir, 'events.jsonl'))) {
      const e = JSON.parse(l) as { unit_exec_id: string; measurements?: unknown[] };
      const u = ledger.get(e.unit_exec_id);
      if (!u) continue; // an execution that never ended: not a result, not stored
      u.attempts++;
      u.measurements += Array.isArray(e.measurements) ? e.measurements.length : 0;
    }
  }
  return ledger;
}

/** The same ledger as the store holds it; `rows` counts unit rows, to see a doubled one. */
export async function storeLedger(url: string): Promise<{ ledger: Ledger; rows: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined, connect_timeout: 10 });
  try {
    const units = await sql<{ unit_exec_id: string; station_id: string; sn: string; outcome: string }[]>`
      SELECT unit_exec_id, station_id, sn, outcome FROM units`;
    const attempts = await sql<{ unit_exec_id: string; n: number }[]>`
      SELECT unit_exec_id, CAST(COUNT(*) AS INTEGER) AS n FROM attempts GROUP BY unit_exec_id`;
    const measurements = await sql<{ unit_exec_id: string; n: number }[]>`
      SELECT unit_exec_id, CAST(COUNT(*) AS INTEGER) AS n FROM measurements GROUP BY unit_exec_id`;
    const ledger: Ledger = new Map();
    for (const u of units) ledger.set(u.unit_exec_id, { station: u.station_id, sn: u.sn, outcome: u.outcome, attempts: 0, measurements: 0 });
    for (const a of attempts) {
      const u = ledger.get(a.unit_exec_id);
      if (u) u.attempts = a.n;
      else ledger.set(a.unit_exec_id, { station: '?', sn: '?', outcome: 'attempts without a unit', attempts: a.n, measurements: 0 });
    }
    for (const m of measurements) {
      const u = ledger.get(m.unit_exec_id);
      if (u) u.measurements = m.n;
    }
    return { ledger, rows: units.length };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Units of each station in the store (0 while it is down or empty). */
export async function storedUnitsByStation(url: string): Promise<Map<string, number>> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
  try {
    const rows = await sql<{ station_id: string; n: number }[]>`
      SELECT station_id, CAST(COUNT(*) AS INTEGER) AS n FROM units GROUP BY station_id`;
    return new Map(rows.map((r) => [r.station_id, r.n]));
  } catch {
    return new Map(); // not migrated yet, or down
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Where two ledgers differ, in words (empty when they agree exactly). */
export function ledgerDiff(expected: Ledger, actual: Ledger): string[] {
  const out: string[] = [];
  for (const [id, e] of expected) {
    const a = actual.get(id);
    if (!a) out.push(`lost: ${e.station} ${e.sn} (${id})`);
    else if (a.station !== e.station || a.sn !== e.sn || a.outcome !== e.outcome || a.attempts !== e.attempts || a.measurements !== e.measurements) {
      out.push(`differs: ${id} run dir ${JSON.stringify(e)} store ${JSON.stringify(a)}`);
    }
  }
  for (const [id, a] of actual) if (!expected.has(id)) out.push(`not in any run dir: ${a.station} ${a.sn} (${id})`);
  return out;
}

/** Poll `check` every `everyMs` until it is true; throws with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
