/**
 * Protocol fuzzing of the transport: a hostile fake DUT answers with random bytes, garbage JSON, huge
 * lines, half lines, extra lines, silence, resets and closes, chosen at random per request. Every call
 * still resolves to a reply or one error code within its deadline, nothing rejects unhandled, and no
 * socket is left open. (The simulator side is fuzzed in test/dut/fuzz.test.ts.)
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DutClient } from '../../src/transport/index.js';
import { pick, seeded } from '../support/seeded.js';
import { report, scale } from './scale.js';

const CALLS = scale(1500, 10_000);
const CLIENTS = 8;
const DEADLINE = 150;

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

const ok = (cmd: string) => JSON.stringify({ ok: true, error_code: null, message: 'OK', data: { v: 1 }, meta: { cmd } }) + '\n';
const BEHAVIOURS = ['good', 'good', 'bytes', 'json-garbage', 'not-envelope', 'huge', 'half', 'extra', 'silent', 'reset', 'close', 'slow'] as const;

describe('reliability: transport fuzzing', () => {
  it(`${CALLS} calls against a hostile fake DUT`, { timeout: 300_000 }, async () => {
    const rand = seeded(7);
    const sockets = new Set<Socket>();
    const served: Record<string, number> = {};
    const server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      let buf = '';
      s.setEncoding('latin1').on('data', (d: string) => {
        buf += d;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const cmd = buf.slice(0, nl).split(' ')[0] ?? '';
          buf = buf.slice(nl + 1);
          const b = pick(rand, BEHAVIOURS);
          served[b] = (served[b] ?? 0) + 1;
          if (s.destroyed) return;
          switch (b) {
            case 'good':
              s.write(ok(cmd));
              break;
            case 'bytes':
              s.write(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))));
              s.write('\n');
              break;
            case 'json-garbage':
              s.write('{"ok": tru\n');
              break;
            case 'not-envelope':
              s.write('[1,2,3]\n');
              break;
            case 'huge':
              s.write('x'.repeat(1024 * 1024 + 10));
              break;
            case 'half':
              s.write(ok(cmd).slice(0, 10));
              break;
            case 'extra':
              s.write(ok(cmd) + ok('STRAY'));
              break;
            case 'silent':
              break;
            case 'reset':
              s.resetAndDestroy();
              return;
            case 'close':
              s.destroy();
              return;
            case 'slow':
              setTimeout(() => s.destroyed || s.write(ok(cmd)), DEADLINE * 2);
              break;
          }
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const clients = Array.from({ length: CLIENTS }, () => new DutClient({ host: '127.0.0.1', port }));
    const results: Record<string, number> = {};
    let late = 0;
    let done = 0;
    await Promise.all(
      clients.map(async (c, k) => {
        while (done < CALLS) {
          done++;
          const t0 = Date.now();
          const r = await c.call('READ_TEMP', [`F${k}`], DEADLINE);
          if (Date.now() - t0 > DEADLINE + 250) late++;
          const key = r.kind === 'reply' ? 'reply' : r.code;
          results[key] = (results[key] ?? 0) + 1;
        }
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((r) => setTimeout(r, 100));
    const open = sockets.size;
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    report('transport fuzzing', {
      calls: CALLS,
      'hostile replies': Object.entries(served).filter(([k]) => k !== 'good').reduce((n, [, v]) => n + v, 0),
      results: Object.entries(results).map(([k, v]) => `${k}×${v}`).join(' '),
      'calls over their deadline': late,
      'sockets left open': open,
    });
    expect(Object.values(results).reduce((a, b) => a + b, 0)).toBe(CALLS);
    expect(late).toBe(0);
    expect(unhandled).toEqual([]);
    expect(open).toBe(0);
    for (const code of ['reply', 'E_BAD_RESP', 'E_TIMEOUT', 'E_CONN']) expect(results[code] ?? 0, code).toBeGreaterThan(0);
  });
});
