/** Hadolint-style rules for the Dockerfile and its build context (.dockerignore, runtime dependencies). */
import { DockerIgnore } from './dockerignore.js';
import { copyOf, execForm, healthcheckOf, lastOf, parseImageRef, resolvePosix, splitFlags, workdirAt, type Dockerfile, type Stage } from './dockerfile.js';
import type { ImageFacts } from './image.js';
import { ROOT_USERS, type Problem, type Sources } from './types.js';

const CONTEXT_MUST_EXCLUDE = ['node_modules', '.git', 'runs', 'dist', 'mtap.duckdb', '.env'];

export function lintDockerfile(df: Dockerfile, image: ImageFacts, src: Sources, problems: Problem[]): void {
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

export function lintDockerignore(df: Dockerfile, src: Sources, problems: Problem[]): void {
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

export function lintRuntimeDeps(src: Sources, problems: Problem[]): void {
  for (const name of src.runtimeImports) {
    if (!src.dependencies.has(name)) {
      problems.push({ file: 'package.json', line: 0, rule: 'image/runtime-deps', message: `${name} is imported at run time but is not a dependency: npm ci --omit=dev leaves it out of the image` });
    }
  }
}
