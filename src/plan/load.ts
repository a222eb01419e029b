/**
 * Loading a plan: YAML with positions; the plan's own sections checked against their shapes; every
 * entry of `steps:` read and checked (reader.ts); test numbers assigned; then the flow validators on
 * the compiled flow, as a backstop. Every problem is collected and reported at once as
 * `file:line:col: message`, sorted by position; nothing is run or written.
 *
 *     loadPlan('plan.yaml')   // a Plan, or throws MtapError E_PLAN (exit 2):
 *     // invalid plan:
 *     // plan.yaml:12:9: steps[1].id: duplicate id "ping" (also at line 8)
 *     // plan.yaml:20:18: steps[2].if_failed: no step or group has id "read_tmp"
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { MtapError } from '../errors.js';
import { formatProblem, sortProblems, type SourceProblem } from '../util/source-error.js';
import { parseYamlSource, type YamlSource } from '../util/yaml-source.js';
import { compilePlan } from './compile.js';
import { describeValue, planProblems } from './issues.js';
import { PlanReader, type ReaderContext } from './reader.js';
import { DEFAULT_RETRY_ON } from './result-codes.js';
import { binsSchema, defaultsSchema, flagsSchema, planHeaderSchema, planInfoSchema, V1_STAGES } from './schema.js';
import type { BinSpec, Plan, PlanStep, StepDefaults } from './types.js';

export { FW_DISCOVERY_STEP } from './reader.js';

export const DEFAULT_BINS = {
  pass: { bin: 1, softbin: 1, description: 'PASS' },
  fail: { bin: 2, softbin: 2, description: 'FAIL' },
  error: { bin: 3, softbin: 3, description: 'ERROR' },
} as const satisfies Record<string, BinSpec>;

/** MTAP v1's step defaults, except retry_on (v1 retried every failure; we retry the transient codes). */
export const BUILTIN_DEFAULTS: StepDefaults = { timeoutS: 2.0, retries: 0, backoffMs: 0, retryOn: [...DEFAULT_RETRY_ON], onFail: 'continue' };

type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A section parsed on its own: its value, or `null` when it is broken (its problems are reported by the header check). */
function section<T>(schema: z.ZodType<T>, value: unknown, absent: T): T | null {
  if (value === undefined) return absent;
  const r = schema.safeParse(value);
  return r.success ? r.data : null;
}

function fail(problems: SourceProblem[]): never {
  throw new MtapError('E_PLAN', `invalid plan:\n${sortProblems(problems).map(formatProblem).join('\n')}`);
}

/**
 * YAML errors as the user should see them: the first, and later ones only if they are the same kind
 * (each tab used as indentation) — after a syntax error the parser's further complaints are
 * mostly echoes of the first. A duplicate key is named.
 */
