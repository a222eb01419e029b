/**
 * Reading the entries of `steps:` (steps, groups, logs), recursively: each checked against its shape,
 * then against the rules that need more than one entry — ids unique, conditions naming earlier
 * entries, stages and enable words that exist, stage conditions that can be met and that the flow
 * model accepts. Problems accumulate; an entry with a problem is still read as far as it can be, so
 * one run reports everything and one mistake does not cause a cascade of others.
 */
import type { z } from 'zod';
import { cleanId } from '../flow/index.js';
import { tokenProblem } from '../protocol/index.js';
import type { SourceProblem } from '../util/source-error.js';
import { describePath, type YamlPath, type YamlSource } from '../util/yaml-source.js';
import { closest, planProblems, suggestion } from './issues.js';
import { readMeasurements } from './measurements.js';
import { ATTEMPT_CODES } from './result-codes.js';
import { conditionShape, groupHeaderSchema, itemKind, logSchema, stepSchema, type StepInput } from './schema.js';
import type { Conditions, PlanItem, PlanStep, Scalar, SourcePos, StepDefaults } from './types.js';

/** Reserved: the firmware-discovery pseudo-step's id in the records. */
export const FW_DISCOVERY_STEP = 'fw_discovery';

type ConditionInput = { [K in keyof typeof conditionShape]?: z.infer<(typeof conditionShape)[K]> };

/** What entries are checked against. `null` means "that section is itself broken: do not check against it". */
export interface ReaderContext {
  /** Every stage the plan knows, upper-case. */
  stages: ReadonlySet<string> | null;
  flags: Readonly<Record<string, boolean>> | null;
  defaults: StepDefaults;
  /** The pass bin: a step may not bin a failing unit into it. */
  passBin: number | null;
}

/** Where an entry sits: its enclosing groups and the stage conditions they impose. */
interface Scope {
  groups: string[];
  /** Orders of the enclosing groups (a condition may not name its own group). */
  enclosing: number[];
  /** The stages the entry can run at, as its groups allow. */
  jobs: ReadonlySet<string>;
  /** The kind of stage condition an enclosing group has (the flow model forbids nesting if_job and unless_job). */
  jobKind: { kind: 'if' | 'unless'; line: number } | null;
}

