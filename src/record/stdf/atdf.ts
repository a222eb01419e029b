/**
 * ATDF, the ASCII twin of STDF, as a view for reading by eye and for golden files: one line per
 * record, `REC:field|field|…`, the first line `FAR:A|4|2|U` (ATDF file, STDF V4, ATDF version 2,
 * unscaled values). It follows ATDF's conventions where they differ from STDF's:
 *
 * - ATDF's field order (MIR starts LOT_ID|PART_TYP|JOB_NAM…, PRR puts PART_ID third, PTR puts
 *   RESULT before its flags, TSR puts TEST_NAM after TEST_NUM);
 * - times as `HH:MM:SS DD-MON-YYYY` (the STDF value, already in the file's zone);
 * - flag bytes as letters: pass/fail `P`/`F`/`A` (passed alternate limits) or empty (no
 *   indication); PTR alarm flags `A D H L N O S T U X`; PTR limit compare `L` (low is `>=`) and
 *   `H` (high is `<=`); PRR retest code `I`/`C` and abort code `Y`;
 * - a value the STDF marks missing or invalid (by a flag or a reserved value) is an empty field, a
 *   scaling exponent of 0 too; R*4 values print as the shortest decimal that reads back as the same
 *   float32; trailing empty fields are left out.
 * A `|` or line break inside text would break the line's structure, so each is written as a space.
 * It is a debugging view: mtap does not read ATDF.
 */
import type { RecordOf, StdfRecord } from './catalogue.js';
import { MISSING, PARM_FLG, PART_FLG, PTR_OPT, TEST_FLG, TSR_OPT } from './flags.js';

type Cell = string | number | undefined;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const pad = (n: number) => String(n).padStart(2, '0');

