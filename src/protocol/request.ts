/**
 * Requests: one UTF-8 line, `CMD [arg ...]`, tokens split on whitespace, the command case-insensitive
 * (upper-cased), arguments positional and case-preserving. Surrounding whitespace and a trailing CR are
 * stripped, so `\r\n` framing works. Blank lines are not requests (keep-alives) and get no reply.
 */

export type ParsedLine =
  | { kind: 'request'; cmd: string; args: string[] }
  | { kind: 'blank' }
  | { kind: 'invalid-utf8' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

const isAsciiSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

type Latin1 = { latin1Slice(start: number, end: number): string };
/** Buffer's own latin1 decoder without toString's argument handling (exact for ASCII). */
const latin1 = (buf: Buffer, start: number, end: number): string =>
  typeof (buf as unknown as Latin1).latin1Slice === 'function' ? (buf as unknown as Latin1).latin1Slice(start, end) : buf.toString('latin1', start, end);

export function parseRequestLine(bytes: Uint8Array): ParsedLine {
  // Fast path, one pass over the bytes, for plain ASCII (what requests are); else the strict decoder.
  const n = bytes.length;
  const bounds: number[] = [];
  let start = -1;
  let lowerInCmd = false;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c >= 0x80) return parseText(bytes);
    if (isAsciiSpace(c)) {
      if (start >= 0) bounds.push(start, i);
      start = -1;
    } else {
      if (start < 0) start = i;
      if (bounds.length === 0 && c >= 0x61 && c <= 0x7a) lowerInCmd = true;
    }
  }
  if (start >= 0) bounds.push(start, n);
  if (bounds.length === 0) return { kind: 'blank' };
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, n);
  const base = bounds[0]!;
  const text = latin1(buf, base, bounds[bounds.length - 1]!);
  const cmdText = text.slice(0, bounds[1]! - base);
  const args: string[] = [];
  for (let t = 2; t < bounds.length; t += 2) args.push(text.slice(bounds[t]! - base, bounds[t + 1]! - base));
  return { kind: 'request', cmd: lowerInCmd ? cmdText.toUpperCase() : cmdText, args };
}

function parseText(bytes: Uint8Array): ParsedLine {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'invalid-utf8' };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'blank' };
  const tokens = trimmed.split(/\s+/);
  const cmd = tokens[0]!.toUpperCase();
  return { kind: 'request', cmd, args: tokens.slice(1) };
}

/** Why a token cannot be sent on the wire, or null if it can. */
export function tokenProblem(token: string): string | null {
  if (token.length === 0) return 'is empty';
  if (/\s/.test(token)) return 'contains whitespace or a line break';
  if (Buffer.byteLength(token, 'utf8') > 256) return 'is longer than 256 bytes';
  return null;
}

/**
 * Build a request line (without the LF). Every token is checked: a token with whitespace would split
 * into two arguments or inject a second request, so it is refused here, before anything is sent.
 */
export function formatRequest(cmd: string, args: readonly string[] = []): { line: string } | { error: string } {
  const tokens = [cmd, ...args];
  for (let i = 0; i < tokens.length; i++) {
    const problem = tokenProblem(tokens[i]!);
    if (problem) {
      const what = i === 0 ? 'command' : `argument ${i}`;
      return { error: `${what} ${JSON.stringify(tokens[i])} ${problem}` };
    }
  }
  return { line: tokens.join(' ') };
}

/**
 * Parse a number the way the MTAP reference (Python `float()`) does: decimal or exponent notation with
 * optional sign, digit-group underscores, `inf`/`infinity`/`nan` in any case. Returns null if it is not one.
 */
export function parsePythonFloat(text: string): number | null {
  const s = text.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  const digits = String.raw`\d(?:_?\d)*`;
  const re = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  if (!re.test(s)) return null;
  return Number(s.replaceAll('_', ''));
}
