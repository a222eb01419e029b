/**
 * Reading STDF V4 back: what the writer emits, in either byte order (FAR.CPU_TYPE 1 = big-endian,
 * 2 = little-endian). Records mtap does not know are skipped and listed, never an error; trailing
 * fields a writer left out are absent from the record. A file that is not STDF V4, or a record cut
 * short, is E_STDF with the byte offset.
 *
 *     const { records, skipped } = readStdf(readFileSync('run.stdf'));
 *     records.filter((r) => r.rec === 'PRR').map((r) => r.fields.PART_ID);
 */
import { MtapError } from '../../errors.js';
import { fieldDefs, recordName, RECORDS, type FieldType, type RecName, type StdfRecord } from './catalogue.js';

export interface SkippedRecord {
  typ: number;
  sub: number;
  /** Byte offset of the record's header. */
  offset: number;
  length: number;
}

export interface StdfFile {
  cpuType: number;
  records: StdfRecord[];
  /** Records of types mtap does not know, in file order. */
  skipped: SkippedRecord[];
}

/** A position in the file and the end of the record being read; one per file, moved record by record. */
class Cursor {
  pos = 0;
  end = 0;
  /** The record being read, for messages. */
  recordAt = 0;
  constructor(
    readonly bytes: Buffer,
    readonly view: DataView,
    readonly le: boolean,
  ) {}
  need(n: number, where: string): void {
    if (this.pos + n > this.end) throw new MtapError('E_STDF', `STDF: ${where} (record at byte ${this.recordAt}) at byte ${this.pos} runs past the end of its record`);
  }
}

type Decode = (c: Cursor, count: number, where: string) => unknown;

function fixed(size: number, read: (c: Cursor, at: number) => number): Decode {
  return (c, _count, where) => {
    c.need(size, where);
    const v = read(c, c.pos);
    c.pos += size;
    return v;
  };
}

function counted(countBytes: number, read: (c: Cursor, n: number, where: string) => unknown): Decode {
  return (c, _count, where) => {
    c.need(countBytes, where);
    const n = countBytes === 1 ? c.bytes[c.pos]! : c.view.getUint16(c.pos, c.le);
    c.pos += countBytes;
    return read(c, n, where);
  };
}

/** One decoder per STDF data type. */
const DECODERS: Record<FieldType, Decode> = {
  U1: fixed(1, (c, at) => c.bytes[at]!),
  B1: fixed(1, (c, at) => c.bytes[at]!),
  I1: fixed(1, (c, at) => c.view.getInt8(at)),
  U2: fixed(2, (c, at) => c.view.getUint16(at, c.le)),
  I2: fixed(2, (c, at) => c.view.getInt16(at, c.le)),
  U4: fixed(4, (c, at) => c.view.getUint32(at, c.le)),
  I4: fixed(4, (c, at) => c.view.getInt32(at, c.le)),
  R4: fixed(4, (c, at) => c.view.getFloat32(at, c.le)),
  C1: (c, _n, where) => {
    c.need(1, where);
    return String.fromCharCode(c.bytes[c.pos++]!);
  },
  Cn: counted(1, (c, n, where) => {
    c.need(n, where);
    const s = n === 0 ? '' : c.bytes.toString('utf8', c.pos, c.pos + n);
    c.pos += n;
    return s;
  }),
  Bn: counted(1, (c, n, where) => {
    c.need(n, where);
    const out = [...c.bytes.subarray(c.pos, c.pos + n)];
    c.pos += n;
    return out;
  }),
  Dn: counted(2, (c, bits, where) => {
    const n = Math.ceil(bits / 8);
    c.need(n, where);
    const out: boolean[] = [];
    for (let i = 0; i < bits; i++) out.push((c.bytes[c.pos + (i >> 3)]! & (1 << (i & 7))) !== 0);
    c.pos += n;
    return out;
  }),
  kxU2: (c, count, where) => {
    c.need(2 * count, where);
    const out: number[] = [];
    for (let i = 0; i < count; i++, c.pos += 2) out.push(c.view.getUint16(c.pos, c.le));
    return out;
  },
  kxN1: (c, count, where) => {
    const n = Math.ceil(count / 2);
    c.need(n, where);
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((c.bytes[c.pos + (i >> 1)]! >> ((i & 1) * 4)) & 0xf);
    c.pos += n;
    return out;
  },
};

interface FieldPlan {
  name: string;
  where: string;
  countField: string | undefined;
  decode: Decode;
}

/** Each record's fields with their decoders, looked up once. */
const PLANS = Object.fromEntries(
  (Object.keys(RECORDS) as RecName[]).map((rec) => [
    rec,
    fieldDefs(rec).map(([name, type, countField]): FieldPlan => ({ name, where: `${rec}.${name}`, countField, decode: DECODERS[type] })),
  ]),
) as Record<RecName, FieldPlan[]>;

function readRecord(rec: RecName, c: Cursor): StdfRecord {
  const fields: Record<string, unknown> = {};
  for (const f of PLANS[rec]) {
    if (c.pos === c.end) break; // the writer left out the trailing fields
    const count = f.countField === undefined ? 0 : Number(fields[f.countField] ?? 0);
    fields[f.name] = f.decode(c, count, f.where);
  }
  return { rec, fields } as StdfRecord;
}

export function readStdf(input: Uint8Array): StdfFile {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength); // a view, not a copy
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 6 || bytes[2] !== 0 || bytes[3] !== 10) throw new MtapError('E_STDF', 'STDF: the file does not start with a FAR record');
  const cpuType = bytes[4]!;
  if (cpuType !== 1 && cpuType !== 2) throw new MtapError('E_STDF', `STDF: unsupported CPU_TYPE ${cpuType} (1 = big-endian and 2 = little-endian are read)`);
  if (bytes[5] !== 4) throw new MtapError('E_STDF', `STDF: STDF_VER is ${bytes[5]}, not 4`);
  const c = new Cursor(bytes, view, cpuType === 2);

  const records: StdfRecord[] = [];
  const skipped: SkippedRecord[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new MtapError('E_STDF', `STDF: record header at byte ${pos} is cut short`);
    const length = view.getUint16(pos, c.le);
    const typ = bytes[pos + 2]!;
    const sub = bytes[pos + 3]!;
    const end = pos + 4 + length;
    if (end > bytes.length) throw new MtapError('E_STDF', `STDF: record ${typ}/${sub} at byte ${pos} needs ${length} bytes, the file has ${bytes.length - pos - 4}`);
    const name = recordName(typ, sub);
    if (name) {
      c.recordAt = pos;
      c.pos = pos + 4;
      c.end = end;
      records.push(readRecord(name, c));
    } else {
      skipped.push({ typ, sub, offset: pos, length });
    }
    pos = end;
  }
  return { cpuType, records, skipped };
}
