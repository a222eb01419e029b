/** docs/errors.md documents every exit status and error code that the code defines, and no others. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT } from '../../src/errors.js';
import { STEP_RESULT_CODES } from '../../src/plan/index.js';
import { WIRE_ERROR_CODES } from '../../src/protocol/index.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title)) ?? '';
const rows = (text: string) => [...text.matchAll(/^\| `?([A-Z0-9_]+)`? \| `?([A-Za-z0-9_]+)`? \|/gm)].map((m) => [m[1]!, m[2]!]);

describe('docs/errors.md', () => {
  it('lists every exit status with its name', () => {
    expect(rows(section('Exit statuses')).map(([status, name]) => [Number(status), name])).toEqual(Object.entries(EXIT).map(([n, s]) => [s, n]));
  });
  it('lists every mtap error code with its exit status', () => {
    expect(rows(section('mtap error codes'))).toEqual(Object.entries(ERROR_CODES).map(([c, d]) => [c, String(d.exit)]));
  });
  it('lists every step result code with its meaning', () => {
    const documented = [...section('Step result codes').matchAll(/^\| `([A-Z_]+)` \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(documented).toEqual(Object.entries(STEP_RESULT_CODES));
  });
  it('lists every wire error code with who emits it', () => {
    expect(rows(section('Wire error codes'))).toEqual(Object.entries(WIRE_ERROR_CODES).map(([c, d]) => [c, d.by]));
  });
});
