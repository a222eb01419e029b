/**
 * `npm run bench [name...]`: runs every bench/*.bench.ts (or those whose name contains one of the
 * arguments), each in its own process so one benchmark's garbage never slows the next.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed++;
    process.stdout.write(`!!! ${file} exited with status ${res.status ?? res.signal}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
