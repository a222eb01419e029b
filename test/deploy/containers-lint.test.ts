/**
 * The container lint (scripts/lint-containers.ts): the checkout's Dockerfile, .dockerignore and
 * docker-compose.yml pass, every command line in them parses against the CLI, and each rule catches
 * the mistake it is for — shown on a copy of the real files with that one mistake made.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkCliArgs, mtapArgs } from '../../scripts/containers/cli-args.js';
import { interpolate, parseCompose, shellWords } from '../../scripts/containers/compose.js';
import { DockerIgnore } from '../../scripts/containers/dockerignore.js';
import { parseDockerfile, parseImageRef } from '../../scripts/containers/dockerfile.js';
import { lintContainers, type Sources } from '../../scripts/containers/lint.js';
import { readSources } from '../../scripts/containers/sources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const real = readSources(ROOT);

/** The real sources with one text replaced (the replacement must apply). */
function mutate(file: 'dockerfile' | 'compose' | 'dockerignore', from: string | RegExp, to: string): Sources {
  const text = real[file] ?? '';
  const next = text.replace(from, to);
  if (next === text) throw new Error(`mutation did not apply to ${file}: ${String(from)}`);
  return { ...real, [file]: next };
}

const rulesOf = (s: Sources) => lintContainers(s).problems.map((p) => `${p.rule}: ${p.message}`);

describe('the checkout', () => {
  it('passes: no problems; the command lines of both files parse against the CLI', () => {
    const { problems, commands } = lintContainers(real);
    expect(problems).toEqual([]);
    const byId = new Map(commands.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([
      'compose:dashboard:command',
      'compose:dashboard:healthcheck',
      'compose:dut:command',
      'compose:dut:healthcheck',
      'compose:postgres:healthcheck',
      'compose:runner:command',
      'dockerfile:cmd',
      'dockerfile:healthcheck',
    ]);
    expect(byId.get('compose:runner:command')!.mtap).toMatchObject({ command: 'batch', opts: { plan: 'examples/board-fct.yaml', dut: 'dut:9000', runsDir: '/data/runs' } });
    expect(byId.get('compose:dut:healthcheck')!.mtap).toMatchObject({ command: 'dut', opts: { check: '127.0.0.1:9000' } });
    expect(byId.get('compose:dashboard:command')!.mtap).toMatchObject({ command: 'dashboard', opts: { host: '0.0.0.0', port: 8080 } });
    expect(byId.get('dockerfile:cmd')!.mtap).toMatchObject({ command: 'dut', opts: { host: '0.0.0.0', port: 9000 } });
    // The store reaches the runner and the dashboard by environment, interpolated with its default.
    expect(byId.get('compose:runner:command')!.env.MTAP_STORE_URL).toBe('postgres://mtap:mtap@postgres:5432/mtap');
    expect(byId.get('compose:runner:command')!.env.MTAP_RUNS_DIR).toBe('/data/runs');
  });

  it('npm run lint:containers prints the checked command lines and exits 0', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/lint-containers.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(out).toContain('checked compose:runner:command (mtap batch): node /app/dist/cli/main.js batch --plan examples/board-fct.yaml');
    expect(out.trim().split('\n').at(-1)).toBe('containers: no problems; 6 mtap command lines parse against the CLI');
  });
});

