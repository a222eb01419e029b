/**
 * A hostile DUT over hundreds of units: the `chaos` profile (stalls, drops, garbage lines, split
 * replies, cut and reset connections, bursts of failures). The batch completes, every unit ends with
 * exactly one final outcome, nothing rejects unhandled, and no socket is left open.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDut } from '../../src/dut/index.js';
import { startRun } from '../../src/exec/index.js';
import { parsePlan } from '../../src/plan/index.js';
import { report, scale } from './scale.js';

const UNITS = scale(150, 800);

const PLAN = parsePlan(
  [
    'plan: {name: Chaos, version: 1}',
    'station: {name: ST, stage: DVT, fw_expected: "1.0.0"}',
    'defaults: {timeout_s: 0.6, retries: 2, backoff_ms: 20, retry_on: [E_BUSY, E_TIMEOUT, E_CONN, E_BAD_RESP, E_INTERNAL]}',
    'steps:',
    '  - {id: ping, name: Ping, cmd: PING}',
    '  - {id: hot, name: Hot, cmd: SET_TEMP, params: [40]}',
    '  - {id: rt, name: Temp, cmd: READ_TEMP, measurements: [{field: temp_c, lo: 30, hi: 50}]}',
    '  - {id: st, name: Self test, cmd: SELF_TEST, measurements: [{field: self_test_ok, expected: true}]}',
  ].join('\n'),
  'chaos.yaml',
);

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

describe('reliability: chaos DUT', () => {
  it(`${UNITS} units against the chaos profile`, { timeout: 300_000 }, async () => {
    const dut = await startDut({ port: 0, profile: 'chaos', seed: 31, env: {} });
    const root = mkdtempSync(join(tmpdir(), 'mtap-chaos-'));
    const t0 = Date.now();
    const run = await startRun({
      plan: PLAN,
      runsRoot: root,
      batchId: 'CHAOS',
      stationId: 'ST',
      stage: 'DVT',
      enables: [],
      sns: Array.from({ length: UNITS }, (_, i) => `CH${String(i).padStart(4, '0')}`),
      sites: 16,
      duts: [{ host: '127.0.0.1', port: dut.port }],
      requirements: null,
      signal: new AbortController().signal,
    });
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 200));
    const openAfter = dut.connections;
    await dut.close();

    const units = readFileSync(join(run.dir, 'units.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sn: string; outcome: string });
    const attempts = readFileSync(join(run.dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { error_code: string | null });
    const bySn = new Map<string, number>();
    for (const u of units) bySn.set(u.sn, (bySn.get(u.sn) ?? 0) + 1);
    expect(bySn.size).toBe(UNITS);
    expect([...bySn.values()].every((n) => n === 1)).toBe(true);
    expect(units.every((u) => ['PASS', 'FAIL', 'ERROR'].includes(u.outcome))).toBe(true);
    expect(unhandled).toEqual([]);
    expect(openAfter).toBe(0);

    const faults: Record<string, number> = {};
    for (const a of attempts) if (a.error_code) faults[a.error_code] = (faults[a.error_code] ?? 0) + 1;
    const outcomes: Record<string, number> = {};
    for (const u of units) outcomes[u.outcome] = (outcomes[u.outcome] ?? 0) + 1;
    report('chaos DUT', {
      units: UNITS,
      seconds: seconds.toFixed(1),
      attempts: attempts.length,
      faults: Object.entries(faults).map(([k, v]) => `${k}×${v}`).join(' '),
      outcomes: Object.entries(outcomes).map(([k, v]) => `${k}×${v}`).join(' '),
      'sockets left open': openAfter,
    });
    // The profile really was hostile: link faults of several kinds were met and survived.
    expect((faults.E_TIMEOUT ?? 0) + (faults.E_CONN ?? 0)).toBeGreaterThan(5);
    expect(faults.E_BAD_RESP ?? 0).toBeGreaterThan(0);
    expect(run.summary.sn_count).toBe(UNITS);
  });
});
