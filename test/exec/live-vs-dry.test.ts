/**
 * The live executor and the dry run agree: for generated plans, stages, enable words and failure sets,
 * with the simulator scripted to fail exactly those steps, the live run executes exactly the tests
 * `runFlow` predicts, in the same order, and reaches exactly the verdict and bins it predicts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Script, type ScriptEntry } from '../../src/dut/index.js';
import { runFlow } from '../../src/flow/index.js';
import { compilePlan, parsePlan, unitVerdict } from '../../src/plan/index.js';
import { batchOnSimulator } from '../support/batch.js';

interface GenStep {
  cmd: 'READ_TEMP' | 'SELF_TEST' | 'PING';
  onFail: 'stop' | 'continue' | 'ignore';
  bin: number | null;
  stages: Array<'EVT' | 'DVT'>;
  ref: { kind: 'if_failed' | 'if_passed'; to: number } | null;
}

const genStep = (i: number): fc.Arbitrary<GenStep> =>
  fc.record({
    cmd: fc.constantFrom('READ_TEMP', 'SELF_TEST', 'PING'),
    onFail: fc.constantFrom('stop', 'continue', 'ignore'),
    bin: fc.option(fc.integer({ min: 10, max: 20 }), { nil: null }),
    stages: fc.subarray(['EVT', 'DVT'] as Array<'EVT' | 'DVT'>, { minLength: 1 }),
    ref: i === 0 ? fc.constant(null) : fc.option(fc.record({ kind: fc.constantFrom('if_failed', 'if_passed'), to: fc.nat({ max: i - 1 }) }), { nil: null, freq: 3 }),
  }) as fc.Arbitrary<GenStep>;

const genCase = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.record({
      steps: fc.tuple(...Array.from({ length: n }, (_, i) => genStep(i))),
      groupFrom: fc.option(fc.nat({ max: n - 1 }), { nil: null }),
      job: fc.constantFrom('EVT', 'DVT'),
      flagOn: fc.boolean(),
      failing: fc.subarray(Array.from({ length: n }, (_, i) => i)),
    }),
  );

const MEASURE: Record<GenStep['cmd'], string> = {
  READ_TEMP: ', measurements: [{field: temp_c, lo: 10, hi: 60}]',
  SELF_TEST: ', measurements: [{field: self_test_ok, expected: true}]',
  PING: '',
};

function planText(c: fc.Arbitrary<unknown> extends never ? never : { steps: GenStep[]; groupFrom: number | null }): string {
  const lines = ['plan: {name: Gen, version: 1}', 'station: {name: S, stage: DVT, fw_expected: "1.0.0"}', 'flags: {f: false}', 'steps:'];
  c.steps.forEach((s, i) => {
    const indent = c.groupFrom !== null && i >= c.groupFrom ? '      ' : '  ';
    if (i === c.groupFrom) lines.push('  - group: g', '    if_enable: f', '    steps:');
    const ref = s.ref ? `, ${s.ref.kind}: s${s.ref.to}` : '';
    const bin = s.bin !== null ? `, bin: ${s.bin}` : '';
    lines.push(`${indent}- {id: s${i}, name: Step ${i}, cmd: ${s.cmd}, on_fail: ${s.onFail}, stages: [${s.stages.join(', ')}]${bin}${ref}${MEASURE[s.cmd]}}`);
  });
  return lines.join('\n') + '\n';
}

/** Script the simulator to fail exactly the failing steps on the path the dry run predicts. */
function scriptFor(sn: string, cmds: Map<string, GenStep['cmd']>, predicted: Array<{ id: string; failed: boolean }>): Script {
  const entries: ScriptEntry[] = [];
  const count = new Map<string, number>();
  const request = (cmd: string) => {
    const n = (count.get(cmd) ?? 0) + 1;
    count.set(cmd, n);
    return n;
  };
  let discovered = false; // as the executor: a PING step discovers unless it fails; else a PING goes first
  for (const t of predicted) {
    const cmd = cmds.get(t.id)!;
    if (!discovered && cmd !== 'PING') {
      request('PING');
      discovered = true;
    }
    const n = request(cmd);
    if (cmd === 'PING' && !t.failed) discovered = true;
    if (!t.failed) continue;
    if (cmd === 'READ_TEMP') entries.push({ sn, cmd, attempt: n, data: { temp_c: 99.5 } });
    else if (cmd === 'SELF_TEST') entries.push({ sn, cmd, attempt: n, data: { self_test_ok: false } });
    else entries.push({ sn, cmd, attempt: n, error: 'E_OUT_OF_RANGE' });
  }
  return new Script(entries);
}

describe('live executor = dry run', () => {
  it('for generated plans and failure sets: same tests, same order, same verdict and bins', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(genCase, async (c) => {
        const text = planText(c);
        const plan = parsePlan(text, 'gen.yaml');
        const compiled = compilePlan(plan);
        const enables = c.flagOn ? ['f'] : [];
        const failedIds = c.failing.map((i) => `s${i}`);
        const dry = runFlow(compiled.ast, { job: c.job, enable: enables, failedTestIds: failedIds });
        const verdict = unitVerdict(plan, compiled, dry);
        const predicted = verdict.summary.tests;
        const cmds = new Map(c.steps.map((s, i) => [`s${i}`, s.cmd] as const));
        const live = await batchOnSimulator(text, ['U'], { job: c.job, enables, dut: { script: scriptFor('U', cmds, predicted) } });
        const ran = live.sink.attempts.filter((a) => a.kind === 'step').map((a) => ({ id: a.test_step, failed: !a.passed }));
        expect(ran, text).toEqual(predicted.map((t) => ({ id: t.id, failed: t.failed })));
        const u = live.unit('U');
        expect([u.outcome, u.hard_bin, u.soft_bin], text).toEqual([verdict.outcome, verdict.hardBin, verdict.softBin]);
        compared++;
      }),
      { numRuns: 60 },
    );
    expect(compared).toBe(60);
  });
});
