/**
 * docker-compose.yml read with the `yaml` package into the few shapes the lint and the
 * outside-containers test need: services with their command lines (entrypoint + command, after
 * Compose's variable interpolation), health checks, ports, volumes, environment and depends_on.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

export interface PortSpec {
  hostIp: string | null;
  published: string | null;
  target: string;
  raw: string;
}

export interface VolumeSpec {
  /** A host path (`./runs`) or a named volume (`pgdata`); null for an anonymous volume. */
  source: string | null;
  target: string;
  readOnly: boolean;
  bind: boolean;
}

export interface HealthcheckSpec {
  disable: boolean;
  /** `["CMD", …]` without the CMD; null for CMD-SHELL or none. */
  argv: string[] | null;
  shell: string | null;
  raw: unknown;
}

export interface Service {
  name: string;
  line: number;
  image: string | null;
  build: boolean;
  /** Exec form as Compose would run it; null when not set (the image's applies). A string is split by shellwords. */
  entrypoint: string[] | null;
  command: string[] | null;
  /** True when command/entrypoint were strings (shell-like splitting): the lint prefers lists. */
  stringForm: boolean;
  user: string | null;
  environment: Map<string, string>;
  ports: PortSpec[];
  volumes: VolumeSpec[];
  dependsOn: Map<string, string>;
  healthcheck: HealthcheckSpec | null;
  privileged: boolean;
  networkMode: string | null;
  capAdd: string[];
}

export interface ComposeFile {
  services: Map<string, Service>;
  /** Top-level named volumes. */
  volumes: Set<string>;
  problems: { line: number; message: string }[];
}

/**
 * Compose's interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, and `$$` for a dollar. Unset variables without a default become empty, as in Compose.
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>, problems?: string[]): string {
  return text.replace(/\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g, (m, name?: string, colon?: string, op?: string, arg?: string, bare?: string) => {
    if (m === '$$') return '$';
    const key = (name ?? bare)!;
    const value = env[key];
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '-') return unset ? (arg ?? '') : value!;
    if (op === '?') {
      if (unset) problems?.push(`${key} must be set: ${arg ?? ''}`);
      return value ?? '';
    }
    return value ?? '';
  });
}

/** Split a command string as Compose does (shell words: quotes and backslashes, no expansion). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

function commandOf(v: unknown): { argv: string[] | null; stringForm: boolean } {
  if (v === undefined || v === null) return { argv: null, stringForm: false };
  if (Array.isArray(v)) return { argv: v.map((x) => str(x) ?? ''), stringForm: false };
  const s = str(v);
  return s === null ? { argv: null, stringForm: false } : { argv: shellWords(s), stringForm: true };
}

function parsePort(v: unknown): PortSpec | null {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return { hostIp: str(o.host_ip), published: str(o.published), target: str(o.target) ?? '', raw: JSON.stringify(o) };
  }
  const s = str(v);
  if (s === null) return null;
  // [HOST_IP:][PUBLISHED:]TARGET[/PROTO]; an IPv6 host is in brackets.
  const body = s.replace(/\/(tcp|udp)$/, '');
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(?:([^:]*):)?([^:]+)$/.exec(body);
  if (!m) return { hostIp: null, published: null, target: body, raw: s };
  if (m[2] === undefined) return { hostIp: null, published: m[1] ?? null, target: m[3]!, raw: s };
  return { hostIp: m[1]!.replace(/^\[|\]$/g, ''), published: m[2] || null, target: m[3]!, raw: s };
}

function parseVolume(v: unknown): VolumeSpec | null {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return { source: str(o.source), target: str(o.target) ?? '', readOnly: o.read_only === true, bind: o.type === 'bind' };
  }
  const s = str(v);
  if (s === null) return null;
  const parts = s.split(':');
  if (parts.length === 1) return { source: null, target: parts[0]!, readOnly: false, bind: false };
  const source = parts[0]!;
  const mode = parts[2] ?? '';
  return { source, target: parts[1]!, readOnly: mode.split(',').includes('ro'), bind: /^[./~]/.test(source) };
}

function mapOf(v: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = str(item);
      if (s === null) continue;
      const eq = s.indexOf('=');
      m.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? '' : s.slice(eq + 1));
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) m.set(k, str(x) ?? '');
  }
  return m;
}

function healthcheckOf(v: unknown): HealthcheckSpec | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  if (o.disable === true) return { disable: true, argv: null, shell: null, raw: v };
  const t = o.test;
  if (Array.isArray(t)) {
    const words = t.map((x) => str(x) ?? '');
    if (words[0] === 'NONE') return { disable: true, argv: null, shell: null, raw: v };
    if (words[0] === 'CMD') return { disable: false, argv: words.slice(1), shell: null, raw: v };
    if (words[0] === 'CMD-SHELL') return { disable: false, argv: null, shell: words.slice(1).join(' '), raw: v };
    return { disable: false, argv: null, shell: null, raw: v };
  }
  const s = str(t);
  return { disable: false, argv: null, shell: s, raw: v };
}

/** Replace every string in a plain YAML value by `f(string)`. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/**
 * Read a compose file. `env` is the environment for interpolation: the lint passes `{}` so the file's
 * own defaults are what is checked, whatever the machine running the lint has set.
 */
