/**
 * Loading a plan: YAML with positions, each part checked against its shape, then the rules that need
 * the whole plan (unique ids and test numbers, references to earlier steps, stages and flags that
 * exist, conditions that can be met), then the flow validators on the compiled flow. Every problem is
 * collected and reported at once as `file:line:col: message`; nothing is run or written.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { MtapError } from '../errors.js';
import { cleanId } from '../flow/index.js';
import { tokenProblem } from '../protocol/index.js';
import { formatProblem, sortProblems, type SourceProblem } from '../util/source-error.js';
import { describePath, parseYamlSource, zodProblems, type YamlPath, type YamlSource } from '../util/yaml-source.js';
import { compilePlan } from './compile.js';
import { ATTEMPT_CODES, DEFAULT_RETRY_ON } from './result-codes.js';
import {
  conditionShape,
  groupHeaderSchema,
  itemKind,
  logSchema,
  planHeaderSchema,
  stepSchema,
  V1_STAGES,
  type Comparator,
  type StepInput,
} from './schema.js';
import type { BinSpec, Conditions, Measurement, Plan, PlanItem, PlanStep, Scalar, SourcePos, StepDefaults } from './types.js';

/** Reserved: the firmware-discovery pseudo-step's id in the records. */
export const FW_DISCOVERY_STEP = 'fw_discovery';

export const DEFAULT_BINS = {
  pass: { bin: 1, softbin: 1, description: 'PASS' },
  fail: { bin: 2, softbin: 2, description: 'FAIL' },
  error: { bin: 3, softbin: 3, description: 'ERROR' },
} as const satisfies Record<string, BinSpec>;

const BUILTIN_DEFAULTS: StepDefaults = { timeoutS: 2.0, retries: 0, backoffMs: 0, retryOn: [...DEFAULT_RETRY_ON], onFail: 'continue' };

type ConditionInput = { [K in keyof typeof conditionShape]?: z.infer<(typeof conditionShape)[K]> };

/** Reading one plan file: its problems accumulate here. */
class PlanReader {
  readonly problems: SourceProblem[] = [];
  /** Every id (step or group) in document order, with where it is. */
  readonly ids: Array<{ id: string; clean: string; path: YamlPath; order: number; pos: SourcePos }> = [];
  private order = 0;

  constructor(
    readonly source: YamlSource,
    readonly stages: Set<string>,
    readonly flags: Record<string, boolean> | null,
    readonly defaults: StepDefaults,
  ) {}

  problem(path: YamlPath, message: string, atKey = false): void {
    const pos = atKey ? this.source.locateKey(path) : this.source.locate(path);
    const where = describePath(path);
    this.problems.push({ file: this.source.file, ...pos, message: where ? `${where}: ${message}` : message });
  }

  pos(path: YamlPath): SourcePos {
    return this.source.locate(path);
  }

  nextOrder(): number {
    return this.order++;
  }

  items(raw: readonly unknown[], path: YamlPath, groups: string[], allowedJobs: Set<string>): PlanItem[] {
    const out: PlanItem[] = [];
    raw.forEach((entry, i) => {
      const p = [...path, i];
      const kind = itemKind(entry);
      const schema = kind === 'group' ? groupHeaderSchema : kind === 'log' ? logSchema : stepSchema;
      const parsed = schema.safeParse(entry);
      if (!parsed.success) {
        this.problems.push(...zodProblems(this.source, parsed.error.issues, p));
        return;
      }
      const order = this.nextOrder();
      const data = parsed.data as ConditionInput & Record<string, unknown>;
      const conditions = this.conditions(data, p, order);
      const jobs = this.narrowJobs(allowedJobs, conditions, p);
      if (kind === 'group') {
        const g = parsed.data as z.infer<typeof groupHeaderSchema>;
        if (g.id !== undefined) this.defineId(g.id, [...p, 'id'], order);
        out.push({
          kind: 'group',
          name: g.group,
          id: g.id ?? null,
          conditions,
          pos: this.pos(p),
          items: this.items(g.steps, [...p, 'steps'], [...groups, g.group], jobs),
        });
      } else if (kind === 'log') {
        out.push({ kind: 'log', message: (parsed.data as { log: string }).log, conditions, pos: this.pos(p) });
      } else {
        const step = this.step(parsed.data as StepInput, p, conditions, groups);
        this.defineId(step.id, [...p, 'id'], order);
        out.push(step);
      }
    });
    return out;
  }

