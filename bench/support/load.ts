/**
 * A pipelined line-protocol load generator: N connections, each keeping `window` requests in flight,
 * counting reply lines. Used against the simulator and against the echo baseline alike.
 */
import { connect, type Socket } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

export interface LoadResult {
  replies: number;
  seconds: number;
  rate: number;
}

export async function pipelinedLoad(opts: {
  port: number;
  connections: number;
  window: number;
  line: (conn: number) => string;
  warmupMs: number;
  measureMs: number;
}): Promise<LoadResult> {
  const sockets: Socket[] = [];
  let counting = false;
  let replies = 0;
  await Promise.all(
    Array.from({ length: opts.connections }, (_, i) => {
      return new Promise<void>((resolve, reject) => {
        const one = Buffer.from(opts.line(i) + '\n');
        const batches = new Map<number, Buffer>();
        const batch = (k: number) => {
          let b = batches.get(k);
          if (!b) batches.set(k, (b = Buffer.concat(Array.from({ length: k }, () => one))));
          return b;
        };
        const s = connect({ port: opts.port, host: '127.0.0.1', noDelay: true }, () => {
          s.write(batch(opts.window));
          resolve();
        });
        s.on('error', reject);
        s.on('data', (chunk: Buffer) => {
          let k = 0;
          for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) k++;
          if (k === 0) return;
          if (counting) replies += k;
          s.write(batch(k));
        });
        sockets.push(s);
      });
    }),
  );
  await new Promise((r) => setTimeout(r, opts.warmupMs));
  counting = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, opts.measureMs));
  counting = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const s of sockets) s.destroy();
  return { replies, seconds, rate: replies / seconds };
}

/** Start a server process and wait for its `listening on HOST:PORT` line. */
export function startServer(cmd: string, args: string[]): Promise<{ port: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on [^:\s]+:(\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    });
    child.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)));
  });
}

export async function stopServer(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
