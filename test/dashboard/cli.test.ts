/** `mtap dashboard` through the built CLI: prints its URL, binds to loopback, stops cleanly on a signal. */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/proc.js';
import { tmp } from './support.js';

/** An address of this machine that is not loopback, if it has one. */
function externalAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('mtap dashboard', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints its URL, answers on 127.0.0.1 only, and stops on ${signal}`, async () => {
      const root = tmp();
      const dash = await startCli(['dashboard', '--runs-dir', root], /dashboard on (http:\/\/127\.0\.0\.1:(\d+))\n/);
      const [, url, port] = dash.match as unknown as [string, string, string];
      const meta = await fetch(`${url}/api/meta`);
      expect(meta.status).toBe(200);
      expect(((await meta.json()) as { source: { kind: string } }).source.kind).toBe('none');
      const other = externalAddress();
      if (other) expect(await reachable(other, Number(port))).toBe(false);
      dash.child.kill(signal);
      const done = await dash.exited;
      expect(done.code).toBe(0);
      expect(done.stdout).toContain(`${signal}: stopping the dashboard`);
      expect(await reachable('127.0.0.1', Number(port))).toBe(false);
    });
  }

  it('refuses a bad port with a usage error', async () => {
    const r = await runCli(['dashboard', '--port', '99999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be 0..65535/);
  });

  it('says so when the port is taken', async () => {
    const root = tmp();
    const first = await startCli(['dashboard', '--runs-dir', root], /dashboard on http:\/\/127\.0\.0\.1:(\d+)\n/);
    try {
      const r = await runCli(['dashboard', '--runs-dir', root, '--port', first.match[1]!]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});
