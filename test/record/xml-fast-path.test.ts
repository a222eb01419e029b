import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xmlAttr, xmlText } from '../../src/record/xml.js';

// The escaping as written before the fast path: the fast path must never change a result.
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const slowText = (s: string) => s.replace(ILLEGAL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const slowAttr = (s: string) =>
  slowText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

describe('XML escaping fast path', () => {
  it('gives exactly what full escaping gives, for any string', () => {
    const chars = fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '&', '<', '>', '\n', '\t', '\r', '\u0001', 'é', '\ud800', '=', '~') });
    fc.assert(
      fc.property(fc.oneof(chars, fc.string(), fc.string({ unit: 'binary' })), (s) => {
        expect(xmlText(s)).toBe(slowText(s));
        expect(xmlAttr(s)).toBe(slowAttr(s));
      }),
      { numRuns: 5000 },
    );
  });
});
