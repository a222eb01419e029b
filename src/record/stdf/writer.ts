/**
 * The STDF V4 binary writer: a growable little-endian byte buffer, one encoder per STDF data type,
 * and records framed by their header (REC_LEN U*2, REC_TYP U*1, REC_SUB U*1). mtap always writes
 * CPU_TYPE 2 (little-endian, as on every host it runs on).
 *
 *     const w = new StdfWriter();
 *     w.record({ rec: 'FAR', fields: { CPU_TYPE: 2, STDF_VER: 4 } });
 *     w.toBuffer();   // <Buffer 02 00 00 0a 02 04>
 *
 * Values out of a type's range are refused with E_EXPORT naming the record and field (a site number
 * over 255, a bin over 65535): writing them modulo 256 would silently corrupt the file. Text longer
 * than C*n allows (255 bytes of UTF-8) is cut at a character boundary.
 */
import { MtapError } from '../../errors.js';
import { fieldDefs, RECORDS, type FieldType, type RecName, type StdfRecord } from './catalogue.js';

const MAX_TEXT = 255;
const MAX_RECORD = 0xffff;

export class StdfWriter {
  private buf = Buffer.allocUnsafe(1 << 16);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u1(v: number): void {
    this.reserve(1);
    this.buf[this.len++] = v;
  }
  u2(v: number): void {
    this.reserve(2);
    this.len = this.buf.writeUInt16LE(v, this.len);
  }
  u4(v: number): void {
    this.reserve(4);
    this.len = this.buf.writeUInt32LE(v, this.len);
  }
  i1(v: number): void {
    this.reserve(1);
    this.len = this.buf.writeInt8(v, this.len);
  }
  i2(v: number): void {
    this.reserve(2);
    this.len = this.buf.writeInt16LE(v, this.len);
  }
  i4(v: number): void {
    this.reserve(4);
    this.len = this.buf.writeInt32LE(v, this.len);
  }
  r4(v: number): void {
    this.reserve(4);
    this.len = this.buf.writeFloatLE(v, this.len);
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  /** C*1: one character; an empty string is a space (the "missing" value). */
  c1(s: string): void {
    const code = s === '' ? 0x20 : s.charCodeAt(0);
    this.u1(code > 0xff ? 0x3f : code);
  }
  /** C*n: a count byte, then up to 255 bytes of UTF-8 (whole characters only). */
  cn(s: string): void {
    this.reserve(1 + Math.min(s.length * 3, MAX_TEXT));
    // Buffer#write stops before a character that would not fit, so a long text is cut between characters.
    const n = s === '' ? 0 : this.buf.write(s, this.len + 1, MAX_TEXT, 'utf8');
    this.buf[this.len] = n;
    this.len += 1 + n;
  }
  /** B*n: a count byte, then the bytes. */
  bn(b: readonly number[]): void {
    this.u1(b.length);
    for (const x of b) this.u1(x);
  }
  /** D*n: a U*2 bit count, then the bits, the first in the least significant bit of the first byte. */
  dn(bits: readonly boolean[]): void {
    this.u2(bits.length);
    const bytes = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((bit, i) => {
      if (bit) bytes[i >> 3]! |= 1 << (i & 7);
    });
    this.bytes(bytes);
  }
  /** kxN*1: nibbles two to a byte, the first in the low nibble. */
  nibbles(values: readonly number[]): void {
    for (let i = 0; i < values.length; i += 2) this.u1((values[i]! & 0xf) | ((values[i + 1] ?? 0) & 0xf) << 4);
  }

  /** One whole record: its header, then its fields in catalogue order up to the last one given. */
  record(record: StdfRecord): void {
    const plan = PLANS[record.rec];
    const values = record.fields as Readonly<Record<string, unknown>>;
    const fields = plan.fields;
    let last = fields.length - 1;
    while (last >= 0 && values[fields[last]!.name] === undefined) last--;

    const start = this.len;
    this.u2(0); // REC_LEN, patched below
    this.u1(plan.typ);
    this.u1(plan.sub);
    for (let i = 0; i <= last; i++) {
      const f = fields[i]!;
      const value = values[f.name];
      if (value === undefined) throw new MtapError('E_EXPORT', `STDF ${record.rec}: field ${f.name} is missing before ${fields[last]!.name} (only trailing fields may be left out)`);
      if (f.countField !== undefined && (value as unknown[]).length !== values[f.countField]) {
        throw new MtapError('E_EXPORT', `STDF ${f.where}: ${(value as unknown[]).length} elements, but ${f.countField} is ${String(values[f.countField])}`);
      }
      f.encode(this, value, f.where);
    }
    const length = this.len - start - 4;
    if (length > MAX_RECORD) throw new MtapError('E_EXPORT', `STDF ${record.rec}: ${length} bytes is more than a record can hold (${MAX_RECORD})`);
    this.buf.writeUInt16LE(length, start);
  }

  /** The bytes written so far (a copy: the writer may go on). */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

/** A value checked against its integer type's range: out of range is E_EXPORT, never written modulo. */
function int(value: unknown, lo: number, hi: number, type: string, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new MtapError('E_EXPORT', `STDF ${where}: ${String(value)} does not fit ${type} (${lo}..${hi})`);
  }
  return value;
}

type Encode = (w: StdfWriter, value: unknown, where: string) => void;

/** One encoder per STDF data type. */
const ENCODERS: Record<FieldType, Encode> = {
  U1: (w, v, at) => w.u1(int(v, 0, 0xff, 'U*1', at)),
  B1: (w, v, at) => w.u1(int(v, 0, 0xff, 'B*1', at)),
  U2: (w, v, at) => w.u2(int(v, 0, 0xffff, 'U*2', at)),
  U4: (w, v, at) => w.u4(int(v, 0, 0xffffffff, 'U*4', at)),
  I1: (w, v, at) => w.i1(int(v, -0x80, 0x7f, 'I*1', at)),
  I2: (w, v, at) => w.i2(int(v, -0x8000, 0x7fff, 'I*2', at)),
  I4: (w, v, at) => w.i4(int(v, -0x80000000, 0x7fffffff, 'I*4', at)),
  R4: (w, v) => w.r4(v as number),
  C1: (w, v) => w.c1(v as string),
  Cn: (w, v) => w.cn(v as string),
  Bn: (w, v) => w.bn(v as number[]),
  Dn: (w, v) => w.dn(v as boolean[]),
  kxU2: (w, v, at) => {
    for (const x of v as number[]) w.u2(int(x, 0, 0xffff, 'U*2', at));
  },
  kxN1: (w, v) => w.nibbles(v as number[]),
};

interface FieldPlan {
  name: string;
  /** `REC.FIELD`, for messages. */
  where: string;
  countField: string | undefined;
  encode: Encode;
}

/** Each record's fields with their encoders, looked up once rather than per field written. */
const PLANS = Object.fromEntries(
  (Object.keys(RECORDS) as RecName[]).map((rec) => [
    rec,
    {
      typ: RECORDS[rec].typ,
      sub: RECORDS[rec].sub,
      fields: fieldDefs(rec).map(([name, type, countField]): FieldPlan => ({ name, where: `${rec}.${name}`, countField, encode: ENCODERS[type] })),
    },
  ]),
) as Record<RecName, { typ: number; sub: number; fields: FieldPlan[] }>;

/** A whole file from its records, in order. */
export function encodeStdf(records: Iterable<StdfRecord>): Buffer {
  const w = new StdfWriter();
  for (const r of records) w.record(r);
  return w.toBuffer();
}
