/**
 * The STDF V4 records mtap writes and reads, as data: each record's REC_TYP/REC_SUB and its fields in
 * file order with their STDF data types. The writer, the reader and the ATDF view all walk these
 * lists, so a field's position and type are written down once. The types of a record's fields in
 * TypeScript (`FieldsOf<'PTR'>`) are derived from the same table.
 *
 * Only the records mtap emits are listed; a reader meeting any other record type skips it.
 */

/** STDF data types. `kx…` are arrays whose length is an earlier field of the same record. */
export type NumberType = 'U1' | 'U2' | 'U4' | 'I1' | 'I2' | 'I4' | 'R4' | 'B1';
export type TextType = 'C1' | 'Cn';
export type ArrayType = 'kxU2' | 'kxN1';
export type FieldType = NumberType | TextType | 'Bn' | 'Dn' | ArrayType;

/** A field's value in TypeScript: numbers (B*1 is the byte), text, B*n as its bytes, D*n as its bits. */
export type FieldValue<T extends FieldType> = T extends NumberType ? number : T extends TextType ? string : T extends 'Dn' ? boolean[] : number[];

type FieldDef = readonly [name: string, type: Exclude<FieldType, ArrayType>] | readonly [name: string, type: ArrayType, countField: string];

interface RecordDef {
  typ: number;
  sub: number;
  fields: readonly FieldDef[];
}

