import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/protocol/index.js';

const lines = (frames: ReturnType<LineSplitter['push']>) => frames.map((f) => (f.kind === 'line' ? f.bytes.toString() : '<overflow>'));

describe('LineSplitter', () => {
  it('splits several lines in one chunk and keeps the incomplete tail', () => {
    const s = new LineSplitter(100);
    expect(lines(s.push(Buffer.from('PING A\nPING B\nREAD')))).toEqual(['PING A', 'PING B']);
    expect(s.pending).toBe(4);
    expect(lines(s.push(Buffer.from('_TEMP C\n')))).toEqual(['READ_TEMP C']);
    expect(s.pending).toBe(0);
  });

  it('reassembles a line split byte by byte', () => {
    const s = new LineSplitter(100);
    const out: string[] = [];
    for (const b of Buffer.from('SELF_TEST SN0001\r\n')) out.push(...lines(s.push(Buffer.from([b]))));
    expect(out).toEqual(['SELF_TEST SN0001\r']);
  });

  it('accepts a line of exactly the bound and reports one longer as overflow, once', () => {
    const s = new LineSplitter(8);
    expect(lines(s.push(Buffer.from('12345678\n')))).toEqual(['12345678']);
    expect(lines(s.push(Buffer.from('123456789\nPING A\n')))).toEqual(['<overflow>']);
    expect(lines(s.push(Buffer.from('PING B\n')))).toEqual([]);
  });

  it('detects overflow across chunks without buffering the excess', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('123456'))).toEqual([]);
    expect(lines(s.push(Buffer.from('7890X')))).toEqual(['<overflow>']);
    expect(s.pending).toBe(0);
  });
});
