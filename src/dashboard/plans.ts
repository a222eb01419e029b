/**
 * The plans the Flow view offers: each run directory keeps the plan's text exactly as run
 * (plan.yaml), so the runs under the runs root name every plan that was tested here; `--plan` files
 * add others. Plans are told apart by the SHA-256 of their text, loaded and compiled once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanId, flowGraph, renderListing, renderMermaid } from '../flow/index.js';
import { compilePlan, dryRun, loadPlan, type CompiledPlan, type DryRunOptions, type Plan } from '../plan/index.js';
import { RUN_FILES } from '../record/index.js';
import type { DryRunResult, PlanDetail, PlanRef } from './shared/api.js';

interface Known {
  ref: PlanRef;
  file: string;
  loaded?: { plan: Plan; compiled: CompiledPlan; detail: PlanDetail };
}

/** Re-scan the runs root at most this often. */
const RESCAN_MS = 2000;

export class Plans {
  private readonly known = new Map<string, Known>();
  private scanned = 0;
  private readonly scannedDirs = new Set<string>();

  constructor(
    readonly runsRoot: string,
    readonly extraFiles: readonly string[] = [],
  ) {}

  list(): PlanRef[] {
    this.scan();
    return [...this.known.values()].map((k) => k.ref);
  }

  detail(id: string): PlanDetail | null {
    return this.load(id)?.detail ?? null;
  }

  /** Throws MtapError E_USAGE for an unknown stage, flag or step id (the message says which). */
  dryRun(id: string, options: DryRunOptions): DryRunResult | null {
    const k = this.load(id);
    if (!k) return null;
    const r = dryRun(k.plan, k.compiled, options);
    const v = r.verdict;
    return {
      job: r.job,
      enabled: r.enabled,
      failing: r.failing,
      ran: r.ran.map((e) => (e.kind === 'log' ? e : { kind: 'test', id: e.id, clean: cleanId(e.id), test_num: e.number, name: e.name, failed: e.failed })),
      failing_not_run: r.failingNotRun,
      verdict: { outcome: v.outcome, hard_bin: v.hardBin, soft_bin: v.softBin, bin_description: v.binDescription, deciding_step: v.decidingStep },
    };
  }

  private load(id: string): Required<Known>['loaded'] | null {
    this.scan();
    const k = this.known.get(id);
    if (!k) return null;
    if (!k.loaded) {
      const plan = loadPlan(k.file);
      const compiled = compilePlan(plan);
      const mermaid = renderMermaid(compiled.ast);
      k.loaded = {
        plan,
        compiled,
        detail: {
          id,
          name: plan.name,
          version: String(plan.version),
          defaultJob: plan.station.stage,
          jobs: plan.stages,
          flags: Object.entries(plan.flags).map(([name, on]) => ({ name, on })),
          steps: plan.steps.map((s) => ({ id: s.id, clean: cleanId(s.id), name: s.name, test_num: s.testNum })),
          graph: flowGraph(mermaid),
          listing: renderListing(compiled.ast),
          mermaid,
        },
      };
    }
    return k.loaded;
  }

  private add(file: string, origin: string, runs: number): void {
    let plan: Plan;
    try {
      plan = loadPlan(file);
    } catch {
      return; // A plan that no longer loads (this version of mtap rejects it) is not offered.
    }
    const k = this.known.get(plan.hash);
    if (k) k.ref.runs += runs;
    else this.known.set(plan.hash, { ref: { id: plan.hash, name: plan.name, version: String(plan.version), origin, runs }, file });
  }

  private scan(): void {
    if (Date.now() - this.scanned < RESCAN_MS) return;
    this.scanned = Date.now();
    if (this.scannedDirs.size === 0) for (const f of this.extraFiles) this.add(f, f, 0);
    let names: string[] = [];
    try {
      names = readdirSync(this.runsRoot).sort().reverse();
    } catch {
      // No runs root yet: only --plan files.
    }
    for (const name of names) {
      const dir = join(this.runsRoot, name);
      const file = join(dir, RUN_FILES.plan);
      if (this.scannedDirs.has(dir) || !existsSync(file)) continue;
      this.scannedDirs.add(dir);
      // A copy of a plan already known (most runs) only adds to its run count: no need to load it.
      const text = safeRead(file);
      const known = text === null ? undefined : this.known.get(createHash('sha256').update(text).digest('hex'));
      if (known) known.ref.runs++;
      else this.add(file, `${name}/${RUN_FILES.plan}`, 1);
    }
  }
}

function safeRead(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