/** An STDF time (seconds, already in the file's zone) as ATDF writes it. */
export function atdfTime(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const d = new Date(seconds * 1000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
}

/** The shortest decimal text that reads back as the same float32. */
export function float32Text(x: number | undefined): string {
  if (x === undefined) return '';
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return String(f);
  for (let p = 1; p <= 9; p++) {
    const shorter = Number(f.toPrecision(p));
    if (Math.fround(shorter) === f) return String(shorter);
  }
  return String(f);
}

const text = (s: string | undefined) => (s ?? '').replace(/[|\r\n]/g, ' ');
/** C*1: a space is STDF's "missing". */
const char = (s: string | undefined) => (s === undefined || s === ' ' ? '' : s);
const unless = (missing: boolean, cell: Cell): Cell => (missing ? '' : cell);
const has = (flags: number | undefined, bit: number) => ((flags ?? 0) & bit) !== 0;
const letters = (pairs: ReadonlyArray<readonly [boolean, string]>) => pairs.filter(([on]) => on).map(([, l]) => l).join('');

function passFail(testFlg: number | undefined, alternate = false): string {
  if (has(testFlg, TEST_FLG.NO_PASS_FAIL)) return '';
  if (has(testFlg, TEST_FLG.FAILED)) return 'F';
  return alternate ? 'A' : 'P';
}

function testAlarms(f: number | undefined): Array<readonly [boolean, string]> {
  return [
    [has(f, TEST_FLG.ALARM), 'A'],
    [has(f, TEST_FLG.NOT_EXECUTED), 'N'],
    [has(f, TEST_FLG.TIMEOUT), 'T'],
    [has(f, TEST_FLG.UNRELIABLE), 'U'],
    [has(f, TEST_FLG.ABORTED), 'X'],
  ];
}

function ptrCells({ fields: f }: RecordOf<'PTR'>): Cell[] {
  const p = f.PARM_FLG;
  const t = f.TEST_FLG;
  const alarms = letters([
    [has(t, TEST_FLG.ALARM), 'A'],
    [has(p, PARM_FLG.DRIFT), 'D'],
    [has(p, PARM_FLG.ABOVE_HIGH), 'H'],
    [has(p, PARM_FLG.BELOW_LOW), 'L'],
    [has(t, TEST_FLG.NOT_EXECUTED), 'N'],
    [has(p, PARM_FLG.OSCILLATION), 'O'],
    [has(p, PARM_FLG.SCALE_ERROR), 'S'],
    [has(t, TEST_FLG.TIMEOUT), 'T'],
    [has(t, TEST_FLG.UNRELIABLE), 'U'],
    [has(t, TEST_FLG.ABORTED), 'X'],
  ]);
  const limitCompare = letters([[has(p, PARM_FLG.LOW_INCLUSIVE), 'L'], [has(p, PARM_FLG.HIGH_INCLUSIVE), 'H']]);
  const opt = f.OPT_FLAG;
  const limits = opt !== undefined;
  const scale = (v: number | undefined) => (v === undefined || v === 0 ? '' : v);
  return [
    f.TEST_NUM,
    f.HEAD_NUM,
    f.SITE_NUM,
    unless(has(f.TEST_FLG, TEST_FLG.RESULT_INVALID), float32Text(f.RESULT)),
    passFail(f.TEST_FLG, has(p, PARM_FLG.PASSED_ALTERNATE)),
    alarms,
    text(f.TEST_TXT),
    text(f.ALARM_ID),
    limitCompare,
    text(f.UNITS),
    unless(!limits || has(opt, PTR_OPT.NO_LO_LIMIT | PTR_OPT.LO_LIMIT_INVALID), float32Text(f.LO_LIMIT)),
    unless(!limits || has(opt, PTR_OPT.NO_HI_LIMIT | PTR_OPT.HI_LIMIT_INVALID), float32Text(f.HI_LIMIT)),
    text(f.C_RESFMT),
    text(f.C_LLMFMT),
    text(f.C_HLMFMT),
    unless(!limits || has(opt, PTR_OPT.NO_LO_SPEC), float32Text(f.LO_SPEC)),
    unless(!limits || has(opt, PTR_OPT.NO_HI_SPEC), float32Text(f.HI_SPEC)),
    unless(has(opt, PTR_OPT.RES_SCAL_INVALID), scale(f.RES_SCAL)),
    unless(has(opt, PTR_OPT.LO_LIMIT_INVALID), scale(f.LLM_SCAL)),
    unless(has(opt, PTR_OPT.HI_LIMIT_INVALID), scale(f.HLM_SCAL)),
  ];
}

function ftrCells({ fields: f }: RecordOf<'FTR'>): Cell[] {
  const opt = f.OPT_FLAG;
  const list = (xs: readonly number[] | undefined) => (xs ?? []).join(',');
  const bits = (xs: readonly boolean[] | undefined) => (xs ?? []).flatMap((on, i) => (on ? [i] : [])).join(',');
  return [
    f.TEST_NUM,
    f.HEAD_NUM,
    f.SITE_NUM,
    passFail(f.TEST_FLG),
    letters(testAlarms(f.TEST_FLG)),
    text(f.VECT_NAM),
    text(f.TIME_SET),
    unless(has(opt, 0x01), f.CYCL_CNT),
    unless(has(opt, 0x02), f.REL_VADR),
    unless(has(opt, 0x04), f.REPT_CNT),
    unless(has(opt, 0x08), f.NUM_FAIL),
    unless(has(opt, 0x10), f.XFAIL_AD),
    unless(has(opt, 0x10), f.YFAIL_AD),
    unless(has(opt, 0x20), f.VECT_OFF),
    list(f.RTN_INDX),
    list(f.RTN_STAT),
    list(f.PGM_INDX),
    list(f.PGM_STAT),
    bits(f.FAIL_PIN),
    text(f.OP_CODE),
    text(f.TEST_TXT),
    text(f.ALARM_ID),
    text(f.PROG_TXT),
    text(f.RSLT_TXT),
    unless(f.PATG_NUM === MISSING.U1, f.PATG_NUM),
    bits(f.SPIN_MAP),
  ];
}

function prrCells({ fields: f }: RecordOf<'PRR'>): Cell[] {
  const flg = f.PART_FLG;
  return [
    f.HEAD_NUM,
    f.SITE_NUM,
    text(f.PART_ID),
    f.NUM_TEST,
    has(flg, PART_FLG.NO_PASS_FAIL) ? '' : has(flg, PART_FLG.FAILED) ? 'F' : 'P',
    f.HARD_BIN,
    f.SOFT_BIN,
    unless(f.X_COORD === MISSING.I2, f.X_COORD),
    unless(f.Y_COORD === MISSING.I2, f.Y_COORD),
    has(flg, PART_FLG.SUPERSEDES_ID) ? 'I' : has(flg, PART_FLG.SUPERSEDES_XY) ? 'C' : '',
    has(flg, PART_FLG.ABNORMAL_END) ? 'Y' : '',
    f.TEST_T,
    text(f.PART_TXT),
    (f.PART_FIX ?? []).map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(''),
  ];
}

function tsrCells({ fields: f }: RecordOf<'TSR'>): Cell[] {
  const opt = f.OPT_FLAG;
  return [
    f.HEAD_NUM,
    f.SITE_NUM,
    f.TEST_NUM,
    text(f.TEST_NAM),
    char(f.TEST_TYP),
    unless(f.EXEC_CNT === MISSING.U4, f.EXEC_CNT),
    unless(f.FAIL_CNT === MISSING.U4, f.FAIL_CNT),
    unless(f.ALRM_CNT === MISSING.U4, f.ALRM_CNT),
    text(f.SEQ_NAME),
    text(f.TEST_LBL),
    unless(has(opt, TSR_OPT.NO_TIME), float32Text(f.TEST_TIM)),
    unless(has(opt, TSR_OPT.NO_MIN), float32Text(f.TEST_MIN)),
    unless(has(opt, TSR_OPT.NO_MAX), float32Text(f.TEST_MAX)),
    unless(has(opt, TSR_OPT.NO_SUMS), float32Text(f.TST_SUMS)),
    unless(has(opt, TSR_OPT.NO_SQRS), float32Text(f.TST_SQRS)),
  ];
}

function mirCells({ fields: f }: RecordOf<'MIR'>): Cell[] {
  return [
    text(f.LOT_ID),
    text(f.PART_TYP),
    text(f.JOB_NAM),
    text(f.NODE_NAM),
    text(f.TSTR_TYP),
    atdfTime(f.SETUP_T),
    atdfTime(f.START_T),
    text(f.OPER_NAM),
    char(f.MODE_COD),
    f.STAT_NUM,
    text(f.SBLOT_ID),
    text(f.TEST_COD),
    char(f.RTST_COD),
    text(f.JOB_REV),
    text(f.EXEC_TYP),
    text(f.EXEC_VER),
    char(f.PROT_COD),
    char(f.CMOD_COD),
    unless(f.BURN_TIM === MISSING.U2, f.BURN_TIM),
    ...[
      f.TST_TEMP, f.USER_TXT, f.AUX_FILE, f.PKG_TYP, f.FAMLY_ID, f.DATE_COD, f.FACIL_ID, f.FLOOR_ID, f.PROC_ID, f.OPER_FRQ,
      f.SPEC_NAM, f.SPEC_VER, f.FLOW_ID, f.SETUP_ID, f.DSGN_REV, f.ENG_ID, f.ROM_COD, f.SERL_NUM, f.SUPR_NAM,
    ].map(text),
  ];
}

function cells(r: StdfRecord): Cell[] {
  switch (r.rec) {
    case 'FAR':
      return ['A', r.fields.STDF_VER, 2, 'U'];
    case 'MIR':
      return mirCells(r);
    case 'MRR':
      return [atdfTime(r.fields.FINISH_T), char(r.fields.DISP_COD), text(r.fields.USR_DESC), text(r.fields.EXC_DESC)];
    case 'PCR': {
      const f = r.fields;
      return [f.HEAD_NUM, f.SITE_NUM, f.PART_CNT, f.RTST_CNT, f.ABRT_CNT, f.GOOD_CNT, unless(f.FUNC_CNT === MISSING.U4, f.FUNC_CNT)];
    }
    case 'HBR':
      return [r.fields.HEAD_NUM, r.fields.SITE_NUM, r.fields.HBIN_NUM, r.fields.HBIN_CNT, char(r.fields.HBIN_PF), text(r.fields.HBIN_NAM)];
    case 'SBR':
      return [r.fields.HEAD_NUM, r.fields.SITE_NUM, r.fields.SBIN_NUM, r.fields.SBIN_CNT, char(r.fields.SBIN_PF), text(r.fields.SBIN_NAM)];
    case 'PIR':
      return [r.fields.HEAD_NUM, r.fields.SITE_NUM];
    case 'PRR':
      return prrCells(r);
    case 'TSR':
      return tsrCells(r);
    case 'PTR':
      return ptrCells(r);
    case 'FTR':
      return ftrCells(r);
  }
}

/** One record as an ATDF line (no line break). */
export function atdfLine(r: StdfRecord): string {
  const values = cells(r).map((c) => (c === undefined ? '' : String(c)));
  let end = values.length;
  while (end > 0 && values[end - 1] === '') end--;
  return `${r.rec}:${values.slice(0, end).join('|')}`;
}

/** A whole file: one line per record, LF-terminated. */
export function toAtdf(records: Iterable<StdfRecord>): string {
  let out = '';
  for (const r of records) out += atdfLine(r) + '\n';
  return out;
}
