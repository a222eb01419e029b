/** Scales and ticks for the SVG charts. */

export type Scale = ((v: number) => number) & { domain: [number, number]; range: [number, number] };

export function linear(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const f = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  f.domain = domain;
  f.range = range;
  return f;
}

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** [lo, hi] widened to round numbers (and never empty). */
export function niceDomain(lo: number, hi: number): [number, number] {
  if (lo === hi) return lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const t = ticks(lo, hi, 5);
  const step = t.length > 1 ? t[1]! - t[0]! : hi - lo;
  return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step];
}

export const shorten = (text: string, max = 18): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const tickText = (v: number): string => (Math.abs(v) >= 1000 || Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(4))));
