/** How numbers read on the page. */
import type { Proportion } from '../shared/api.js';

export const pct = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`);

export const interval = (p: Proportion): string => (p.ci ? `${pct(p.ci.lo)} – ${pct(p.ci.hi)}` : '—');

export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(Math.max(digits, 1))).toString();
}

export const fixed = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Store timestamps (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC) to the second. */
export const time = (t: string | null | undefined): string => (t ? t.replace('T', ' ').slice(0, 19) : '—');

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
