/**
 * The formats `mtap export` writes, each with the file it goes to inside the run directory by
 * default and how it is built from the run's records and plan:
 *
 * | format | default file | content |
 * |---|---|---|
 * | `stdf` | `run.stdf` | STDF V4, binary (src/record/stdf) |
 * | `atdf` | `run.atdf` | the same records as ATDF text |
 * | `junit` | `run.junit.xml` | the run's junit.xml, built the same way (`buildJunitXml`) |
 * | `csv-wide` | `run.wide.csv` | one row per unit, one column per measurement |
 * | `openhtf-json` | `run.openhtf.json` | one OpenHTF test record per unit |
 */
import { MtapError } from '../../errors.js';
import { buildJunitXml } from '../junit.js';
import { finishTime, runToStdf, runToStdfRecords, type StdfOptions } from '../stdf/from-run.js';
import { toAtdf } from '../stdf/atdf.js';
import { buildWideCsv } from './csv-wide.js';
import type { ExportInput } from './input.js';
import { buildOpenHtfJson } from './openhtf.js';

export const EXPORT_FORMATS = ['stdf', 'atdf', 'junit', 'csv-wide', 'openhtf-json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportOptions = StdfOptions;

export interface FormatSpec {
  /** The file written inside the run directory when no other is named. */
  file: string;
  /** Bytes rather than text (not written to a terminal). */
  binary: boolean;
  build(input: ExportInput, opts: ExportOptions): string | Buffer;
}

export const FORMATS: Record<ExportFormat, FormatSpec> = {
  stdf: { file: 'run.stdf', binary: true, build: ({ run, plan }, opts) => runToStdf(run, plan, opts) },
  atdf: { file: 'run.atdf', binary: false, build: ({ run, plan }, opts) => toAtdf(runToStdfRecords(run, plan, opts)) },
  junit: { file: 'run.junit.xml', binary: false, build: ({ run, plan }) => buildJunitXml({ ...run, endedAt: finishTime(run) }, plan) },
  'csv-wide': { file: 'run.wide.csv', binary: false, build: ({ run, plan }) => buildWideCsv(run, plan) },
  'openhtf-json': { file: 'run.openhtf.json', binary: false, build: ({ run, plan }) => buildOpenHtfJson(run, plan) },
};

export function exportFormat(name: string): ExportFormat {
  const found = EXPORT_FORMATS.find((f) => f === name.toLowerCase());
  if (!found) throw new MtapError('E_USAGE', `unknown export format "${name}": give one of ${EXPORT_FORMATS.join(', ')}`);
  return found;
}
