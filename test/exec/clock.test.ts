import { describe, expect, it } from 'vitest';
import { isoMicro } from '../../src/exec/index.js';

describe('isoMicro', () => {
  it('formats epoch milliseconds as ISO-8601 UTC with microseconds and +00:00', () => {
    expect(isoMicro(Date.UTC(2026, 10, 22, 2, 48, 53, 62) + 0.657)).toBe('2026-11-22T02:48:53.062657+00:00');
    expect(isoMicro(Date.UTC(2026, 0, 1, 0, 0, 0, 0))).toBe('2026-01-01T00:00:00.000000+00:00');
    expect(isoMicro(Date.UTC(2026, 0, 1, 23, 59, 59, 999) + 0.999)).toBe('2026-01-01T23:59:59.999999+00:00');
  });
  it('agrees with Date for the whole milliseconds, across second boundaries, in any order', () => {
    for (const ms of [1_700_000_000_999, 1_700_000_001_000, 1_700_000_000_500, 1_800_000_123_456, 1_700_000_000_001]) {
      expect(isoMicro(ms).slice(0, 23) + 'Z').toBe(new Date(ms).toISOString());
    }
  });
});
