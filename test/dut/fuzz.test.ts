/**
 * Fuzz the simulator for a bounded time with random bytes, invalid UTF-8, 1 MiB lines, half-lines,
 * floods and abrupt closes, while a well-behaved client keeps being served; the server process's memory
 * must stay bounded. The server runs as a separate process (the built CLI), so its RSS is its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DutClient } from '../../src/transport/index.js';
import { startCli } from '../support/proc.js';
import { pick, seeded } from '../support/seeded.js';
import { RawConn } from '../support/wire.js';

const FUZZ_MS = Number(process.env.FUZZ_MS ?? 4000);
const WORKERS = 6;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  return kb / 1024;
}

type Kind = 'random' | 'utf8' | 'huge' | 'half' | 'flood' | 'reset';

describe('protocol fuzzing of the simulator', () => {
  it('answers or closes every offending connection, keeps serving a good client, memory stays bounded', { timeout: 30_000 }, async () => {
    const { child, match, exited } = await startCli(['dut', '--port', '0', '--profile', 'clean', '--seed', '1'], /listening on 127\.0\.0\.1:(\d+)/);
    const port = Number(match[1]);
    const pid = child.pid!;
    const rand = seeded(99);
    const counts: Record<Kind, number> = { random: 0, utf8: 0, huge: 0, half: 0, flood: 0, reset: 0 };
    const rss0 = rssMiB(pid);
    let rssMax = rss0;
    const until = Date.now() + FUZZ_MS;

    const good = new DutClient({ host: '127.0.0.1', port });
    let goodReplies = 0;
    const goodLoop = (async () => {
      while (Date.now() < until) {
        const r = await good.call('READ_TEMP', ['GOOD1'], 2000);
        if (r.kind !== 'reply' || !r.reply.ok) throw new Error(`good client failed: ${JSON.stringify(r)}`);
        goodReplies++;
        await new Promise((res) => setTimeout(res, 2));
      }
    })();

    const hostile = async () => {
      while (Date.now() < until) {
        const kind = pick(rand, ['random', 'utf8', 'huge', 'half', 'flood', 'reset'] as const);
        const c = new RawConn(port);
        try {
          await c.ready();
        } catch {
          continue;
        }
        counts[kind]++;
        switch (kind) {
          case 'random': {
            const bytes = Buffer.alloc(1 + Math.floor(rand() * 8192));
            for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
            bytes[bytes.length - 1] = 0x0a;
            c.send(bytes);
            // Lines get replies; a line past the bound gets E_LINE_TOO_LONG and a close.
            await c.waitLines(1, 2000);
            expect(c.lines.length > 0 || c.closed).toBe(true);
            for (const l of c.lines) expect(JSON.parse(l)).toHaveProperty('error_code');
            break;
          }
          case 'utf8':
            c.send(Buffer.from([0xf0, 0x28, 0x8c, 0x28, 0x0a]));
            expect(JSON.parse((await c.waitLines(1))[0]!)).toMatchObject({ error_code: 'E_BAD_ARGS', meta: { cmd: '(decode)' } });
            break;
          case 'huge':
            c.send(Buffer.alloc(1024 * 1024, 0x41));
            expect(JSON.parse((await c.waitLines(1))[0]!)).toMatchObject({ error_code: 'E_LINE_TOO_LONG' });
            expect(await c.waitClosed(2000)).toBe(true);
            break;
          case 'half':
            c.send('READ_TEMP HALF');
            await new Promise((r) => setTimeout(r, 5));
            break;
          case 'flood':
            c.send('PING FLOOD\n'.repeat(5000));
            await new Promise((r) => setTimeout(r, 20));
            break;
          case 'reset':
            break;
        }
        if (rand() < 0.5) c.reset();
        else c.close();
        rssMax = Math.max(rssMax, rssMiB(pid));
      }
    };

    await Promise.all([goodLoop, ...Array.from({ length: WORKERS }, hostile)]);
    await good.close();
    await new Promise((r) => setTimeout(r, 200));
    const rssEnd = rssMiB(pid);

    // Still healthy afterwards.
    const after = new DutClient({ host: '127.0.0.1', port });
    const hello = await after.call('HELLO', [], 2000);
    expect(hello.kind === 'reply' && hello.reply.ok).toBe(true);
    await after.close();

    child.kill('SIGTERM');
    const fin = await exited;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `fuzz: ${total} hostile connections ${JSON.stringify(counts)}, ${goodReplies} good replies, ` +
        `RSS ${rss0.toFixed(0)} → max ${rssMax.toFixed(0)} → end ${rssEnd.toFixed(0)} MiB`,
    );
    expect(fin.code).toBe(0);
    expect(fin.stdout).toContain('[DUT] shutdown complete');
    expect(total).toBeGreaterThan(100);
    expect(goodReplies).toBeGreaterThan(100);
    // Bounded, not leaking: a 1 MiB line per hostile client is buffered at most once at a time, and
    // V8 keeps some of what it grew (RSS rarely shrinks back), so the bounds leave room for that.
    expect(rssMax - rss0).toBeLessThan(160);
    expect(rssEnd - rss0).toBeLessThan(128);
  });
});
