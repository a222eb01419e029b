/** How the report writes numbers and times. Formatting only: the values are analytics'. */
import type { Proportion } from '../analytics/index.js';

export const DASH = '—';

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? DASH : `${(x * 100).toFixed(digits)}%`);

/** `93.0% [91.2–94.4]`: the value and its Wilson 95% interval. */
export function proportionText(p: Proportion): string {
  if (p.value === null) return DASH;
  return p.ci ? `${pct(p.value)} [${pct(p.ci.lo)}–${pct(p.ci.hi)}]` : pct(p.value);
}

export const int = (n: number | null | undefined): string => (n === null || n === undefined ? DASH : n.toLocaleString('en-US'));

/** A measured quantity: 6 significant digits, trailing zeros dropped; an exponent only for extremes. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (x !== 0 && (Math.abs(x) >= 1e9 || Math.abs(x) < 1e-5)) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

export const idx = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? DASH : x.toFixed(2));

export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined) return DASH;
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  return x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(x >= 10 ? 1 : 2)} ms`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `2026-11-22 02:48:53 UTC` from an ISO-8601 instant (any offset); the text itself if it does not parse. */
export function when(iso: string | null): string {
  if (!iso) return DASH;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const bin = (hard: number | null, soft: number | null): string => (hard === null ? DASH : `${hard}/${soft ?? DASH}`);
