/** CSV cells: RFC 4180 quoting, true/false, empty nulls, JSON objects, formula injection neutralized but numbers kept. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, neutralize } from '../../src/record/index.js';
import { parseCsv } from './helpers.js';

describe('csvCell', () => {
  it('writes booleans as true/false, null as an empty cell, objects as JSON', () => {
    expect(csvRow([true, false, null, undefined, { a: [1, 'x'] }, [1, 2]])).toBe('true,false,,,"{""a"":[1,""x""]}","[1,2]"\r\n');
  });

  it('neutralizes text that a spreadsheet would evaluate', () => {
    for (const text of ['=cmd()', '+SUM(A1)', '-2+3', '@SUM(A1)', '\tx', '\rx', '=1+1', '-', '+', '- ok', '-1e', '--1'])
      expect(csvCell(text)).toBe(csvCell(`'${text}`));
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('keeps plain numbers as numbers, whether numbers or numeric text', () => {
    for (const n of [-40, -3.5, 0, 12, 1e21, -1e-7]) expect(csvCell(n)).toBe(String(n));
    for (const text of ['-40', '-3.5', '+1', '+1e3', '-.5', '-5.', '-1E-7']) expect(csvCell(text)).toBe(text);
  });

  it('leaves other text alone', () => {
    for (const text of ['OK', 'SN0001', 'a=b', 'temp -3', ' =x']) expect(neutralize(text)).toBe(text);
  });

  it('any row parses back to its cells (neutralized)', () => {
    const cellValue = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('=x', '"', ',', '\r\n', '\n', '-1', '@', ''), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(cellValue, { minLength: 1, maxLength: 8 }), (cells) => {
        const expected = cells.map((c) => neutralize(c === null ? '' : typeof c === 'boolean' ? String(c) : String(c)));
        expect(parseCsv(csvRow(cells))).toEqual([expected]);
      }),
    );
  });
});
