/**
 * The reliability suite runs short inside `npm test` and at full size with `npm run test:reliability`
 * (MTAP_RELIABILITY=full). Every test is bounded in time, talks only to 127.0.0.1, and prints what it
 * survived as figures.
 */
export const FULL = process.env.MTAP_RELIABILITY === 'full';

/** `short` inside npm test, `full` under test:reliability. */
export const scale = (short: number, full: number): number => (FULL ? full : short);

export function report(test: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  process.stdout.write(`[reliability] ${test}${FULL ? ' (full)' : ''}: ${text}\n`);
}
