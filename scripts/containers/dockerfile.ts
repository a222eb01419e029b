/**
 * A Dockerfile read into instructions and stages: enough of the format for our lint (line
 * continuations, comments, parser directives, exec/JSON form, flags, ARG substitution in FROM). Not a
 * full BuildKit parser: heredocs and a changed escape character are reported, not interpreted.
 */

export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY … */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  index: number;
  name: string | null;
  /** The image as written after ARG substitution: `node:20.20.2-bookworm-slim`. */
  image: string;
  line: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  instructions: Instruction[];
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string>;
  stages: Stage[];
  /** Problems reading the file itself. */
  problems: { line: number; message: string }[];
}

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  const instructions: Instruction[] = [];
  const problems: Dockerfile['problems'] = [];
  let pending: { keyword: string; parts: string[]; line: number } | null = null;
  let directives = true;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (directives && /^#\s*escape\s*=/i.test(trimmed)) problems.push({ line: i + 1, message: 'the escape directive is not supported by this lint' });
    if (trimmed.startsWith('#')) continue; // comments (and directives) — also inside a continuation
    if (trimmed !== '') directives = false;
    if (trimmed === '' && !pending) continue;
    const continues = /\\\s*$/.test(raw);
    const body = continues ? raw.replace(/\\\s*$/, '') : raw;
    if (!pending) {
      const m = /^\s*(\S+)\s*(.*)$/.exec(body);
      if (!m) continue;
      pending = { keyword: m[1]!.toUpperCase(), parts: [m[2]!.trim()], line: i + 1 };
      if (/<<-?["']?\w+/.test(m[2]!) && (pending.keyword === 'RUN' || pending.keyword === 'COPY')) {
        problems.push({ line: i + 1, message: 'heredocs are not supported by this lint' });
      }
    } else if (trimmed !== '') {
      pending.parts.push(body.trim());
    }
    if (!continues && pending) {
      instructions.push({ keyword: pending.keyword, args: pending.parts.join(' ').trim(), line: pending.line });
      pending = null;
    }
  }
  if (pending) instructions.push({ keyword: pending.keyword, args: pending.parts.join(' ').trim(), line: pending.line });

  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const { image, name } = parseFrom(ins.args, globalArgs);
      stages.push({ index: stages.length, name, image, line: ins.line, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [k, v] = splitAssign(ins.args);
        globalArgs.set(k, v ?? '');
      } else {
        problems.push({ line: ins.line, message: `${ins.keyword} before the first FROM` });
      }
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return { instructions, globalArgs, stages, problems };
}

function splitAssign(text: string): [string, string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text.trim(), undefined] : [text.slice(0, eq).trim(), unquote(text.slice(eq + 1).trim())];
}

const unquote = (s: string) => (/^(["']).*\1$/.test(s) ? s.slice(1, -1) : s);

/** `${NAME}`, `$NAME`, `${NAME:-default}` from ARGs declared before the first FROM. */
export function substituteArgs(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_m, braced: string | undefined, dflt: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const v = args.get(name);
    return v !== undefined && v !== '' ? v : (dflt ?? '');
  });
}

function parseFrom(args: string, globalArgs: ReadonlyMap<string, string>): { image: string; name: string | null } {
  const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
  const image = substituteArgs(words[0] ?? '', globalArgs);
  const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
  return { image, name: asAt >= 0 ? (words[asAt + 1] ?? null) : null };
}

/** An image reference: `registry/repo:tag@sha256:…`, each part optional but the repository. */
export interface ImageRef {
  repository: string;
  tag: string | null;
  digest: string | null;
}

export function parseImageRef(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  // A colon after the last slash is a tag; before it, a registry port.
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { repository: rest, tag: null, digest };
}

/** `["a", "b"]` → the strings; null when the text is not a JSON array of strings (shell form). */
export function execForm(args: string): string[] | null {
  const t = args.trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x): x is string => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

/** Leading `--name=value` / `--name` flags of COPY, ADD, HEALTHCHECK, RUN; the rest after them. */
export function splitFlags(args: string): { flags: Map<string, string>; rest: string } {
  const flags = new Map<string, string>();
  let rest = args.trim();
  for (;;) {
    const m = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!m) break;
    flags.set(m[1]!, m[2] ?? '');
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

export interface HealthcheckSpec {
  line: number;
  /** NONE disables an inherited check. */
  none: boolean;
  flags: Map<string, string>;
  /** Exec form; null when the shell form was used. */
  argv: string[] | null;
  shell: string | null;
}

export function healthcheckOf(ins: Instruction): HealthcheckSpec {
  const { flags, rest } = splitFlags(ins.args);
  if (/^NONE\b/i.test(rest)) return { line: ins.line, none: true, flags, argv: null, shell: null };
  const cmd = rest.replace(/^CMD\s*/i, '');
  const argv = execForm(cmd);
  return { line: ins.line, none: false, flags, argv, shell: argv ? null : cmd };
}

export interface CopySpec {
  line: number;
  from: string | null;
  chown: string | null;
  sources: string[];
  dest: string;
}

export function copyOf(ins: Instruction): CopySpec {
  const { flags, rest } = splitFlags(ins.args);
  const parts = execForm(rest) ?? rest.split(/\s+/).filter(Boolean);
  return {
    line: ins.line,
    from: flags.get('from') ?? null,
    chown: flags.get('chown') ?? null,
    sources: parts.slice(0, -1),
    dest: parts.at(-1) ?? '',
  };
}

/** The stage's WORKDIR before `upTo` (an instruction of the stage), or `/`. */
export function workdirAt(stage: Stage, upTo?: Instruction): string {
  let dir = '/';
  for (const ins of stage.instructions) {
    if (ins === upTo) break;
    if (ins.keyword === 'WORKDIR') dir = resolvePosix(dir, ins.args.trim());
  }
  return dir;
}

export function resolvePosix(base: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${base}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** ENV of a stage: `ENV A=1 B=2` and the legacy `ENV A 1`. */
export function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'ENV') continue;
    const legacy = /^(\w+)\s+([^=]*)$/.exec(ins.args);
    if (legacy) {
      env.set(legacy[1]!, legacy[2]!.trim());
      continue;
    }
    for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S*)/g)) env.set(m[1]!, unquote(m[2]!));
  }
  return env;
}

/** The last instruction of a keyword in a stage. */
export const lastOf = (stage: Stage, keyword: string): Instruction | undefined => stage.instructions.filter((i) => i.keyword === keyword).at(-1);
