/**
 * Baselines for the simulator benchmark: bare node:net echo servers. Prints `listening on
 * 127.0.0.1:PORT` like `mtap dut`.
 *
 *   --mode line   (default) a line-echo server: frame each line and echo it, the replies to one read
 *                 in one write (the same write strategy as mtap dut). The benchmark's baseline.
 *   --mode chunk  writes every received chunk back up to its last LF, without looking at lines: the
 *                 ceiling of loopback TCP and the load generator, shown for reference.
 *   --mode naive  the line echo as most tutorials write it: one socket.write per line. Shown for
 *                 reference: batching writes matters more than anything a server does per line.
 */
import { createServer } from 'node:net';

const mode = process.argv.includes('chunk') ? 'chunk' : process.argv.includes('naive') ? 'naive' : 'line';

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  if (mode === 'chunk') {
    let tail: Buffer | null = null;
    socket.on('data', (chunk: Buffer) => {
      const data = tail ? Buffer.concat([tail, chunk]) : chunk;
      const last = data.lastIndexOf(0x0a);
      if (last === -1) {
        tail = data;
        return;
      }
      socket.write(data.subarray(0, last + 1));
      tail = last + 1 < data.length ? data.subarray(last + 1) : null;
    });
    return;
  }
  if (mode === 'naive') {
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        socket.write(buf.slice(0, nl + 1));
        buf = buf.slice(nl + 1);
      }
    });
    return;
  }
  // Frame every line and echo it, writing what one read completes in one write (as mtap dut does).
  let tail: Buffer | null = null;
  socket.on('data', (chunk: Buffer) => {
    const data = tail ? Buffer.concat([tail, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
      lines.push(data.subarray(start, nl + 1));
      start = nl + 1;
    }
    tail = start < data.length ? data.subarray(start) : null;
    if (lines.length > 0) socket.write(lines.length === 1 ? lines[0]! : Buffer.concat(lines));
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening on 127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.on('SIGTERM', () => process.exit(0));
