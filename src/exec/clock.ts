/** Time for records: wall-clock timestamps with microseconds, in MTAP's ISO form. */
import { performance } from 'node:perf_hooks';

/** Milliseconds since the epoch, with sub-millisecond precision. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/** `2026-11-22T02:48:53.062657+00:00`: ISO-8601 UTC with microseconds, as MTAP v1 wrote it. */
export function isoMicro(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  const iso = new Date(whole).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`;
}

/** Wait `ms`, or less if the signal aborts first. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
