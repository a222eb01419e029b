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
import { fieldDefs, type FieldType, type StdfRecord } from './catalogue.js';
import { RECORDS } from './catalogue.js';

const RANGES = {
  U1: [0, 0xff],
  U2: [0, 0xffff],
  U4: [0, 0xffffffff],
  I1: [-0x80, 0x7f],
  I2: [-0x8000, 0x7fff],
  I4: [-0x80000000, 0x7fffffff],
  B1: [0, 0xff],
} as const;

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
  /** C*n: a count byte, then up to 255 bytes of UTF-8. */
  cn(s: string): void {
    const text = utf8Prefix(s, MAX_TEXT);
    this.u1(text.length);
    this.bytes(text);
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
    const def = RECORDS[record.rec];
    const values = record.fields as Readonly<Record<string, unknown>>;
    const defs = fieldDefs(record.rec);
    let last = defs.length - 1;
    while (last >= 0 && values[defs[last]![0]] === undefined) last--;

    const start = this.len;
    this.u2(0); // REC_LEN, patched below
    this.u1(def.typ);
    this.u1(def.sub);
    for (let i = 0; i <= last; i++) {
      const [name, type, countField] = defs[i]!;
      const value = values[name];
      if (value === undefined) throw new MtapError('E_EXPORT', `STDF ${record.rec}: field ${name} is missing before ${defs[last]![0]} (only trailing fields may be left out)`);
      if (countField !== undefined && (value as unknown[]).length !== values[countField]) {
        throw new MtapError('E_EXPORT', `STDF ${record.rec}.${name}: ${(value as unknown[]).length} elements, but ${countField} is ${String(values[countField])}`);
      }
      this.field(record.rec, name, type, value);
    }
    const length = this.len - start - 4;
    if (length > MAX_RECORD) throw new MtapError('E_EXPORT', `STDF ${record.rec}: ${length} bytes is more than a record can hold (${MAX_RECORD})`);
    this.buf.writeUInt16LE(length, start);
  }

  private field(rec: string, name: string, type: FieldType, value: unknown): void {
    switch (type) {
      case 'U1':
      case 'U2':
      case 'U4':
      case 'I1':
      case 'I2':
      case 'I4':
      case 'B1':
        return this.integer(type, checkInteger(rec, name, type, value));
      case 'R4':
        return this.r4(value as number);
      case 'C1':
        return this.c1(value as string);
      case 'Cn':
        return this.cn(value as string);
      case 'Bn':
        return this.bn(value as number[]);
      case 'Dn':
        return this.dn(value as boolean[]);
      case 'kxU2':
        for (const v of value as number[]) this.u2(checkInteger(rec, name, 'U2', v));
        return;
      case 'kxN1':
        return this.nibbles(value as number[]);
    }
  }

  private integer(type: keyof typeof RANGES, v: number): void {
    if (type === 'U1' || type === 'B1') this.u1(v);
    else if (type === 'U2') this.u2(v);
    else if (type === 'U4') this.u4(v);
    else if (type === 'I1') this.i1(v);
    else if (type === 'I2') this.i2(v);
    else this.i4(v);
  }

  /** The bytes written so far (a copy: the writer may go on). */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

function checkInteger(rec: string, name: string, type: keyof typeof RANGES, value: unknown): number {
  const [lo, hi] = RANGES[type];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new MtapError('E_EXPORT', `STDF ${rec}.${name}: ${String(value)} does not fit ${type[0]}*${type.slice(1)} (${lo}..${hi})`);
  }
  return value;
}

/** The UTF-8 bytes of `s`, cut to at most `max` bytes without splitting a character. */
export function utf8Prefix(s: string, max: number): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.subarray(0, end);
}

/** A whole file from its records, in order. */
export function encodeStdf(records: Iterable<StdfRecord>): Buffer {
  const w = new StdfWriter();
  for (const r of records) w.record(r);
  return w.toBuffer();
}