  private defineId(id: string, path: YamlPath, order: number): void {
    const clean = cleanId(id);
    if (id === FW_DISCOVERY_STEP) this.problem(path, `"${FW_DISCOVERY_STEP}" is reserved for the firmware-discovery record`);
    const twin = this.ids.find((x) => x.clean === clean);
    if (twin) {
      this.problem(path, `duplicate id "${id}" (also at line ${twin.pos.line}${twin.id !== id ? ` as "${twin.id}"` : ''})`);
      return;
    }
    this.ids.push({ id, clean, path, order, pos: this.pos(path) });
  }

  /** Stage/enable/result conditions in the builder's terms, with their names checked. */
  private conditions(data: ConditionInput, path: YamlPath, order: number): Conditions {
    const c: Conditions = {};
    const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    const jobs = (key: 'stages' | 'if_job' | 'unless_job') => {
      const names = list(data[key]);
      if (!names) return undefined;
      return names.map((s, i) => {
        const up = s.toUpperCase();
        if (!this.stages.has(up)) {
          this.problem(Array.isArray(data[key]) ? [...path, key, i] : [...path, key], `unknown stage "${s}" (known: ${[...this.stages].join(', ')}; declare more in plan.stages)`);
        }
        return up;
      });
    };
    const ifJob = [...(jobs('stages') ?? []), ...(jobs('if_job') ?? [])];
    if (ifJob.length) c.ifJob = [...new Set(ifJob)];
    const unlessJob = jobs('unless_job');
    if (unlessJob) c.unlessJob = unlessJob;
    if (c.ifJob && c.unlessJob) this.problem([...path, 'unless_job'], 'cannot be combined with stages/if_job on the same entry');

    for (const key of ['if_enable', 'unless_enable'] as const) {
      const names = list(data[key]);
      if (!names) continue;
      for (const [i, n] of names.entries()) {
        if (!this.flags || !(n in this.flags)) {
          const declared = this.flags ? Object.keys(this.flags).join(', ') || 'none' : 'none: add a flags: section';
          this.problem(Array.isArray(data[key]) ? [...path, key, i] : [...path, key], `unknown flag "${n}" (declared: ${declared})`);
        }
      }
      if (key === 'if_enable') c.ifEnable = names;
      else c.unlessEnable = names;
    }

    const refs = { if_failed: 'ifFailed', if_passed: 'ifPassed', if_ran: 'ifRan', unless_ran: 'unlessRan' } as const;
    for (const [key, to] of Object.entries(refs) as Array<[keyof typeof refs, (typeof refs)[keyof typeof refs]]>) {
      const ref = data[key];
      if (ref === undefined) continue;
      this.pendingRefs.push({ ref, path: [...path, key], order });
      c[to] = ref;
    }
    const listRefs = { if_any_failed: 'ifAnyFailed', if_all_failed: 'ifAllFailed', if_any_passed: 'ifAnyPassed', if_all_passed: 'ifAllPassed' } as const;
    for (const [key, to] of Object.entries(listRefs) as Array<[keyof typeof listRefs, (typeof listRefs)[keyof typeof listRefs]]>) {
      const refsList = data[key];
      if (refsList === undefined) continue;
      refsList.forEach((ref, i) => this.pendingRefs.push({ ref, path: [...path, key, i], order }));
      c[to] = refsList;
    }
    return c;
  }

  /** References to steps/groups, checked once every id is known. */
  readonly pendingRefs: Array<{ ref: string; path: YamlPath; order: number }> = [];

  checkRefs(): void {
    for (const { ref, path, order } of this.pendingRefs) {
      const target = this.ids.find((x) => x.clean === cleanId(ref));
      if (!target) this.problem(path, `no step or group has id "${ref}"`);
      else if (target.order >= order) {
        this.problem(path, `"${ref}" is ${target.order === order ? 'this entry itself' : `defined later (line ${target.pos.line})`}: a condition can only name an earlier step or group`);
      }
    }
  }

  /** The stages an entry can run at, inside its enclosing groups; none is an error. */
  private narrowJobs(allowed: Set<string>, c: Conditions, path: YamlPath): Set<string> {
    let jobs = allowed;
    if (c.ifJob) jobs = new Set(c.ifJob.filter((j) => allowed.has(j)));
    if (c.unlessJob) jobs = new Set([...jobs].filter((j) => !c.unlessJob!.includes(j)));
    if (jobs.size === 0 && allowed.size > 0) {
      this.problem(path, `can never run: its stage conditions exclude every stage its groups allow (${[...allowed].join(', ')})`);
    }
    return jobs.size === 0 ? allowed : jobs;
  }

