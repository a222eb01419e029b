/**
 * The DUT client: one persistent connection per site, one request at a time, each with a total deadline
 * (connect + write + the whole reply line), reconnecting after a drop. It never throws and never leaves
 * a promise rejected: every failure is a result with one error code —
 *
 *   E_TIMEOUT   no complete reply before the deadline (the connection is then closed, so a late reply
 *               can never be taken for the next request's)
 *   E_CONN      refused, reset, or closed before a complete reply
 *   E_BAD_RESP  a reply line that is not a JSON envelope, or longer than the bound
 *   E_BAD_REQUEST  a token that cannot go on the wire (whitespace, line break, empty, too long); nothing sent
 *
 *     const client = new DutClient({ host: '127.0.0.1', port: 9000 });
 *     const r = await client.call('READ_TEMP', ['SN0001'], 2000);
 *     if (r.kind === 'reply' && r.reply.ok) console.log(r.reply.data.temp_c);
 *     await client.close();
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { formatRequest, LineSplitter, MAX_REPLY_LINE_BYTES, parseReplyLine, type Reply, type WireErrorCode } from '../protocol/index.js';

export interface DutAddress {
  host: string;
  port: number;
}

export type TransportErrorCode = Extract<WireErrorCode, 'E_TIMEOUT' | 'E_CONN' | 'E_BAD_RESP' | 'E_BAD_REQUEST'>;

export type CallResult =
  | { kind: 'reply'; reply: Reply; line: string; durationMs: number }
  | { kind: 'error'; code: TransportErrorCode; message: string; durationMs: number };

type LinkEvent = { kind: 'line'; line: string } | { kind: 'closed'; why: string } | { kind: 'overflow' };

/** One TCP connection and the reply lines it has delivered. */
class Link {
  readonly socket: Socket;
  private readonly splitter = new LineSplitter(MAX_REPLY_LINE_BYTES);
  private readonly events: LinkEvent[] = [];
  private waiter: ((e: LinkEvent) => void) | null = null;
  private partial = false;
  dead = false;

  constructor(address: DutAddress) {
    this.socket = connect({ host: address.host, port: address.port, noDelay: true });
    this.socket.setKeepAlive(true, 10_000);
    this.socket.on('data', (chunk: Buffer) => {
      for (const frame of this.splitter.push(chunk)) {
        this.emit(frame.kind === 'line' ? { kind: 'line', line: frame.bytes.toString('utf8') } : { kind: 'overflow' });
      }
      this.partial = this.splitter.pending > 0;
    });
    this.socket.on('error', (err: NodeJS.ErrnoException) => this.die(err.code ? `${err.code}: ${err.message}` : err.message));
    this.socket.on('close', () => this.die(this.partial ? 'connection closed by the DUT in the middle of a reply' : 'connection closed by the DUT'));
  }

  private emit(e: LinkEvent): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(e);
    } else {
      this.events.push(e);
    }
  }

  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    this.emit({ kind: 'closed', why });
  }

  /** Resolves once connected, or with the reason it could not. */
  connected(): Promise<null | string> {
    if (!this.socket.connecting) return Promise.resolve(this.dead ? 'connection closed' : null);
    return new Promise((resolve) => {
      const onConnect = () => {
        this.socket.off('close', onClose);
        resolve(null);
      };
      const onClose = () => {
        this.socket.off('connect', onConnect);
        const e = this.events.find((x): x is Extract<LinkEvent, { kind: 'closed' }> => x.kind === 'closed');
        resolve(e?.why ?? 'connection failed');
      };
      this.socket.once('connect', onConnect);
      this.socket.once('close', onClose);
    });
  }

  /** Unsolicited lines received while idle would be misattributed: the link is then unusable. */
  get hasStrayData(): boolean {
    return this.events.some((e) => e.kind === 'line' || e.kind === 'overflow') || this.partial;
  }

  next(): Promise<LinkEvent> {
    const e = this.events.shift();
    if (e) return Promise.resolve(e);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  destroy(): void {
    this.dead = true;
    this.waiter = null;
    this.socket.destroy();
  }

  /** Give up on the connection with a TCP RST, which tells the DUT not to run a stalled command. */
  abort(): void {
    this.dead = true;
    this.waiter = null;
    if (this.socket.connecting || this.socket.destroyed) this.socket.destroy();
    else this.socket.resetAndDestroy();
  }
}

export class DutClient {
  private link: Link | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly address: DutAddress) {}

  /** Send one request and wait for its reply, within `deadlineMs` in total. Requests run one at a time. */
  call(cmd: string, args: readonly string[], deadlineMs: number): Promise<CallResult> {
    const run = this.chain.then(() => this.callNow(cmd, args, deadlineMs));
    this.chain = run;
    return run;
  }

  private async callNow(cmd: string, args: readonly string[], deadlineMs: number): Promise<CallResult> {
    const t0 = performance.now();
    const elapsed = () => performance.now() - t0;
    const fail = (code: TransportErrorCode, message: string): CallResult => ({ kind: 'error', code, message, durationMs: elapsed() });

    const req = formatRequest(cmd, args);
    if ('error' in req) return fail('E_BAD_REQUEST', `not sent: ${req.error}`);
    if (this.closed) return fail('E_CONN', 'client is closed');

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineMs));
    });
    try {
      if (this.link && (this.link.dead || this.link.hasStrayData)) this.dropLink();
      const link = (this.link ??= new Link(this.address));

      const conn = await Promise.race([link.connected(), deadline]);
      if (conn === 'deadline') {
        this.dropLink();
        return fail('E_TIMEOUT', `Client timeout: no connection to ${this.address.host}:${this.address.port} within ${deadlineMs} ms`);
      }
      if (conn !== null) {
        this.dropLink();
        return fail('E_CONN', `cannot connect to ${this.address.host}:${this.address.port}: ${conn}`);
      }

      link.socket.write(req.line + '\n');
      const ev = await Promise.race([link.next(), deadline]);
      if (ev === 'deadline') {
        link.abort();
        this.link = null;
        return fail('E_TIMEOUT', `Client timeout: no complete reply within ${deadlineMs} ms`);
      }
      if (ev.kind === 'closed') {
        this.dropLink();
        return fail('E_CONN', ev.why);
      }
      if (ev.kind === 'overflow') {
        this.dropLink();
        return fail('E_BAD_RESP', `reply line exceeds ${MAX_REPLY_LINE_BYTES} bytes`);
      }
      const parsed = parseReplyLine(ev.line);
      if (!parsed.ok) return fail('E_BAD_RESP', parsed.problem);
      return { kind: 'reply', reply: parsed.reply, line: ev.line, durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
    }
  }

  private dropLink(): void {
    this.link?.destroy();
    this.link = null;
  }

  /** Close the connection once the requests already made have finished. */
  async close(): Promise<void> {
    this.closed = true;
    await this.chain.catch(() => undefined);
    const link = this.link;
    this.link = null;
    if (!link || link.dead) return;
    await new Promise<void>((resolve) => {
      link.socket.once('close', () => resolve());
      link.socket.end();
      setTimeout(() => {
        link.destroy();
        resolve();
      }, 1000).unref();
    });
  }
}