interface DefinedId {
  id: string;
  clean: string;
  order: number;
  pos: SourcePos;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class PlanReader {
  readonly problems: SourceProblem[] = [];
  /** Every id (step or group) in document order. */
  readonly ids: DefinedId[] = [];
  /** Where each step is, for problems found after reading (test numbers). */
  readonly stepPaths = new Map<PlanStep, YamlPath>();
  private readonly pendingRefs: Array<{ ref: string; path: YamlPath; order: number; enclosing: number[] }> = [];
  private order = 0;

  constructor(
    readonly source: YamlSource,
    readonly ctx: ReaderContext,
    /** The source text, to quote values as written. */
    readonly text?: string,
  ) {}

  problem(path: YamlPath, message: string, atKey = false): void {
    const pos = atKey ? this.source.locateKey(path) : this.source.locate(path);
    const where = describePath(path);
    this.problems.push({ file: this.source.file, ...pos, message: where ? `${where}: ${message}` : message });
  }

  /** Read the entries of a `steps:` list. */
  read(raw: readonly unknown[], path: YamlPath, jobs: ReadonlySet<string>): PlanItem[] {
    return this.items(raw, path, { groups: [], enclosing: [], jobs, jobKind: null });
  }

  private items(raw: readonly unknown[], path: YamlPath, scope: Scope): PlanItem[] {
    const out: PlanItem[] = [];
    raw.forEach((entry, i) => {
      const item = this.item(entry, [...path, i], scope);
      if (item) out.push(item);
    });
    return out;
  }

  private item(entry: unknown, p: YamlPath, scope: Scope): PlanItem | null {
    const kind = itemKind(entry);
    const schema = kind === 'group' ? groupHeaderSchema : kind === 'log' ? logSchema : stepSchema;
    const order = this.order++;
    let parsed = schema.safeParse(entry);
    if (!parsed.success) {
      this.problems.push(...planProblems(this.source, schema, parsed.error.issues, { prefix: p, keyHint: kind === 'group' ? groupKeyHint : suggestion, text: this.text }));
      // Read on without the keys that have problems, if what is left still makes an entry.
      parsed = isMapping(entry) ? schema.safeParse(withoutKeys(entry, badKeys(parsed.error.issues))) : parsed;
      if (!parsed.success) {
        // Still keep its id (so references to it are not reported too) and read a group's steps.
        if (isMapping(entry) && typeof entry.id === 'string' && entry.id.trim()) this.defineId(entry.id, [...p, 'id'], order);
        if (kind === 'group' && isMapping(entry) && Array.isArray(entry.steps)) {
          this.items(entry.steps, [...p, 'steps'], { ...scope, enclosing: [...scope.enclosing, order] });
        }
        return null;
      }
    }
    const data = parsed.data as ConditionInput & Record<string, unknown>;
    const conditions = this.conditions(data, p, order, scope);
    const pos = this.source.locate(p);
    if (kind === 'group') {
      const g = parsed.data as z.infer<typeof groupHeaderSchema>;
      if (g.id !== undefined) this.defineId(g.id, [...p, 'id'], order);
      const inner: Scope = {
        groups: [...scope.groups, g.group],
        enclosing: [...scope.enclosing, order],
        jobs: this.narrowJobs(scope, conditions, p, data),
        jobKind: conditions.ifJob ? { kind: 'if', line: pos.line } : conditions.unlessJob ? { kind: 'unless', line: pos.line } : scope.jobKind,
      };
      return { kind: 'group', name: g.group, id: g.id ?? null, conditions, pos, items: this.items(g.steps, [...p, 'steps'], inner) };
    }
    this.narrowJobs(scope, conditions, p, data);
    if (kind === 'log') return { kind: 'log', message: (parsed.data as { log: string }).log, conditions, pos };
    const step = this.step(parsed.data as StepInput, p, conditions, scope.groups, pos);
    this.defineId(step.id, [...p, 'id'], order);
    this.stepPaths.set(step, p);
    return step;
  }

  private defineId(id: string, path: YamlPath, order: number): void {
    const clean = cleanId(id);
    if (clean === FW_DISCOVERY_STEP) {
      this.problem(path, `"${id}" is reserved for the firmware-discovery record`);
      return;
    }
    const twin = this.ids.find((x) => x.clean === clean);
    if (twin) {
      const same = twin.id === id ? '' : ` as "${twin.id}": ids are compared ignoring case and punctuation`;
      this.problem(path, `duplicate id "${id}" (also at line ${twin.pos.line}${same})`);
      return;
    }
    this.ids.push({ id, clean, order, pos: this.source.locate(path) });
  }

  /** Stage, enable and result conditions in the builder's terms, with the names they use checked. */
  private conditions(data: ConditionInput, path: YamlPath, order: number, scope: Scope): Conditions {
    const c: Conditions = {};
    const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    const at = (key: keyof ConditionInput, i: number) => (Array.isArray(data[key]) ? [...path, key, i] : [...path, key]);
    const jobs = (key: 'stages' | 'if_job' | 'unless_job') =>
      list(data[key])?.map((s, i) => {
        const up = s.toUpperCase();
        const known = this.ctx.stages;
        if (known && !known.has(up)) this.problem(at(key, i), `unknown stage "${s}" (known: ${[...known].join(', ')}; declare more in plan.stages)`);
        return up;
      });

    if (data.stages !== undefined && data.if_job !== undefined) this.problem([...path, 'if_job'], 'give stages or if_job, not both (they mean the same)', true);
    const ifJob = jobs('stages') ?? jobs('if_job');
    const unlessJob = jobs('unless_job');
    if (ifJob) c.ifJob = [...new Set(ifJob)];
    if (unlessJob) c.unlessJob = [...new Set(unlessJob)];
    if (ifJob && unlessJob) {
      const left = c.ifJob!.filter((j) => !c.unlessJob!.includes(j));
      this.problem(
        [...path, 'unless_job'],
        left.length === 0
          ? `excludes every stage in ${data.stages ? 'stages' : 'if_job'}: the entry can never run`
          : `cannot be combined with ${data.stages ? 'stages' : 'if_job'}: list only the stages it runs at (${left.join(', ')})`,
        true,
      );
    }
    // The flow model forbids an if_job inside an unless_job and the reverse.
    const own = ifJob ? 'if' : unlessJob ? 'unless' : null;
    if (own && scope.jobKind && scope.jobKind.kind !== own) {
      const key = own === 'if' ? (data.stages ? 'stages' : 'if_job') : 'unless_job';
      const outer = scope.jobKind.kind === 'if' ? 'stages/if_job' : 'unless_job';
      this.problem([...path, key], `cannot be used inside a group with ${outer} (line ${scope.jobKind.line}): use one kind of stage condition`, true);
    }

    for (const key of ['if_enable', 'unless_enable'] as const) {
      const names = list(data[key]);
      if (!names) continue;
      const flags = this.ctx.flags;
      names.forEach((n, i) => {
        if (flags && !Object.hasOwn(flags, n)) {
          const declared = Object.keys(flags);
          this.problem(at(key, i), `undeclared flag "${n}" (${declared.length ? `declared: ${declared.join(', ')}` : 'declare it under flags:, with its default'})`);
        }
      });
      if (key === 'if_enable') c.ifEnable = names;
      else c.unlessEnable = names;
    }
    // if_enable needs one of its words on, unless_enable all of its words off.
    if (c.ifEnable && c.unlessEnable && c.ifEnable.every((n) => c.unlessEnable!.includes(n))) {
      this.problem([...path, 'unless_enable'], `excludes every word of if_enable (${c.ifEnable.join(', ')}): the entry can never run`, true);
    }

    const single = { if_failed: 'ifFailed', if_passed: 'ifPassed', if_ran: 'ifRan', unless_ran: 'unlessRan' } as const;
    for (const [key, to] of Object.entries(single) as Array<[keyof typeof single, (typeof single)[keyof typeof single]]>) {
      const ref = data[key];
      if (ref === undefined) continue;
      this.pendingRefs.push({ ref, path: [...path, key], order, enclosing: scope.enclosing });
      c[to] = ref;
    }
    const many = { if_any_failed: 'ifAnyFailed', if_all_failed: 'ifAllFailed', if_any_passed: 'ifAnyPassed', if_all_passed: 'ifAllPassed' } as const;
    for (const [key, to] of Object.entries(many) as Array<[keyof typeof many, (typeof many)[keyof typeof many]]>) {
      const refs = data[key];
      if (refs === undefined) continue;
      refs.forEach((ref, i) => this.pendingRefs.push({ ref, path: [...path, key, i], order, enclosing: scope.enclosing }));
      c[to] = refs;
    }
    return c;
  }

  /** References to steps and groups, checked once every id is known. */
  checkRefs(): void {
    for (const { ref, path, order, enclosing } of this.pendingRefs) {
      const target = this.ids.find((x) => x.clean === cleanId(ref));
      if (!target) this.problem(path, `no step or group has id "${ref}"${this.closest(ref)}`);
      else if (target.order === order) this.problem(path, `"${ref}" is this entry itself: a condition can only name an earlier step or group`);
      else if (enclosing.includes(target.order)) this.problem(path, `"${ref}" is a group this entry is in: its result is not known until the group ends`);
      else if (target.order > order) this.problem(path, `"${ref}" is defined later (line ${target.pos.line}): a condition can only name an earlier step or group`);
    }
  }

  private closest(ref: string): string {
    const hit = closest(ref, this.ids.map((x) => x.id));
    return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
  }

  /** The stages an entry can run at, within its groups'; an entry that can run at none is an error. */
  private narrowJobs(scope: Scope, c: Conditions, path: YamlPath, data: ConditionInput): ReadonlySet<string> {
    const allowed = scope.jobs;
    let jobs = new Set(allowed);
    if (c.ifJob) jobs = new Set(c.ifJob.filter((j) => allowed.has(j)));
    if (c.unlessJob) jobs = new Set([...jobs].filter((j) => !c.unlessJob!.includes(j)));
    // Already reported: stages and unless_job on the same entry that leave nothing.
    const selfConflict = c.ifJob && c.unlessJob && c.ifJob.every((j) => c.unlessJob!.includes(j));
    if (jobs.size === 0 && allowed.size > 0 && !selfConflict) {
      const where = scope.groups.length ? `its group allows (${[...allowed].join(', ')})` : `(${[...allowed].join(', ')})`;
      const key = c.unlessJob && !c.ifJob ? 'unless_job' : data.stages ? 'stages' : 'if_job';
      this.problem([...path, key], `the entry can never run: this excludes every stage ${where}`, true);
    }
    return jobs.size === 0 ? allowed : jobs;
  }

  private step(s: StepInput, path: YamlPath, conditions: Conditions, groups: string[], pos: SourcePos): PlanStep {
    const d = this.ctx.defaults;
    if (s.retry_on) this.checkCodes(s.retry_on, [...path, 'retry_on']);
    const passBin = this.ctx.passBin;
    if (passBin !== null && s.bin === passBin) this.problem([...path, 'bin'], `${passBin} is the pass bin (bins.pass): a failing unit needs another bin`);
    return {
      kind: 'step',
      id: s.id,
      name: s.name,
      cmd: s.cmd,
      params: this.params(s, path),
      measurements: readMeasurements(s, path, (p, m, k) => this.problem(p, m, k)),
      reqIds: s.req_ids ?? [],
      reqIdsPos: (s.req_ids ?? []).map((_, i) => this.source.locate([...path, 'req_ids', i])),
      testNum: s.test_num ?? -1,
      testNumAuto: s.test_num === undefined,
      bin: s.bin ?? null,
      softbin: s.softbin ?? null,
      binDescription: s.bin_description ?? null,
      softbinDescription: s.softbin_description ?? null,
      timeoutS: s.timeout_s ?? d.timeoutS,
      retries: s.retries ?? d.retries,
      backoffMs: s.backoff_ms ?? d.backoffMs,
      retryOn: s.retry_on ?? d.retryOn,
      onFail: s.on_fail ?? d.onFail,
      conditions,
      groups,
      pos,
    };
  }

  checkCodes(codes: readonly string[], path: YamlPath): void {
    codes.forEach((code, i) => {
      if (!ATTEMPT_CODES.includes(code)) this.problem([...path, i], `unknown code "${code}" (known: ${ATTEMPT_CODES.join(', ')})`);
    });
  }

  /** Params as wire tokens, in the order written; one that would split or break the request line is refused. */
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
}

/** A step's key on a group: say what a group takes, rather than guess a near-miss. */
function groupKeyHint(key: string, known: readonly string[]): string {
  return key in stepSchema.shape ? ' (a group takes only group, id, steps and conditions: set it on its steps, or under defaults:)' : suggestion(key, known);
}

/** The keys of an entry that zod found a problem with (or unknown keys). */
function badKeys(issues: readonly z.core.$ZodIssue[]): Set<string> {
  const out = new Set<string>();
  for (const i of issues) {
    if (i.path.length > 0) out.add(String(i.path[0]));
    else if (i.code === 'unrecognized_keys') for (const k of i.keys) out.add(k);
  }
  return out;
}

function withoutKeys(entry: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entry).filter(([k]) => !keys.has(k)));
}
