/**
 * Simulator throughput: 64 connections pipelining READ_TEMP against `mtap dut` (clean profile), next to
 * a bare node:net line-echo server under the same load, measured in the same run. Target: the simulator
 * answers at least 0.5 of the echo server's rate. (MTAP's Python reference: about 27k req/s vs 550k.)
 * The baseline echo frames lines and batches its writes as mtap dut does (the strict reading of "bare
 * line echo"); a naive one-write-per-line echo and a chunk echo (no line handling at all: the ceiling
 * of loopback and load generator) are measured too, for reference.
 */
import { fileURLToPath } from 'node:url';
import { median, printRatio } from './lib.js';
import { pipelinedLoad, startServer, stopServer } from './support/load.js';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const ECHO = fileURLToPath(new URL('./support/echo-server.ts', import.meta.url));
const CONNECTIONS = 64;
const WINDOW = 16;
const ROUNDS = 3;

async function measure(server: { port: number }): Promise<number> {
  const r = await pipelinedLoad({
    port: server.port,
    connections: CONNECTIONS,
    window: WINDOW,
    line: (i) => `READ_TEMP SN${String(i).padStart(4, '0')}`,
    warmupMs: 700,
    measureMs: 2000,
  });
  return r.rate;
}

type Which = 'dut' | 'line' | 'chunk' | 'naive';
const rates: Record<Which, number[]> = { dut: [], line: [], chunk: [], naive: [] };
const orders: Which[][] = [
  ['dut', 'line', 'chunk', 'naive'],
  ['line', 'chunk', 'naive', 'dut'],
  ['chunk', 'naive', 'dut', 'line'],
];
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order, so none always gets the warmer (or the more disturbed) machine.
  for (const which of orders[round % orders.length]!) {
    const server =
      which === 'dut'
        ? await startServer(process.execPath, [CLI, 'dut', '--port', '0', '--profile', 'clean', '--seed', '1'])
        : await startServer(process.execPath, ['--import', 'tsx', ECHO, '--mode', which]);
    rates[which].push(await measure(server));
    await stopServer(server.child);
  }
}

const load = `${CONNECTIONS} connections × ${WINDOW} pipelined READ_TEMP, median of ${ROUNDS}`;
printRatio({
  bench: `simulator throughput (${load})`,
  subject: { label: 'mtap dut (clean)', value: median(rates.dut), unit: 'req/s' },
  baseline: { label: 'bare node:net line echo', value: median(rates.line), unit: 'req/s' },
  target: { ratio: 0.5, higherIsBetter: true },
});
printRatio({
  bench: `for reference: against a naive line echo, one write per line (${load})`,
  subject: { label: 'mtap dut (clean)', value: median(rates.dut), unit: 'req/s' },
  baseline: { label: 'naive node:net line echo', value: median(rates.naive), unit: 'req/s' },
});
printRatio({
  bench: `for reference: against the chunk echo, no per-line work (${load})`,
  subject: { label: 'mtap dut (clean)', value: median(rates.dut), unit: 'req/s' },
  baseline: { label: 'bare node:net chunk echo', value: median(rates.chunk), unit: 'req/s' },
});
