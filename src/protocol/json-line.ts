/**
 * A fast JSON writer for reply lines. The output is byte-identical to `JSON.stringify` (a property
 * test holds it to that); it is faster on the simulator's hot path because replies are flat objects of
 * short strings and numbers with at most four decimals, which are written with integer arithmetic
 * instead of the general shortest-round-trip double conversion.
 */

const keyCache = new Map<string, string>();

function key(k: string): string {
  let s = keyCache.get(k);
  if (s === undefined) {
    s = JSON.stringify(k);
    if (keyCache.size < 1024) keyCache.set(k, s);
  }
  return s;
}

/**
 * A number that is exactly some n / 10^4, written without float formatting. Only below 1e9, where a
 * double's spacing (< 2.4e-7) is far finer than 1e-4, so no shorter decimal names the same double and
 * n / 10^4 is the shortest round-trip form JSON.stringify would print.
 */
function fixed4(x: number): string | null {
  if (!(Math.abs(x) < 1e9)) return null;
  const n = Math.round(x * 10000);
  if (n / 10000 !== x) return null;
  if (n === 0) return '0';
  const abs = n < 0 ? -n : n;
  const ip = Math.floor(abs / 10000);
  let fp = abs - ip * 10000;
  const sign = n < 0 ? '-' : '';
  if (fp === 0) return sign + ip;
  let digits = 4;
  while (fp % 10 === 0) {
    fp /= 10;
    digits--;
  }
  let frac = '' + fp;
  while (frac.length < digits) frac = '0' + frac;
  return sign + ip + '.' + frac;
}

export function jsonNumber(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? (x === 0 ? '0' : '' + x) : JSON.stringify(x);
  return fixed4(x) ?? '' + x;
}

/** JSON text of any JSON-compatible value (`undefined` members are skipped, as JSON.stringify does). */
export function jsonValue(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return jsonNumber(v);
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
        return JSON.stringify(v) ?? 'null';
      }
      let out = '{';
      let first = true;
      for (const k in v) {
        const member = (v as Record<string, unknown>)[k];
        if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
        out += (first ? '' : ',') + key(k) + ':' + jsonValue(member);
        first = false;
      }
      return out + '}';
    }
    default:
      return JSON.stringify(v) ?? 'null';
  }
}
