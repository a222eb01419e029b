/** Calls to the dashboard's JSON API, and a hook that loads one and re-loads when its URL changes. */
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../shared/api.js';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function apiUrl(path: string, params: Record<string, string | undefined | null> | URLSearchParams = {}): string {
  const q = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const qs = q.toString();
  return `/api/${path}${qs ? `?${qs}` : ''}`;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal: signal ?? null, headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as ApiError | null)?.error;
    throw new ApiRequestError(res.status, err?.code ?? 'http', err?.message ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export type Loaded<T> = { state: 'loading'; value: T | null } | { state: 'ok'; value: T } | { state: 'error'; error: ApiRequestError | Error; value: T | null };

/** Load `url` (null: nothing to load); the previous value stays shown while the next one loads. */
export function useApi<T>(url: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading', value: null });
  useEffect(() => {
    if (url === null) return;
    const ac = new AbortController();
    setLoaded((prev) => ({ state: 'loading', value: prev.value }));
    getJson<T>(url, ac.signal).then(
      (value) => setLoaded({ state: 'ok', value }),
      (error: Error) => {
        if (!ac.signal.aborted) setLoaded((prev) => ({ state: 'error', error, value: prev.value }));
      },
    );
    return () => ac.abort();
  }, [url]);
  return loaded;
}
