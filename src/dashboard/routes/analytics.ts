/** The analytics views: Overview, Pareto (and its drill-down), Heatmaps, Measurements. */
import { Hono, type Context } from 'hono';
import { badRequest, notFound, withSource, type DashboardContext } from '../context.js';
import { heatmap, measurementSeries, measurements, overview, paretoData, paretoUnits } from '../metrics.js';
import { HEATMAP_BY, PARETO_BY, type HeatmapBy, type ParetoBy, type ParetoMode } from '../shared/api.js';
import { filterFromParams } from '../shared/filter.js';

function oneOf<T extends string>(c: Context, name: string, allowed: readonly T[], dflt: T): T {
  const v = c.req.query(name);
  if (v === undefined || v === '') return dflt;
  if (!(allowed as readonly string[]).includes(v)) throw badRequest(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** A limit in the query: a number, or empty/absent for none. */
function limit(c: Context, name: string): number | null {
  const v = c.req.query(name);
  if (v === undefined || v === '') return null;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest(`${name} must be a number or empty, got ${JSON.stringify(v)}`);
  return n;
}

const MODES: readonly ParetoMode[] = ['first', 'all'];

export function analyticsRoutes(ctx: DashboardContext): Hono {
  const app = new Hono();
  const filterOf = (c: Context) => filterFromParams(new URL(c.req.url).searchParams);

  app.get('/overview', async (c) => c.json(await withSource(ctx, c, (store) => overview(store, filterOf(c)))));

  app.get('/pareto', async (c) => {
    const mode = oneOf(c, 'mode', MODES, 'first');
    return c.json(await withSource(ctx, c, (store) => paretoData(store, filterOf(c), mode)));
  });

  app.get('/pareto/units', async (c) => {
    const mode = oneOf(c, 'mode', MODES, 'first');
    const by = oneOf<ParetoBy>(c, 'by', PARETO_BY, 'step');
    const name = c.req.query('name');
    if (name === undefined) throw badRequest('name (the bar) is required');
    return c.json(await withSource(ctx, c, (store) => paretoUnits(store, filterOf(c), mode, by, name)));
  });

  app.get('/heatmap', async (c) => {
    const by = oneOf<HeatmapBy>(c, 'by', HEATMAP_BY, 'batch');
    const mode = oneOf(c, 'mode', MODES, 'all');
    return c.json(await withSource(ctx, c, (store) => heatmap(store, filterOf(c), by, mode)));
  });

  app.get('/measurements', async (c) => c.json(await withSource(ctx, c, (store) => measurements(store, filterOf(c)))));

  app.get('/measurements/series', async (c) => {
    const step = c.req.query('step');
    const field = c.req.query('field');
    if (!step || !field) throw badRequest('step and field are required');
    const [lo, hi] = [limit(c, 'lo'), limit(c, 'hi')];
    // The capability rows are the Measurements view's own answer (usually cached by now).
    const table = new URL(c.req.url);
    table.pathname = table.pathname.replace(/\/series$/, '');
    for (const k of ['step', 'field', 'lo', 'hi']) table.searchParams.delete(k);
    const rows = await withSource(ctx, c, (store) => measurements(store, filterOf(c)), table);
    const row = rows.data?.rows.find((r) => r.step === step && r.field === field && r.lo === lo && r.hi === hi);
    if (rows.data && !row) throw notFound(`no measurement ${step}.${field} with those limits in the filter`);
    return c.json(await withSource(ctx, c, async (store) => (row ? measurementSeries(store, filterOf(c), row) : null)));
  });

  return app;
}
