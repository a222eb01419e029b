/**
 * The runner against a bare client: 1,000 units of MTAP's default 3-step plan at DVT against the clean
 * simulator (a separate process), by `mtap batch`'s engine (recording everything: events.jsonl,
 * events.csv, units.jsonl with fsync'd group commits, summary, JUnit) and by a bare client making the
 * same request/reply round trips on the same number of persistent connections and recording nothing.
 * Target: the runner within 3× of the bare client. Also prints the executor's CPU time per step.
 *
 * And the same runner forwarding its units to the default store (<runs root>/mtap.duckdb) as `mtap
 * batch` does, against the runner alone: what forwarding costs the batch (target: within 1.2×).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRun } from '../src/exec/index.js';
import { loadPlan } from '../src/plan/index.js';
import { StoreForwarder } from '../src/store/forward.js';
import { median, printRatio } from './lib.js';
import { startServer, stopServer } from './support/load.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const UNITS = 1000;
const SITES = 16;
const ROUNDS = 3;
const plan = loadPlan(fileURLToPath(new URL('../examples/plans/test_plan.yaml', import.meta.url)));
const sns = Array.from({ length: UNITS }, (_, i) => `SN${String(i + 1).padStart(5, '0')}`);
const COMMANDS = ['PING', 'READ_TEMP', 'SELF_TEST'];

/** One connection doing request/reply round trips, awaiting each reply line. */
class BareConn {
  private buf = '';
  private waiting: ((line: string) => void) | null = null;
  constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buf += d;
      const nl = this.buf.indexOf('\n');
      if (nl !== -1 && this.waiting) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        const w = this.waiting;
        this.waiting = null;
        w(line);
      }
    });
  }
  request(line: string): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(line + '\n');
    });
  }
}

async function bareClient(port: number): Promise<{ ms: number; cpuUs: number }> {
  const conns = await Promise.all(
    Array.from({ length: SITES }, () => new Promise<BareConn>((resolve) => {
      const s = connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(new BareConn(s)));
    })),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    conns.map(async (c) => {
      while (next < UNITS) {
        const sn = sns[next++]!;
        for (const cmd of COMMANDS) JSON.parse(await c.request(`${cmd} ${sn}`));
      }
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  for (const c of conns) c.socket.destroy();
  return { ms, cpuUs: cpu.user + cpu.system };
}

interface RunnerResult {
  ms: number;
  batchMs: number;
  cpuUs: number;
  steps: number;
}

async function runner(port: number, forward = false): Promise<RunnerResult> {
  const root = mkdtempSync(join(tmpdir(), 'mtap-bench-'));
  // As mtap batch does: the store's modules are loaded before testing starts.
  const fwd = forward ? new StoreForwarder({ target: { kind: 'duckdb', location: join(root, 'mtap.duckdb') }, runsRoot: root, warn: (l) => process.stderr.write(`${l}\n`) }) : null;
  await fwd?.prepare();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let batchMs = 0;
  const run = await startRun({
    plan,
    runsRoot: root,
    batchId: 'BENCH',
    stationId: 'ST',
    stage: 'DVT',
    enables: [],
    sns,
    sites: SITES,
    duts: [{ host: '127.0.0.1', port }],
    requirements: null,
    signal: new AbortController().signal,
    hooks: { ...fwd?.hooks(), onBatchEnd: () => (batchMs = performance.now() - t0) },
  });
  const report = await fwd?.finish(); // the last flush belongs to the batch's time
  const ms = performance.now() - t0;
  if (report && (report.shipped.units !== UNITS || report.pendingUnits !== 0)) throw new Error(`forwarding shipped ${report.shipped.units} of ${UNITS} units`);
  const cpu = process.cpuUsage(cpu0);
  if (run.summary.passed_count + run.summary.failed_count !== UNITS) throw new Error('the runner did not test every unit');
  rmSync(root, { recursive: true, force: true });
  return { ms, batchMs, cpuUs: cpu.user + cpu.system, steps: run.summary.attempt_count };
}

const ours: RunnerResult[] = [];
const forwarding: RunnerResult[] = [];
const bare: Array<{ ms: number; cpuUs: number }> = [];
// Round 0 warms every variant up (JIT, caches) and is not counted; the order turns each round.
const ORDER = ['runner', 'bare', 'forwarding'] as const;
for (let round = 0; round <= ROUNDS; round++) {
  for (let k = 0; k < ORDER.length; k++) {
    const which = ORDER[(k + round) % ORDER.length]!;
    // A fresh simulator each time, so every variant meets the same device state.
    const dut = await startServer(process.execPath, [CLI, 'dut', '--port', '0', '--profile', 'clean', '--seed', '1']);
    if (which === 'bare') {
      const result = await bareClient(dut.port);
      if (round > 0) bare.push(result);
    } else {
      const result = await runner(dut.port, which === 'forwarding');
      if (round > 0) (which === 'forwarding' ? forwarding : ours).push(result);
    }
    await stopServer(dut.child);
  }
}

printRatio({
  bench: `runner, ${UNITS} units × 3 steps (DVT, clean simulator), ${SITES} persistent connections, median of ${ROUNDS} after a warm-up round`,
  subject: { label: 'mtap batch: units tested and durably recorded (events.jsonl, events.csv, units.jsonl)', value: median(ours.map((r) => r.batchMs)), unit: 'ms' },
  baseline: { label: 'bare client, same round trips, recording nothing', value: median(bare.map((r) => r.ms)), unit: 'ms' },
  target: { ratio: 3, higherIsBetter: false },
});
printRatio({
  bench: 'the same, including the end-of-run reports (results_summary.json, junit.xml)',
  subject: { label: 'mtap batch, start to finish', value: median(ours.map((r) => r.ms)), unit: 'ms' },
  baseline: { label: 'bare client', value: median(bare.map((r) => r.ms)), unit: 'ms' },
});
const steps = ours[0]!.steps;
const overheadUs = median(ours.map((r, i) => (r.cpuUs - bare[i]!.cpuUs) / steps));
process.stdout.write(
  `  executor CPU per step: ${(median(ours.map((r) => r.cpuUs)) / steps).toFixed(1)} µs (bare client ${(median(bare.map((r) => r.cpuUs)) / steps).toFixed(1)} µs per round trip; overhead ${overheadUs.toFixed(1)} µs/step)\n`,
);
printRatio({
  bench: `forwarding to the default store (<runs root>/mtap.duckdb) while testing, as mtap batch does, vs the runner alone`,
  subject: { label: 'mtap batch forwarding: units tested and recorded (the hot path)', value: median(forwarding.map((r) => r.batchMs)), unit: 'ms' },
  baseline: { label: 'the runner without a store', value: median(ours.map((r) => r.batchMs)), unit: 'ms' },
  target: { ratio: 1.2, higherIsBetter: false },
});
printRatio({
  bench: 'the same, start to finish (reports, and the last flush into the store)',
  subject: { label: 'mtap batch forwarding, start to finish', value: median(forwarding.map((r) => r.ms)), unit: 'ms' },
  baseline: { label: 'the runner without a store, start to finish', value: median(ours.map((r) => r.ms)), unit: 'ms' },
});
process.stdout.write(
  `  CPU per step with forwarding: ${(median(forwarding.map((r) => r.cpuUs)) / steps).toFixed(1)} µs (without: ${(median(ours.map((r) => r.cpuUs)) / steps).toFixed(1)} µs)\n`,
);
