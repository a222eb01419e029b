/**
 * The plan's run semantics, as docs/plan-format.md states them, written out as a direct interpreter of
 * the plan (no flow model), and checked against what the compiled flow's dry run and the unit verdict
 * do, for random plans, stages, enable words and failures: the same steps run, in the same order, and
 * the unit gets the same outcome, bins and deciding step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compilePlan, dryRun, parsePlan, type OnFail } from '../../src/plan/index.js';

const STAGES = ['EVT', 'DVT', 'PVT', 'MP'] as const;
const FLAGS = ['a', 'b'] as const;

interface GenStep {
  id: string;
  onFail: OnFail;
  stages: string[] | null;
  ifEnable: string | null;
  ifFailed: number | null;
  ifPassed: number | null;
  bin: number;
}

/** Random flat plans whose references point at earlier steps (the loader's rule). */
const plans = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        onFail: fc.constantFrom<OnFail>('stop', 'continue', 'ignore'),
        stages: fc.option(fc.subarray([...STAGES], { minLength: 1 }), { nil: null }),
        ifEnable: fc.option(fc.constantFrom(...FLAGS), { nil: null }),
        ref: i === 0 ? fc.constant(null) : fc.option(fc.tuple(fc.constantFrom('failed', 'passed'), fc.nat(i - 1)), { nil: null, freq: 2 }),
      }).map(({ onFail, stages, ifEnable, ref }): GenStep => ({
        id: `s${i}`,
        onFail,
        stages,
        ifEnable,
        ifFailed: ref?.[0] === 'failed' ? ref[1] : null,
        ifPassed: ref?.[0] === 'passed' ? ref[1] : null,
        bin: 10 + i,
      })),
    ),
  ),
);

function planYaml(steps: GenStep[]): string {
  return stringify({
    plan: { name: 'generated' },
    station: { name: 'ST', stage: 'DVT', fw_expected: '1.0.0' },
    flags: { a: false, b: false },
    steps: steps.map((s) => ({
      id: s.id,
      name: s.id,
      cmd: 'PING',
      on_fail: s.onFail,
      bin: s.bin,
      ...(s.stages && { stages: s.stages }),
      ...(s.ifEnable && { if_enable: s.ifEnable }),
      ...(s.ifFailed !== null && { if_failed: `s${s.ifFailed}` }),
      ...(s.ifPassed !== null && { if_passed: `s${s.ifPassed}` }),
    })),
  });
}

/** docs/plan-format.md, "on_fail and the verdict", as code. */
function model(steps: GenStep[], job: string, enabled: ReadonlySet<string>, failing: ReadonlySet<string>) {
  const outcome = new Map<string, 'passed' | 'failed'>();
  const ran: string[] = [];
  const handlersOf = (i: number) => steps.filter((s) => s.ifFailed === i).map((s) => s.id);
  const lastHandler = (i: number) => Math.max(-1, ...steps.flatMap((s, j) => (s.ifFailed === i ? [j] : [])));
  for (const [j, s] of steps.entries()) {
    const runs =
      (!s.stages || s.stages.includes(job)) &&
      (!s.ifEnable || enabled.has(s.ifEnable)) &&
      (s.ifFailed === null || outcome.get(`s${s.ifFailed}`) === 'failed') &&
      (s.ifPassed === null || outcome.get(`s${s.ifPassed}`) === 'passed');
    if (runs) {
      const failed = failing.has(s.id);
      outcome.set(s.id, failed ? 'failed' : 'passed');
      ran.push(s.id);
      // A stop step without failure handlers ends the unit at once.
      if (failed && s.onFail === 'stop' && handlersOf(j).length === 0) break;
    }
    // A stop step whose handlers all stayed out ends the unit after the last of them.
    const unhandled = steps.some((x, i) => x.onFail === 'stop' && lastHandler(i) === j && outcome.get(x.id) === 'failed' && !handlersOf(i).some((h) => ran.includes(h)));
    if (unhandled) break;
  }
  const counts = (i: number) => {
    const s = steps[i]!;
    return s.onFail === 'continue' || (s.onFail === 'stop' && !handlersOf(i).some((h) => ran.includes(h)));
  };
  const deciding = ran.map((id) => Number(id.slice(1))).find((i) => outcome.get(`s${i}`) === 'failed' && counts(i));
  return deciding === undefined ? { ran, outcome: 'PASS', bin: 1, decidingStep: null } : { ran, outcome: 'FAIL', bin: steps[deciding]!.bin, decidingStep: `s${deciding}` };
}

describe('plan semantics: the flow and the verdict do what the documentation says', () => {
  it('for random plans, stages, enable words and failures', () => {
    fc.assert(
      fc.property(
        plans,
        fc.constantFrom(...STAGES),
        fc.subarray([...FLAGS]),
        fc.func(fc.boolean()),
        (steps, job, enabled, fails) => {
          const failing = new Set(steps.filter((s) => fails(s.id)).map((s) => s.id));
          const plan = parsePlan(planYaml(steps), 'generated.yaml');
          const r = dryRun(plan, compilePlan(plan), { job, enable: enabled, fail: [...failing] });
          const expected = model(steps, job, new Set(enabled), failing);
          expect({
            ran: r.ran.flatMap((e) => (e.kind === 'test' ? [e.id] : [])),
            outcome: r.verdict.outcome,
            bin: r.verdict.hardBin,
            decidingStep: r.verdict.decidingStep,
          }).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