function yamlProblems(problems: SourceProblem[], text: string): SourceProblem[] {
  const first = problems[0];
  if (!first) return problems;
  const lines = text.split(/\r?\n/);
  return problems
    .filter((p) => p.message === first.message)
    .map((p) => {
      if (p.message !== 'YAML: Map keys must be unique') return p;
      const key = /^("[^"]*"|'[^']*'|[^:#]+?)\s*:/.exec(lines[p.line - 1]?.slice(p.col - 1) ?? '')?.[1];
      return key ? { ...p, message: `YAML: duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`} (a key may appear once in a mapping)` } : p;
    });
}

/** Test numbers: as written, else by position (skipping numbers already taken); duplicates are errors. */
function numberSteps(steps: PlanStep[], reader: PlanReader): void {
  const taken = new Map<number, PlanStep>();
  for (const s of steps) {
    if (s.testNumAuto) continue;
    const twin = taken.get(s.testNum);
    const path = reader.stepPaths.get(s);
    if (twin && path) reader.problem([...path, 'test_num'], `duplicate test_num ${s.testNum} (also step "${twin.id}", line ${twin.pos.line})`);
    else taken.set(s.testNum, s);
  }
  let next = 1;
  for (const s of steps) {
    if (!s.testNumAuto) continue;
    while (taken.has(next)) next++;
    s.testNum = next;
    taken.set(next, s);
  }
}

function flattenSteps(items: Plan['items']): PlanStep[] {
  return items.flatMap((it) => (it.kind === 'step' ? [it] : it.kind === 'group' ? flattenSteps(it.items) : []));
}

/** The context the entries are checked against, from whichever sections are sound. */
function readerContext(raw: Mapping): ReaderContext {
  const info = isMapping(raw.plan) ? raw.plan : {};
  const extra = section(planInfoSchema.shape.stages, info.stages, []);
  const d = section(defaultsSchema, raw.defaults, {});
  const bins = isMapping(raw.bins) ? raw.bins : {};
  const pass = section(binsSchema.shape.pass, bins.pass, undefined);
  return {
    stages: extra === null ? null : new Set([...V1_STAGES, ...(extra ?? []).map((s) => s.toUpperCase())]),
    flags: section(flagsSchema, raw.flags, {}),
    defaults: {
      timeoutS: d?.timeout_s ?? BUILTIN_DEFAULTS.timeoutS,
      retries: d?.retries ?? BUILTIN_DEFAULTS.retries,
      backoffMs: d?.backoff_ms ?? BUILTIN_DEFAULTS.backoffMs,
      retryOn: d?.retry_on ?? BUILTIN_DEFAULTS.retryOn,
      onFail: d?.on_fail ?? BUILTIN_DEFAULTS.onFail,
    },
    passBin: pass === null ? null : (pass?.bin ?? DEFAULT_BINS.pass.bin),
  };
}

/** Plan-wide rules on sound sections: the station's stage, retry codes, distinct bins. */
function checkSections(raw: Mapping, ctx: ReaderContext, reader: PlanReader): void {
  const stage = isMapping(raw.station) ? raw.station.stage : undefined;
  if (ctx.stages && typeof stage === 'string' && stage.trim() && !ctx.stages.has(stage.trim().toUpperCase())) {
    reader.problem(['station', 'stage'], `unknown stage "${stage}" (known: ${[...ctx.stages].join(', ')}; declare more in plan.stages)`);
  }
  const d = section(defaultsSchema, raw.defaults, {});
  if (d?.retry_on) reader.checkCodes(d.retry_on, ['defaults', 'retry_on']);
  const bins = isMapping(raw.bins) ? raw.bins : {};
  for (const key of ['fail', 'error'] as const) {
    const b = section(binsSchema.shape[key], bins[key], undefined);
    if (ctx.passBin !== null && b?.bin === ctx.passBin) reader.problem(['bins', key, 'bin'], `${ctx.passBin} is the pass bin (bins.pass): use another bin`);
  }
}

function buildPlan(file: string, text: string, h: z.infer<typeof planHeaderSchema>, ctx: ReaderContext, items: Plan['items'], steps: PlanStep[]): Plan {
  const bin = (b: { bin: number; softbin?: number | undefined; description?: string | undefined } | undefined, dflt: BinSpec): BinSpec =>
    b ? { bin: b.bin, softbin: b.softbin ?? b.bin, description: b.description ?? dflt.description } : { ...dflt };
  return {
    file,
    text,
    hash: createHash('sha256').update(text).digest('hex'),
    name: h.plan.name,
    version: h.plan.version ?? 1,
    station: { name: h.station.name, stage: h.station.stage.toUpperCase(), fwExpected: h.station.fw_expected },
    snCount: h.batch?.sn_count ?? 1,
    requirements: h.requirements ? resolve(dirname(resolve(file)), h.requirements) : null,
    stages: [...(ctx.stages ?? V1_STAGES)],
    flags: h.flags ?? {},
    bins: { pass: bin(h.bins?.pass, DEFAULT_BINS.pass), fail: bin(h.bins?.fail, DEFAULT_BINS.fail), error: bin(h.bins?.error, DEFAULT_BINS.error) },
    defaults: ctx.defaults,
    items,
    steps,
  };
}

/** Parse and check plan text; throws MtapError E_PLAN (exit 2) listing every problem. */
export function parsePlan(text: string, file: string): Plan {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) fail(yamlProblems(parsed.problems, text));
  const source: YamlSource = parsed.source;
  // An empty file is an empty mapping: every required key is then reported missing.
  const raw = source.value ?? {};
  if (!isMapping(raw)) fail([{ file, ...source.locate([]), message: `a plan is a mapping (plan:, station:, steps:), got ${describeValue(raw)}` }]);

  const header = planHeaderSchema.safeParse(raw);
  const ctx = readerContext(raw);
  const reader = new PlanReader(source, ctx, text);
  if (!header.success) reader.problems.push(...planProblems(source, planHeaderSchema, header.error.issues, { text }));
  checkSections(raw, ctx, reader);
  const items = Array.isArray(raw.steps) ? reader.read(raw.steps, ['steps'], ctx.stages ?? new Set(V1_STAGES)) : [];
  reader.checkRefs();
  const steps = flattenSteps(items);
  numberSteps(steps, reader);
  if (!header.success || reader.problems.length) fail(reader.problems);

  const plan = buildPlan(file, text, header.data, ctx, items, steps);
  try {
    compilePlan(plan);
  } catch (err) {
    // The checks above should catch everything the flow validators do; this is the backstop.
    fail([{ file, line: 1, col: 1, message: `the flow validators refused the compiled flow: ${(err as Error).message}` }]);
  }
  return plan;
}

/** Read and check a plan file. */
export function loadPlan(path: string, cwd = process.cwd()): Plan {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MtapError('E_PLAN', `cannot read plan ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
  return parsePlan(text, path);
}
