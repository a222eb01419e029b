/**
 * The dashboard: a local web app over the results store, the run directories and the plans. A Hono
 * server with a small read-only JSON API (routes/) and a Preact client built by Vite (client/),
 * served from this process only. See docs/dashboard.md.
 *
 *     const dash = await startDashboard({ store: resolveStoreTarget({ runsRoot: 'runs' }), runsRoot: 'runs' });
 *     console.log(`dashboard on ${dash.url}`);   // http://127.0.0.1:<free port>
 *     await dash.close();
 */
export { DEFAULT_HOST, startDashboard, type Dashboard, type DashboardOptions } from './server.js';
export type * from './shared/api.js';
export { FILTER_KEYS, type Filter, type FilterKey } from './shared/filter.js';
