/** The client transport against real sockets: the simulator, and hostile fake DUTs. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Script, startDut, type RunningDut } from '../../src/dut/index.js';
import { DutClient, type CallResult } from '../../src/transport/index.js';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));
afterEach(() => expect(unhandled).toEqual([]));

/** A fake DUT: `onLine` decides what to do with each request line. */
async function fakeDut(onLine: (line: string, socket: Socket) => void): Promise<{ port: number; server: Server; lines: string[]; close: () => Promise<void> }> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = '';
    socket.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        onLine(line, socket);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    server,
    lines,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const ok = (data: object) => JSON.stringify({ ok: true, error_code: null, message: 'OK', data, meta: { cmd: 'PING' } }) + '\n';
const expectError = (r: CallResult, code: string) => {
  expect(r.kind, JSON.stringify(r)).toBe('error');
  if (r.kind === 'error') expect(r.code).toBe(code);
  return r as Extract<CallResult, { kind: 'error' }>;
};

describe('DutClient against the simulator', () => {
  let dut: RunningDut;
  beforeAll(async () => {
    const script = new Script([
      { sn: 'DROP1', cmd: 'PING', attempt: 1, drop: true },
      { sn: 'LATE', cmd: 'READ_TEMP', attempt: 1, delay_ms: 400 },
    ]);
    dut = await startDut({ port: 0, seed: 3, env: {}, script });
  });
  afterAll(() => dut.close());

  it('keeps one persistent connection for many requests', async () => {
    const c = new DutClient({ host: '127.0.0.1', port: dut.port });
    for (let i = 0; i < 20; i++) {
      const r = await c.call('PING', [`P${i}`], 2000);
      expect(r.kind === 'reply' && r.reply.ok).toBe(true);
    }
    expect(dut.connections).toBe(1);
    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(dut.connections).toBe(0);
  });

  it('returns DUT error replies as replies (the transport worked)', async () => {
    const c = new DutClient({ host: '127.0.0.1', port: dut.port });
    const r = await c.call('SET_TEMP', ['X', 'hot'], 2000);
    expect(r.kind === 'reply' && r.reply).toMatchObject({ ok: false, error_code: 'E_BAD_ARGS', message: 'temp_c must be a float' });
    await c.close();
  });

  it('reconnects after the DUT drops the connection', async () => {
    const c = new DutClient({ host: '127.0.0.1', port: dut.port });
    expectError(await c.call('PING', ['DROP1'], 2000), 'E_CONN');
    const again = await c.call('PING', ['DROP1'], 2000);
    expect(again.kind === 'reply' && again.reply.ok).toBe(true);
    await c.close();
  });

  it('after a timeout, a late reply is never taken for the next request, and the stalled command never ran', async () => {
    const c = new DutClient({ host: '127.0.0.1', port: dut.port });
    const t = expectError(await c.call('READ_TEMP', ['LATE'], 100), 'E_TIMEOUT');
    expect(t.durationMs).toBeGreaterThanOrEqual(95);
    expect(t.durationMs).toBeLessThan(300);
    const next = await c.call('READ_TEMP', ['LATE'], 2000);
    expect(next.kind === 'reply' && next.reply.data).toMatchObject({ sn: 'LATE', cycles: 1 });
    await new Promise((r) => setTimeout(r, 400)); // past the stall: still nothing stray arrives
    const third = await c.call('READ_TEMP', ['LATE'], 2000);
    expect(third.kind === 'reply' && third.reply.data).toMatchObject({ cycles: 2 });
    await c.close();
  });

  it('refuses to send a token with whitespace or a line break, without touching the wire', async () => {
    const c = new DutClient({ host: '127.0.0.1', port: dut.port });
    const before = dut.simulator.unitCount;
    const e = expectError(await c.call('PING', ['SN1\nRESET SN2'], 2000), 'E_BAD_REQUEST');
    expect(e.message).toContain('not sent');
    expectError(await c.call('PING', ['SN 1'], 2000), 'E_BAD_REQUEST');
    expect(dut.simulator.unitCount).toBe(before);
    await c.close();
  });
});

