/**
 * `mtap dut --check`: the container health check. It must say healthy only when a DUT answers HELLO
 * (or, for an MTAP v1 device, answers at all), and unhealthy — exit 3, one line — for everything else.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { freePort } from '../support/postgres.js';
import { cleanEnv, runCli, startCli } from '../support/proc.js';

const LISTENING = /\[DUT\] listening on 127\.0\.0\.1:(\d+)/;

/** A TCP server that answers every line with `reply(line)` (null: never answers). */
async function fakeDut(reply: (line: string) => string | null): Promise<{ port: number; server: Server }> {
  const server = createServer((sock) => {
    sock.setEncoding('utf8');
    let buf = '';
    sock.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const r = reply(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (r !== null) sock.write(`${r}\n`);
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return { port: typeof addr === 'object' && addr ? addr.port : 0, server };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

describe('mtap dut --check', () => {
  it('a running simulator: exit 0 and what it said; with no value, the address MTAP_HOST/MTAP_DUT_PORT name (0.0.0.0 means this host)', async () => {
    const dut = await startCli(['dut', '--port', '0', '--seed', '3', '--profile', 'drift'], LISTENING);
    try {
      const port = dut.match[1]!;
      const a = await runCli(['dut', '--check', `127.0.0.1:${port}`]);
      expect(a).toMatchObject({ code: 0, stderr: '' });
      expect(a.stdout).toBe(`[DUT] 127.0.0.1:${port} answers HELLO: mtap-dut ${VERSION} (protocol 2, profile drift, seed 3)\n`);

      const b = await runCli(['dut', '--check'], { env: cleanEnv({ MTAP_HOST: '0.0.0.0', MTAP_DUT_PORT: port }) });
      expect(b.code).toBe(0);
      expect(b.stdout).toContain(`127.0.0.1:${port} answers HELLO`);

      const c = await runCli(['dut', '--check', '--port', port]);
      expect(c.code).toBe(0);
    } finally {
      dut.child.kill('SIGTERM');
      await dut.exited;
    }
  });

  it('an MTAP v1 device (no HELLO, but it answers): healthy', async () => {
    const v1 = await fakeDut(() => '{"ok": false, "error_code": "E_UNKNOWN_CMD", "message": "Unknown command: HELLO", "data": {}, "meta": {"cmd": "HELLO"}}');
    servers.push(v1.server);
    const r = await runCli(['dut', '--check', `127.0.0.1:${v1.port}`]);
    expect(r).toMatchObject({ code: 0, stdout: `[DUT] 127.0.0.1:${v1.port} answers (no HELLO: an MTAP v1 device)\n` });
  });

  it.each([
    ['busy (the connection cap)', (): string | null => '{"ok":false,"error_code":"E_BUSY","message":"too many connections","data":{},"meta":{"cmd":"(server)"}}', /HELLO answered E_BUSY: too many connections/],
    ['not the protocol', (): string | null => 'HTTP/1.1 400 Bad Request', /E_BAD_RESP/],
    ['silent (a wedged server that still accepts)', (): string | null => null, /E_TIMEOUT: Client timeout: no complete reply within 3000 ms/],
  ] as const)('a DUT that is %s: exit 3, one line', async (_what, reply, message) => {
    const bad = await fakeDut(reply);
    servers.push(bad.server);
    const t0 = Date.now();
    const r = await runCli(['dut', '--check', `127.0.0.1:${bad.port}`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^mtap: DUT 127\\.0\\.0\\.1:${bad.port} is not healthy: .*\\n$`));
    expect(r.stderr).toMatch(message);
    expect(Date.now() - t0).toBeLessThan(20_000); // the 3 s deadline, plus a loaded machine starting node
  });

  it('nothing listening: exit 3', async () => {
    const port = await freePort();
    const r = await runCli(['dut', '--check', `127.0.0.1:${port}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/is not healthy: E_CONN: cannot connect .*ECONNREFUSED/);
  });

  it.each([
    [['dut', '--check', 'nohost'], /--check: "nohost" is not host:port/],
    [['dut', '--check', 'a:1,b:2'], /--check takes one host:port/],
    [['dut', '--check', '--port', '0'], /--check needs a port/],
    [['dut', '--check', '127.0.0.1:9000', '--profile', 'chaos', '--seed', '1'], /--check only talks to a running DUT; it takes no --profile, --seed/],
  ])('bad usage %j: exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
