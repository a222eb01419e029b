import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT, MtapError } from '../../src/errors.js';

describe('MtapError', () => {
  it('carries its code and the exit status of that code', () => {
    const err = new MtapError('E_USAGE', 'bad flag');
    expect(err.code).toBe('E_USAGE');
    expect(err.exitCode).toBe(EXIT.USAGE);
    expect(err.message).toBe('bad flag');
  });
  it('maps every code to a documented exit status', () => {
    const statuses = new Set<number>(Object.values(EXIT));
    for (const [code, def] of Object.entries(ERROR_CODES)) {
      expect(statuses.has(def.exit), code).toBe(true);
      expect(def.meaning.length, code).toBeGreaterThan(10);
    }
  });
});
