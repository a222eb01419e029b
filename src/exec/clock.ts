/** Time for records: wall-clock timestamps with microseconds, in MTAP's ISO form. */
import { performance } from 'node:perf_hooks';

/** Milliseconds since the epoch, with sub-millisecond precision. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

// The date and time to the second change slowly: format them once per second (records are written in
// bursts, two timestamps per attempt).
let cachedSecond = NaN;
let cachedPrefix = '';

/** `2026-11-22T02:48:53.062657+00:00`: ISO-8601 UTC with microseconds, as MTAP v1 wrote it. */
export function isoMicro(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000); // exact: whole is an integer
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  }
  // Epoch milliseconds carry ~0.2 µs of float noise: round the fraction, never past the millisecond.
  const micros = (whole - second * 1000) * 1000 + Math.min(999, Math.round((ms - whole) * 1000));
  return `${cachedPrefix}.${String(micros).padStart(6, '0')}+00:00`;
}

export { sleep } from '../util/sleep.js';
