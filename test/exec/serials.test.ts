import { describe, expect, it } from 'vitest';
import { resolveSerials, serialProblem } from '../../src/exec/index.js';
import { MtapError } from '../../src/errors.js';

describe('serial numbers', () => {
  it.each([
    ['SN 1', 'contains whitespace or a line break'],
    ['SN1\nRESET SN2', 'contains whitespace or a line break'],
    ['SN\t1', 'contains whitespace or a line break'],
    ['', 'is empty'],
    ['S'.repeat(65), 'is longer than 64 characters'],
    ['SNÜ1', 'contains "Ü" (U+00DC): a serial is printable ASCII'],
    ['SN\u0421001', 'contains "С" (U+0421)'], // Cyrillic Es, looks like a C
    ['SN\u0000', 'contains "\\u0000" (U+0000)'],
    ['SN\u200b1', 'U+200B'],
  ])('refuses %j: %s', (sn, why) => expect(serialProblem(sn)).toContain(why));

  it.each(['SN0001', 'A-1_b.2/3#x', 'S'.repeat(64), '=cmd|calc'])('accepts %j', (sn) => expect(serialProblem(sn)).toBeNull());

  it('lists every bad serial in one usage error, duplicates included', () => {
    try {
      resolveSerials('OK1,BAD 1,OK2,OK1,SNÜ', 3);
      throw new Error('expected a usage error');
    } catch (e) {
      expect((e as MtapError).code).toBe('E_USAGE');
      expect((e as MtapError).message.split('\n')).toEqual([
        'bad serial numbers (nothing was tested):',
        'serial "BAD 1" contains whitespace or a line break',
        'serial "OK1" is given more than once',
        'serial "SNÜ" contains "Ü" (U+00DC): a serial is printable ASCII',
      ]);
    }
  });

  it('generates SN0001.. from the plan count when none are given', () => {
    expect(resolveSerials(undefined, 3)).toEqual(['SN0001', 'SN0002', 'SN0003']);
    expect(() => resolveSerials(' , ', 2)).toThrow('--sns names no serial number');
  });
});