  private step(s: StepInput, path: YamlPath, conditions: Conditions, groups: string[]): PlanStep {
    const d = this.defaults;
    const retryOn = s.retry_on ?? d.retryOn;
    if (s.retry_on) this.checkCodes(s.retry_on, [...path, 'retry_on']);
    return {
      kind: 'step',
      id: s.id,
      name: s.name,
      cmd: s.cmd,
      params: this.params(s, path),
      measurements: this.measurements(s, path),
      reqIds: s.req_ids ?? [],
      testNum: s.test_num ?? -1,
      testNumAuto: s.test_num === undefined,
      bin: s.bin ?? null,
      softbin: s.softbin ?? null,
      binDescription: s.bin_description ?? null,
      softbinDescription: s.softbin_description ?? null,
      timeoutS: s.timeout_s ?? d.timeoutS,
      retries: s.retries ?? d.retries,
      backoffMs: s.backoff_ms ?? d.backoffMs,
      retryOn,
      onFail: s.on_fail ?? d.onFail,
      conditions,
      groups,
      pos: this.pos(path),
    };
  }

  checkCodes(codes: readonly string[], path: YamlPath): void {
    codes.forEach((code, i) => {
      if (!ATTEMPT_CODES.includes(code)) this.problem([...path, i], `unknown code "${code}" (known: ${ATTEMPT_CODES.join(', ')})`);
    });
  }

  private params(s: StepInput, path: YamlPath): string[] {
    if (!s.params) return [];
    const entries: Array<[PropertyKey, Scalar]> = Array.isArray(s.params) ? s.params.map((v, i) => [i, v]) : Object.entries(s.params);
    return entries.map(([key, value]) => {
      const token = String(value);
      const problem = tokenProblem(token);
      if (problem) this.problem([...path, 'params', key], `${JSON.stringify(token)} cannot be sent as an argument: it ${problem}`);
      return token;
    });
  }

  private measurements(s: StepInput, path: YamlPath): Measurement[] {
    if (s.limits && s.measurements) {
      this.problem([...path, 'measurements'], 'give either limits (MTAP v1) or measurements, not both', true);
      return [];
    }
    if (s.limits) {
      const l = s.limits;
      const p = [...path, 'limits'];
      const hasRange = (l.min ?? null) !== null || (l.max ?? null) !== null;
      const hasEquals = (l.equals ?? null) !== null;
      if (hasEquals && hasRange) this.problem(p, 'limits: cannot specify equals with min/max');
      else if (!hasEquals && !hasRange) this.problem(p, 'limits: specify at least one of min/max/equals');
      const lo = l.min ?? null;
      const hi = l.max ?? null;
      if (lo !== null && hi !== null && lo > hi) this.problem(p, `min (${lo}) exceeds max (${hi})`);
      const comparator: Comparator = hasEquals ? 'EQ' : lo !== null && hi !== null ? 'GELE' : lo !== null ? 'GE' : 'LE';
      return [{ field: l.field, units: l.units ?? null, comparator, lo, hi, nominal: null, expected: hasEquals ? l.equals! : null }];
    }
    return (s.measurements ?? []).map((m, i) => {
      const p = [...path, 'measurements', i];
      const lo = m.lo ?? null;
      const hi = m.hi ?? null;
      const expected = m.expected ?? null;
      const comparator: Comparator =
        m.comparator ?? (lo !== null && hi !== null ? 'GELE' : lo !== null ? 'GE' : hi !== null ? 'LE' : Array.isArray(expected) ? 'IN' : 'EQ');
      const need = (what: string, ok: boolean) => {
        if (!ok) this.problem(p, `${comparator} needs ${what}`);
      };
      switch (comparator) {
        case 'GE':
        case 'GT':
          need('lo', lo !== null);
          break;
        case 'LE':
        case 'LT':
          need('hi', hi !== null);
          break;
        case 'GELE':
        case 'GTLT':
          need('lo and hi', lo !== null && hi !== null);
          if (lo !== null && hi !== null && (comparator === 'GELE' ? lo > hi : lo >= hi)) this.problem(p, `lo (${lo}) must be ${comparator === 'GELE' ? 'at most' : 'below'} hi (${hi})`);
          break;
        case 'EQ':
        case 'NE':
          need('a single expected value', expected !== null && !Array.isArray(expected));
          break;
        case 'IN':
          need('expected: a list of values', Array.isArray(expected));
          break;
        case 'MATCHES':
          need('expected: a regular expression', typeof expected === 'string');
          if (typeof expected === 'string') {
            try {
              new RegExp(expected, 'u');
            } catch (err) {
              this.problem([...p, 'expected'], `not a valid regular expression: ${(err as Error).message}`);
            }
          }
          break;
      }
      return { field: m.field, units: m.units ?? null, comparator, lo, hi, nominal: m.nominal ?? null, expected };
    });
  }
}

