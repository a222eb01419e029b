/**
 * The DUT server: one event loop, many TCP connections, pipelined requests answered strictly in order.
 *
 * Per connection, lines are framed with a bounded length (an over-long line is answered with
 * E_LINE_TOO_LONG and the connection closed), handed to the simulator one at a time, and the replies of
 * everything that arrived together are written together. A stalled reply holds back the connection's
 * later requests (as a real device would); its command runs only if the connection is still there when
 * the stall ends. A client that gives up resets the connection (the mtap transport does, on a timeout),
 * so the unit's state never changes behind its back; a client that merely half-closes (FIN) after
 * sending still gets every reply.
 *
 * Limits: a connection cap (excess connections get one E_BUSY line and are closed), an idle timeout,
 * back-pressure (reading pauses while many requests wait or the client is not reading its replies).
 * `close()` stops accepting, lets in-flight replies finish (up to a grace period), then closes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { MtapError } from '../errors.js';
import { errorLine, LineSplitter, MAX_REQUEST_LINE_BYTES, type Frame } from '../protocol/index.js';
import type { ChaosAction } from './faults.js';
import type { Outcome, Simulator } from './simulator.js';

export interface ServerLimits {
  /** Close a connection after this long without traffic. */
  idleTimeoutMs: number;
  /** Connections served at once. */
  maxConnections: number;
  /** On close(), how long in-flight replies may take before connections are cut. */
  closeGraceMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = { idleTimeoutMs: 300_000, maxConnections: 1024, closeGraceMs: 10_000 };

/** Requests buffered per connection before reading pauses. */
const QUEUE_HIGH_WATER = 256;

class Connection {
  private readonly splitter = new LineSplitter(MAX_REQUEST_LINE_BYTES);
  private queue: Frame[] = [];
  private head = 0;
  /** A stall, a partial write or a drop is under way: later requests wait. */
  private waiting = false;
  private closing = false;
  private readonly pauses = new Set<'queue' | 'drain'>();
  private timer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly sim: Simulator,
    private readonly onClosed: (c: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    // The client finished sending: answer what it sent, then close (half-open until then).
    socket.on('end', () => this.shutdown());
    socket.on('close', () => {
      this.closed = true;
      if (this.timer) clearTimeout(this.timer);
      this.onClosed(this);
    });
  }

  /** Nothing received is still unanswered. */
  get idle(): boolean {
    return !this.waiting && this.head >= this.queue.length;
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    const frames = this.splitter.push(chunk);
    if (frames.length === 0) return;
    if (this.head >= this.queue.length) {
      this.queue = frames;
      this.head = 0;
    } else {
      for (const f of frames) this.queue.push(f);
    }
    if (this.queue.length - this.head > QUEUE_HIGH_WATER) this.pause('queue');
    this.pump();
  }

  private pause(why: 'queue' | 'drain'): void {
    this.pauses.add(why);
    this.socket.pause();
  }

  private unpause(why: 'queue' | 'drain'): void {
    if (!this.pauses.delete(why)) return;
    if (this.pauses.size === 0 && !this.closed) this.socket.resume();
  }

  private write(text: string): void {
    if (text === '' || this.closed) return;
    if (!this.socket.write(text) && !this.pauses.has('drain')) {
      this.pause('drain');
      this.socket.once('drain', () => this.unpause('drain'));
    }
  }

  /** Answer queued requests in order until one has to wait. */
  private pump(): void {
    if (this.waiting || this.closed) return;
    let out = '';
    while (this.head < this.queue.length) {
      const frame = this.queue[this.head++]!;
      if (frame.kind === 'overflow') {
        out += errorLine('(line)', 'E_LINE_TOO_LONG', `Request line exceeds ${MAX_REQUEST_LINE_BYTES} bytes`);
        this.write(out);
        this.endGracefully();
        return;
      }
      const outcome = this.sim.handleLine(frame.bytes);
      if (outcome.kind === 'none') continue;
      if (outcome.kind === 'reply' && outcome.chaos.kind === 'none') {
        out += outcome.line;
        continue;
      }
      this.write(out);
      out = '';
      this.wait(outcome);
      return;
    }
    this.write(out);
    this.queue = [];
    this.head = 0;
    this.unpause('queue');
    if (this.closing) this.endGracefully();
  }

