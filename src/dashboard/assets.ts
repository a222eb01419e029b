/**
 * The browser client's files, as Vite built them into dist/dashboard/client. They are listed once at
 * start and served from memory by exact path: a request can only ever name one of these files, so no
 * path, encoded or not, reaches the file system (no traversal, no directory listing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Uint8Array;
  type: string;
  /** Vite names built files by content hash: they never change under the same name. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** dist/dashboard/client of this package, whether this module runs from dist/ or from src/ (tests). */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/dashboard/client', import.meta.url));

/** `/path` → file, for every file under `dir`; empty when the client was not built. */
export function loadAssets(dir: string = DEFAULT_ASSETS_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else {
        const type = TYPES[extname(name).toLowerCase()];
        if (!type) continue;
        const path = `/${relative(dir, file).split(sep).join('/')}`;
        assets.set(path, { body: readFileSync(file), type, immutable: path.startsWith('/assets/') });
      }
    }
  };
  walk(dir);
  return assets;
}

/** What `/` shows when the client was not built (an installed package always has it). */
export const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mtap dashboard</title></head>
<body><h1>mtap dashboard</h1><p>The browser client is not built. Run <code>npm run build</code> in the mtap checkout, then reload.
The JSON API under <code>/api/</code> works meanwhile.</p></body></html>`;
