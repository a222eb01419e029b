/** The store's records: filter options, the run list, serial search and a serial's history. */
import { Hono } from 'hono';
import { filterOptions, runList, searchSerials, unitHistory } from '../queries.js';
import { filterFromParams } from '../shared/filter.js';
import type { Meta } from '../shared/api.js';
import { notFound, withSource, type DashboardContext } from '../context.js';

export function dataRoutes(ctx: DashboardContext): Hono {
  const app = new Hono();
  const filterOf = (url: string) => filterFromParams(new URL(url).searchParams);

  app.get('/meta', async (c) =>
    c.json(
      await withSource<Meta>(ctx, c, async (store, source) => ({
        version: ctx.version,
        runsRoot: ctx.runsRoot,
        store: source.kind === 'store' ? source.label : null,
        options: await filterOptions(store),
      })),
    ),
  );

  app.get('/runs', async (c) => c.json(await withSource(ctx, c, (store) => runList(store, filterOf(c.req.url)))));

  app.get('/units', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 200);
    return c.json(await withSource(ctx, c, (store) => searchSerials(store, q)));
  });

  app.get('/units/:sn', async (c) => {
    const sn = c.req.param('sn');
    const answer = await withSource(ctx, c, (store) => unitHistory(store, sn));
    if (answer.source.kind !== 'none' && answer.data === null) throw notFound(`no unit with serial ${JSON.stringify(sn)} in ${answer.source.label}`);
    return c.json(answer);
  });

  return app;
}