describe('checking a command line against the CLI', () => {
  it.each([
    [['dut', '--host', '0.0.0.0'], true, ''],
    [['flow', 'check', 'x.yaml'], true, ''],
    [['dut', '--hots', '0.0.0.0'], false, "unknown option '--hots'"],
    [['dut', '--port', '70000'], false, '--port must be between 0 and 65535'],
    [['dashboard', '--port'], false, "option '--port <port>' argument missing"],
    [['bench'], false, "unknown command 'bench'"],
    [['flow', 'check'], false, "missing required argument 'plan'"],
    [['batch', '--dut', 'dut:9000'], false, '--plan is required'],
    [['--help'], false, 'only prints help'],
    [[], false, 'only prints help'],
  ])('mtap %j → ok %s', (argv, ok, message) => {
    const r = checkCliArgs(argv);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('knows which argv run mtap', () => {
    expect(mtapArgs(['node', '/app/dist/cli/main.js', 'dut'])).toEqual(['dut']);
    expect(mtapArgs(['mtap', 'batch'])).toEqual(['batch']);
    expect(mtapArgs(['node', '-e', 'x'])).toBeNull();
    expect(mtapArgs(['pg_isready'])).toBeNull();
  });
});

describe('readers', () => {
  it('Dockerfile: continuations, comments inside them, stages, image references', () => {
    const df = parseDockerfile('# syntax=docker/dockerfile:1\nARG BASE=node:20-bookworm-slim\nFROM ${BASE} AS b\nRUN a \\\n  # a comment\n  && b\nFROM b\nCMD ["x"]\n');
    expect(df.stages.map((s) => [s.name, s.image])).toEqual([['b', 'node:20-bookworm-slim'], [null, 'b']]);
    expect(df.stages[0]!.instructions[0]).toEqual({ keyword: 'RUN', args: 'a && b', line: 4 });
    expect(parseImageRef('registry:5000/team/img:1.2@sha256:ab')).toEqual({ repository: 'registry:5000/team/img', tag: '1.2', digest: 'sha256:ab' });
    expect(parseImageRef('postgres')).toEqual({ repository: 'postgres', tag: null, digest: null });
  });

  it('.dockerignore: allow-list, ** and the last match wins', () => {
    const ig = new DockerIgnore('*\n!src/\n!package.json\n**/node_modules\n');
    expect(ig.excludes('src/cli/main.ts')).toBe(false);
    expect(ig.excludes('package.json')).toBe(false);
    expect(ig.excludes('src/x/node_modules/a.js')).toBe(true);
    expect(ig.excludes('runs/r1/events.jsonl')).toBe(true);
    expect(ig.excludes('.git')).toBe(true);
  });

  it("compose: interpolation as Compose does it, shell words, ports' host addresses", () => {
    expect(interpolate('a ${X:-d} ${Y-e} ${Z} $$ $X', { X: '', Y: '' })).toBe('a d   $ ');
    const problems: string[] = [];
    interpolate('${P:?set P}', {}, problems);
    expect(problems).toEqual(['P must be set: set P']);
    expect(shellWords(`dut --host "0.0.0.0" 'a b' c\\ d`)).toEqual(['dut', '--host', '0.0.0.0', 'a b', 'c d']);
    const c = parseCompose('services:\n  a:\n    image: x:1\n    ports: ["127.0.0.1:1:2", "3:4", "5", {target: 6, published: 7, host_ip: "::1"}]\n');
    expect(c.services.get('a')!.ports.map((p) => [p.hostIp, p.published, p.target])).toEqual([
      ['127.0.0.1', '1', '2'],
      [null, '3', '4'],
      [null, null, '5'],
      ['::1', '7', '6'],
    ]);
  });
});

describe('each rule catches its mistake', () => {
  const cases: [string, () => Sources, RegExp][] = [
    // Dockerfile
    ['a base image on latest', () => mutate('dockerfile', 'FROM node:20.20.2-bookworm-slim AS runtime', 'FROM node:latest AS runtime'), /^dockerfile\/base-pinned: node:latest/m],
    ['a base image without a tag', () => mutate('dockerfile', 'FROM node:20.20.2-bookworm-slim AS build', 'FROM node AS build'), /^dockerfile\/base-pinned: node: no tag/m],
    ['Alpine', () => mutate('dockerfile', 'FROM node:20.20.2-bookworm-slim AS runtime', 'FROM node:20.20.2-alpine AS runtime'), /^dockerfile\/base-glibc/m],
    ['one stage', () => mutate('dockerfile', /# ---- build[\s\S]*?# ---- runtime[^\n]*\n/, ''), /^dockerfile\/multi-stage: one stage/m],
    ['no USER', () => mutate('dockerfile', 'USER node:node\n', ''), /^dockerfile\/user: the final stage has no USER/m],
    ['USER root', () => mutate('dockerfile', 'USER node:node', 'USER root'), /^dockerfile\/user: USER root/m],
    ['USER after ENTRYPOINT', () => mutate('dockerfile', /USER node:node\n([\s\S]*)$/, '$1\nUSER node:node\n'), /^dockerfile\/user: ENTRYPOINT comes before USER/m],
    ['npm install', () => mutate('dockerfile', 'npm ci --ignore-scripts --no-audit', 'npm install --ignore-scripts --no-audit'), /^dockerfile\/npm-ci: `npm install`/m],
    ['dev dependencies in the image', () => mutate('dockerfile', 'npm ci --omit=dev', 'npm ci'), /^dockerfile\/npm-ci: the final stage installs dev dependencies/m],
    ['ADD of a URL', () => mutate('dockerfile', 'COPY examples ./examples', 'COPY examples ./examples\nADD https://example.com/x.tgz /tmp/'), /^dockerfile\/add: ADD of a URL/m],
    ['ENTRYPOINT in shell form', () => mutate('dockerfile', 'ENTRYPOINT ["node", "/app/dist/cli/main.js"]', 'ENTRYPOINT node /app/dist/cli/main.js'), /^dockerfile\/exec-form: ENTRYPOINT in shell form/m],
    ['no HEALTHCHECK', () => mutate('dockerfile', /HEALTHCHECK [^\n]*\\\n[^\n]*\n/, ''), /^dockerfile\/healthcheck: no HEALTHCHECK/m],
    ['HEALTHCHECK in shell form', () => mutate('dockerfile', 'CMD ["node", "/app/dist/cli/main.js", "dut", "--check", "127.0.0.1:9000"]', 'CMD node /app/dist/cli/main.js dut --check 127.0.0.1:9000'), /^dockerfile\/exec-form: HEALTHCHECK CMD in shell form/m],
    ['code writable by the runtime user', () => mutate('dockerfile', 'COPY examples ./examples', 'COPY --chown=node:node examples ./examples'), /^dockerfile\/chown: COPY --chown=node:node examples/m],
    ['a data dir the runtime user cannot write', () => mutate('dockerfile', ' && chown -R node:node /data', ''), /^dockerfile\/chown: \/data\/runs \(MTAP_RUNS_DIR\) is not made the runtime user's/m],
    ['examples left out', () => mutate('dockerfile', 'COPY examples ./examples\n', ''), /^dockerfile\/runtime-files: the final stage lacks \/app\/examples\/board-fct.yaml/m],
    ['the client assets left out', () => mutate('dockerfile', 'COPY --from=build /src/dist ./dist', 'COPY --from=build /src/dist/cli ./dist/cli'), /^dockerfile\/runtime-files: the final stage lacks \/app\/dist\/dashboard\/client/m],
    ['a CMD the CLI refuses', () => mutate('dockerfile', 'CMD ["dut", "--host"', 'CMD ["dut", "--hots"'), /^dockerfile\/cli: dockerfile:cmd: mtap dut --hots 0.0.0.0 --port 9000: unknown option '--hots'/m],
    ['a HEALTHCHECK the CLI refuses', () => mutate('dockerfile', '"dut", "--check", "127.0.0.1:9000"]', '"dut", "--chek", "127.0.0.1:9000"]'), /^dockerfile\/cli: dockerfile:healthcheck: .*unknown option '--chek'/m],
    ['an MTAP_ variable mtap does not read', () => mutate('dockerfile', 'MTAP_RUNS_DIR=/data/runs', 'MTAP_RUNS_DIR=/data/runs MTAP_RUN_DIR=/data/runs'), /^dockerfile\/env: ENV MTAP_RUN_DIR/m],
    ['a secret in ENV', () => mutate('dockerfile', 'NODE_ENV=production', 'NODE_ENV=production DB_PASSWORD=hunter2'), /^dockerfile\/secrets: ENV DB_PASSWORD/m],
    ['cd in RUN', () => mutate('dockerfile', 'RUN npm run build', 'RUN cd /src && npm run build'), /^dockerfile\/workdir: use WORKDIR/m],
    ['a COPY of a file that does not exist', () => mutate('dockerfile', 'COPY tsconfig.json tsconfig.build.json', 'COPY tsconfig.jsn tsconfig.build.json'), /^dockerfile\/copy: COPY tsconfig.jsn: no such file/m],
    ['no .dockerignore', () => ({ ...real, dockerignore: null }), /^dockerignore\/present/m],
    ['a context without the allow-list (.git, dist)', () => mutate('dockerignore', /^\*\n/m, ''), /^dockerignore\/excludes: \.git is sent[\s\S]*^dockerignore\/excludes: dist is sent/m],
    ['a context with node_modules', () => mutate('dockerignore', '**/node_modules\n', '!**/node_modules\n'), /^dockerignore\/excludes: node_modules is sent/m],
    ['a COPY the context excludes', () => mutate('dockerignore', '!examples/\n', ''), /^dockerignore\/excludes: COPY examples \(Dockerfile line \d+\) is excluded/m],
    ['a runtime import that is a dev dependency', () => ({ ...real, runtimeImports: new Set([...real.runtimeImports, 'vite']) }), /^image\/runtime-deps: vite is imported at run time/m],
    // docker-compose.yml
    ['a missing service', () => mutate('compose', /\n  dashboard:[\s\S]*?(?=\nvolumes:)/, '\n'), /^compose\/services: no service "dashboard"/m],
    ['a port on every interface', () => mutate('compose', '"127.0.0.1:8080:8080"', '"8080:8080"'), /^compose\/ports: service dashboard: port 8080:8080 is published on every interface/m],
    ['a port on a random host port', () => mutate('compose', '"127.0.0.1:9000:9000"', '"9000"'), /^compose\/ports: service dut: port 9000 is published on a random port/m],
    ['waiting for health that is never checked', () => mutate('compose', /(\n  dut:[\s\S]*?)healthcheck:\n[\s\S]*?start_period: 15s\n/, '$1healthcheck:\n      disable: true\n'), /^compose\/depends-on: service runner waits for dut to be healthy, but dut has no health check/m],
    ['a runner that does not wait for a healthy DUT', () => mutate('compose', /(depends_on:\n      dut:\n        condition: )service_healthy/, '$1service_started'), /^compose\/depends-on: service runner tests against dut: depend on it with condition: service_healthy/m],
    ['a runner on the wrong DUT port', () => mutate('compose', '- dut:9000', '- dut:9001'), /^compose\/dut: service runner: --dut dut:9001, but dut listens on 9000/m],
    ['a runner command the CLI refuses', () => mutate('compose', '- --station-id', '- --station'), /^compose\/cli: service runner command: mtap batch .*unknown option '--station'/m],
    ['a batch without --plan', () => mutate('compose', '      - --plan\n      - examples/board-fct.yaml\n', ''), /^compose\/cli: service runner command: .*--plan is required/m],
    ['a plan that is not in the image', () => mutate('compose', '- examples/board-fct.yaml', '- plans/line2.yaml'), /^compose\/files: service runner: --plan plans\/line2.yaml \(\/app\/plans\/line2.yaml\) is neither in the image nor in a mounted volume/m],
    ['a plan that does not exist', () => mutate('compose', '- examples/board-fct.yaml', '- examples/nope.yaml'), /^compose\/files: service runner: --plan examples\/nope.yaml: examples\/nope.yaml does not exist/m],
    ['run directories not on a volume', () => mutate('compose', '      - ./runs:/data/runs\n', ''), /^compose\/volumes: service runner: the runs dir \/data\/runs is not a volume/m],
    ['a dashboard listening on its own loopback', () => mutate('compose', '["dashboard", "--host", "0.0.0.0"', '["dashboard", "--host", "127.0.0.1"'), /^compose\/listen: service dashboard: mtap dashboard listens on 127.0.0.1 inside the container/m],
    ['a published port the service does not serve', () => mutate('compose', '"127.0.0.1:8080:8080"', '"127.0.0.1:8080:80"'), /^compose\/listen: service dashboard: port 127.0.0.1:8080:80 targets 80, but mtap dashboard listens on 8080/m],
    ['a dashboard that can write the run directories', () => mutate('compose', '- ./runs:/data/runs:ro', '- ./runs:/data/runs'), /^compose\/volumes: service dashboard: the dashboard only reads \/data\/runs: mount it :ro/m],
    ['a dashboard inheriting the simulator check', () => mutate('compose', /(\n  dashboard:[\s\S]*?)    healthcheck:\n[\s\S]*?start_period: 15s\n/, '$1'), /^compose\/healthcheck: service dashboard runs "mtap dashboard" but inherits the image's simulator health check/m],
    ['postgres on latest', () => mutate('compose', 'image: postgres:15-bookworm', 'image: postgres:latest'), /^compose\/image: service postgres: postgres:latest names no version/m],
    ['postgres data in the container', () => mutate('compose', '      - pgdata:/var/lib/postgresql/data\n', ''), /^compose\/volumes: service postgres: \/var\/lib\/postgresql\/data is not a named volume/m],
    ['an undeclared volume', () => mutate('compose', '\nvolumes:\n  pgdata:\n', '\n'), /^compose\/volumes: service postgres: volume pgdata is not declared/m],
    ['root', () => mutate('compose', 'user: "${MTAP_UID:-1000}:${MTAP_GID:-1000}"', 'user: "0:0"'), /^compose\/user: service runner: user 0:0/m],
    ['privileged', () => mutate('compose', '    init: true\n', '    init: true\n    privileged: true\n'), /^compose\/privileges: service dut: privileged/m],
    ['an MTAP_ variable mtap does not read', () => mutate('compose', '      MTAP_STORE_URL: "postgres://mtap:${POSTGRES_PASSWORD:-mtap}@postgres:5432/mtap"\n    volumes:\n      - ./runs:/data/runs\n', '      MTAP_STORE_ULR: "x"\n    volumes:\n      - ./runs:/data/runs\n'), /^compose\/env: service runner: mtap reads no MTAP_STORE_ULR/m],
    ['a password on the command line', () => mutate('compose', '      - /data/runs\n', '      - /data/runs\n      - --store\n      - postgres://mtap:pw@postgres:5432/mtap\n'), /^compose\/store: service runner: a password in --store shows in the process list/m],
    ['a batch that forwards to no database', () => mutate('compose', /(\n  runner:[\s\S]*?)    environment:\n[\s\S]*?5432\/mtap"\n/, '$1'), /^compose\/store: service runner: mtap batch without a PostgreSQL store/m],
    ['a command as a string', () => mutate('compose', 'command: ["dut", "--host", "0.0.0.0", "--port", "9000", "--profile", "factory-flaky", "--seed", "7"]', 'command: dut --host 0.0.0.0 --port 9000'), /^compose\/command: service dut: command\/entrypoint as a string/m],
  ];

  it.each(cases)('%s', (_what, make, expected) => {
    expect(rulesOf(make()).join('\n')).toMatch(expected);
  });
});
