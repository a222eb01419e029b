/**
 * zod's issues, said the way a test engineer reads them, at the key or value they are about:
 *
 *     station.fw_expected: required
 *     steps[2].retries: expected an integer, got a string ("three")
 *     steps[0].on_fial: unknown key (did you mean on_fail?)
 *
 * A union's issue is replaced by the issues of the branch the value was meant for (the one that got
 * past the type check), so `req_ids: [REQ-1, 5]` reports `req_ids[1]`, not "Invalid input".
 */
import type { z } from 'zod';
import type { SourceProblem } from '../util/source-error.js';
import { describePath, type YamlPath, type YamlSource } from '../util/yaml-source.js';

type Issue = z.core.$ZodIssue;

export interface IssueOptions {
  /** Where the checked value is in the source. */
  prefix?: YamlPath;
  /** What to add to "unknown key" (default: a near-miss suggestion). */
  keyHint?: (key: string, known: readonly string[]) => string;
  /** The source text, to quote numbers as written (`1.0`, not `1`). */
  text?: string;
}

/** Located problems for the issues of a value found at `prefix` in the source, checked against `schema`. */
export function planProblems(source: YamlSource, schema: z.ZodType, issues: readonly Issue[], opts: IssueOptions = {}): SourceProblem[] {
  const { prefix = [], keyHint = suggestion, text } = opts;
  const lines = text?.split(/\r?\n/);
  /** A plain scalar as written at a position (only used for numbers: YAML reads `1.0` as 1). */
  const written = (line: number, col: number): string | undefined => /^[^,#\]}]*/.exec(lines?.[line - 1]?.slice(col - 1) ?? '')?.[0].trim() || undefined;
  const out: SourceProblem[] = [];
  const add = (path: YamlPath, message: string, atKey = false) => {
    const pos = atKey ? source.locateKey(path) : source.locate(path);
    const where = describePath(path);
    out.push({ file: source.file, ...pos, message: where ? `${where}: ${message}` : message });
  };
  const walk = (list: readonly Issue[], base: YamlPath): void => {
    for (const issue of list) {
      const rel = [...base, ...issue.path];
      const path = [...prefix, ...rel];
      if (issue.code === 'unrecognized_keys') {
        const known = knownKeys(schema, rel);
        for (const key of issue.keys) add([...path, key], `unknown key${keyHint(key, known)}`, true);
      } else if (issue.code === 'invalid_union') {
        const branch = intendedBranch(issue.errors);
        if (branch) walk(branch, rel);
        else add(path, `expected ${alternatives(issue.errors)}, got ${describeValue(valueAt(source.value, path))}`);
      } else if (issue.code === 'invalid_key') {
        // A bad key of a mapping (e.g. an empty flag name): point at the key.
        add(path, `bad key: ${issue.issues.map((i) => message(i, undefined)).join('; ')}`, true);
      } else {
        const value = valueAt(source.value, path);
        const pos = source.locate(path);
        add(path, message(issue, typeof value === 'number' ? { number: value, text: written(pos.line, pos.col) } : value));
      }
    }
  };
  walk(issues, []);
  return out;
}

/**
 * The union branch the value was meant for: the first whose issues are not all "wrong type here"
 * (it accepted the value's type and failed further in, or on a refinement).
 */
function intendedBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  return branches.find((b) => b.length > 0 && !b.every((i) => i.path.length === 0 && i.code === 'invalid_type'));
}

