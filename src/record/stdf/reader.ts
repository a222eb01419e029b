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
import { fieldDefs, recordName, type FieldType, type RecName, type StdfRecord } from './catalogue.js';

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

class Cursor {
  pos: number;
  constructor(
    private readonly view: DataView,
    private readonly bytes: Uint8Array,
    private readonly le: boolean,
    private readonly end: number,
    start: number,
  ) {
    this.pos = start;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new MtapError('E_STDF', `STDF: ${what} at byte ${this.pos} runs past the end of its record`);
  }
  u1(): number {
    return this.view.getUint8(this.pos++);
  }
  take(n: number): Uint8Array {
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  number(type: 'U1' | 'U2' | 'U4' | 'I1' | 'I2' | 'I4' | 'R4' | 'B1'): number {
    const v = this.view;
    const p = this.pos;
    switch (type) {
      case 'U1':
      case 'B1':
        this.pos += 1;
        return v.getUint8(p);
      case 'I1':
        this.pos += 1;
        return v.getInt8(p);
      case 'U2':
        this.pos += 2;
        return v.getUint16(p, this.le);
      case 'I2':
        this.pos += 2;
        return v.getInt16(p, this.le);
      case 'U4':
        this.pos += 4;
        return v.getUint32(p, this.le);
      case 'I4':
        this.pos += 4;
        return v.getInt32(p, this.le);
      case 'R4':
        this.pos += 4;
        return v.getFloat32(p, this.le);
    }
  }
}

const SIZES: Partial<Record<FieldType, number>> = { U1: 1, B1: 1, I1: 1, C1: 1, U2: 2, I2: 2, U4: 4, I4: 4, R4: 4 };
const text = new TextDecoder('utf-8');

function readField(c: Cursor, type: FieldType, count: number, what: string): unknown {
  const size = SIZES[type];
  if (size !== undefined) c.need(size, what);
  switch (type) {
    case 'C1':
      return String.fromCharCode(c.u1());
    case 'Cn': {
      c.need(1, what);
      const n = c.u1();
      c.need(n, what);
      return text.decode(c.take(n));
    }
    case 'Bn': {
      c.need(1, what);
      const n = c.u1();
      c.need(n, what);
      return [...c.take(n)];
    }
    case 'Dn': {
      c.need(2, what);
      const bits = c.number('U2');
      const n = Math.ceil(bits / 8);
      c.need(n, what);
      const bytes = c.take(n);
      return Array.from({ length: bits }, (_, i) => (bytes[i >> 3]! & (1 << (i & 7))) !== 0);
    }
    case 'kxU2':
      c.need(2 * count, what);
      return Array.from({ length: count }, () => c.number('U2'));
    case 'kxN1': {
      const n = Math.ceil(count / 2);
      c.need(n, what);
      const bytes = c.take(n);
      return Array.from({ length: count }, (_, i) => (bytes[i >> 1]! >> ((i & 1) * 4)) & 0xf);
    }
    default:
      return c.number(type);
  }
}

function readRecord(rec: RecName, c: Cursor, offset: number): StdfRecord {
  const fields: Record<string, unknown> = {};
  for (const [name, type, countField] of fieldDefs(rec)) {
    if (c.remaining === 0) break; // the writer left out the trailing fields
    const count = countField === undefined ? 0 : Number(fields[countField] ?? 0);
    fields[name] = readField(c, type, count, `${rec}.${name} (record at byte ${offset})`);
  }
  return { rec, fields } as StdfRecord;
}

export function readStdf(bytes: Uint8Array): StdfFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 6 || bytes[2] !== 0 || bytes[3] !== 10) throw new MtapError('E_STDF', 'STDF: the file does not start with a FAR record');
  const cpuType = bytes[4]!;
  if (cpuType !== 1 && cpuType !== 2) throw new MtapError('E_STDF', `STDF: unsupported CPU_TYPE ${cpuType} (1 = big-endian and 2 = little-endian are read)`);
  if (bytes[5] !== 4) throw new MtapError('E_STDF', `STDF: STDF_VER is ${bytes[5]}, not 4`);
  const le = cpuType === 2;

  const records: StdfRecord[] = [];
  const skipped: SkippedRecord[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 4 > bytes.length) throw new MtapError('E_STDF', `STDF: record header at byte ${pos} is cut short`);
    const length = view.getUint16(pos, le);
    const typ = bytes[pos + 2]!;
    const sub = bytes[pos + 3]!;
    const end = pos + 4 + length;
    if (end > bytes.length) throw new MtapError('E_STDF', `STDF: record ${typ}/${sub} at byte ${pos} needs ${length} bytes, the file has ${bytes.length - pos - 4}`);
    const name = recordName(typ, sub);
    if (name) records.push(readRecord(name, new Cursor(view, bytes, le, end, pos + 4), pos));
    else skipped.push({ typ, sub, offset: pos, length });
    pos = end;
  }
  return { cpuType, records, skipped };
}
