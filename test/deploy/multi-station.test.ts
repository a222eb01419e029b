/**
 * Many stations on one PostgreSQL (issue 8): each station is its own `mtap batch` process with its own
 * station id and runs root, testing against its own `mtap dut` process, and forwarding to one shared
 * throwaway PostgreSQL. The server is killed (`pg_ctl stop -m immediate`) and restarted while the
 * stations test. Afterwards, and after `mtap sync` on every station:
 *
 * - the store holds exactly the unit executions the stations' run directories record — none lost, none
 *   doubled, each with all its attempts and measurements;
 * - `mtap analytics --store postgres://…` sees every station and its station stratification gives
 *   each station's own figures (its run directory's results_summary.json);
 * - the dashboard's API over PostgreSQL offers every station and gives each one's yields.
 *
 * CI size: 3 stations × 400 units, one restart. MTAP_RELIABILITY=full: 4 stations × 2,500 units, three
 * restarts. It prints its figures in one line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDashboard, type Envelope, type Meta, type OverviewData } from '../../src/dashboard/index.js';
import type { FullAnalytics } from '../../src/analytics/index.js';
import { cleanEnv, runCli, type Finished } from '../support/proc.js';
import { usePostgres } from '../support/postgres.js';
import {
  ledgerDiff,
  runDirLedger,
  runDirsUnder,
  spawnBatch,
  startDutProcess,
  storedUnitsByStation,
  storeLedger,
  unitsEnded,
  until,
  type BatchProcess,
  type DutProcess,
  type Ledger,
} from '../support/stations.js';
import { tmp } from '../store/helpers.js';

const FULL = process.env.MTAP_RELIABILITY === 'full';
const SIZE = FULL ? { stations: 4, units: 2500, outages: 3 } : { stations: 3, units: 400, outages: 1 };
/** An outage lasts at least this long (two forwarding intervals), and until every station tested on through it. */
const MIN_OUTAGE_MS = 3000;
const UNITS_DURING_OUTAGE = 10;

const pg = usePostgres();

interface Station {
  id: string;
  batchId: string;
  root: string;
  dut: DutProcess;
  finished: boolean;
  result: Finished | null;
}

/** A station's own figures from its run directory: what analytics must give for it. */
function summaryFigures(root: string): { units: number; passed: number; firstPass: number } {
  const [dir] = runDirsUnder(root);
  const summary = JSON.parse(readFileSync(join(dir!, 'results_summary.json'), 'utf8')) as { per_sn: Record<string, { outcome: string; first_pass: boolean }> };
  const per = Object.values(summary.per_sn).filter((u) => u.outcome !== 'ABORTED');
  return { units: per.length, passed: per.filter((u) => u.outcome === 'PASS').length, firstPass: per.filter((u) => u.first_pass).length };
}

