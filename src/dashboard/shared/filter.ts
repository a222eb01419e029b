/**
 * The filter every view shares: a date range and one value each of station, stage, batch, firmware
 * and plan version. It lives in the page's URL (so a view can be bookmarked or shared) and in every
 * API request's query string, under the same names. No DOM and no Node here: both sides import it.
 */
export const FILTER_KEYS = ['from', 'to', 'station', 'stage', 'batch', 'fw', 'plan_version'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Absent keys do not filter. `from`/`to` are UTC days, `YYYY-MM-DD`, both included. */
export type Filter = Partial<Record<FilterKey, string>>;

export const FILTER_LABELS: Record<FilterKey, string> = {
  from: 'From',
  to: 'To',
  station: 'Station',
  stage: 'Stage',
  batch: 'Batch',
  fw: 'Firmware',
  plan_version: 'Plan version',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filter in a query string; unknown keys and empty values are ignored, bad days dropped. */
export function filterFromParams(params: URLSearchParams): Filter {
  const f: Filter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (!v) continue;
    if ((k === 'from' || k === 'to') && !DAY.test(v)) continue;
    f[k] = v;
  }
  return f;
}

export function filterToParams(f: Filter, into: URLSearchParams = new URLSearchParams()): URLSearchParams {
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v) into.set(k, v);
    else into.delete(k);
  }
  return into;
}

export function isEmptyFilter(f: Filter): boolean {
  return FILTER_KEYS.every((k) => !f[k]);
}
