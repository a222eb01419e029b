/**
 * The reply envelope: exactly one JSON object per request, on one LF-terminated line, always with
 * `ok`, `error_code` (string or null), `message` ("OK" on success), `data` (an object, `{}` on error)
 * and `meta` (`{cmd}`: the upper-cased command, `(decode)` for invalid UTF-8, `(line)` for an over-long
 * line, `(server)` for connection-level refusals).
 */
import type { WireErrorCode } from './codes.js';
import { jsonValue } from './json-line.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ReplyMeta extends JsonObject {
  cmd: string;
}

export interface OkReply {
  ok: true;
  error_code: null;
  message: 'OK';
  data: JsonObject;
  meta: ReplyMeta;
}

export interface ErrorReply {
  ok: false;
  error_code: string;
  message: string;
  data: JsonObject;
  meta: ReplyMeta;
}

export type Reply = OkReply | ErrorReply;

export function okReply(cmd: string, data: JsonObject): OkReply {
  return { ok: true, error_code: null, message: 'OK', data, meta: { cmd } };
}

export function errorReply(cmd: string, code: WireErrorCode, message: string): ErrorReply {
  return { ok: false, error_code: code, message, data: {}, meta: { cmd } };
}

const OK_HEAD = '{"ok":true,"error_code":null,"message":"OK","data":';
const metaTails = new Map<string, string>();

/** `,"meta":{"cmd":CMD}}` + LF, cached per command. */
function metaTail(cmd: string): string {
  let tail = metaTails.get(cmd);
  if (tail === undefined) {
    tail = ',"meta":{"cmd":' + jsonValue(cmd) + '}}\n';
    if (metaTails.size < 256) metaTails.set(cmd, tail);
  }
  return tail;
}

/** The wire line of `okReply(cmd, data)`, from the data's JSON text. */
export function okLine(cmd: string, dataJson: string): string {
  return OK_HEAD + dataJson + metaTail(cmd);
}

/** The wire line of `errorReply(cmd, code, message)`. */
export function errorLine(cmd: string, code: string, message: string): string {
  return '{"ok":false,"error_code":' + jsonValue(code) + ',"message":' + jsonValue(message) + ',"data":{}' + metaTail(cmd);
}

/** One reply as its wire line, LF included: exactly `JSON.stringify(reply) + '\n'`, written faster. */
export function serializeReply(reply: Reply): string {
  const meta = reply.meta;
  let metaKeys = 0;
  for (const _ in meta) metaKeys++;
  const plainMeta = metaKeys === 1 && typeof meta.cmd === 'string';
  const head =
    reply.ok && reply.error_code === null && reply.message === 'OK'
      ? OK_HEAD
      : '{"ok":' + reply.ok + ',"error_code":' + jsonValue(reply.error_code) + ',"message":' + jsonValue(reply.message) + ',"data":';
  return head + jsonValue(reply.data) + (plainMeta ? metaTail(meta.cmd) : ',"meta":' + jsonValue(meta) + '}\n');
}

export type ParsedReply = { ok: true; reply: Reply } | { ok: false; problem: string };

/**
 * Parse and check a reply line from a DUT. The envelope keys must be there with the right types; extra
 * keys are allowed (a newer server may add some). `meta` is optional, as in MTAP v1's written contract.
 */
export function parseReplyLine(line: string): ParsedReply {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, problem: `reply is not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'reply is not a JSON object' };
  }
  const v = value as Record<string, unknown>;
  if (typeof v.ok !== 'boolean') return { ok: false, problem: 'reply has no boolean "ok"' };
  if (!(v.error_code === null || typeof v.error_code === 'string')) {
    return { ok: false, problem: 'reply "error_code" is neither a string nor null' };
  }
  if (typeof v.message !== 'string') return { ok: false, problem: 'reply has no string "message"' };
  if (typeof v.data !== 'object' || v.data === null || Array.isArray(v.data)) {
    return { ok: false, problem: 'reply "data" is not an object' };
  }
  if (!v.ok && (typeof v.error_code !== 'string' || v.error_code === '')) {
    return { ok: false, problem: 'error reply has no error_code' };
  }
  const metaRaw = v.meta;
  const meta: ReplyMeta =
    typeof metaRaw === 'object' && metaRaw !== null && !Array.isArray(metaRaw) && typeof (metaRaw as ReplyMeta).cmd === 'string'
      ? (metaRaw as ReplyMeta)
      : { cmd: '' };
  return { ok: true, reply: { ...(v as unknown as Reply), meta } };
}

