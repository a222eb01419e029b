/**
 * The container lint: hadolint-style rules for the Dockerfile, structural rules for
 * docker-compose.yml, and — the point of it — every command line either file runs (entrypoint +
 * command, health checks) parsed against the real CLI. It also hands those command lines to the test
 * that runs them outside containers (test/deploy/compose-commands.test.ts).
 *
 * Rules are ours, named like `dockerfile/user`; docs/deployment.md lists them. Pure over file contents
 * (a `Sources` record), so tests can lint broken variants without touching the checkout.
 */
import { lintCompose } from './compose-rules.js';
import { parseCompose } from './compose.js';
import { lintDockerfile, lintDockerignore, lintRuntimeDeps } from './dockerfile-rules.js';
import { parseDockerfile } from './dockerfile.js';
import { dockerfileCommands, imageFacts } from './image.js';
import type { CommandLine, LintResult, Problem, Sources } from './types.js';

export { REQUIRED_SERVICES, type CommandLine, type LintResult, type Problem, type Sources } from './types.js';

export function lintContainers(src: Sources): LintResult {
  const problems: Problem[] = [];
  const df = parseDockerfile(src.dockerfile);
  const compose = parseCompose(src.compose, {});
  const image = imageFacts(df);
  const commands: CommandLine[] = [];

  for (const p of df.problems) problems.push({ file: 'Dockerfile', line: p.line, rule: 'dockerfile/syntax', message: p.message });
  for (const p of compose.problems) problems.push({ file: 'docker-compose.yml', line: p.line, rule: 'compose/syntax', message: p.message });
  lintDockerfile(df, image, src, problems);
  lintDockerignore(df, src, problems);
  lintRuntimeDeps(src, problems);
  commands.push(...dockerfileCommands(df, image, problems));
  lintCompose(compose, image, src, problems, commands);
  return { problems, commands };
}
