/** The Flow view: the plans known here, a plan's diagram, and the dry run. */
import { Hono } from 'hono';
import { optionList } from '../../plan/index.js';
import { notFound, type DashboardContext } from '../context.js';

export function flowRoutes(ctx: DashboardContext): Hono {
  const app = new Hono();

  app.get('/plans', (c) => c.json(ctx.plans.list()));

  app.get('/plans/:id', (c) => {
    const detail = ctx.plans.detail(c.req.param('id'));
    if (!detail) throw notFound(`no plan ${JSON.stringify(c.req.param('id'))}`);
    return c.json(detail);
  });

  // A bad stage, flag or step id is the plan layer's E_USAGE: a 400 with its message.
  app.get('/plans/:id/dry-run', (c) => {
    const list = (name: string) => optionList(c.req.queries(name) ?? []);
    const job = c.req.query('job');
    const result = ctx.plans.dryRun(c.req.param('id'), {
      ...(job ? { job } : {}),
      enable: list('enable'),
      disable: list('disable'),
      fail: list('fail'),
    });
    if (!result) throw notFound(`no plan ${JSON.stringify(c.req.param('id'))}`);
    return c.json(result);
  });

  return app;
}
