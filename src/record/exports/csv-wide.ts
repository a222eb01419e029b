/**
 * The wide CSV: one row per unit, one column per measurement, the way engineers paste a datalog into
 * a spreadsheet (the ATE-summary layout of formats-and-yield.md §2.5). Five header rows describe the
 * measurement columns — `Test_Name` (step id and field), `Test_Number` (the STDF test number, so
 * columns match the STDF export), `Lower_Limit`, `Upper_Limit`, `Unit` — then a row naming every
 * column, then the units:
 *
 *     Test_Name,,,,,,ping.vbat_v,read_temp.temp_c
 *     Test_Number,,,,,,100000,300000
 *     Lower_Limit,,,,,,11.4,10
 *     Upper_Limit,,,,,,12.6,60
 *     Unit,,,,,,V,degC
 *     SITE,PART_ID,HBIN,SBIN,RESULT,TEST_T,ping.vbat_v,read_temp.temp_c
 *     0,SN0001,1,1,PASS,37.77,12.0005,25.0152
 *
 * A value is the step's final attempt's; blank when the step was not executed or nothing was
 * measured. It is lossy for retries by design (one value per measurement per unit). Cells are written
 * by the run directory's CSV writer: RFC 4180, and formula-like text (a serial `=cmd|…`) neutralized.
 */
import type { Measurement, Plan, PlanStep } from '../../plan/index.js';
import { csvRow } from '../csv.js';
import { isParametric, stdfTestNumber } from '../stdf/test-list.js';
import { measurementResult, unitViews, type RunData } from './unit-view.js';

export const WIDE_UNIT_COLUMNS = ['SITE', 'PART_ID', 'HBIN', 'SBIN', 'RESULT', 'TEST_T'] as const;

interface Column {
  step: PlanStep;
  m: Measurement;
  index: number;
  name: string;
}

export function buildWideCsv(run: Pick<RunData, 'units' | 'attempts'>, plan: Pick<Plan, 'steps'>): string {
  const columns: Column[] = plan.steps.flatMap((step) => step.measurements.map((m, index) => ({ step, m, index, name: `${step.id}.${m.field}` })));
  const blanks = WIDE_UNIT_COLUMNS.slice(1).map(() => null);
  const header = (label: string, cell: (c: Column) => unknown) => csvRow([label, ...blanks, ...columns.map(cell)]);
  let out =
    header('Test_Name', (c) => c.name) +
    header('Test_Number', (c) => stdfTestNumber(c.step, c.index)) +
    header('Lower_Limit', (c) => (isParametric(c.m) ? c.m.lo : null)) +
    header('Upper_Limit', (c) => (isParametric(c.m) ? c.m.hi : null)) +
    header('Unit', (c) => c.m.units) +
    csvRow([...WIDE_UNIT_COLUMNS, ...columns.map((c) => c.name)]);

  for (const { unit, steps } of unitViews(run)) {
    const finals = new Map(steps.filter((s) => s.kind === 'step').map((s) => [s.stepId, s.final]));
    const values = columns.map((c) => {
      const final = finals.get(c.step.id);
      return final ? (measurementResult(final, c.m, c.index)?.value ?? null) : null;
    });
    out += csvRow([unit.site, unit.sn, unit.hard_bin, unit.soft_bin, unit.outcome, unit.duration_ms, ...values]);
  }
  return out;
}
