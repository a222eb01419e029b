/** docs/report.md names every section of the page and states every size bound the code applies. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, SECTIONS } from '../../src/report/index.js';

const doc = readFileSync(new URL('../../docs/report.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title)) ?? '';

describe('docs/report.md', () => {
  it('describes every section, by its id', () => {
    const table = section('Where the numbers come from');
    expect(SECTIONS.map(([id]) => id).filter((id) => !table.includes(`(\`${id}\`)`))).toEqual([]);
  });
  it('states every size bound', () => {
    const table = section('Size limits');
    expect(Object.entries(LIMITS).filter(([, v]) => !table.includes(`| ${v.toLocaleString('en-US')}`))).toEqual([]);
  });
});
