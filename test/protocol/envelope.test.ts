import { describe, expect, it } from 'vitest';
import { errorReply, okReply, parseReplyLine, serializeReply } from '../../src/protocol/index.js';

describe('reply envelope', () => {
  it('always carries ok, error_code, message, data and meta', () => {
    expect(JSON.parse(serializeReply(okReply('PING', { sn: 'A' })))).toEqual({
      ok: true,
      error_code: null,
      message: 'OK',
      data: { sn: 'A' },
      meta: { cmd: 'PING' },
    });
    expect(JSON.parse(serializeReply(errorReply('X', 'E_UNKNOWN_CMD', 'Unknown command: X')))).toEqual({
      ok: false,
      error_code: 'E_UNKNOWN_CMD',
      message: 'Unknown command: X',
      data: {},
      meta: { cmd: 'X' },
    });
    expect(serializeReply(okReply('PING', {})).endsWith('\n')).toBe(true);
  });

  it('parses an MTAP v1 reply (Python spacing, meta optional)', () => {
    const r = parseReplyLine('{"ok": true, "error_code": null, "message": "OK", "data": {"vbat_v": 12.0}}');
    expect(r).toEqual({ ok: true, reply: { ok: true, error_code: null, message: 'OK', data: { vbat_v: 12 }, meta: { cmd: '' } } });
  });

  it.each([
    ['not json', 'reply is not JSON'],
    ['[1,2]', 'reply is not a JSON object'],
    ['{"error_code":null,"message":"OK","data":{}}', 'no boolean "ok"'],
    ['{"ok":true,"error_code":5,"message":"OK","data":{}}', '"error_code" is neither'],
    ['{"ok":true,"error_code":null,"data":{}}', 'no string "message"'],
    ['{"ok":true,"error_code":null,"message":"OK","data":[]}', '"data" is not an object'],
    ['{"ok":false,"error_code":null,"message":"x","data":{}}', 'error reply has no error_code'],
  ])('rejects %s', (line, problem) => {
    const r = parseReplyLine(line);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(problem);
  });
});

describe('serializeReply is JSON.stringify plus LF, byte for byte', () => {
  it('for generated replies', async () => {
    const fc = (await import('fast-check')).default;
    const data = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(fc.boolean(), fc.option(fc.string(), { nil: null }), fc.string(), data, fc.dictionary(fc.string(), fc.jsonValue()), (ok, code, message, d, meta) => {
        const reply = { ok, error_code: code, message, data: d, meta: { cmd: 'X', ...meta } } as unknown as Parameters<typeof serializeReply>[0];
        expect(serializeReply(reply)).toBe(JSON.stringify(reply) + '\n');
        const plain = ok ? okReply('PING', d as never) : errorReply('PING', 'E_BUSY', message);
        expect(serializeReply(plain)).toBe(JSON.stringify(plain) + '\n');
      }),
      { numRuns: 2000 },
    );
  });
});