export function parseCompose(text: string, env: Readonly<Record<string, string | undefined>> = {}): ComposeFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ComposeFile['problems'] = doc.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? 0, message: e.message }));
  const services = new Map<string, Service>();
  const volumes = new Set<string>();
  const interpolationProblems: string[] = [];
  const root: unknown = mapStrings(doc.toJS(), (s) => interpolate(s, env, interpolationProblems));
  for (const p of new Set(interpolationProblems)) problems.push({ line: 0, message: p });
  if (!root || typeof root !== 'object') {
    problems.push({ line: 1, message: 'not a YAML mapping' });
    return { services, volumes, problems };
  }
  const lineOfService = (name: string): number => {
    const servicesNode = doc.get('services', true);
    if (!isMap(servicesNode)) return 0;
    const pair = servicesNode.items.find((p) => isScalar(p.key) && p.key.value === name);
    const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
    return range ? lineCounter.linePos(range[0]).line : 0;
  };
  const r = root as Record<string, unknown>;
  for (const name of Object.keys((r.volumes as Record<string, unknown> | undefined) ?? {})) volumes.add(name);
  const svcs = (r.services ?? {}) as Record<string, Record<string, unknown> | null>;
  if (!isMap(doc.get('services', true)) && !isSeq(doc.get('services', true))) problems.push({ line: 1, message: 'no services' });
  for (const [name, raw] of Object.entries(svcs)) {
    const s = raw ?? {};
    const entry = commandOf(s.entrypoint);
    const cmd = commandOf(s.command);
    const dependsOn = new Map<string, string>();
    if (Array.isArray(s.depends_on)) for (const d of s.depends_on) dependsOn.set(String(d), 'service_started');
    else if (s.depends_on && typeof s.depends_on === 'object') {
      for (const [d, spec] of Object.entries(s.depends_on as Record<string, unknown>)) {
        dependsOn.set(d, str((spec as Record<string, unknown> | null)?.condition) ?? 'service_started');
      }
    }
    services.set(name, {
      name,
      line: lineOfService(name),
      image: str(s.image),
      build: s.build !== undefined,
      entrypoint: entry.argv,
      command: cmd.argv,
      stringForm: entry.stringForm || cmd.stringForm,
      user: str(s.user),
      environment: mapOf(s.environment),
      ports: (Array.isArray(s.ports) ? s.ports : []).map(parsePort).filter((p): p is PortSpec => p !== null),
      volumes: (Array.isArray(s.volumes) ? s.volumes : []).map(parseVolume).filter((v): v is VolumeSpec => v !== null),
      dependsOn,
      healthcheck: healthcheckOf(s.healthcheck),
      privileged: s.privileged === true,
      networkMode: str(s.network_mode),
      capAdd: Array.isArray(s.cap_add) ? s.cap_add.map((x) => String(x)) : [],
    });
  }
  return { services, volumes, problems };
}
