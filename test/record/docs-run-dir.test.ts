/** docs/run-dir.md documents every field of every record kind and every CSV column the code writes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attemptEventSchema, CSV_COLUMNS, failingStepSchema, measurementResultSchema, resultsSummarySchema, RUN_FILES, runInfoSchema, serialSummarySchema, summaryFailureSchema, unitRecordSchema } from '../../src/record/index.js';
import { COVERAGE_COLUMNS } from '../../src/trace/index.js';

const doc = readFileSync(new URL('../../docs/run-dir.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title)) ?? '';
const undocumented = (text: string, names: readonly string[]) => names.filter((n) => !text.includes(`\`${n}\``) && !new RegExp(`[{ ,]${n}[,}]`).test(text));

describe('docs/run-dir.md', () => {
  it('names every file of a run directory', () => {
    expect(undocumented(section('The files'), Object.values(RUN_FILES))).toEqual([]);
  });
  it('documents every field of run.json, events.jsonl, units.jsonl', () => {
    expect(undocumented(section('`run.json`'), Object.keys(runInfoSchema.shape))).toEqual([]);
    expect(undocumented(section('`events.jsonl`'), [...Object.keys(attemptEventSchema.shape), ...Object.keys(measurementResultSchema.shape)])).toEqual([]);
    expect(undocumented(section('`units.jsonl`'), [...Object.keys(unitRecordSchema.shape), ...Object.keys(failingStepSchema.shape)])).toEqual([]);
  });
  it('lists the events.csv columns in order', () => {
    const block = /```\n([\s\S]*?)```/.exec(section('`events.csv`'))?.[1] ?? '';
    expect(block.replace(/\n/g, '')).toBe(CSV_COLUMNS.join(','));
  });
  it('documents every field of results_summary.json and the coverage columns', () => {
    const summary = section('`results_summary.json`');
    expect(undocumented(summary, [...Object.keys(resultsSummarySchema.shape), ...Object.keys(serialSummarySchema.shape), ...Object.keys(summaryFailureSchema.shape)])).toEqual([]);
    expect(undocumented(section('`coverage_matrix.csv`'), COVERAGE_COLUMNS)).toEqual([]);
  });
});
