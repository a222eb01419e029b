/**
 * Determinism: with the same seed, each unit gets byte-identical replies whether 1 or 64 clients talk to
 * the server, in whatever interleaving — under a profile with every fault kind (rate limit, contention,
 * failures, stalls, Markov bursts, drift, burn-in).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDut } from '../../src/dut/index.js';
import { DutClient } from '../../src/transport/index.js';
import { pick, seeded } from '../support/seeded.js';

const CONFIG = fileURLToPath(new URL('../fixtures/dut-fast.yaml', import.meta.url));
const UNITS = 64;
const STEPS = 25;

type Req = [cmd: string, args: string[]];

/** Each unit's request sequence, fixed by the test seed. */
function plan(): Map<string, Req[]> {
  const rand = seeded(2024);
  const out = new Map<string, Req[]>();
  for (let u = 0; u < UNITS; u++) {
    const sn = `DET${String(u).padStart(4, '0')}`;
    const reqs: Req[] = [];
    for (let s = 0; s < STEPS; s++) {
      const kind = pick(rand, ['PING', 'READ_TEMP', 'READ_TEMP', 'SELF_TEST', 'SET_TEMP', 'SET_MODE']);
      if (kind === 'SET_TEMP') reqs.push([kind, [sn, (20 + Math.floor(rand() * 300) / 10).toFixed(1)]]);
      else if (kind === 'SET_MODE') reqs.push([kind, [sn, pick(rand, ['NORMAL', 'SAFE'])]]);
      else reqs.push([kind, [sn]]);
    }
    out.set(sn, reqs);
  }
  return out;
}

async function transcripts(clientCount: number, interleaveSeed: number, concurrent: boolean): Promise<Map<string, string[]>> {
  const dut = await startDut({ port: 0, config: CONFIG, profile: 'flaky-fast', seed: 77, env: {} });
  const clients = Array.from({ length: clientCount }, () => new DutClient({ host: '127.0.0.1', port: dut.port }));
  const rand = seeded(interleaveSeed);
  const result = new Map<string, string[]>();
  const requests = plan();
  const send = async (sn: string, [cmd, args]: Req) => {
    const r = await pick(rand, clients).call(cmd, args, 5000);
    if (r.kind !== 'reply') throw new Error(`${sn} ${cmd}: ${r.code} ${r.message}`);
    result.get(sn)!.push(r.line);
  };
  for (const sn of requests.keys()) result.set(sn, []);
  try {
    if (concurrent) {
      // Every unit runs its own sequence at once; each request takes a random connection.
      await Promise.all(
        [...requests].map(async ([sn, reqs]) => {
          for (const req of reqs) await send(sn, req);
        }),
      );
    } else {
      // One request at a time, from a randomly chosen unit each time.
      const next = new Map([...requests.keys()].map((sn) => [sn, 0]));
      while (next.size > 0) {
        const sn = pick(rand, [...next.keys()]);
        const i = next.get(sn)!;
        await send(sn, requests.get(sn)![i]!);
        if (i + 1 === STEPS) next.delete(sn);
        else next.set(sn, i + 1);
      }
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await dut.close();
  }
  return result;
}

describe('same seed, same replies per unit', () => {
  it('1 client in a random interleaving = 64 concurrent clients = 64 clients in another interleaving', async () => {
    const one = await transcripts(1, 11, false);
    const many = await transcripts(64, 12, true);
    const again = await transcripts(64, 13, true);
    let faults = 0;
    for (const [sn, lines] of one) {
      expect(lines).toHaveLength(STEPS);
      expect(many.get(sn), sn).toEqual(lines);
      expect(again.get(sn), sn).toEqual(lines);
      faults += lines.filter((l) => l.includes('"ok":false')).length;
    }
    // The profile really injected faults, so the equality above is not about a quiet device.
    expect(faults).toBeGreaterThan(100);
  });

  it('a different seed gives different replies', async () => {
    const a = await startDut({ port: 0, config: CONFIG, profile: 'flaky-fast', seed: 1, env: {} });
    const b = await startDut({ port: 0, config: CONFIG, profile: 'flaky-fast', seed: 2, env: {} });
    const ca = new DutClient({ host: '127.0.0.1', port: a.port });
    const cb = new DutClient({ host: '127.0.0.1', port: b.port });
    const ra = await ca.call('READ_TEMP', ['X'], 2000);
    const rb = await cb.call('READ_TEMP', ['X'], 2000);
    expect(ra.kind === 'reply' && rb.kind === 'reply' && ra.line !== rb.line).toBe(true);
    await Promise.all([ca.close(), cb.close(), a.close(), b.close()]);
  });
});
