/**
 * LF framing with a bounded line length. Bytes go in as they arrive; complete lines come out. A line
 * longer than the bound is reported once as `overflow` (its bytes are never buffered), which lets the
 * server answer and close instead of growing a buffer without limit.
 */

export type Frame = { kind: 'line'; bytes: Buffer } | { kind: 'overflow' };

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(private readonly maxBytes: number) {}

  /** Bytes currently held for an incomplete line. */
  get pending(): number {
    return this.size;
  }

  /** Feed a chunk; returns the frames it completes, in order. After an overflow, nothing more is framed. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    if (this.overflowed) return frames;
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.size + (end - start) > this.maxBytes) {
        this.overflowed = true;
        this.parts = [];
        this.size = 0;
        frames.push({ kind: 'overflow' });
        return frames;
      }
      if (nl === -1) {
        this.parts.push(chunk.subarray(start));
        this.size += chunk.length - start;
        break;
      }
      let line: Buffer;
      if (this.parts.length === 0) {
        line = chunk.subarray(start, nl);
      } else {
        this.parts.push(chunk.subarray(start, nl));
        line = Buffer.concat(this.parts);
        this.parts = [];
        this.size = 0;
      }
      frames.push({ kind: 'line', bytes: line });
      start = nl + 1;
    }
    return frames;
  }
}