  private wait(outcome: Exclude<Outcome, { kind: 'none' }>): void {
    this.waiting = true;
    const resume = () => {
      this.timer = null;
      this.waiting = false;
      this.pump();
    };
    switch (outcome.kind) {
      case 'reply':
        this.sendWithChaos(outcome.line, outcome.chaos, resume);
        return;
      case 'delayed':
        this.timer = setTimeout(() => {
          this.timer = null;
          if (this.closed) return; // the client gave up: the command never runs
          this.sendWithChaos(outcome.run(), outcome.chaos, resume);
        }, outcome.delayMs);
        return;
      case 'drop':
        this.timer = setTimeout(() => {
          this.timer = null;
          this.socket.destroy();
        }, outcome.delayMs);
        return;
    }
  }

  private sendWithChaos(line: string, chaos: ChaosAction, done: () => void): void {
    switch (chaos.kind) {
      case 'none':
        this.write(line);
        return done();
      case 'garbage':
        this.write(chaos.text + '\n');
        return done();
      case 'reset':
        this.socket.resetAndDestroy();
        return;
      case 'disconnect':
        this.write(line.slice(0, Math.max(1, line.length >> 1)));
        this.socket.destroySoon();
        return;
      case 'partial': {
        const cut = Math.max(1, line.length >> 1);
        this.write(line.slice(0, cut));
        this.timer = setTimeout(() => {
          this.write(line.slice(cut));
          done();
        }, chaos.pauseMs);
        return;
      }
    }
  }

  /** Stop reading; close once every received request has been answered. */
  shutdown(): void {
    this.closing = true;
    this.socket.pause();
    if (this.idle) this.endGracefully();
  }

  private endGracefully(): void {
    this.closing = true;
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  setIdleTimeout(ms: number): void {
    this.socket.setTimeout(ms, () => this.socket.destroy());
  }
}

export interface ListeningServer {
  host: string;
  port: number;
  /** Connections open now. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Listen for DUT connections; resolves once bound. */
export function listen(sim: Simulator, host: string, port: number, limits: ServerLimits = DEFAULT_LIMITS): Promise<ListeningServer> {
  const conns = new Set<Connection>();
  let closingResolve: (() => void) | null = null;
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    if (closingResolve || conns.size >= limits.maxConnections) {
      socket.on('error', () => socket.destroy());
      socket.end(errorLine('(server)', 'E_BUSY', `Too many connections (max ${limits.maxConnections})`));
      return;
    }
    const conn = new Connection(socket, sim, (c) => {
      conns.delete(c);
      if (closingResolve && conns.size === 0) closingResolve();
    });
    conn.setIdleTimeout(limits.idleTimeoutMs);
    conns.add(conn);
  });

  return new Promise((resolveListen, rejectListen) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      rejectListen(new MtapError('E_ADDRESS', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
    });
    server.listen({ host, port }, () => {
      const addr = server.address();
      const boundPort = typeof addr === 'object' && addr ? addr.port : port;
      let closed: Promise<void> | null = null;
      resolveListen({
        host,
        port: boundPort,
        get connections() {
          return conns.size;
        },
        close() {
          closed ??= new Promise<void>((done) => {
            const allGone = new Promise<void>((r) => {
              closingResolve = r;
              if (conns.size === 0) r();
            });
            server.close();
            for (const c of conns) c.shutdown();
            const grace = setTimeout(() => {
              for (const c of conns) c.destroy();
            }, limits.closeGraceMs);
            void allGone.then(() => {
              clearTimeout(grace);
              done();
            });
          });
          return closed;
        },
      });
    });
  });
}
