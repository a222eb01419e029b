/** The wide CSV export: its header rows, one row per unit, RFC 4180, and formula-like text neutralized. */
import { describe, expect, it } from 'vitest';
import { buildWideCsv, type AttemptEvent, type UnitRecord } from '../../src/record/index.js';
import { parseCsv } from './helpers.js';
import { smallPlan, smallRun, type HandRun } from './stdf-fixtures.js';

/** The small run with its serials renamed. */
function renamed(run: HandRun, names: Record<string, string>): HandRun {
  const sn = (s: string) => names[s] ?? s;
  return {
    info: { ...run.info, sns: run.info.sns.map(sn) },
    units: run.units.map((u): UnitRecord => ({ ...u, sn: sn(u.sn) })),
    attempts: run.attempts.map((a): AttemptEvent => ({ ...a, sn: sn(a.sn) })),
  };
}

describe('csv-wide', () => {
  const rows = parseCsv(buildWideCsv(smallRun(), smallPlan()));

  it('starts with the five header rows, then the column names', () => {
    const cols = ['ping.vbat_v', 'read_temp.temp_c', 'read_temp.vbat_v', 'self_test.self_test_ok'];
    expect(rows.slice(0, 6)).toEqual([
      ['Test_Name', '', '', '', '', '', ...cols],
      ['Test_Number', '', '', '', '', '', '2000', '3000', '3001', '4000'],
      ['Lower_Limit', '', '', '', '', '', '11.4', '10', '', ''],
      ['Upper_Limit', '', '', '', '', '', '12.6', '', '13', ''],
      ['Unit', '', '', '', '', '', 'V', 'degC', 'V', ''],
      ['SITE', 'PART_ID', 'HBIN', 'SBIN', 'RESULT', 'TEST_T', ...cols],
    ]);
  });

  it('has one row per unit (its final execution), blank where nothing was measured', () => {
    expect(rows.slice(6)).toEqual([
      ['0', 'SN0001', '1', '1', 'PASS', '33.5', '12.0005', '25.125', '12.02', 'true'],
      ['1', 'SN0002', '2', '299', 'FAIL', '30', '11.9', '8.5', '12.5', 'false'],
      ['0', 'SN0003', '9', '900', 'ERROR', '2011', '', '', '', ''], // ping timed out: no value
      ['1', 'SN0004', '', '', 'ABORTED', '15', '12.6', '', '', ''], // never binned, later steps not reached
      ['0', 'SN0005', '2', '299', 'FAIL', '5', '', '', '', ''],
    ]);
  });

  it('ends every record with CRLF (RFC 4180)', () => {
    const text = buildWideCsv(smallRun(), smallPlan());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(6 + 5 + 1);
  });

  it('neutralizes serials a spreadsheet would run as formulas, and quotes what needs it', () => {
    const hostile = {
      SN0001: "=cmd|' /C calc'!A0",
      SN0002: '+SUM(A1:A9)',
      SN0003: '-2+3',
      SN0004: '@HYPERLINK("http://x")',
      SN0005: '<script>alert(1)</script>',
    };
    const text = buildWideCsv(renamed(smallRun(), hostile), smallPlan());
    const ids = parseCsv(text).slice(6).map((r) => r[1]);
    expect(ids).toEqual(["'=cmd|' /C calc'!A0", "'+SUM(A1:A9)", "'-2+3", '\'@HYPERLINK("http://x")', '<script>alert(1)</script>']);
    expect(text).toContain('"\'@HYPERLINK(""http://x"")"'); // quotes doubled inside a quoted cell
    for (const line of text.split('\r\n').slice(6)) expect(line).not.toMatch(/^[^,]*,[=+\-@]/); // no cell of PART_ID starts a formula
  });

  it('keeps negative numbers as numbers (they are data, not formulas)', () => {
    const run = smallRun();
    const a = run.attempts.find((x) => x.sn === 'SN0001' && x.test_step === 'ping')!;
    a.measurements = [{ ...a.measurements[0]!, value: -0.5 }];
    const row = parseCsv(buildWideCsv(run, smallPlan()))[6]!;
    expect(row[6]).toBe('-0.5');
  });
});
