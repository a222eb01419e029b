/** coverage_matrix.csv: MTAP's columns (static coverage from the plan), then what the run showed per requirement. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCoverageMatrix, COVERAGE_COLUMNS, coverageMatrixCsv, parseRequirements, writeCoverageMatrix } from '../../src/trace/index.js';
import { parseCsv } from '../record/helpers.js';
import { plan, results } from '../record/scenario.js';

const requirements = parseRequirements(
  `requirements:
  REQ-004: {title: "SELF_TEST passes"}
  REQ-001: {title: "PING answers"}
  REQ-002: {title: "=cmd() temperature, reported"}
  REQ-003: {title: "voltage"}
  REQ-005: {title: "burn-in"}
  REQ-006: {title: "nothing maps here"}
`,
  'req.yaml',
).items;

describe('buildCoverageMatrix', () => {
  const rows = buildCoverageMatrix(requirements, plan, results);

  it('has a row per requirement sorted by id; covered when a plan step names it; mapped steps in plan order', () => {
    expect(rows.map((r) => [r.reqId, r.covered, r.mappedSteps])).toEqual([
      ['REQ-001', true, ['ping']],
      ['REQ-002', true, ['read_temp', 'self_test']],
      ['REQ-003', true, ['read_temp']],
      ['REQ-004', true, ['self_test']],
      ['REQ-005', true, ['mp_only']],
      ['REQ-006', false, []],
    ]);
  });

  it('verifies each requirement on the units (final executions): verified, failed, or never executed', () => {
    expect(rows.map((r) => [r.reqId, r.units, r.verifiedUnits, r.failedUnits, r.notExecutedUnits, r.status])).toEqual([
      ['REQ-001', 5, 4, 1, 0, 'FAILED'], // SN0004's ping timed out; SN0002's ping passed on retry
      ['REQ-002', 5, 2, 1, 2, 'FAILED'], // read_temp failed on SN0003
      ['REQ-003', 5, 2, 1, 2, 'FAILED'],
      ['REQ-004', 5, 3, 0, 2, 'VERIFIED'],
      ['REQ-005', 5, 0, 0, 5, 'NOT_EXECUTED'], // mapped, never executed at this stage
      ['REQ-006', 5, 0, 0, 5, 'NOT_COVERED'],
    ]);
  });

  it('names the evidence: each mapped step with the measurements it judges', () => {
    expect(Object.fromEntries(rows.map((r) => [r.reqId, r.evidence]))).toMatchObject({ 'REQ-006': [] });
    for (const r of rows) expect(r.evidence.map((e) => e.replace(/\(.*\)$/, ''))).toEqual(r.mappedSteps);
  });

  it('writes MTAP’s columns first, Y/N, quoted comma-joined steps, neutralized titles', () => {
    const csv = coverageMatrixCsv(rows);
    const parsed = parseCsv(csv);
    expect(parsed[0]).toEqual([...COVERAGE_COLUMNS]);
    expect(COVERAGE_COLUMNS.slice(0, 4)).toEqual(['req_id', 'title', 'covered', 'mapped_steps']);
    expect(parsed[2]).toEqual(['REQ-002', "'=cmd() temperature, reported", 'Y', 'read_temp,self_test', rows[1]!.evidence.join('; '), '5', '2', '1', '2', 'FAILED']);
    expect(parsed[6]).toEqual(['REQ-006', 'nothing maps here', 'N', '', '', '5', '0', '0', '5', 'NOT_COVERED']);
    expect(csv).toContain('"read_temp,self_test"');
  });

  it('is written as coverage_matrix.csv', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-cov-'));
    await writeCoverageMatrix(dir, rows);
    expect(readFileSync(join(dir, 'coverage_matrix.csv'), 'utf8')).toBe(coverageMatrixCsv(rows));
  });
});
