/** The checkout's files the container lint reads, and the facts it derives from the source tree. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Sources } from './lint.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** The runtime code: src/ without the browser client (Vite bundles that into static files). */
function runtimeFiles(root: string): string[] {
  const client = join(root, 'src', 'dashboard', 'client') + sep;
  return walk(join(root, 'src')).filter((f) => !f.startsWith(client));
}

/** Every MTAP_* name the runtime code mentions: the variables mtap can read. */
export function knownEnvVars(root: string): Set<string> {
  const names = new Set<string>();
  for (const f of runtimeFiles(root)) for (const m of readFileSync(f, 'utf8').matchAll(/\bMTAP_[A-Z0-9_]*[A-Z0-9]\b/g)) names.add(m[0]);
  return names;
}

/** Packages the runtime code imports (value imports; `import type` is erased). */
export function runtimeImports(root: string): Set<string> {
  const names = new Set<string>();
  const spec = /^\s*(?:import|export)\s+(?!type\s)[^'"]*?from\s+'([^'.][^']*)'|\bimport\(\s*'([^'.][^']*)'\s*\)/gm;
  for (const f of runtimeFiles(root)) {
    for (const m of readFileSync(f, 'utf8').matchAll(spec)) {
      const s = (m[1] ?? m[2])!;
      if (s.startsWith('node:')) continue;
      const parts = s.split('/');
      names.add(s.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return names;
}

export function readSources(root: string): Sources {
  const read = (p: string) => (existsSync(join(root, p)) ? readFileSync(join(root, p), 'utf8') : null);
  const pkg = JSON.parse(read('package.json') ?? '{}') as { dependencies?: Record<string, string> };
  return {
    dockerfile: read('Dockerfile') ?? '',
    dockerignore: read('.dockerignore'),
    compose: read('docker-compose.yml') ?? '',
    exists: (p) => existsSync(join(root, p)) && !relative(root, join(root, p)).startsWith('..'),
    knownEnv: knownEnvVars(root),
    runtimeImports: runtimeImports(root),
    dependencies: new Set(Object.keys(pkg.dependencies ?? {})),
  };
}
