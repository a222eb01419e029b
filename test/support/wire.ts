/** Test helpers that speak the wire protocol raw, without the client transport. */
import { connect, type Socket } from 'node:net';

/** A raw connection that collects reply lines and knows when the server closed it. */
export class RawConn {
  readonly socket: Socket;
  readonly lines: string[] = [];
  closed = false;
  private buf = '';
  private waiters: Array<() => void> = [];

  constructor(port: number, host = '127.0.0.1') {
    this.socket = connect({ port, host, noDelay: true });
    this.socket.setEncoding('utf8');
    this.socket.on('data', (d: string) => {
      this.buf += d;
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        this.lines.push(this.buf.slice(0, nl));
        this.buf = this.buf.slice(nl + 1);
      }
      this.wake();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Bytes received after the last complete line. */
  get tail(): string {
    return this.buf;
  }

  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.socket.connecting) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Wait until `n` lines have arrived in all (or the connection closed, or timeout). */
  async waitLines(n: number, timeoutMs = 5000): Promise<string[]> {
    const until = Date.now() + timeoutMs;
    while (this.lines.length < n && !this.closed) {
      const left = until - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} lines (have ${this.lines.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.lines.slice(0, n);
  }

  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = until - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  close(): void {
    this.socket.destroy();
  }

  /** Abort the connection with a TCP RST: how a client says it gave up. */
  reset(): void {
    this.socket.resetAndDestroy();
  }
}

/** Send lines on a fresh connection and return the parsed replies (expects one reply per line). */
export async function exchange(port: number, lines: string[], timeoutMs = 5000): Promise<Array<Record<string, unknown>>> {
  const c = new RawConn(port);
  await c.ready();
  c.send(lines.map((l) => l + '\n').join(''));
  const got = await c.waitLines(lines.length, timeoutMs);
  c.close();
  return got.map((l) => JSON.parse(l) as Record<string, unknown>);
}