function flattenSteps(items: PlanItem[]): PlanStep[] {
  return items.flatMap((it) => (it.kind === 'step' ? [it] : it.kind === 'group' ? flattenSteps(it.items) : []));
}

/** Test numbers: as written, else by position (skipping numbers already taken); duplicates are errors. */
function numberSteps(steps: PlanStep[], reader: PlanReader, stepPaths: Map<PlanStep, YamlPath>): void {
  const taken = new Map<number, PlanStep>();
  for (const s of steps) {
    if (s.testNumAuto) continue;
    const twin = taken.get(s.testNum);
    if (twin) reader.problem([...stepPaths.get(s)!, 'test_num'], `test_num ${s.testNum} is also step "${twin.id}"'s (line ${twin.pos.line})`);
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

function fail(problems: SourceProblem[]): never {
  throw new MtapError('E_PLAN', `invalid plan:\n${sortProblems(problems).map(formatProblem).join('\n')}`);
}

/** Parse and check plan text; throws MtapError E_PLAN (exit 2) listing every problem. */
export function parsePlan(text: string, file: string): Plan {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) fail(parsed.problems);
  const source = parsed.source;
  const header = planHeaderSchema.safeParse(source.value ?? {});
  if (!header.success) {
    // Still check the steps, so one run reports everything.
    const problems = zodProblems(source, header.error.issues);
    const raw = source.value as { steps?: unknown };
    if (Array.isArray(raw?.steps)) {
      const r = new PlanReader(source, new Set(V1_STAGES), null, BUILTIN_DEFAULTS);
      r.items(raw.steps, ['steps'], [], new Set(V1_STAGES));
      problems.push(...r.problems.filter((p) => !problems.some((q) => q.line === p.line && q.col === p.col)));
    }
    fail(problems);
  }
  const h = header.data;
  const stages = [...V1_STAGES, ...(h.plan.stages ?? []).map((s) => s.toUpperCase())];
  const d = h.defaults ?? {};
  const defaults: StepDefaults = {
    timeoutS: d.timeout_s ?? BUILTIN_DEFAULTS.timeoutS,
    retries: d.retries ?? BUILTIN_DEFAULTS.retries,
    backoffMs: d.backoff_ms ?? BUILTIN_DEFAULTS.backoffMs,
    retryOn: d.retry_on ?? BUILTIN_DEFAULTS.retryOn,
    onFail: d.on_fail ?? BUILTIN_DEFAULTS.onFail,
  };
  const reader = new PlanReader(source, new Set(stages), h.flags ?? null, defaults);
  if (d.retry_on) reader.checkCodes(d.retry_on, ['defaults', 'retry_on']);
  const stationStage = h.station.stage.toUpperCase();
  if (!stages.includes(stationStage)) reader.problem(['station', 'stage'], `unknown stage "${h.station.stage}" (known: ${stages.join(', ')})`);

  const items = reader.items(h.steps, ['steps'], [], new Set(stages));
  reader.checkRefs();
  const steps = flattenSteps(items);
  const stepPaths = new Map<PlanStep, YamlPath>();
  for (const s of steps) {
    const at = reader.ids.find((x) => x.id === s.id);
    if (at) stepPaths.set(s, at.path.slice(0, -1));
  }
  numberSteps(steps, reader, stepPaths);
  if (reader.problems.length) fail(reader.problems);

  const bin = (b: { bin: number; softbin?: number | undefined; description?: string | undefined } | undefined, dflt: BinSpec): BinSpec =>
    b ? { bin: b.bin, softbin: b.softbin ?? b.bin, description: b.description ?? dflt.description } : { ...dflt };
  const plan: Plan = {
    file,
    text,
    hash: createHash('sha256').update(text).digest('hex'),
    name: h.plan.name,
    version: h.plan.version ?? 1,
    station: { name: h.station.name, stage: stationStage, fwExpected: h.station.fw_expected },
    snCount: h.batch?.sn_count ?? 1,
    requirements: h.requirements ? resolve(dirname(resolve(file)), h.requirements) : null,
    stages,
    flags: h.flags ?? {},
    bins: { pass: bin(h.bins?.pass, DEFAULT_BINS.pass), fail: bin(h.bins?.fail, DEFAULT_BINS.fail), error: bin(h.bins?.error, DEFAULT_BINS.error) },
    defaults,
    items,
    steps,
  };
  try {
    compilePlan(plan);
  } catch (err) {
    // The plan checks above should catch everything the flow validators do; this is the backstop.
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
