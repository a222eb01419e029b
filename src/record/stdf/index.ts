/**
 * STDF V4 (Standard Test Data Format), the binary format yield systems read: a stream of records,
 * each a header (REC_LEN, REC_TYP, REC_SUB) and typed fields. mtap writes a run as one file —
 * FAR, MIR, per unit PIR / PTR (numeric measurements) / FTR (pass/fail) / PRR, then TSR, HBR, SBR,
 * PCR, MRR — and reads it back (tests check every field against the run's records). ATDF, its ASCII
 * twin, is a view of the same records for reading by eye. docs/exports.md maps every field.
 *
 *     const bytes = runToStdf(await loadRunRecords(dir), plan);         // Buffer, little-endian
 *     const { records } = readStdf(bytes);                              // [{ rec: 'FAR', fields: {...} }, ...]
 *     toAtdf(records);                                                  // 'FAR:A|4|2|U\nMIR:B42|board|...'
 */
export { RECORDS, recordName, type FieldsOf, type FieldType, type FieldValue, type RecName, type RecordOf, type StdfRecord } from './catalogue.js';
export { FTR_OPT_NONE_VALID, MISSING, PARM_FLG, PART_FLG, PTR_OPT, SUMMARY_HEAD, TEST_FLG, TSR_OPT } from './flags.js';
export { encodeStdf, StdfWriter } from './writer.js';
export { readStdf, type SkippedRecord, type StdfFile } from './reader.js';
export { DISCOVERY_TEST_NUM, isParametric, MAX_STEP_TEST_NUM, stdfTestNumber, testList, TESTS_PER_STEP, type StdfTest, type TestList } from './test-list.js';
export { inclusiveBits, partText, sideBits, valueText } from './part-records.js';
export { binTable, retestedCount, type BinRow } from './summary-records.js';
export { CPU_TYPE, EXEC_TYPE, finishTime, runToStdf, runToStdfRecords, stdfTime, type StdfOptions } from './from-run.js';
export { atdfLine, atdfTime, float32Text, toAtdf } from './atdf.js';
