/**
 * Analytics at factory scale: 10 million step attempts (~2 million units) written as run directories
 * (several runs, stations, batches, stages, firmware versions and days; failures, retries that
 * recover, measurements), ingested into a DuckDB store with `ingestRunDir` (DuckDB's reader path), then
 * the full analytics. Prints the ingest rate, each metric's query time and the peak RSS next to the
 * baseline: DuckDB's own `read_json` GROUP BY over the same JSONL (attempts and failures per step).
 *
 * Targets: ingest ≥ 300k attempts/s; full analytics < 3 s; peak RSS < 2 GiB.
 * `MTAP_BENCH_ATTEMPTS` scales it down (e.g. 1000000) for a quick look.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import { capability, fullAnalytics, pareto, retests, stepStats, unitYields } from '../src/analytics/index.js';
import { DuckDbStore, ingestRunDir } from '../src/store/index.js';
import { printRatio } from './lib.js';
import { generateRuns } from './support/runs.js';

const TARGET_ATTEMPTS = Number(process.env.MTAP_BENCH_ATTEMPTS ?? 10_000_000);
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'mtap-bench-analytics-'));
  try {
    let t0 = performance.now();
    const runsRoot = join(root, 'runs');
    mkdirSync(runsRoot);
    const { attempts, units, runs } = generateRuns(runsRoot, TARGET_ATTEMPTS);
    process.stdout.write(`generated ${attempts.toLocaleString('en-US')} attempts, ${units.toLocaleString('en-US')} units in ${runs} run directories: ${secs(performance.now() - t0)}\n`);

    // Baseline: DuckDB's own JSON reader, a GROUP BY over the same files, in a fresh instance.
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    t0 = performance.now();
    await conn.runAndReadAll(
      `SELECT test_step, COUNT(*) AS attempts, COUNT(*) FILTER (WHERE NOT passed) AS failed
       FROM read_json('${join(runsRoot, '*', 'events.jsonl')}', format = 'newline_delimited', columns = {test_step: 'VARCHAR', passed: 'BOOLEAN'}) GROUP BY test_step`,
    );
    const baselineMs = performance.now() - t0;
    conn.closeSync();
    instance.closeSync();

    const store = await DuckDbStore.open(join(root, 'mtap.duckdb'));
    t0 = performance.now();
    for (const d of (await import('node:fs')).readdirSync(runsRoot).sort()) await ingestRunDir(store, join(runsRoot, d));
    const ingestMs = performance.now() - t0;
    const rate = attempts / (ingestMs / 1000);

    const timings: [string, number][] = [];
    const time = async (label: string, fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      timings.push([label, performance.now() - t]);
    };
    await time('yields + strata', () => unitYields(store, {}));
    await time('step stats (RTY, recovered)', () => stepStats(store, {}));
    await time('pareto (first)', () => pareto(store, {}, 'first'));
    await time('pareto (all)', () => pareto(store, {}, 'all'));
    await time('retests', () => retests(store, {}));
    await time('capability', () => capability(store, {}));
    t0 = performance.now();
    const full = await fullAnalytics(store, {});
    const fullMs = performance.now() - t0;
    await store.close();

    printRatio({
      bench: 'analytics: ingest rate vs DuckDB read_json GROUP BY over the same JSONL',
      subject: { label: 'ingestRunDir into the DuckDB store', value: rate, unit: 'attempts/s' },
      baseline: { label: 'read_json GROUP BY test_step', value: attempts / (baselineMs / 1000), unit: 'attempts/s' },
    });
    printRatio({
      bench: 'analytics: full analytics vs the read_json baseline query',
      subject: { label: 'fullAnalytics (everything)', value: fullMs, unit: 'ms' },
      baseline: { label: 'read_json GROUP BY test_step', value: baselineMs, unit: 'ms' },
    });
    for (const [label, ms] of timings) process.stdout.write(`  ${label.padEnd(30)} ${secs(ms)}\n`);
    process.stdout.write(`  units tested ${full.yields.units}, first-pass ${full.yields.firstPassYield.value?.toFixed(4)}, final ${full.yields.finalYield.value?.toFixed(4)}, RTY ${full.rty?.toFixed(4)}\n`);
    const peak = peakRssMiB();
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    process.stdout.write(
      [
        `targets:`,
        `  ingest ${Math.round(rate).toLocaleString('en-US')} attempts/s (>= 300,000): ${verdict(rate >= 300_000)}`,
        `  full analytics ${secs(fullMs)} (< 3 s): ${verdict(fullMs < 3000)}`,
        `  peak RSS ${peak.toFixed(0)} MiB (< 2048 MiB): ${verdict(peak < 2048)}`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
