/**
 * What every route works with: the data sources, the live runs, the plans; and how a route answers
 * with an envelope or an error.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Store } from '../store/index.js';
import type { LiveRuns } from './live.js';
import type { Plans } from './plans.js';
import type { Envelope, SourceInfo } from './shared/api.js';
import type { MainSource } from './sources.js';
import type { Uploads } from './uploads.js';

export interface DashboardContext {
  version: string;
  runsRoot: string;
  main: MainSource;
  uploads: Uploads;
  live: LiveRuns;
  plans: Plans;
  /** Ends open event streams when the server stops. */
  closing: AbortSignal;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiFailure(404, 'not_found', what);
export const badRequest = (message: string) => new ApiFailure(400, 'bad_request', message);

/**
 * Run `fn` on the source the request names (`?source=`; the store by default). `fn` gets null when
 * there is no data at all, and then the envelope's data is null.
 */
export async function withSource<T>(
  ctx: DashboardContext,
  c: Context,
  fn: (store: Store, source: SourceInfo) => Promise<T | null>,
  /** Answer as if asked at this URL (path and query), for the cache; the request's own by default. */
  as?: URL,
): Promise<Envelope<T>> {
  const url = new URL(as ?? c.req.url);
  const id = url.searchParams.get('source') || 'main';
  // The question, for the answer cache: the endpoint and its parameters in a fixed order.
  url.searchParams.sort();
  const key = `${url.pathname}?${url.searchParams.toString()}`;
  if (id === 'main') return ctx.main.use(async (store, source) => ({ source, data: store ? await fn(store, source) : null }), key);
  const answer = await ctx.uploads.use(id, async (store, source) => ({ source, data: await fn(store, source) }), key);
  if (!answer) throw notFound(`the opened file ${id} is no longer open (the dashboard keeps the last few): open it again`);
  return answer;
}