/** "a string or a list": what a union's branches expected at its root. */
function alternatives(branches: readonly (readonly Issue[])[]): string {
  const names: string[] = [];
  for (const b of branches) {
    for (const i of b) {
      if (i.path.length > 0) continue;
      const n = i.code === 'invalid_type' ? typeName(i.expected) : i.code === 'invalid_union' ? alternatives(i.errors) : undefined;
      if (n && !names.includes(n)) names.push(n);
    }
  }
  if (names.length === 0) return 'another value';
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

function message(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'required';
      return `expected ${typeName(issue.expected)}, got ${describeValue(value)}${quoteHint(issue.expected, value)}`;
    case 'too_small':
      return issue.origin === 'array' ? `must have at least ${String(issue.minimum)} entr${issue.minimum === 1 ? 'y' : 'ies'}` : issue.origin === 'string' ? 'must not be empty' : `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}, got ${describeValue(value)}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string' ? issue.message : `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}, got ${describeValue(value)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, got ${describeValue(value)}`;
    case 'invalid_format':
      return `${issue.message}, got ${describeValue(value)}`;
    default:
      return issue.message;
  }
}

function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping';
    case 'boolean':
      return 'a boolean (true or false)';
    default:
      return `a ${expected}`;
  }
}

/** A number with the text it was written as, when known. */
interface WrittenNumber {
  number: number;
  text: string | undefined;
}
const isWritten = (v: unknown): v is WrittenNumber => typeof v === 'object' && v !== null && 'number' in v && 'text' in v;

/** What was written instead, short: `a string ("fast")`, `a number (1.5)`, `a list`, `no value`. */
export function describeValue(v: unknown): string {
  if (isWritten(v)) return `a number (${v.text !== undefined && Number(v.text) === v.number ? v.text : v.number})`;
  if (v === undefined) return 'nothing';
  if (v === null) return 'no value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)})`;
  if (typeof v === 'number') return `a number (${v})`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

/** `fw_expected: 1.0` reads as the number 1: say how to keep it text. */
function quoteHint(expected: string, value: unknown): string {
  return expected === 'string' && (isWritten(value) || typeof value === 'number' || typeof value === 'boolean') ? '; put it in quotes to make it text' : '';
}

function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[part as string];
  }
  return v;
}

/** MTAP v1 words and near-misses whose mtap name is different (ATP's if_flag is a run-time flag; plans have enable words). */
const ALIASES: Record<string, string> = {
  min: 'lo',
  max: 'hi',
  equals: 'expected',
  unit: 'units',
  timeout: 'timeout_s',
  backoff: 'backoff_ms',
  retry: 'retries',
  if_flag: 'if_enable',
  unless_flag: 'unless_enable',
  if_stage: 'if_job',
  unless_stage: 'unless_job',
};

/** ` (did you mean on_fail?)` for an unknown key close to a known one, else nothing. */
export function suggestion(key: string, known: readonly string[]): string {
  const alias = ALIASES[key];
  if (alias && known.includes(alias)) return ` (did you mean ${alias}?)`;
  const best = closest(key, known);
  return best === undefined ? '' : ` (did you mean ${best}?)`;
}

/** The candidate a word is most likely a misspelling of (a small edit away, ignoring case), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 4)) ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions (on_fial → on_fail is 1). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
  in?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The keys the object schema at `path` (inside `schema`) allows. */
function knownKeys(schema: z.ZodType, path: YamlPath): string[] {
  const objectAt = (s: z.ZodType, rest: YamlPath): Def | undefined => {
    const def = defOf(s);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
        return def.innerType && objectAt(def.innerType, rest);
      case 'lazy':
        return def.getter && objectAt(def.getter(), rest);
      case 'pipe':
        return def.in && objectAt(def.in, rest);
      case 'union':
        for (const o of def.options ?? []) {
          const found = objectAt(o, rest);
          if (found) return found;
        }
        return undefined;
      case 'array':
        return rest.length > 0 && typeof rest[0] === 'number' && def.element ? objectAt(def.element, rest.slice(1)) : undefined;
      case 'object': {
        if (rest.length === 0) return def;
        const child = def.shape?.[String(rest[0])];
        return child && objectAt(child, rest.slice(1));
      }
      default:
        return undefined;
    }
  };
  return Object.keys(objectAt(schema, path)?.shape ?? {});
}
