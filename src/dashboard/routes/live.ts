/**
 * The live view: run directories under the runs root, a run's snapshot, and a stream of snapshots
 * (server-sent events) that sends one whenever the run's files grow, checked four times a second.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { notFound, type DashboardContext } from '../context.js';

const POLL_MS = 250;
/** A comment line now and then keeps proxies and idle timers from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export function liveRoutes(ctx: DashboardContext): Hono {
  const app = new Hono();

  app.get('/runs', async (c) => c.json(await ctx.live.list()));

  app.get('/runs/:id', async (c) => {
    const snap = await ctx.live.get(c.req.param('id'))?.snapshot();
    if (!snap) throw notFound(`no run ${JSON.stringify(c.req.param('id'))} under ${ctx.runsRoot}`);
    return c.json(snap);
  });

  app.get('/runs/:id/stream', (c) => {
    const run = ctx.live.get(c.req.param('id'));
    if (!run) throw notFound(`no run ${JSON.stringify(c.req.param('id'))} under ${ctx.runsRoot}`);
    return streamSSE(c, async (stream) => {
      let last = '';
      let quiet = 0;
      const stop = () => void stream.abort();
      ctx.closing.addEventListener('abort', stop, { once: true });
      try {
        while (!stream.aborted && !stream.closed && !ctx.closing.aborted) {
          const snap = await run.snapshot();
          // updated_at changes every time: compare without it.
          const text = snap ? JSON.stringify({ ...snap, updated_at: '' }) : '';
          if (snap && text !== last) {
            last = text;
            quiet = 0;
            await stream.writeSSE({ event: 'snapshot', data: JSON.stringify(snap) });
          } else if ((quiet += POLL_MS) >= KEEPALIVE_MS) {
            quiet = 0;
            await stream.write(': keepalive\n\n');
          }
          await stream.sleep(POLL_MS);
        }
      } finally {
        ctx.closing.removeEventListener('abort', stop);
      }
    });
  });

  return app;
}
