/**
 * A run as an STDF V4 file: FAR, MIR, then per unit (each serial's final execution, in the run's
 * serial order) PIR, its PTRs/FTRs and PRR, then the TSRs, HBRs, SBRs, the PCR and MRR.
 * docs/exports.md maps every field.
 *
 *     const run = await loadRunRecords(dir);
 *     const plan = parsePlan(readFileSync(join(dir, 'plan.yaml'), 'utf8'), 'plan.yaml');
 *     writeFileSync('run.stdf', runToStdf(run, plan));
 *
 * STDF times are seconds since 1970 **in the local time zone** (the spec's rule): by default the
 * exporting host's zone at each instant; `utcOffsetMinutes` fixes the offset (0 writes UTC), which
 * makes the bytes independent of where the export runs.
 */
import type { Plan } from '../../plan/index.js';
import { unitViews, type RunData } from '../exports/unit-view.js';
import type { RecordOf, StdfRecord } from './catalogue.js';
import { MISSING } from './flags.js';
import { partRecords, type PartContext } from './part-records.js';
import { binRecords, binTable, pcrRecord, tsrRecords } from './summary-records.js';
import { testList } from './test-list.js';
import { encodeStdf } from './writer.js';

export interface StdfOptions {
  /** Minutes east of UTC to write times in; default: the local zone of the host at each instant. */
  utcOffsetMinutes?: number;
}

/** CPU_TYPE 2: little-endian. */
export const CPU_TYPE = 2;
export const STDF_VERSION = 4;
/** MIR.EXEC_TYP. */
export const EXEC_TYPE = 'mtap';

/** An ISO-8601 time as STDF writes it: whole seconds since 1970 in the chosen zone. */
export function stdfTime(iso: string, opts: StdfOptions = {}): number {
  const ms = Date.parse(iso);
  const offsetMinutes = opts.utcOffsetMinutes ?? -new Date(ms).getTimezoneOffset();
  return Math.floor(ms / 1000) + offsetMinutes * 60;
}

function masterInformation(run: RunData, opts: StdfOptions): RecordOf<'MIR'> {
  const { info } = run;
  const start = stdfTime(info.created_at, opts);
  const version = String(info.plan.version);
  return {
    rec: 'MIR',
    fields: {
      SETUP_T: start,
      START_T: start,
      STAT_NUM: 1,
      MODE_COD: ' ',
      RTST_COD: ' ',
      PROT_COD: ' ',
      BURN_TIM: MISSING.U2,
      CMOD_COD: ' ',
      LOT_ID: info.batch_id,
      PART_TYP: info.plan.name,
      NODE_NAM: info.station_id,
      TSTR_TYP: info.station_name,
      JOB_NAM: info.plan.name,
      JOB_REV: version,
      SBLOT_ID: '',
      OPER_NAM: '',
      EXEC_TYP: EXEC_TYPE,
      EXEC_VER: info.tool_version,
      TEST_COD: info.stage,
      TST_TEMP: '',
      USER_TXT: info.run_id,
      AUX_FILE: '',
      PKG_TYP: '',
      FAMLY_ID: '',
      DATE_COD: '',
      FACIL_ID: '',
      FLOOR_ID: '',
      PROC_ID: '',
      OPER_FRQ: '',
      SPEC_NAM: info.plan.name,
      SPEC_VER: version,
      FLOW_ID: [info.stage, ...info.enables].join('+'),
      SETUP_ID: info.plan.hash,
    },
  };
}

/** When the run ended: its last unit's end, else (no unit ended) its start. */
export function finishTime(run: RunData): string {
  let last = run.info.created_at;
  let lastMs = Date.parse(last);
  for (const u of run.units) {
    const ms = Date.parse(u.ended_at);
    if (ms > lastMs) [last, lastMs] = [u.ended_at, ms];
  }
  return last;
}

/** The whole file's records, in file order. */
export function runToStdfRecords(run: RunData, plan: Plan, opts: StdfOptions = {}): StdfRecord[] {
  const ctx: PartContext = { tests: testList(plan), figures: new Map(), limitsWritten: new Set() };
  const records: StdfRecord[] = [{ rec: 'FAR', fields: { CPU_TYPE, STDF_VER: STDF_VERSION } }, masterInformation(run, opts)];
  for (const view of unitViews(run)) for (const r of partRecords(view, ctx)) records.push(r);
  records.push(...tsrRecords(ctx.tests.tests, ctx.figures), ...binRecords(binTable(plan, run.units)), pcrRecord(run));
  records.push({ rec: 'MRR', fields: { FINISH_T: stdfTime(finishTime(run), opts), DISP_COD: ' ', USR_DESC: '', EXC_DESC: '' } });
  return records;
}

export function runToStdf(run: RunData, plan: Plan, opts: StdfOptions = {}): Buffer {
  return encodeStdf(runToStdfRecords(run, plan, opts));
}
