/** The API query for a view: the filter from the page's params, and the source (store or a file). */
import { filterFromParams, filterToParams } from '../shared/filter.js';

export function filterParams(params: URLSearchParams, extra: Record<string, string | null | undefined> = {}): URLSearchParams {
  const q = filterToParams(filterFromParams(params));
  const source = params.get('source');
  if (source) q.set('source', source);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  return q;
}
