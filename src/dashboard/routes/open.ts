/**
 * Opening a file: POST /api/open with the files as multipart form data (field `files`). The request
 * must carry the `X-Mtap-Open` header: a page on another site cannot add one without a CORS
 * preflight, which this server never answers, so only the dashboard's own page can open files.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiFailure, badRequest, type DashboardContext } from '../context.js';
import { UploadError, type UploadedFile } from '../uploads.js';

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export function openRoutes(ctx: DashboardContext): Hono {
  const app = new Hono();
  app.post(
    '/',
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES,
      onError: () => {
        throw new ApiFailure(413, 'too_large', `files over ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB are not opened here: ingest the run directory into the store instead (mtap ingest)`);
      },
    }),
    async (c) => {
      if (c.req.header('x-mtap-open') !== '1') throw new ApiFailure(403, 'forbidden', 'opening a file needs the X-Mtap-Open: 1 header');
      let body: Record<string, string | File | (string | File)[]>;
      try {
        body = await c.req.parseBody({ all: true });
      } catch {
        throw badRequest('send the files as multipart/form-data, field "files"');
      }
      const field = body['files'];
      const files: UploadedFile[] = [];
      for (const f of Array.isArray(field) ? field : field === undefined ? [] : [field]) {
        if (typeof f === 'string') continue;
        files.push({ name: f.name || 'events.jsonl', bytes: new Uint8Array(await f.arrayBuffer()) });
      }
      try {
        return c.json(await ctx.uploads.open(files));
      } catch (err) {
        if (err instanceof UploadError) throw badRequest(err.message);
        throw err;
      }
    },
  );
  return app;
}
