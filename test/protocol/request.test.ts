import { describe, expect, it } from 'vitest';
import { formatRequest, parsePythonFloat, parseRequestLine } from '../../src/protocol/index.js';

const parse = (s: string | Uint8Array) => parseRequestLine(typeof s === 'string' ? Buffer.from(s) : s);

describe('parseRequestLine', () => {
  it('upper-cases the command and keeps argument case', () => {
    expect(parse('read_temp Sn01')).toEqual({ kind: 'request', cmd: 'READ_TEMP', args: ['Sn01'] });
  });
  it('strips CR and surrounding whitespace and splits on any whitespace run', () => {
    expect(parse('  SET_TEMP\tSN1   35.5 \r')).toEqual({ kind: 'request', cmd: 'SET_TEMP', args: ['SN1', '35.5'] });
  });
  it('treats blank and whitespace-only lines as no request', () => {
    expect(parse('')).toEqual({ kind: 'blank' });
    expect(parse(' \t\r')).toEqual({ kind: 'blank' });
  });
  it('reports invalid UTF-8', () => {
    expect(parse(new Uint8Array([0x50, 0xff, 0xfe]))).toEqual({ kind: 'invalid-utf8' });
    expect(parse(new Uint8Array([0xc3]))).toEqual({ kind: 'invalid-utf8' });
  });
});

describe('formatRequest', () => {
  it('joins tokens with single spaces', () => {
    expect(formatRequest('SET_TEMP', ['SN1', '45'])).toEqual({ line: 'SET_TEMP SN1 45' });
  });
  it.each([
    ['SN 1', 'argument 1 "SN 1" contains whitespace or a line break'],
    ['SN1\nREAD_TEMP SN2', 'argument 1 "SN1\\nREAD_TEMP SN2" contains whitespace or a line break'],
    ['', 'argument 1 "" is empty'],
    ['x'.repeat(300), 'is longer than 256 bytes'],
  ])('refuses %j', (token, message) => {
    const r = formatRequest('PING', [token]);
    expect('error' in r && r.error).toContain(message);
  });
});

describe('parsePythonFloat', () => {
  it.each([
    ['35.5', 35.5],
    ['-40', -40],
    ['+1e2', 100],
    ['.5', 0.5],
    ['5.', 5],
    ['1_000.5', 1000.5],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
  ])('parses %s', (text, value) => expect(parsePythonFloat(text)).toBe(value));
  it('parses nan as NaN', () => expect(parsePythonFloat('NaN')).toBeNaN());
  it.each(['abc', '', '1,5', '0x10', '1__0', '_1', '1e', '--1', '1.2.3'])('rejects %j', (text) =>
    expect(parsePythonFloat(text)).toBeNull(),
  );
});

describe('parseRequestLine: the ASCII fast path agrees with the general decoder', () => {
  it('on random printable/whitespace lines', async () => {
    const fc = (await import('fast-check')).default;
    const chars = fc.constantFrom(...'AB ab_\t\r\x0b\x0c0123.-'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), (cs) => {
        const line = cs.join('');
        const viaFast = parseRequestLine(Buffer.from(line, 'latin1'));
        // Append a non-ASCII space (U+3000) to force the general path, which then strips it.
        const viaSlow = parseRequestLine(Buffer.from(line + '\u3000', 'utf8'));
        expect(viaFast).toEqual(viaSlow);
      }),
      { numRuns: 3000 },
    );
  });
  it('keeps non-ASCII arguments intact', () => {
    expect(parse('PING Séri€')).toEqual({ kind: 'request', cmd: 'PING', args: ['Séri€'] });
  });
});
