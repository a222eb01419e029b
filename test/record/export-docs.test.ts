/** docs/exports.md keeps up with the exporters: every format and its file, every STDF record and field written. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, FORMATS, RECORDS, runToStdfRecords, WIDE_UNIT_COLUMNS } from '../../src/record/index.js';
import { smallPlan, smallRun } from './stdf-fixtures.js';

const doc = readFileSync(new URL('../../docs/exports.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title)) ?? '';

describe('docs/exports.md', () => {
  it('lists every format with its default file', () => {
    const rows = [...doc.split(/^## /m)[0]!.matchAll(/^\| `([a-z-]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(EXPORT_FORMATS.map((f) => [f, FORMATS[f].file]));
  });

  it('maps every STDF record mtap writes, with its REC_TYP/REC_SUB, and every field it writes', () => {
    const stdf = section('STDF V4');
    const written = runToStdfRecords(smallRun(), smallPlan(), { utcOffsetMinutes: 0 });
    for (const rec of new Set(written.map((r) => r.rec))) {
      const { typ, sub } = RECORDS[rec];
      expect(stdf, rec).toMatch(new RegExp(`^### (.*\\b)?${rec}\\b.*\\((.*, )?${typ}/${sub}\\b`, 'm'));
    }
    const fields = new Set(written.flatMap((r) => Object.keys(r.fields)));
    const missing = [...fields].filter((f) => !stdf.includes(`\`${f}\``) && !stdf.includes(`\`${f.replace(/^H(BIN)/, 'S$1')}\``));
    expect(missing).toEqual([]);
  });

  it('names the csv-wide unit columns', () => {
    for (const c of WIDE_UNIT_COLUMNS) expect(section('csv-wide')).toContain(`\`${c}\``);
  });
});
