/**
 * Rules for docker-compose.yml: required services, pinned images, privileges, loopback-only ports,
 * depends_on conditions against real health checks, volumes, the environment mtap reads; and for each
 * service running mtap, what its parsed command line implies (where it listens, its DUTs, its runs
 * directory, its store, the files it reads).
 */
import type { ParsedCli } from './cli-args.js';
import type { ComposeFile, Service } from './compose.js';
import { parseImageRef, resolvePosix } from './dockerfile.js';
import { commandLine, contextFileFor, type ImageFacts } from './image.js';
import { DEFAULT_DUT_PORT, LOOPBACK, REQUIRED_SERVICES, ROOT_USERS, type CommandLine, type Problem, type Sources } from './types.js';

/** Options whose value is a file the command reads. */
const FILE_OPTIONS = ['plan', 'config', 'script', 'requirements'];

/** Services built from this Dockerfile (or using the image such a service builds). */
function ourImages(compose: ComposeFile): Set<string> {
  const names = new Set<string>();
  for (const s of compose.services.values()) if (s.build && s.image) names.add(s.image);
  return names;
}

export function lintCompose(compose: ComposeFile, image: ImageFacts, src: Sources, problems: Problem[], commands: CommandLine[]): void {
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
