/**
 * The dashboard's HTTP application: its built client files and its JSON API under /api, nothing
 * else. Read-only: no route writes the store or a run directory (opening a file keeps it in memory).
 *
 * Every response carries a strict content security policy (scripts, styles and connections from this
 * origin only) and nosniff. When the server listens on a loopback address, a request whose Host is
 * not that address is refused: a web page elsewhere cannot reach the API by pointing a name of its
 * own at 127.0.0.1 (DNS rebinding).
 */
import { Hono, type Context } from 'hono';
import { isMtapError } from '../errors.js';
import { NOT_BUILT_PAGE, type Asset } from './assets.js';
import { ApiFailure, type DashboardContext } from './context.js';
import { analyticsRoutes } from './routes/analytics.js';
import { dataRoutes } from './routes/data.js';
import { flowRoutes } from './routes/flow.js';
import { liveRoutes } from './routes/live.js';
import { openRoutes } from './routes/open.js';
import type { ApiError } from './shared/api.js';

export interface AppOptions {
  assets: Map<string, Asset>;
  /** Host header values accepted; null accepts any (the server was bound to a non-loopback address). */
  allowedHosts: () => ReadonlySet<string> | null;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const errorBody = (code: string, message: string): ApiError => ({ error: { code, message } });

export function createApp(ctx: DashboardContext, opts: AppOptions): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const allowed = opts.allowedHosts();
    if (allowed && !allowed.has((c.req.header('host') ?? '').toLowerCase())) {
      return c.json(errorBody('bad_host', 'this dashboard answers only at its own address'), 421);
    }
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });

  const api = new Hono();
  api.route('/', dataRoutes(ctx));
  api.route('/', analyticsRoutes(ctx));
  api.route('/live', liveRoutes(ctx));
  api.route('/flow', flowRoutes(ctx));
  api.route('/open', openRoutes(ctx));
  app.route('/api', api);
  app.onError((err, c) => {
    if (err instanceof ApiFailure) return c.json(errorBody(err.code, err.message), err.status);
    // A layer's usage errors (an unknown stage or step in a dry run, say) are the caller's to fix.
    if (isMtapError(err) && (err.code === 'E_USAGE' || err.code === 'E_PLAN')) return c.json(errorBody('bad_request', err.message), 400);
    if (isMtapError(err)) return c.json(errorBody(err.code, err.message), 503);
    return c.json(errorBody('internal', `internal error: ${err instanceof Error ? err.message : String(err)}`), 500);
  });

  const notFound = (c: Context) =>
    c.req.path === '/api' || c.req.path.startsWith('/api/')
      ? c.json(errorBody('not_found', `no API endpoint ${c.req.method} ${c.req.path}`), 404)
      : c.text('not found', 404);

  app.get('*', (c) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const asset = opts.assets.get(path);
    if (!asset) {
      if (path === '/index.html') return c.html(NOT_BUILT_PAGE);
      return notFound(c);
    }
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    return c.body(asset.body as Uint8Array<ArrayBuffer>);
  });
  app.notFound(notFound);
  return app;
}
