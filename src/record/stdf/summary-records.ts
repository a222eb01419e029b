/**
 * The records after the last part: a TSR per test, an HBR and an SBR per bin, and the PCR. All are
 * summaries over every site (HEAD_NUM 255): mtap's sites are connections, not hardware worth a
 * per-site breakdown in the file.
 *
 * - TSR: every test of the plan (EXEC_CNT 0 for one no unit executed), firmware discovery first when
 *   some unit ran it; TEST_TIM is the average time of the step per execution, seconds; TEST_MIN/MAX,
 *   TST_SUMS and TST_SQRS over the valid PTR results (flagged invalid when there are none, and
 *   always for functional tests).
 * - HBR/SBR: every bin the plan can assign (pass, fail, error, and each step's) and any other a unit
 *   landed in, by number; HBIN_PF/SBIN_PF `P` for the plan's pass bin; names from the plan's bin
 *   descriptions. ABORTED units were never binned and are in no bin.
 * - PCR: PART_CNT = units (PRRs), GOOD_CNT = PASS, ABRT_CNT = ABORTED, RTST_CNT = serials whose
 *   counted attempts span more than one execution (a resumed run re-tested them); FUNC_CNT missing.
 */
import type { Plan } from '../../plan/index.js';
import { failBins } from '../../plan/compile.js';
import type { UnitRecord } from '../schema.js';
import type { RunData } from '../exports/unit-view.js';
import type { RecordOf } from './catalogue.js';
import { MISSING, SUMMARY_HEAD, TSR_OPT } from './flags.js';
import type { TestFigures } from './part-records.js';
import { DISCOVERY_TEST, type StdfTest } from './test-list.js';

const SUMMARY_SITE = 0;

export function tsrRecords(tests: readonly StdfTest[], figures: ReadonlyMap<number, TestFigures>): Array<RecordOf<'TSR'>> {
  const list = figures.has(DISCOVERY_TEST.testNum) ? [DISCOVERY_TEST, ...tests] : tests;
  return list.map((t) => {
    const f = figures.get(t.testNum);
    const exec = f?.exec ?? 0;
    const hasResults = f !== undefined && f.results > 0;
    const opt = TSR_OPT.RESERVED | (exec === 0 ? TSR_OPT.NO_TIME : 0) | (hasResults ? 0 : TSR_OPT.NO_MIN | TSR_OPT.NO_MAX | TSR_OPT.NO_SUMS | TSR_OPT.NO_SQRS);
    return {
      rec: 'TSR',
      fields: {
        HEAD_NUM: SUMMARY_HEAD,
        SITE_NUM: SUMMARY_SITE,
        TEST_TYP: t.type,
        TEST_NUM: t.testNum,
        EXEC_CNT: exec,
        FAIL_CNT: f?.fail ?? 0,
        ALRM_CNT: 0,
        TEST_NAM: t.name,
        SEQ_NAME: t.seq,
        TEST_LBL: t.label,
        OPT_FLAG: opt,
        TEST_TIM: exec === 0 ? 0 : f!.timeUs / exec / 1e6,
        TEST_MIN: hasResults ? f.min : 0,
        TEST_MAX: hasResults ? f.max : 0,
        TST_SUMS: hasResults ? f.sum : 0,
        TST_SQRS: hasResults ? f.squares : 0,
      },
    };
  });
}

export interface BinRow {
  num: number;
  count: number;
  pf: 'P' | 'F';
  name: string;
}

/** Hard and soft bins: every bin the plan names, and any a unit landed in, with their counts. */
export function binTable(plan: Plan, units: readonly UnitRecord[]): { hard: BinRow[]; soft: BinRow[] } {
  const hardNames = new Map<number, string>();
  const softNames = new Map<number, string>();
  const name = (names: Map<number, string>, num: number, text: string) => {
    if (!names.has(num)) names.set(num, text); // the plan-wide bins first, then steps in plan order
  };
  for (const b of [plan.bins.pass, plan.bins.fail, plan.bins.error]) {
    name(hardNames, b.bin, b.description);
    name(softNames, b.softbin, b.description);
  }
  for (const step of plan.steps) {
    const b = failBins(plan, step);
    name(hardNames, b.bin, b.description);
    name(softNames, b.softbin, step.softbinDescription ?? b.description);
  }
  for (const u of units) {
    if (u.hard_bin !== null) name(hardNames, u.hard_bin, u.bin_description ?? '');
    if (u.soft_bin !== null) name(softNames, u.soft_bin, u.bin_description ?? '');
  }
  const rows = (names: Map<number, string>, binOf: (u: UnitRecord) => number | null, passBin: number): BinRow[] =>
    [...names]
      .sort(([a], [b]) => a - b)
      .map(([num, text]) => ({ num, count: units.filter((u) => binOf(u) === num).length, pf: num === passBin ? 'P' : 'F', name: text }));
  return {
    hard: rows(hardNames, (u) => u.hard_bin, plan.bins.pass.bin),
    soft: rows(softNames, (u) => u.soft_bin, plan.bins.pass.softbin),
  };
}

export function binRecords(table: { hard: BinRow[]; soft: BinRow[] }): Array<RecordOf<'HBR'> | RecordOf<'SBR'>> {
  return [
    ...table.hard.map((b): RecordOf<'HBR'> => ({
      rec: 'HBR',
      fields: { HEAD_NUM: SUMMARY_HEAD, SITE_NUM: SUMMARY_SITE, HBIN_NUM: b.num, HBIN_CNT: b.count, HBIN_PF: b.pf, HBIN_NAM: b.name },
    })),
    ...table.soft.map((b): RecordOf<'SBR'> => ({
      rec: 'SBR',
      fields: { HEAD_NUM: SUMMARY_HEAD, SITE_NUM: SUMMARY_SITE, SBIN_NUM: b.num, SBIN_CNT: b.count, SBIN_PF: b.pf, SBIN_NAM: b.name },
    })),
  ];
}

/** Serials re-tested: their counted attempts belong to more than one execution. */
export function retestedCount(run: Pick<RunData, 'units' | 'attempts'>): number {
  const final = new Map(run.units.map((u) => [u.sn, u.unit_exec_id]));
  const retested = new Set<string>();
  for (const a of run.attempts) if (final.has(a.sn) && final.get(a.sn) !== a.unit_exec_id) retested.add(a.sn);
  return retested.size;
}

export function pcrRecord(run: Pick<RunData, 'units' | 'attempts'>): RecordOf<'PCR'> {
  const count = (outcome: UnitRecord['outcome']) => run.units.filter((u) => u.outcome === outcome).length;
  return {
    rec: 'PCR',
    fields: {
      HEAD_NUM: SUMMARY_HEAD,
      SITE_NUM: SUMMARY_SITE,
      PART_CNT: run.units.length,
      RTST_CNT: retestedCount(run),
      ABRT_CNT: count('ABORTED'),
      GOOD_CNT: count('PASS'),
      FUNC_CNT: MISSING.U4,
    },
  };
}
