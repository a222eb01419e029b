/**
 * Wilson score interval for a proportion: the 95% interval every yield in mtap carries, so that a
 * 100% yield over 3 units does not read like one over 3,000.
 *
 *     wilson(9, 10)   // { lo: 0.5958…, hi: 0.9821… }
 *     wilson(0, 0)    // null (no units, no yield)
 *
 * Unlike the normal ("Wald") interval it stays inside [0, 1] and is sensible at 0 and n. The point
 * estimate x/n always lies inside it: the ends are clamped for the last bits of floating error (at
 * x = 0 the formula's lower end is 0 only up to rounding).
 */
export interface Interval {
  lo: number;
  hi: number;
}

/** z for a two-sided 95% interval (the 97.5th percentile of the standard normal). */
export const Z95 = 1.959963984540054;

export function wilson(successes: number, trials: number, z = Z95): Interval | null {
  if (!(trials > 0)) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const lo = successes <= 0 ? 0 : Math.max(0, Math.min(p, center - half));
  const hi = successes >= trials ? 1 : Math.min(1, Math.max(p, center + half));
  return { lo, hi };
}

/** A proportion with its interval: what every yield and rate is returned as. */
export interface Proportion {
  /** Numerator: units (or executions, attempts) that meet the definition. */
  count: number;
  /** Denominator. */
  total: number;
  /** count ÷ total; null when total is 0. */
  value: number | null;
  /** Wilson 95% interval; null when total is 0. */
  ci: Interval | null;
}

export function proportion(count: number, total: number): Proportion {
  return { count, total, value: total > 0 ? count / total : null, ci: wilson(count, total) };
}
