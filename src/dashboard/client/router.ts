/**
 * The page's state lives in the URL hash, `#/<view>?<params>`: the view, the filter and the view's
 * own choices (a Pareto dimension, a serial…), so every screen can be bookmarked, shared and reloaded.
 */
import { useEffect, useState } from 'preact/hooks';
import { FILTER_KEYS } from '../shared/filter.js';

export const VIEWS = ['overview', 'pareto', 'heatmaps', 'measurements', 'units', 'live', 'flow', 'open'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const name = q < 0 ? text : text.slice(0, q);
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : 'overview';
  return { view, params: new URLSearchParams(q < 0 ? '' : text.slice(q + 1)) };
}

export function hashOf(view: View, params: URLSearchParams): string {
  const q = params.toString();
  return `#/${view}${q ? `?${q}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** What follows you from one view to another: the data source and the filter. */
export const SHARED_PARAMS = ['source', ...FILTER_KEYS] as const;

export function sharedParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of SHARED_PARAMS) {
    const v = params.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

/**
 * Go to a view with some params changed (null removes one). Within a view every other param is kept;
 * to another view, only the source and the filter.
 */
export function navigate(view: View, patch: Record<string, string | null> = {}, base?: URLSearchParams): void {
  const current = parseHash(location.hash);
  const params = new URLSearchParams(base ?? (current.view === view ? current.params : sharedParams(current.params)));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === '') params.delete(k);
    else params.set(k, v);
  }
  const next = hashOf(view, params);
  if (next !== location.hash) location.hash = next;
}

/** Change params of the current view. */
export function setParams(patch: Record<string, string | null>): void {
  const { view, params } = parseHash(location.hash);
  navigate(view, patch, params);
}
