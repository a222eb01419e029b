/**
 * Issue 5's outage test: PostgreSQL is stopped (`pg_ctl stop -m immediate`, a crash as far as
 * clients can tell) in the middle of a real `mtap batch` against a real `mtap dut`. The batch keeps
 * testing and says so once; after the restart `mtap sync` ships what was pending; the store then
 * holds exactly the unit executions the run directory records — none lost, none doubled, each with
 * all its attempts and measurements — and a second sync has nothing to do.
 *
 * And the driver's part: a server killed in the middle of an ingest's COPY is one E_STORE error, the
 * process lives on (postgres@3.4.9 crashes it when anything is sent on the dead connection,
 * porsager/postgres#1208), and the same store object works again once the server is back.
 */
import { describe, expect, it } from 'vitest';
import { emptyRows, openStore, TABLES, type Row } from '../../src/store/index.js';
import { runCli, cleanEnv } from '../support/proc.js';
import { usePostgres } from '../support/postgres.js';
import { ledgerDiff, runDirLedger, spawnBatch, startDutProcess, storedUnitsByStation, storeLedger, unitsEnded, until } from '../support/stations.js';
import { tmp } from './helpers.js';

const pg = usePostgres();
const UNITS = 300;

const rowOf = (table: keyof typeof TABLES, values: Record<string, string | number | boolean | null>): Row =>
  TABLES[table].map((c) => (c.name in values ? values[c.name]! : null));

describe('PostgreSQL outage during a batch', () => {
  it('the batch finishes, mtap sync ships everything after the restart, counts match the run directory exactly', async () => {
    const started = Date.now();
    const url = pg.cluster.createDatabase('outage');
    const root = tmp('mtap-outage-');
    const dut = await startDutProcess(11);
    try {
      const sns = Array.from({ length: UNITS }, (_, i) => `OUT${String(i + 1).padStart(4, '0')}`).join(',');
      const batch = spawnBatch(
        ['--dut', `127.0.0.1:${dut.port}`, '--plan', 'examples/board-fct.yaml', '--sns', sns, '--sites', '4', '--runs-dir', root, '--station-id', 'ST-OUT', '--batch-id', 'LOT-OUT', '--store', url],
        120_000,
      );
      let finished = false;
      void batch.exited.then(() => (finished = true), () => undefined);

      // Forwarding works before the outage: some units are in the store while the batch runs.
      await until(async () => ((await storedUnitsByStation(url)).get('ST-OUT') ?? 0) > 0 || finished, 'the first forwarded units', 60_000);
      expect(finished).toBe(false);
      const inStoreBefore = (await storedUnitsByStation(url)).get('ST-OUT') ?? 0;
      pg.cluster.stop('immediate');
      const endedAtStop = unitsEnded(root);

      const r = await batch.exited;
      expect([0, 1]).toContain(r.code); // the units' verdicts, never the store's trouble
      const endedTotal = unitsEnded(root);
      expect(endedTotal).toBe(UNITS);
      expect(endedTotal - endedAtStop).toBeGreaterThan(0); // tested while the database was down
      // Said once while testing, and once at the end with the command that ships the rest.
      expect(r.stderr.match(/testing goes on/g) ?? []).toHaveLength(1);
      expect(r.stderr).toMatch(/warning: \d+ units? of this run (is|are) not in the store .*ship them with: mtap sync --runs-dir \S+ --store 'postgres:\/\/[^']+'/);

      pg.cluster.start();
      const beforeSync = await storeLedger(url);
      expect(beforeSync.rows).toBeGreaterThanOrEqual(inStoreBefore); // an acknowledged commit survived the crash
      expect(beforeSync.rows).toBeLessThan(UNITS);

      const sync = await runCli(['sync', '--runs-dir', root, '--store', url], { env: cleanEnv(), timeoutMs: 60_000 });
      expect(sync.stderr).toBe('');
      expect(sync.code).toBe(0);
      expect(sync.stdout).toMatch(new RegExp(`synced 1 run: ${UNITS - beforeSync.rows} units?, `));

      const expected = runDirLedger(root);
      const stored = await storeLedger(url);
      expect(expected.size).toBe(UNITS);
      expect(ledgerDiff(expected, stored.ledger)).toEqual([]);
      expect(stored.rows).toBe(UNITS);

      const again = await runCli(['sync', '--runs-dir', root, '--store', url], { env: cleanEnv(), timeoutMs: 60_000 });
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^nothing to sync: 1 run under .*, all in postgres:\/\//);
      expect((await storeLedger(url)).rows).toBe(UNITS);

      const attempts = [...expected.values()].reduce((n, u) => n + u.attempts, 0);
      process.stdout.write(
        `outage: ${UNITS} units, ${inStoreBefore} in the store before the stop, ${endedTotal - endedAtStop} tested while PostgreSQL was down, ` +
          `${UNITS - beforeSync.rows} shipped by mtap sync; ${expected.size} units and ${attempts} attempts checked; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } finally {
      await dut.stop();
    }
  }, 180_000);

  it('a server killed during ingests, at any moment of their transactions: one E_STORE error each time, the process lives, the store works after each restart', async () => {
    const url = pg.cluster.createDatabase('midingest');
    const store = await openStore({ kind: 'postgres', location: url });
    const KILLS = 6;
    let shipped = 0;
    let failed = 0;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        // Small ingests back to back, as a forwarder's flushes are, until the server goes away.
        let stop = false;
        const loop = (async () => {
          for (let i = 0; !stop; i++) {
            const rows = emptyRows();
            for (let u = 0; u < 50; u++) {
              const id = `K${kill}-${i}-${u}`;
              rows.units.push(rowOf('units', { unit_exec_id: id, run_id: 'R', sn: id }));
              for (let a = 0; a < 5; a++) rows.attempts.push(rowOf('attempts', { unit_exec_id: id, step_id: `s${a}`, attempt: 1 }));
            }
            try {
              shipped += (await store.ingest(rows)).units;
            } catch (err) {
              expect(err).toMatchObject({ code: 'E_STORE' });
              failed++;
              return;
            }
          }
        })();
        // A different moment of the transaction each time (BEGIN, COPY, the merge, COMMIT, between them).
        await new Promise((r) => setTimeout(r, 150 + kill * 37));
        pg.cluster.stop('immediate');
        await new Promise((r) => setTimeout(r, 300)); // what the driver scheduled has run (and not thrown)
        stop = true;
        await loop;
        pg.cluster.start();
      }
      // Back: the same store object ingests again, and every unit it was told is stored is there, once.
      const rows = emptyRows();
      rows.units.push(rowOf('units', { unit_exec_id: 'after', run_id: 'R', sn: 'after' }));
      expect(await store.ingest(rows)).toMatchObject({ units: 1 });
      const [n] = await store.query<{ n: number; d: number; a: number }>(
        'SELECT CAST(COUNT(*) AS INTEGER) AS n, CAST(COUNT(DISTINCT unit_exec_id) AS INTEGER) AS d, CAST((SELECT COUNT(*) FROM attempts) AS INTEGER) AS a FROM units',
      );
      expect(n).toEqual({ n: shipped + 1, d: shipped + 1, a: shipped * 5 });
      expect(failed).toBe(KILLS);
    } finally {
      await store.close();
    }
  }, 120_000);
});
