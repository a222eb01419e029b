/**
 * Starting and stopping the dashboard: the HTTP server on `host:port` (127.0.0.1 and any free port
 * by default) and everything it holds open (the store, opened files, event streams).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { MtapError } from '../errors.js';
import type { StoreTarget } from '../store/index.js';
import { VERSION } from '../version.js';
import { createApp } from './app.js';
import { DEFAULT_ASSETS_DIR, loadAssets } from './assets.js';
import type { DashboardContext } from './context.js';
import { LiveRuns } from './live.js';
import { Plans } from './plans.js';
import { MainSource } from './sources.js';
import { Uploads } from './uploads.js';

export interface DashboardOptions {
  store: StoreTarget;
  runsRoot: string;
  host?: string;
  /** 0 (the default) for any free port. */
  port?: number;
  /** Plan files the Flow view offers besides the plans of the runs under the runs root. */
  plans?: readonly string[];
  /** The built client; dist/dashboard/client by default. */
  assetsDir?: string;
}

export interface Dashboard {
  url: string;
  host: string;
  port: number;
  /** False when the client was not built (only the API is served). */
  clientBuilt: boolean;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';

/** What the page asks first (the Overview and its filter bar). */
const WARM = ['/api/meta', '/api/overview'];

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** How a host appears in a URL and a Host header. */
const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function startDashboard(opts: DashboardOptions): Promise<Dashboard> {
  const host = opts.host ?? DEFAULT_HOST;
  const closing = new AbortController();
  const ctx: DashboardContext = {
    version: VERSION,
    runsRoot: opts.runsRoot,
    main: new MainSource(opts.store, opts.runsRoot),
    uploads: new Uploads(),
    live: new LiveRuns(opts.runsRoot),
    plans: new Plans(opts.runsRoot, opts.plans ?? []),
    closing: closing.signal,
  };
  const assets = loadAssets(opts.assetsDir ?? DEFAULT_ASSETS_DIR);
  let allowed: Set<string> | null = null;
  const app = createApp(ctx, { assets, allowedHosts: () => allowed });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new MtapError('E_ADDRESS', `the dashboard cannot listen on ${urlHost(host)}:${opts.port ?? 0}: ${err.code ?? err.message}`)),
    );
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (isLoopback(host)) allowed = new Set([`${urlHost(host)}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  // Ask the first page's questions now, so the first look is answered from the cache.
  const warming = (async () => {
    for (const path of WARM) {
      if (closing.signal.aborted) return;
      await Promise.resolve(app.request(path, { headers: { host: `${urlHost(host)}:${port}` } })).catch(() => undefined);
    }
  })();
  let closed: Promise<void> | null = null;
  return {
    url: `http://${urlHost(host)}:${port}`,
    host,
    port,
    clientBuilt: assets.has('/index.html'),
    close: () =>
      (closed ??= (async () => {
        closing.abort();
        await warming;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Event streams end with the abort above; anything still open after a moment is cut.
          setTimeout(() => server.closeAllConnections(), 500).unref();
        });
        await ctx.main.close();
        await ctx.uploads.close();
      })()),
  };
}