export const RECORDS = {
  FAR: { typ: 0, sub: 10, fields: [['CPU_TYPE', 'U1'], ['STDF_VER', 'U1']] },
  MIR: {
    typ: 1,
    sub: 10,
    fields: [
      ['SETUP_T', 'U4'], ['START_T', 'U4'], ['STAT_NUM', 'U1'], ['MODE_COD', 'C1'], ['RTST_COD', 'C1'], ['PROT_COD', 'C1'],
      ['BURN_TIM', 'U2'], ['CMOD_COD', 'C1'], ['LOT_ID', 'Cn'], ['PART_TYP', 'Cn'], ['NODE_NAM', 'Cn'], ['TSTR_TYP', 'Cn'],
      ['JOB_NAM', 'Cn'], ['JOB_REV', 'Cn'], ['SBLOT_ID', 'Cn'], ['OPER_NAM', 'Cn'], ['EXEC_TYP', 'Cn'], ['EXEC_VER', 'Cn'],
      ['TEST_COD', 'Cn'], ['TST_TEMP', 'Cn'], ['USER_TXT', 'Cn'], ['AUX_FILE', 'Cn'], ['PKG_TYP', 'Cn'], ['FAMLY_ID', 'Cn'],
      ['DATE_COD', 'Cn'], ['FACIL_ID', 'Cn'], ['FLOOR_ID', 'Cn'], ['PROC_ID', 'Cn'], ['OPER_FRQ', 'Cn'], ['SPEC_NAM', 'Cn'],
      ['SPEC_VER', 'Cn'], ['FLOW_ID', 'Cn'], ['SETUP_ID', 'Cn'], ['DSGN_REV', 'Cn'], ['ENG_ID', 'Cn'], ['ROM_COD', 'Cn'],
      ['SERL_NUM', 'Cn'], ['SUPR_NAM', 'Cn'],
    ],
  },
  MRR: { typ: 1, sub: 20, fields: [['FINISH_T', 'U4'], ['DISP_COD', 'C1'], ['USR_DESC', 'Cn'], ['EXC_DESC', 'Cn']] },
  PCR: {
    typ: 1,
    sub: 30,
    fields: [['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['PART_CNT', 'U4'], ['RTST_CNT', 'U4'], ['ABRT_CNT', 'U4'], ['GOOD_CNT', 'U4'], ['FUNC_CNT', 'U4']],
  },
  HBR: { typ: 1, sub: 40, fields: [['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['HBIN_NUM', 'U2'], ['HBIN_CNT', 'U4'], ['HBIN_PF', 'C1'], ['HBIN_NAM', 'Cn']] },
  SBR: { typ: 1, sub: 50, fields: [['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['SBIN_NUM', 'U2'], ['SBIN_CNT', 'U4'], ['SBIN_PF', 'C1'], ['SBIN_NAM', 'Cn']] },
  PIR: { typ: 5, sub: 10, fields: [['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1']] },
  PRR: {
    typ: 5,
    sub: 20,
    fields: [
      ['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['PART_FLG', 'B1'], ['NUM_TEST', 'U2'], ['HARD_BIN', 'U2'], ['SOFT_BIN', 'U2'],
      ['X_COORD', 'I2'], ['Y_COORD', 'I2'], ['TEST_T', 'U4'], ['PART_ID', 'Cn'], ['PART_TXT', 'Cn'], ['PART_FIX', 'Bn'],
    ],
  },
  TSR: {
    typ: 10,
    sub: 30,
    fields: [
      ['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['TEST_TYP', 'C1'], ['TEST_NUM', 'U4'], ['EXEC_CNT', 'U4'], ['FAIL_CNT', 'U4'],
      ['ALRM_CNT', 'U4'], ['TEST_NAM', 'Cn'], ['SEQ_NAME', 'Cn'], ['TEST_LBL', 'Cn'], ['OPT_FLAG', 'B1'], ['TEST_TIM', 'R4'],
      ['TEST_MIN', 'R4'], ['TEST_MAX', 'R4'], ['TST_SUMS', 'R4'], ['TST_SQRS', 'R4'],
    ],
  },
  PTR: {
    typ: 15,
    sub: 10,
    fields: [
      ['TEST_NUM', 'U4'], ['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['TEST_FLG', 'B1'], ['PARM_FLG', 'B1'], ['RESULT', 'R4'],
      ['TEST_TXT', 'Cn'], ['ALARM_ID', 'Cn'], ['OPT_FLAG', 'B1'], ['RES_SCAL', 'I1'], ['LLM_SCAL', 'I1'], ['HLM_SCAL', 'I1'],
      ['LO_LIMIT', 'R4'], ['HI_LIMIT', 'R4'], ['UNITS', 'Cn'], ['C_RESFMT', 'Cn'], ['C_LLMFMT', 'Cn'], ['C_HLMFMT', 'Cn'],
      ['LO_SPEC', 'R4'], ['HI_SPEC', 'R4'],
    ],
  },
  FTR: {
    typ: 15,
    sub: 20,
    fields: [
      ['TEST_NUM', 'U4'], ['HEAD_NUM', 'U1'], ['SITE_NUM', 'U1'], ['TEST_FLG', 'B1'], ['OPT_FLAG', 'B1'], ['CYCL_CNT', 'U4'],
      ['REL_VADR', 'U4'], ['REPT_CNT', 'U4'], ['NUM_FAIL', 'U4'], ['XFAIL_AD', 'I4'], ['YFAIL_AD', 'I4'], ['VECT_OFF', 'I2'],
      ['RTN_ICNT', 'U2'], ['PGM_ICNT', 'U2'], ['RTN_INDX', 'kxU2', 'RTN_ICNT'], ['RTN_STAT', 'kxN1', 'RTN_ICNT'],
      ['PGM_INDX', 'kxU2', 'PGM_ICNT'], ['PGM_STAT', 'kxN1', 'PGM_ICNT'], ['FAIL_PIN', 'Dn'], ['VECT_NAM', 'Cn'],
      ['TIME_SET', 'Cn'], ['OP_CODE', 'Cn'], ['TEST_TXT', 'Cn'], ['ALARM_ID', 'Cn'], ['PROG_TXT', 'Cn'], ['RSLT_TXT', 'Cn'],
      ['PATG_NUM', 'U1'], ['SPIN_MAP', 'Dn'],
    ],
  },
} as const satisfies Record<string, RecordDef>;

export type RecName = keyof typeof RECORDS;

type FieldDefsOf<R extends RecName> = (typeof RECORDS)[R]['fields'][number];

/**
 * A record's fields by name. Every field is optional because STDF lets a writer omit trailing
 * optional fields (and a reader then sees them absent); the writer refuses a gap in the middle.
 */
export type FieldsOf<R extends RecName> = { -readonly [F in FieldDefsOf<R> as F[0]]?: FieldValue<F[1]> };

/** One record: its name and its fields. A discriminated union over the catalogue. */
export type StdfRecord = { [R in RecName]: { rec: R; fields: FieldsOf<R> } }[RecName];

/** The record of a given name, e.g. `RecordOf<'PRR'>`. */
export type RecordOf<R extends RecName> = Extract<StdfRecord, { rec: R }>;

/** The catalogue entry for a (REC_TYP, REC_SUB) pair, if mtap knows the record. */
const BY_TYPE = new Map<number, RecName>(Object.entries(RECORDS).map(([name, def]) => [def.typ * 256 + def.sub, name as RecName]));
export function recordName(typ: number, sub: number): RecName | undefined {
  return BY_TYPE.get(typ * 256 + sub);
}

/** The field list of a record, loosely typed for the generic encoder and decoder. */
export function fieldDefs(rec: RecName): readonly FieldDef[] {
  return RECORDS[rec].fields;
}
