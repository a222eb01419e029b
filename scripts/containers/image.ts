/**
 * The image the Dockerfile builds, as the facts the rules need (entrypoint, default command, health
 * check, user, WORKDIR, ENV, what comes from the build context), and the command lines it runs, each
 * parsed against the CLI.
 */
import { checkCliArgs, mtapArgs } from './cli-args.js';
import { copyOf, envOf, execForm, healthcheckOf, lastOf, resolvePosix, workdirAt, type Dockerfile, type Stage } from './dockerfile.js';
import type { CommandLine, Problem } from './types.js';

export interface ImageFacts {
  final: Stage | null;
  entrypoint: string[] | null;
  cmd: string[] | null;
  healthcheck: string[] | null;
  user: string | null;
  workdir: string;
  env: Map<string, string>;
  /** Final-stage COPY destinations (absolute) → context sources, for COPYs from the build context. */
  contextCopies: { dest: string; source: string }[];
}

export function imageFacts(df: Dockerfile): ImageFacts {
  const final = df.stages.at(-1) ?? null;
  if (!final) return { final, entrypoint: null, cmd: null, healthcheck: null, user: null, workdir: '/', env: new Map(), contextCopies: [] };
  const ep = lastOf(final, 'ENTRYPOINT');
  const cmd = lastOf(final, 'CMD');
  const hc = lastOf(final, 'HEALTHCHECK');
  const user = lastOf(final, 'USER');
  const contextCopies: ImageFacts['contextCopies'] = [];
  for (const ins of final.instructions) {
    if (ins.keyword !== 'COPY') continue;
    const c = copyOf(ins);
    if (c.from) continue;
    const dest = resolvePosix(workdirAt(final, ins), c.dest);
    for (const s of c.sources) contextCopies.push({ dest: c.sources.length > 1 || c.dest.endsWith('/') ? `${dest}/${s.split('/').at(-1)}` : dest, source: s.replace(/\/+$/, '') });
  }
  const hcSpec = hc ? healthcheckOf(hc) : null;
  return {
    final,
    entrypoint: ep ? execForm(ep.args) : null,
    cmd: cmd ? execForm(cmd.args) : null,
    healthcheck: hcSpec && !hcSpec.none ? hcSpec.argv : null,
    user: user ? user.args.trim() : null,
    workdir: workdirAt(final),
    env: envOf(final),
    contextCopies,
  };
}

/** The checkout file an absolute image path comes from (a COPY from the build context), if any. */
export function contextFileFor(image: ImageFacts, path: string): string | null {
  for (const c of image.contextCopies) {
    if (path === c.dest) return c.source;
    if (path.startsWith(`${c.dest}/`)) return `${c.source}/${path.slice(c.dest.length + 1)}`;
  }
  return null;
}

export function dockerfileCommands(df: Dockerfile, image: ImageFacts, problems: Problem[]): CommandLine[] {
  const out: CommandLine[] = [];
  const final = df.stages.at(-1);
  if (!final) return out;
  const env = Object.fromEntries(image.env);
  const entryLine = lastOf(final, 'ENTRYPOINT')?.line ?? final.line;
  if (image.entrypoint) {
    const argv = [...image.entrypoint, ...(image.cmd ?? [])];
    out.push(commandLine({ id: 'dockerfile:cmd', file: 'Dockerfile', line: lastOf(final, 'CMD')?.line ?? entryLine, service: null, role: 'command', argv, env, workdir: image.workdir }, problems));
  }
  if (image.healthcheck) {
    out.push(commandLine({ id: 'dockerfile:healthcheck', file: 'Dockerfile', line: lastOf(final, 'HEALTHCHECK')!.line, service: null, role: 'healthcheck', argv: image.healthcheck, env, workdir: image.workdir }, problems));
  }
  return out;
}

/** Parse a command line against the CLI when it runs mtap; a problem when the CLI would refuse it. */
export function commandLine(c: Omit<CommandLine, 'mtap'>, problems: Problem[]): CommandLine {
  const args = mtapArgs(c.argv);
  if (!args) return { ...c, mtap: null };
  const check = checkCliArgs(args);
  if (!check.ok) {
    problems.push({ file: c.file, line: c.line, rule: `${c.file === 'Dockerfile' ? 'dockerfile' : 'compose'}/cli`, message: `${describe(c)}: mtap ${args.join(' ')}: ${check.message}` });
    return { ...c, mtap: null };
  }
  return { ...c, mtap: check.parsed };
}

const describe = (c: Pick<CommandLine, 'service' | 'role' | 'id'>) => (c.service ? `service ${c.service} ${c.role}` : c.id);
