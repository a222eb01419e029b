/** The STDF V4 field encoders, record framing and the reader, byte by byte. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMtapError } from '../../src/errors.js';
import { encodeStdf, readStdf, RECORDS, StdfWriter, type StdfRecord } from '../../src/record/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const written = (fn: (w: StdfWriter) => void) => {
  const w = new StdfWriter();
  fn(w);
  return hex(w.toBuffer());
};
const FAR: StdfRecord = { rec: 'FAR', fields: { CPU_TYPE: 2, STDF_VER: 4 } };
/** A file of FAR + the given records, read back. */
const roundTrip = (...records: StdfRecord[]) => readStdf(encodeStdf([FAR, ...records])).records.slice(1);
const throwsCode = (fn: () => unknown, code: string, message?: RegExp) => {
  try {
    fn();
  } catch (err) {
    expect(isMtapError(err) && err.code).toBe(code);
    if (message) expect((err as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected an error');
};

describe('field encoders (little-endian, CPU_TYPE 2)', () => {
  it('U*1, U*2, U*4 at their limits', () => {
    expect(written((w) => (w.u1(0), w.u1(255)))).toBe('00ff');
    expect(written((w) => (w.u2(0x1234), w.u2(65535)))).toBe('3412ffff');
    expect(written((w) => (w.u4(0x12345678), w.u4(4294967295)))).toBe('78563412ffffffff');
  });
  it('I*1, I*2, I*4 in two\'s complement', () => {
    expect(written((w) => (w.i1(-1), w.i1(-128), w.i1(127)))).toBe('ff807f');
    expect(written((w) => (w.i2(-2), w.i2(-32768)))).toBe('feff0080');
    expect(written((w) => w.i4(-2147483648))).toBe('00000080');
  });
  it('R*4 as IEEE-754 single precision', () => {
    expect(written((w) => w.r4(1))).toBe('0000803f');
    expect(written((w) => w.r4(-2.5))).toBe('000020c0');
    expect(written((w) => w.r4(12.6))).toBe(hex(new Uint8Array(new Float32Array([12.6]).buffer)));
  });
  it('C*1: one byte, a space when empty', () => {
    expect(written((w) => (w.c1('P'), w.c1('')))).toBe('5020');
  });
  it('C*n: a count byte then UTF-8; empty is one zero byte', () => {
    expect(written((w) => w.cn('V'))).toBe('0156');
    expect(written((w) => w.cn(''))).toBe('00');
    expect(written((w) => w.cn('°C'))).toBe('03c2b043');
  });
  it('C*n longer than 255 bytes is cut at a character boundary', () => {
    const w = new StdfWriter();
    w.cn('é'.repeat(200)); // 400 bytes of UTF-8
    const out = w.toBuffer();
    expect(out[0]).toBe(254); // 127 whole characters, not 255 bytes ending mid-character
    expect(out.subarray(1).toString('utf8')).toBe('é'.repeat(127));
    const ascii = new StdfWriter();
    ascii.cn('a'.repeat(300));
    expect([ascii.toBuffer()[0], ascii.length]).toEqual([255, 256]);
  });
  it('B*n: a count byte then the bytes', () => {
    expect(written((w) => (w.bn([0xa5, 0x01]), w.bn([])))).toBe('02a50100');
  });
  it('D*n: a U*2 bit count, the first bit in the low bit of the first byte, unused bits zero', () => {
    expect(written((w) => w.dn([true, false, false, false, false, false, false, false, false, true]))).toBe('0a00' + '01' + '02');
    expect(written((w) => w.dn([]))).toBe('0000');
  });
  it('kxN*1: two nibbles to a byte, the first low; an odd count leaves the high nibble zero', () => {
    expect(written((w) => w.nibbles([0x1, 0x2, 0xf]))).toBe('210f');
  });
});

describe('records', () => {
  it('a header of REC_LEN (bytes after the header), REC_TYP, REC_SUB', () => {
    expect(hex(encodeStdf([FAR]))).toBe('0200000a0204');
    const w = new StdfWriter();
    w.record({ rec: 'PIR', fields: { HEAD_NUM: 1, SITE_NUM: 3 } });
    expect(hex(w.toBuffer())).toBe('0200050a0103');
  });
  it('kxU*2 and kxN*1 arrays follow their count fields', () => {
    const ftr: StdfRecord = {
      rec: 'FTR',
      fields: {
        TEST_NUM: 7, HEAD_NUM: 1, SITE_NUM: 0, TEST_FLG: 0, OPT_FLAG: 0xff, CYCL_CNT: 0, REL_VADR: 0, REPT_CNT: 0, NUM_FAIL: 0,
        XFAIL_AD: 0, YFAIL_AD: 0, VECT_OFF: 0, RTN_ICNT: 3, PGM_ICNT: 0, RTN_INDX: [1, 2, 300], RTN_STAT: [1, 2, 3], PGM_INDX: [], PGM_STAT: [],
        FAIL_PIN: [false, true],
      },
    };
    const bytes = encodeStdf([ftr]);
    // fixed fields 38 bytes, then RTN_INDX 6, RTN_STAT 2, FAIL_PIN 3 (the record stops there)
    expect(bytes.readUInt16LE(0)).toBe(38 + 6 + 2 + 3);
    expect(hex(bytes.subarray(4 + 38))).toBe('010002002c01' + '2103' + '020002');
    expect(roundTrip(ftr)).toEqual([ftr]);
  });
  it('trailing fields may be left out; the reader then leaves them absent', () => {
    const prr: StdfRecord = { rec: 'PRR', fields: { HEAD_NUM: 1, SITE_NUM: 2, PART_FLG: 8, NUM_TEST: 4, HARD_BIN: 2, SOFT_BIN: 201, X_COORD: -32768, Y_COORD: -32768, TEST_T: 37, PART_ID: 'SN1' } };
    const bytes = encodeStdf([prr]);
    expect(bytes.readUInt16LE(0)).toBe(1 + 1 + 1 + 2 + 2 + 2 + 2 + 2 + 4 + 4);
    expect(roundTrip(prr)).toEqual([prr]);
  });
  it('refuses a gap in the middle, and values that do not fit their type (E_EXPORT)', () => {
    throwsCode(() => encodeStdf([{ rec: 'PIR', fields: { SITE_NUM: 1 } }]), 'E_EXPORT', /HEAD_NUM is missing/);
    throwsCode(() => encodeStdf([{ rec: 'PIR', fields: { HEAD_NUM: 1, SITE_NUM: 256 } }]), 'E_EXPORT', /PIR\.SITE_NUM: 256 does not fit U\*1 \(0\.\.255\)/);
    throwsCode(() => encodeStdf([{ rec: 'PRR', fields: { HEAD_NUM: 1, SITE_NUM: 1, PART_FLG: 0, NUM_TEST: 0, HARD_BIN: 70000 } }]), 'E_EXPORT', /HARD_BIN/);
    throwsCode(() => encodeStdf([{ rec: 'PRR', fields: { HEAD_NUM: 1, SITE_NUM: 1, PART_FLG: 0, NUM_TEST: 1.5 } }]), 'E_EXPORT', /NUM_TEST/);
  });
});

describe('reader', () => {
  it('skips record types it does not know, and lists them', () => {
    const unknown = Buffer.from([0x03, 0x00, 200, 7, 1, 2, 3]); // a custom 200/7 record of 3 bytes
    const wir = Buffer.from([0x02, 0x00, 2, 10, 1, 0]); // WIR is not in mtap's catalogue
    const file = Buffer.concat([encodeStdf([FAR]), unknown, wir, encodeStdf([{ rec: 'PIR', fields: { HEAD_NUM: 1, SITE_NUM: 5 } }])]);
    const read = readStdf(file);
    expect(read.records.map((r) => r.rec)).toEqual(['FAR', 'PIR']);
    expect(read.skipped).toEqual([
      { typ: 200, sub: 7, offset: 6, length: 3 },
      { typ: 2, sub: 10, offset: 13, length: 2 },
    ]);
  });
  it('reads big-endian files (CPU_TYPE 1)', () => {
    const be = Buffer.from([0x00, 0x02, 0, 10, 1, 4, 0x00, 0x0e, 1, 30, 255, 0, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(readStdf(be).records[1]).toEqual({ rec: 'PCR', fields: { HEAD_NUM: 255, SITE_NUM: 0, PART_CNT: 5, RTST_CNT: 1, ABRT_CNT: 2 } });
  });
  it('refuses what is not STDF V4, and records cut short (E_STDF with the offset)', () => {
    throwsCode(() => readStdf(Buffer.from('hello world')), 'E_STDF', /does not start with a FAR/);
    throwsCode(() => readStdf(Buffer.from([2, 0, 0, 10, 0, 4])), 'E_STDF', /CPU_TYPE 0/);
    throwsCode(() => readStdf(Buffer.from([2, 0, 0, 10, 2, 3])), 'E_STDF', /STDF_VER is 3/);
    const cut = encodeStdf([FAR, { rec: 'PIR', fields: { HEAD_NUM: 1, SITE_NUM: 1 } }]).subarray(0, 11);
    throwsCode(() => readStdf(cut), 'E_STDF', /record 5\/10 at byte 6 needs 2 bytes, the file has 1/);
    // a U*4 cut by the end of its record
    const bad = Buffer.concat([encodeStdf([FAR]), Buffer.from([0x02, 0x00, 1, 20, 0, 0, 0, 0])]);
    bad.writeUInt16LE(3, 6);
    throwsCode(() => readStdf(Buffer.concat([bad, Buffer.from([9])])), 'E_STDF', /MRR\.FINISH_T/);
  });

  it('reads back whatever the writer writes (every type, random values)', () => {
    const u = (max: number) => fc.integer({ min: 0, max });
    const i = (bits: number) => fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
    const text = fc.string({ maxLength: 60 });
    const f32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => Math.fround(x));
    const ptr = fc.record({
      TEST_NUM: u(0xffffffff), HEAD_NUM: u(255), SITE_NUM: u(255), TEST_FLG: u(255), PARM_FLG: u(255), RESULT: f32, TEST_TXT: text, ALARM_ID: text,
      OPT_FLAG: u(255), RES_SCAL: i(8), LLM_SCAL: i(8), HLM_SCAL: i(8), LO_LIMIT: f32, HI_LIMIT: f32, UNITS: text,
    });
    const prr = fc.record({
      HEAD_NUM: u(255), SITE_NUM: u(255), PART_FLG: u(255), NUM_TEST: u(65535), HARD_BIN: u(65535), SOFT_BIN: u(65535), X_COORD: i(16), Y_COORD: i(16),
      TEST_T: u(0xffffffff), PART_ID: text, PART_TXT: text, PART_FIX: fc.array(u(255), { maxLength: 8 }),
    });
    const ftrArrays = fc.array(fc.tuple(u(65535), u(15)), { maxLength: 5 }).chain((rtn) =>
      fc.record({
        TEST_NUM: u(0xffffffff), HEAD_NUM: u(255), SITE_NUM: u(255), TEST_FLG: u(255), OPT_FLAG: u(255), CYCL_CNT: u(0xffffffff), REL_VADR: u(0xffffffff),
        REPT_CNT: u(0xffffffff), NUM_FAIL: u(0xffffffff), XFAIL_AD: i(32), YFAIL_AD: i(32), VECT_OFF: i(16), RTN_ICNT: fc.constant(rtn.length), PGM_ICNT: fc.constant(0),
        RTN_INDX: fc.constant(rtn.map(([x]) => x)), RTN_STAT: fc.constant(rtn.map(([, s]) => s)), PGM_INDX: fc.constant<number[]>([]), PGM_STAT: fc.constant<number[]>([]),
        FAIL_PIN: fc.array(fc.boolean(), { maxLength: 20 }), VECT_NAM: text, TIME_SET: text, OP_CODE: text, TEST_TXT: text, ALARM_ID: text, PROG_TXT: text,
        RSLT_TXT: text, PATG_NUM: u(255), SPIN_MAP: fc.array(fc.boolean(), { maxLength: 9 }),
      }),
    );
    const record = fc.oneof(
      ptr.map((fields): StdfRecord => ({ rec: 'PTR', fields })),
      prr.map((fields): StdfRecord => ({ rec: 'PRR', fields })),
      ftrArrays.map((fields): StdfRecord => ({ rec: 'FTR', fields })),
      fc.record({ HEAD_NUM: u(255), SITE_NUM: u(255), TEST_TYP: fc.constantFrom('P', 'F', ' '), TEST_NUM: u(0xffffffff), EXEC_CNT: u(0xffffffff) }).map(
        (fields): StdfRecord => ({ rec: 'TSR', fields }),
      ),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (records) => {
        // UTF-8 text longer than 255 bytes is cut by design; these strings stay under it
        expect(roundTrip(...records)).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });

  it('knows the record types of the catalogue by REC_TYP/REC_SUB', () => {
    expect(Object.fromEntries(Object.entries(RECORDS).map(([k, v]) => [k, [v.typ, v.sub]]))).toEqual({
      FAR: [0, 10], MIR: [1, 10], MRR: [1, 20], PCR: [1, 30], HBR: [1, 40], SBR: [1, 50], PIR: [5, 10], PRR: [5, 20], TSR: [10, 30], PTR: [15, 10], FTR: [15, 20],
    });
  });
});
