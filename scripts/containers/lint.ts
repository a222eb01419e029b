/**
 * The container lint: hadolint-style rules for the Dockerfile, structural rules for
 * docker-compose.yml, and — the point of it — every command line either file runs (entrypoint +
 * command, health checks) parsed against the real CLI. It also hands those command lines to the test
 * that runs them outside containers (test/deploy/compose-commands.test.ts).
 *
 * Rules are ours, named like `dockerfile/user`; docs/deployment.md lists them. Pure over file contents
 * (a `Sources` record), so tests can lint broken variants without touching the checkout.
 */
import type { ParsedCli } from './cli-args.js';
import { checkCliArgs, mtapArgs } from './cli-args.js';
import { parseCompose, type ComposeFile, type Service } from './compose.js';
import { DockerIgnore } from './dockerignore.js';
import {
  copyOf,
  envOf,
  execForm,
  healthcheckOf,
  lastOf,
  parseDockerfile,
  parseImageRef,
  resolvePosix,
  splitFlags,
  workdirAt,
  type Dockerfile,
  type Stage,
} from './dockerfile.js';

export interface Sources {
  dockerfile: string;
  dockerignore: string | null;
  compose: string;
  /** Does this context-relative path exist in the checkout? */
  exists: (path: string) => boolean;
  /** MTAP_* variables the source reads (knownEnvVars). */
  knownEnv: ReadonlySet<string>;
  /** Bare package names the runtime code imports, and package.json's dependencies. */
  runtimeImports: ReadonlySet<string>;
  dependencies: ReadonlySet<string>;
}

export interface Problem {
  file: 'Dockerfile' | 'docker-compose.yml' | '.dockerignore' | 'package.json';
  line: number;
  rule: string;
  message: string;
}

/** A command line one of the files runs, as the container would run it. */
export interface CommandLine {
  /** Stable id: `compose:runner:command`, `compose:dut:healthcheck`, `dockerfile:cmd`, `dockerfile:healthcheck`. */
  id: string;
  file: Problem['file'];
  line: number;
  service: string | null;
  role: 'command' | 'healthcheck';
  argv: string[];
  /** The image's ENV with the service's environment over it. */
  env: Record<string, string>;
  workdir: string;
  /** When the line runs mtap: what the CLI parsed. */
  mtap: ParsedCli | null;
}

export interface LintResult {
  problems: Problem[];
  commands: CommandLine[];
}

/** The services the issue asks for. */
export const REQUIRED_SERVICES = ['dut', 'runner', 'postgres', 'dashboard'] as const;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const ROOT_USERS = /^(root|0)(:(root|0))?$/;
const CONTEXT_MUST_EXCLUDE = ['node_modules', '.git', 'runs', 'dist', 'mtap.duckdb', '.env'];
/** Options whose value is a file the command reads. */
const FILE_OPTIONS = ['plan', 'config', 'script', 'requirements'];
const DEFAULT_DUT_PORT = 9000;

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

// ---- the image ----------------------------------------------------------------------------------------