describe('many stations on one PostgreSQL', () => {
  it(`${SIZE.stations} stations, PostgreSQL killed and restarted during their runs: zero lost or doubled units; analytics and the dashboard see every station`, async () => {
    const started = Date.now();
    const url = pg.cluster.createDatabase('factory');
    const letters = 'ABCDEFGH'.slice(0, SIZE.stations).split('');
    const duts = await Promise.all(letters.map((_, i) => startDutProcess(100 + i)));
    const stations: Station[] = letters.map((l, i) => ({ id: `ST-${l}`, batchId: `LOT-${l}`, root: tmp(`mtap-station-${l}-`), dut: duts[i]!, finished: false, result: null }));
    const batches: BatchProcess[] = [];
    try {
      const runs = stations.map((s) => {
        const sns = Array.from({ length: SIZE.units }, (_, i) => `${s.id.slice(-1)}${String(i + 1).padStart(5, '0')}`).join(',');
        const batch = spawnBatch(
          ['--dut', `127.0.0.1:${s.dut.port}`, '--plan', 'examples/board-fct.yaml', '--sns', sns, '--sites', '4', '--runs-dir', s.root, '--station-id', s.id, '--batch-id', s.batchId, '--store', url],
          FULL ? 900_000 : 150_000,
        );
        batches.push(batch);
        return batch.exited.then((r) => {
          s.finished = true;
          s.result = r;
        });
      });
      const running = () => stations.filter((s) => !s.finished);

      // Outages while the stations test. Before each, every station still testing has forwarded new
      // units since the last restart (forwarding works, or works again); during each, every station
      // still testing ends more units (testing never waits for the database).
      let restarts = 0;
      let stationsTestingAtRestart = 0;
      let testedWhileDown = 0;
      for (let i = 0; i < SIZE.outages && running().length > 0; i++) {
        const base = await storedUnitsByStation(url);
        await until(
          async () => {
            const now = await storedUnitsByStation(url);
            return running().every((s) => (now.get(s.id) ?? 0) > (base.get(s.id) ?? 0));
          },
          'every testing station to forward units',
          60_000,
        );
        if (running().length === 0) break;
        pg.cluster.stop('immediate');
        const down = Date.now();
        const atStop = new Map(stations.map((s) => [s.id, unitsEnded(s.root)]));
        await until(
          () => Date.now() - down >= MIN_OUTAGE_MS && running().every((s) => unitsEnded(s.root) >= atStop.get(s.id)! + UNITS_DURING_OUTAGE),
          'the stations to test on while PostgreSQL is down',
          60_000,
        );
        stationsTestingAtRestart = Math.max(stationsTestingAtRestart, running().length);
        testedWhileDown += stations.reduce((n, s) => n + unitsEnded(s.root) - atStop.get(s.id)!, 0);
        pg.cluster.start();
        restarts++;
      }
      await Promise.all(runs);
      expect(restarts).toBe(SIZE.outages);
      expect(stationsTestingAtRestart).toBeGreaterThan(0); // restarted during the runs, not after them

      for (const s of stations) {
        const r = s.result!;
        expect([0, 1], `${s.id}: ${r.stderr}`).toContain(r.code); // the units' verdicts, never the store's trouble
        // Each outage a station noticed is said once (and its end once), never per flush or per unit.
        expect((r.stderr.match(/testing goes on/g) ?? []).length).toBeLessThanOrEqual(SIZE.outages);
        expect(unitsEnded(s.root), `${s.id}: ${r.stdout.slice(-1500)}\n${r.stderr}`).toBeGreaterThanOrEqual(SIZE.units);
      }

      // mtap sync on every station: ships what a station's batch could not, and nothing twice.
      let shippedBySync = 0;
      for (const s of stations) {
        const r = await runCli(['sync', '--runs-dir', s.root, '--store', url], { env: cleanEnv(), timeoutMs: 60_000 });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toBe('');
        shippedBySync += Number(/synced \d+ runs?: (\d+) units?/.exec(r.stdout)?.[1] ?? 0);
      }

      // Zero lost, zero doubled: the stations' run directories and the store, execution by execution.
      const expected: Ledger = new Map();
      for (const s of stations) for (const [id, u] of runDirLedger(s.root)) expected.set(id, u);
      const stored = await storeLedger(url);
      expect(ledgerDiff(expected, stored.ledger)).toEqual([]);
      expect(stored.rows).toBe(expected.size);
      const attempts = [...expected.values()].reduce((n, u) => n + u.attempts, 0);

      // mtap analytics over PostgreSQL: every station, each with its own run directory's figures.
      const figures = new Map(stations.map((s) => [s.id, summaryFigures(s.root)]));
      const a = await runCli(['analytics', '--store', url, '--format', 'json'], { env: cleanEnv(), timeoutMs: 60_000 });
      expect(a.code, a.stderr).toBe(0);
      const analytics = JSON.parse(a.stdout) as FullAnalytics;
      expect(analytics.strata.station.map((r) => r.group)).toEqual(stations.map((s) => s.id));
      for (const row of analytics.strata.station) {
        const f = figures.get(row.group)!;
        expect({ station: row.group, units: row.units, passed: row.passed, firstPass: row.firstPass }).toEqual({ station: row.group, ...f });
      }
      expect(analytics.yields.units).toBe([...figures.values()].reduce((n, f) => n + f.units, 0));

      // The dashboard over PostgreSQL: every station on offer, each one's yields as its run directory has them.
      const dash = await startDashboard({ store: { kind: 'postgres', location: url }, runsRoot: tmp('mtap-dash-empty-') });
      try {
        const get = async <T>(path: string) => {
          const res = await fetch(`${dash.url}${path}`);
          expect(res.status, path).toBe(200);
          return ((await res.json()) as Envelope<T>).data!;
        };
        expect((await get<Meta>('/api/meta')).options.stations).toEqual(stations.map((s) => s.id));
        const overview = await get<OverviewData>('/api/overview');
        expect(overview.runs.map((r) => r.station_id).sort()).toEqual(stations.map((s) => s.id));
        for (const s of stations) {
          const y = (await get<OverviewData>(`/api/overview?station=${s.id}`)).yields;
          const f = figures.get(s.id)!;
          expect({ station: s.id, units: y.units, passed: y.passed, firstPass: y.firstPass }).toEqual({ station: s.id, ...f });
        }
      } finally {
        await dash.close();
      }

      process.stdout.write(
        `multi-station: ${stations.length} stations, ${expected.size} units, ${restarts} PostgreSQL restart${restarts === 1 ? '' : 's'} (pg_ctl stop -m immediate) with ${stationsTestingAtRestart} stations testing, ` +
          `${testedWhileDown} units tested while it was down, ${shippedBySync} shipped by mtap sync; ${expected.size} units and ${attempts} attempts checked against the run dirs (0 lost, 0 doubled); ` +
          `analytics and dashboard per-station figures checked; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      // A failed check leaves no batch behind (its exit is awaited, whatever it was).
      for (const b of batches) b.kill();
      await Promise.allSettled(batches.map((b) => b.exited));
      await Promise.all(duts.map((d) => d.stop()));
    }
  }, FULL ? 1_200_000 : 180_000);
});