describe('DutClient against hostile fake DUTs', () => {
  it('connection refused is E_CONN, at once', async () => {
    const f = await fakeDut(() => undefined);
    const port = f.port;
    await f.close();
    const c = new DutClient({ host: '127.0.0.1', port });
    const e = expectError(await c.call('PING', ['A'], 5000), 'E_CONN');
    expect(e.message).toContain('ECONNREFUSED');
    expect(e.durationMs).toBeLessThan(1000);
    await c.close();
  });

  it('the deadline is total: a reply trickled byte by byte past it is E_TIMEOUT', async () => {
    const f = await fakeDut((_line, s) => {
      const reply = ok({ sn: 'A' });
      let i = 0;
      const t = setInterval(() => {
        if (s.destroyed || i >= reply.length) return clearInterval(t);
        s.write(reply[i++]!);
      }, 20);
    });
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    const e = expectError(await c.call('PING', ['A'], 300), 'E_TIMEOUT');
    expect(e.durationMs).toBeGreaterThanOrEqual(295);
    expect(e.durationMs).toBeLessThan(600);
    await c.close();
    await f.close();
  });

  it('a non-JSON line is E_BAD_RESP, and the connection stays usable', async () => {
    let n = 0;
    const f = await fakeDut((_line, s) => {
      const i = n++;
      s.write(i === 0 ? 'garbage}{\n' : ok({ i }));
    });
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    expect(expectError(await c.call('PING', ['A'], 1000), 'E_BAD_RESP').message).toContain('not JSON');
    const r = await c.call('PING', ['A'], 1000);
    expect(r.kind === 'reply' && r.reply.data).toEqual({ i: 1 });
    await c.close();
    await f.close();
  });

  it('JSON without the envelope is E_BAD_RESP', async () => {
    const f = await fakeDut((_line, s) => s.write('{"status":"fine"}\n'));
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    expectError(await c.call('PING', ['A'], 1000), 'E_BAD_RESP');
    await c.close();
    await f.close();
  });

  it('a reply line beyond 1 MiB is E_BAD_RESP and the connection is dropped', async () => {
    const f = await fakeDut((_line, s) => s.write('{"x":"' + 'a'.repeat(2 * 1024 * 1024)));
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    expect(expectError(await c.call('PING', ['A'], 3000), 'E_BAD_RESP').message).toContain('exceeds');
    await c.close();
    await f.close();
  });

  it('a connection cut in the middle of a reply is E_CONN', async () => {
    const f = await fakeDut((_line, s) => {
      s.write(ok({ sn: 'A' }).slice(0, 20));
      setTimeout(() => s.destroy(), 10);
    });
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    expect(expectError(await c.call('PING', ['A'], 2000), 'E_CONN').message).toContain('middle of a reply');
    await c.close();
    await f.close();
  });

  it('unsolicited lines make the client start a fresh connection rather than misattribute them', async () => {
    let conns = 0;
    const f = await fakeDut((line, s) => {
      s.write(ok({ line }));
      s.write(ok({ stray: true }));
    });
    f.server.on('connection', () => conns++);
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    const a = await c.call('PING', ['A'], 1000);
    await new Promise((r) => setTimeout(r, 30));
    const b = await c.call('PING', ['B'], 1000);
    expect(a.kind === 'reply' && a.reply.data).toEqual({ line: 'PING A' });
    expect(b.kind === 'reply' && b.reply.data).toEqual({ line: 'PING B' });
    expect(conns).toBe(2);
    await c.close();
    await f.close();
  });

  it('requests made at once run one after another on the one connection, each with its reply', async () => {
    const f = await fakeDut((line, s) => setTimeout(() => s.write(ok({ line })), 5));
    const c = new DutClient({ host: '127.0.0.1', port: f.port });
    const rs = await Promise.all(['A', 'B', 'C', 'D'].map((sn) => c.call('PING', [sn], 2000)));
    expect(rs.map((r) => r.kind === 'reply' && r.reply.data.line)).toEqual(['PING A', 'PING B', 'PING C', 'PING D']);
    await c.close();
    await f.close();
  });
});