interface ImageFacts {
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

function imageFacts(df: Dockerfile): ImageFacts {
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
function contextFileFor(image: ImageFacts, path: string): string | null {
  for (const c of image.contextCopies) {
    if (path === c.dest) return c.source;
    if (path.startsWith(`${c.dest}/`)) return `${c.source}/${path.slice(c.dest.length + 1)}`;
  }
  return null;
}

// ---- Dockerfile rules ---------------------------------------------------------------------------------

function lintDockerfile(df: Dockerfile, image: ImageFacts, src: Sources, problems: Problem[]): void {
  const add = (line: number, rule: string, message: string) => problems.push({ file: 'Dockerfile', line, rule: `dockerfile/${rule}`, message });
  const stageNames = new Set(df.stages.map((s) => s.name).filter((n): n is string => n !== null));
  if (df.stages.length === 0) {
    add(1, 'multi-stage', 'no FROM');
    return;
  }
  const final = df.stages.at(-1)!;

  // multi-stage: build tools stay in the build stage; the final stage copies what was built.
  if (df.stages.length < 2) add(final.line, 'multi-stage', 'one stage: build in a stage of its own and copy only what runs into the final one');
  else if (!final.instructions.some((i) => i.keyword === 'COPY' && copyOf(i).from !== null)) {
    add(final.line, 'multi-stage', 'the final stage copies nothing from the build stage (COPY --from=…)');
  }

  for (const st of df.stages) {
    if (stageNames.has(st.image) || st.image === 'scratch') continue;
    const ref = parseImageRef(st.image);
    if (!ref.tag && !ref.digest) add(st.line, 'base-pinned', `${st.image}: no tag (means latest); pin a version`);
    else if (ref.tag === 'latest') add(st.line, 'base-pinned', `${st.image}: "latest" moves; pin a version`);
    else if (ref.tag && !ref.digest && !/\d/.test(ref.tag)) add(st.line, 'base-pinned', `${st.image}: the tag names no version`);
    if (ref.tag && /alpine/i.test(ref.tag)) add(st.line, 'base-glibc', `${st.image}: Alpine is musl; DuckDB's npm package ships its binary for glibc (use a Debian image)`);
  }

  // USER: the last one in the final stage, non-root, before ENTRYPOINT/CMD.
  const userIns = lastOf(final, 'USER');
  const entry = lastOf(final, 'ENTRYPOINT');
  const cmd = lastOf(final, 'CMD');
  if (!userIns) add(final.line, 'user', 'the final stage has no USER: the container would run as root');
  else {
    if (ROOT_USERS.test(userIns.args.trim())) add(userIns.line, 'user', `USER ${userIns.args.trim()}: run as a non-root user`);
    for (const ins of [entry, cmd]) {
      if (ins && ins.line < userIns.line) add(ins.line, 'user', `${ins.keyword} comes before USER: put USER first, so what follows is set up for that user`);
    }
  }

  for (const st of df.stages) {
    for (const ins of st.instructions) {
      if (ins.keyword === 'RUN') {
        const run = ins.args;
        if (/\bnpm\s+(install|i|add)\b/.test(run)) add(ins.line, 'npm-ci', '`npm install` can change the lockfile: use `npm ci`');
        if (/\b(yarn|pnpm)\s+(install|add)\b/.test(run)) add(ins.line, 'npm-ci', 'this package is installed with npm ci (package-lock.json)');
        if (st === final && /\bnpm\s+ci\b/.test(run) && !/--omit[= ]dev|--production\b/.test(run)) {
          add(ins.line, 'npm-ci', 'the final stage installs dev dependencies: `npm ci --omit=dev`');
        }
        if (/(^|[;&|]\s*)cd\s/.test(run)) add(ins.line, 'workdir', 'use WORKDIR instead of `cd` in RUN');
        if (/\bapt-get\s+install\b/.test(run)) {
          if (!/\s-y\b|--yes\b|--assume-yes\b/.test(run)) add(ins.line, 'apt', 'apt-get install without -y');
          if (!/--no-install-recommends/.test(run)) add(ins.line, 'apt', 'apt-get install without --no-install-recommends');
          if (!/rm -rf \/var\/lib\/apt\/lists/.test(run)) add(ins.line, 'apt', 'remove /var/lib/apt/lists in the same RUN');
        }
        if (/\bsudo\b/.test(run)) add(ins.line, 'user', 'no sudo in a Dockerfile');
      }
      if (ins.keyword === 'ADD') {
        const { rest } = splitFlags(ins.args);
        if (/(^|\s)(https?|ftp):\/\/|git@/.test(rest)) add(ins.line, 'add', 'ADD of a URL: download with a checksum in RUN, or COPY a vendored file');
        else add(ins.line, 'add', 'use COPY for local files (ADD also unpacks archives)');
      }
      if (ins.keyword === 'WORKDIR' && !ins.args.trim().startsWith('/')) add(ins.line, 'workdir', `WORKDIR ${ins.args.trim()}: use an absolute path`);
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
        for (const m of ins.args.matchAll(/(?:^|\s)(\w+)(?==|\s|$)/g)) {
          const name = m[1]!;
          if (/PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY/i.test(name)) add(ins.line, 'secrets', `${ins.keyword} ${name}: secrets in an image are readable by anyone who pulls it`);
        }
      }
      if ((ins.keyword === 'ENTRYPOINT' || ins.keyword === 'CMD') && execForm(ins.args) === null) {
        add(ins.line, 'exec-form', `${ins.keyword} in shell form: signals go to /bin/sh, not to mtap; use ["…", "…"]`);
      }
    }
  }

  const hcIns = lastOf(final, 'HEALTHCHECK');
  if (!hcIns) add(final.line, 'healthcheck', 'no HEALTHCHECK in the final stage');
  else {
    const hc = healthcheckOf(hcIns);
    if (hc.none) add(hcIns.line, 'healthcheck', 'HEALTHCHECK NONE: the default command (the simulator) can be checked');
    else {
      if (hc.argv === null) add(hcIns.line, 'exec-form', 'HEALTHCHECK CMD in shell form: use ["…"] (the image needs no shell for it)');
      for (const f of ['interval', 'timeout']) if (!hc.flags.has(f)) add(hcIns.line, 'healthcheck', `HEALTHCHECK without --${f}`);
    }
  }

  // Files: code owned by root (the process cannot rewrite itself), the data directory by the runtime user.
  const runtimeUser = (userIns?.args.trim() ?? '').split(':')[0] ?? '';
  for (const ins of final.instructions) {
    if (ins.keyword !== 'COPY') continue;
    const c = copyOf(ins);
    if (c.chown && runtimeUser && c.chown.split(':')[0] === runtimeUser) {
      add(ins.line, 'chown', `COPY --chown=${c.chown} ${c.sources.join(' ')}: code and dependencies should not be writable by the user mtap runs as`);
    }
  }
  const dataDir = image.env.get('MTAP_RUNS_DIR');
  if (!dataDir) add(final.line, 'chown', 'the final stage sets no MTAP_RUNS_DIR: where would run directories go?');
  else if (runtimeUser) {
    const owned = final.instructions.some((ins) => {
      if (ins.keyword === 'RUN') {
        const m = /\bchown\s+(?:-R\s+)?(\S+)\s+([^;&|]+)/.exec(ins.args);
        return !!m && m[1]!.split(':')[0] === runtimeUser && m[2]!.split(/\s+/).some((d) => d && (dataDir === d || dataDir.startsWith(`${d.replace(/\/+$/, '')}/`)));
      }
      if (ins.keyword === 'COPY') {
        const c = copyOf(ins);
        return c.chown?.split(':')[0] === runtimeUser && resolvePosix(workdirAt(final, ins), c.dest) === dataDir;
      }
      return false;
    });
    if (!owned) add(final.line, 'chown', `${dataDir} (MTAP_RUNS_DIR) is not made the runtime user's (${runtimeUser}): batches could not write there`);
  }

  // What the CLI reads at run time must be in the final stage.
  const has = (path: string) => image.contextCopies.some((c) => c.dest === path || path.startsWith(`${c.dest}/`)) || copiedFromStage(final, path);
  const wd = image.workdir;
  for (const [path, why] of [
    [`${wd}/package.json`, 'the version mtap reports (src/version.ts)'],
    [`${wd}/dist/cli/main.js`, 'the CLI'],
    [`${wd}/dist/dashboard/client`, "the dashboard's built client"],
    [`${wd}/examples/board-fct.yaml`, "`mtap demo`'s plan"],
  ] as const) {
    if (!has(path)) add(final.line, 'runtime-files', `the final stage lacks ${path}: ${why}`);
  }
  if (image.entrypoint && !image.entrypoint.some((a) => a.endsWith('dist/cli/main.js') || a === 'mtap')) {
    add(entry?.line ?? final.line, 'entrypoint', 'ENTRYPOINT does not run the mtap CLI');
  }

  for (const [name] of image.env) {
    if (name.startsWith('MTAP_') && !src.knownEnv.has(name)) add(final.line, 'env', `ENV ${name}: mtap reads no such variable`);
  }
}

function copiedFromStage(final: Stage, path: string): boolean {
  return final.instructions.some((ins) => {
    if (ins.keyword !== 'COPY') return false;
    const c = copyOf(ins);
    if (!c.from) return false;
    const dest = resolvePosix(workdirAt(final, ins), c.dest);
    return path === dest || path.startsWith(`${dest}/`);
  });
}

function lintDockerignore(df: Dockerfile, src: Sources, problems: Problem[]): void {
  if (src.dockerignore === null) {
    problems.push({ file: '.dockerignore', line: 0, rule: 'dockerignore/present', message: 'no .dockerignore: node_modules, runs and .git would be sent to the build' });
    return;
  }
  const ignore = new DockerIgnore(src.dockerignore);
  for (const p of CONTEXT_MUST_EXCLUDE) {
    if (!ignore.excludes(p)) problems.push({ file: '.dockerignore', line: 0, rule: 'dockerignore/excludes', message: `${p} is sent to the build context` });
  }
  for (const st of df.stages) {
    for (const ins of st.instructions) {
      if (ins.keyword !== 'COPY') continue;
      const c = copyOf(ins);
      if (c.from) continue;
      for (const s of c.sources) {
        const path = s.replace(/^\.\//, '').replace(/\/+$/, '');
        if (/[*?[]/.test(path)) continue;
        if (!src.exists(path)) problems.push({ file: 'Dockerfile', line: ins.line, rule: 'dockerfile/copy', message: `COPY ${s}: no such file in the checkout` });
        else if (ignore.excludes(path)) problems.push({ file: '.dockerignore', line: ins.line, rule: 'dockerignore/excludes', message: `COPY ${s} (Dockerfile line ${ins.line}) is excluded from the build context` });
      }
    }
  }
}

function lintRuntimeDeps(src: Sources, problems: Problem[]): void {
  for (const name of src.runtimeImports) {
    if (!src.dependencies.has(name)) {
      problems.push({ file: 'package.json', line: 0, rule: 'image/runtime-deps', message: `${name} is imported at run time but is not a dependency: npm ci --omit=dev leaves it out of the image` });
    }
  }
}

function dockerfileCommands(df: Dockerfile, image: ImageFacts, problems: Problem[]): CommandLine[] {
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
function commandLine(c: Omit<CommandLine, 'mtap'>, problems: Problem[]): CommandLine {
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

// ---- compose rules -----------------------------------------------------------------------------------

/** Services built from this Dockerfile (or using the image such a service builds). */
function ourImages(compose: ComposeFile): Set<string> {
  const names = new Set<string>();
  for (const s of compose.services.values()) if (s.build && s.image) names.add(s.image);
  return names;
}

function lintCompose(compose: ComposeFile, image: ImageFacts, src: Sources, problems: Problem[], commands: CommandLine[]): void {
  const add = (line: number, rule: string, message: string) => problems.push({ file: 'docker-compose.yml', line, rule: `compose/${rule}`, message });
  const ours = ourImages(compose);
  const isOurs = (s: Service) => s.build || (s.image !== null && ours.has(s.image));

  for (const name of REQUIRED_SERVICES) if (!compose.services.has(name)) add(0, 'services', `no service "${name}"`);

  // Each service's command line and effective health check, as the container runs them.
  const effective = new Map<string, { command: CommandLine | null; health: CommandLine | null; healthDisabled: boolean }>();
  for (const s of compose.services.values()) {
    const env = { ...(isOurs(s) ? Object.fromEntries(image.env) : {}), ...Object.fromEntries(s.environment) };
    const workdir = isOurs(s) ? image.workdir : '/';
    let command: CommandLine | null = null;
    if (isOurs(s)) {
      const entry = s.entrypoint ?? image.entrypoint ?? [];
      const cmd = s.command ?? (s.entrypoint ? [] : (image.cmd ?? []));
      command = commandLine({ id: `compose:${s.name}:command`, file: 'docker-compose.yml', line: s.line, service: s.name, role: 'command', argv: [...entry, ...cmd], env, workdir }, problems);
      commands.push(command);
    } else if (s.command) {
      add(s.line, 'command', `service ${s.name}: a command for an image this lint does not know (${s.image ?? '?'}); it cannot be checked`);
    }
    let health: CommandLine | null = null;
    const hc = s.healthcheck;
    const disabled = hc?.disable === true;
    if (hc && !hc.disable) {
      if (hc.argv) {
        health = commandLine({ id: `compose:${s.name}:healthcheck`, file: 'docker-compose.yml', line: s.line, service: s.name, role: 'healthcheck', argv: hc.argv, env, workdir }, problems);
        commands.push(health);
      } else add(s.line, 'healthcheck', `service ${s.name}: health check not in ["CMD", …] form`);
    } else if (!hc && isOurs(s) && image.healthcheck) {
      health = commandLine({ id: `compose:${s.name}:healthcheck`, file: 'docker-compose.yml', line: s.line, service: s.name, role: 'healthcheck', argv: image.healthcheck, env, workdir }, []);
    }
    effective.set(s.name, { command, health, healthDisabled: disabled });

    // The image's check is the simulator's: any other command must bring its own or disable it.
    if (isOurs(s) && !hc && image.healthcheck && command?.mtap && command.mtap.command !== 'dut') {
      add(s.line, 'healthcheck', `service ${s.name} runs "mtap ${command.mtap.command}" but inherits the image's simulator health check: override it or disable it`);
    }
  }

  for (const s of compose.services.values()) {
    const eff = effective.get(s.name)!;
    const mtap = eff.command?.mtap ?? null;

    // Images: pinned.
    if (!isOurs(s)) {
      if (!s.image) add(s.line, 'image', `service ${s.name}: no image and no build`);
      else {
        const ref = parseImageRef(s.image);
        if (!ref.tag && !ref.digest) add(s.line, 'image', `service ${s.name}: ${s.image} has no tag (means latest)`);
        else if (ref.tag === 'latest' || (ref.tag && !ref.digest && !/\d/.test(ref.tag))) add(s.line, 'image', `service ${s.name}: ${s.image} names no version`);
      }
    }
    if (s.stringForm) add(s.line, 'command', `service ${s.name}: command/entrypoint as a string; use a list so no word splitting is involved`);

    // Privileges.
    if (s.user && ROOT_USERS.test(s.user)) add(s.line, 'user', `service ${s.name}: user ${s.user}`);
    if (s.privileged) add(s.line, 'privileges', `service ${s.name}: privileged`);
    if (s.networkMode === 'host') add(s.line, 'privileges', `service ${s.name}: network_mode host bypasses the published-port rules`);
    if (s.capAdd.length) add(s.line, 'privileges', `service ${s.name}: cap_add ${s.capAdd.join(', ')}`);

    // Ports: published to loopback only.
    for (const p of s.ports) {
      if (p.published === null && p.hostIp === null) add(s.line, 'ports', `service ${s.name}: port ${p.raw} is published on a random port of every interface; write 127.0.0.1:PORT:${p.target}`);
      else if (!p.hostIp || !LOOPBACK.has(p.hostIp)) add(s.line, 'ports', `service ${s.name}: port ${p.raw} is published on every interface; bind it to 127.0.0.1`);
    }

    // depends_on: known services, known conditions, and "healthy" only for services with a check.
    for (const [dep, condition] of s.dependsOn) {
      if (!compose.services.has(dep)) add(s.line, 'depends-on', `service ${s.name} depends on unknown service ${dep}`);
      else if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) add(s.line, 'depends-on', `service ${s.name}: unknown condition ${condition}`);
      else if (condition === 'service_healthy') {
        const d = effective.get(dep)!;
        if (d.healthDisabled || (!d.health && !compose.services.get(dep)!.healthcheck)) add(s.line, 'depends-on', `service ${s.name} waits for ${dep} to be healthy, but ${dep} has no health check`);
      }
    }

    // Environment: only variables mtap reads.
    for (const k of s.environment.keys()) if (k.startsWith('MTAP_') && !src.knownEnv.has(k)) add(s.line, 'env', `service ${s.name}: mtap reads no ${k}`);

    // Named volumes are declared.
    for (const v of s.volumes) {
      if (v.source && !v.bind && !compose.volumes.has(v.source)) add(s.line, 'volumes', `service ${s.name}: volume ${v.source} is not declared under volumes:`);
    }

    // Health checks on long-running services.
    if (!eff.health && !eff.healthDisabled && !s.healthcheck && !(mtap && mtap.command === 'batch')) add(s.line, 'healthcheck', `service ${s.name} has no health check`);
    if (mtap?.command !== 'batch' && eff.healthDisabled) add(s.line, 'healthcheck', `service ${s.name}: health check disabled on a long-running service`);

    if (mtap) lintMtapService(s, mtap, eff.command!, compose, effective, image, src, add);
  }

  // The database keeps its data in a named volume.
  const pg = [...compose.services.values()].find((s) => s.image && parseImageRef(s.image).repository.endsWith('postgres'));
  if (pg && !pg.volumes.some((v) => v.target === '/var/lib/postgresql/data' && v.source && !v.bind)) {
    add(pg.line, 'volumes', `service ${pg.name}: /var/lib/postgresql/data is not a named volume: the data goes with the container`);
  }
  if (pg && !pg.healthcheck) add(pg.line, 'healthcheck', `service ${pg.name}: no health check (pg_isready)`);
}

function lintMtapService(
  s: Service,
  mtap: ParsedCli,
  command: CommandLine,
  compose: ComposeFile,
  effective: Map<string, { command: CommandLine | null }>,
  image: ImageFacts,
  src: Sources,
  add: (line: number, rule: string, message: string) => void,
): void {
  const opts = mtap.opts;
  const env = command.env;
  const serviceByHost = (host: string) => compose.services.get(host);

  // Files the command reads: in the image (copied from the checkout) or in a mounted volume.
  for (const key of FILE_OPTIONS) {
    const v = opts[key];
    if (typeof v !== 'string') continue;
    const abs = resolvePosix(command.workdir, v);
    if (s.volumes.some((m) => abs === m.target || abs.startsWith(`${m.target}/`))) continue;
    const file = contextFileFor(image, abs);
    if (!file) add(s.line, 'files', `service ${s.name}: --${key} ${v} (${abs}) is neither in the image nor in a mounted volume`);
    else if (!src.exists(file)) add(s.line, 'files', `service ${s.name}: --${key} ${v}: ${file} does not exist in the checkout`);
  }

  // Where it listens: reachable from other containers, and the published port is the one it serves.
  if (mtap.command === 'dut' || mtap.command === 'dashboard') {
    const host = (opts.host as string | undefined) ?? env.MTAP_HOST ?? '127.0.0.1';
    const port = String((opts.port as number | undefined) ?? (mtap.command === 'dut' ? (env.MTAP_DUT_PORT ?? DEFAULT_DUT_PORT) : 0));
    if (opts.check === undefined && LOOPBACK.has(host)) add(s.line, 'listen', `service ${s.name}: mtap ${mtap.command} listens on ${host} inside the container: nothing outside it can connect (use --host 0.0.0.0)`);
    if (port === '0') add(s.line, 'listen', `service ${s.name}: mtap ${mtap.command} on a random port (give --port)`);
    for (const p of s.ports) if (p.target !== port) add(s.line, 'listen', `service ${s.name}: port ${p.raw} targets ${p.target}, but mtap ${mtap.command} listens on ${port}`);
  }

  // A batch: its DUTs are healthy simulator services (or outside this file), its runs dir is mounted.
  if (mtap.command === 'batch') {
    const duts = typeof opts.dut === 'string' ? opts.dut.split(',') : [`${env.MTAP_HOST ?? '127.0.0.1'}:${env.MTAP_DUT_PORT ?? DEFAULT_DUT_PORT}`];
    for (const d of duts) {
      const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(d.trim());
      const host = m ? (m[1] ?? m[2])! : d;
      if (LOOPBACK.has(host)) add(s.line, 'dut', `service ${s.name}: --dut ${d} is the runner's own container`);
      const target = serviceByHost(host);
      if (!target) continue; // a real fixture on the network
      const t = effective.get(host)?.command?.mtap;
      if (t?.command !== 'dut') add(s.line, 'dut', `service ${s.name}: --dut ${d}: service ${host} is not an mtap simulator`);
      else if (String(t.opts.port ?? DEFAULT_DUT_PORT) !== m?.[3]) add(s.line, 'dut', `service ${s.name}: --dut ${d}, but ${host} listens on ${String(t.opts.port ?? DEFAULT_DUT_PORT)}`);
      if (s.dependsOn.get(host) !== 'service_healthy') add(s.line, 'depends-on', `service ${s.name} tests against ${host}: depend on it with condition: service_healthy`);
    }
    const runsDir = (opts.runsDir as string | undefined) ?? env.MTAP_RUNS_DIR ?? `${command.workdir}/runs`;
    const abs = resolvePosix(command.workdir, runsDir);
    const mount = s.volumes.find((v) => v.target === abs);
    if (!mount) add(s.line, 'volumes', `service ${s.name}: the runs dir ${abs} is not a volume: run directories would die with the container`);
    else if (mount.readOnly) add(s.line, 'volumes', `service ${s.name}: the runs dir ${abs} is mounted read-only`);
  }
  if (mtap.command === 'dashboard') {
    const runsDir = (opts.runsDir as string | undefined) ?? env.MTAP_RUNS_DIR;
    const mount = runsDir ? s.volumes.find((v) => v.target === resolvePosix(command.workdir, runsDir)) : undefined;
    if (mount && !mount.readOnly) add(s.line, 'volumes', `service ${s.name}: the dashboard only reads ${mount.target}: mount it :ro`);
  }

  // The store: a PostgreSQL URL names a service here, which this one depends on.
  const store = (opts.store as string | undefined) ?? env.MTAP_STORE_URL ?? env.MTAP_STORE;
  if (store && /^postgres(ql)?:\/\//i.test(store)) {
    let host = '';
    try {
      host = new URL(store).hostname;
    } catch {
      add(s.line, 'store', `service ${s.name}: the store URL is not a URL`);
    }
    if (host && compose.services.has(host) && !s.dependsOn.has(host)) add(s.line, 'depends-on', `service ${s.name} uses the store on ${host}: depend on it`);
    if (typeof opts.store === 'string' && /\/\/[^/@]*:[^@/]+@/.test(opts.store)) add(s.line, 'store', `service ${s.name}: a password in --store shows in the process list; use MTAP_STORE_URL`);
  } else if ((mtap.command === 'batch' || mtap.command === 'dashboard') && opts.store !== false) {
    add(s.line, 'store', `service ${s.name}: mtap ${mtap.command} without a PostgreSQL store (--store or MTAP_STORE_URL) uses a DuckDB file in the runs dir`);
  }
}
