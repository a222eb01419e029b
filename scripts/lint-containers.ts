/**
 * `npm run lint:containers`: check the Dockerfile, .dockerignore and docker-compose.yml (there is no
 * Docker engine to build or run them here). Prints every problem as `file:line: [rule] message`, then
 * the command lines it checked against the CLI; exit 1 if there was any problem.
 */
import { fileURLToPath } from 'node:url';
import { lintContainers } from './containers/lint.js';
import { readSources } from './containers/sources.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { problems, commands } = lintContainers(readSources(root));
for (const p of problems) process.stdout.write(`${p.file}${p.line ? `:${p.line}` : ''}: [${p.rule}] ${p.message}\n`);
for (const c of commands) {
  const what = c.mtap ? `mtap ${c.mtap.command}` : 'not mtap';
  process.stdout.write(`  checked ${c.id} (${what}): ${c.argv.join(' ')}\n`);
}
process.stdout.write(
  problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}\n` : `containers: no problems; ${commands.filter((c) => c.mtap).length} mtap command lines parse against the CLI\n`,
);
process.exitCode = problems.length ? 1 : 0;
