/** Plans compile to flows whose dry run bins units as the plan says (v1 semantics and the new ones). */
import { describe, expect, it } from 'vitest';
import { runFlow } from '../../src/flow/index.js';
import { compilePlan, dryRun as planDryRun, loadPlan, parsePlan, unitVerdict } from '../../src/plan/index.js';

const dryRun = (file: string, job: string, failed: string[], enable: string[] = []) => {
  const plan = loadPlan(file);
  const compiled = compilePlan(plan);
  const v = unitVerdict(plan, compiled, runFlow(compiled.ast, { job, failedTestIds: failed, enable }));
  return { outcome: v.outcome, bins: [v.hardBin, v.softBin], ran: v.summary.tests.map((t) => t.id + (t.failed ? '!' : '')) };
};

describe('MTAP v1 plans mean what they meant', () => {
  it('stage gating: EVT runs 2 steps, DVT 3', () => {
    expect(dryRun('examples/plans/test_plan.yaml', 'EVT', []).ran).toEqual(['ping', 'read_temp']);
    expect(dryRun('examples/plans/test_plan.yaml', 'DVT', []).ran).toEqual(['ping', 'read_temp', 'self_test']);
  });
  it('test_plan_2: EVT 2, DVT 5, PVT 5, MP 8 steps', () => {
    const counts = ['EVT', 'DVT', 'PVT', 'MP'].map((job) => dryRun('examples/plans/test_plan_2.yaml', job, []).ran.length);
    expect(counts).toEqual([2, 5, 5, 8]);
  });
  it('every step runs; the unit fails if any step failed (on_fail: continue), binned by the first failure', () => {
    expect(dryRun('examples/plans/test_plan.yaml', 'DVT', ['read_temp'])).toEqual({ outcome: 'FAIL', bins: [2, 2], ran: ['ping', 'read_temp!', 'self_test'] });
    expect(dryRun('examples/plans/test_plan.yaml', 'DVT', [])).toEqual({ outcome: 'PASS', bins: [1, 1], ran: ['ping', 'read_temp', 'self_test'] });
  });
  it('the stage name is matched without regard to case', () => {
    expect(dryRun('examples/plans/test_plan.yaml', 'dvt', []).ran).toHaveLength(3);
  });
});

describe('the grown format: stop, bins, retests, flags, stages', () => {
  const fct = 'examples/board-fct.yaml';
  it('a stop step bins the unit with its own bins and ends it', () => {
    expect(dryRun(fct, 'DVT', ['ping'])).toEqual({ outcome: 'FAIL', bins: [2, 201], ran: ['ping!'] });
    expect(dryRun(fct, 'DVT', ['self_test'])).toEqual({ outcome: 'FAIL', bins: [5, 501], ran: ['ping', 'read_temp', 'self_test!'] });
  });
  it('a retest decides: a failure it recovers passes the unit; a failed retest bins it', () => {
    expect(dryRun(fct, 'DVT', ['read_temp'])).toEqual({ outcome: 'PASS', bins: [1, 1], ran: ['ping', 'read_temp!', 'read_temp_retest', 'self_test'] });
    expect(dryRun(fct, 'DVT', ['read_temp', 'read_temp_retest'])).toEqual({ outcome: 'FAIL', bins: [4, 401], ran: ['ping', 'read_temp!', 'read_temp_retest!'] });
  });
  it('a group gated by an enable word runs only when it is on', () => {
    expect(dryRun(fct, 'DVT', []).ran).toEqual(['ping', 'read_temp', 'self_test']);
    expect(dryRun(fct, 'DVT', [], ['thermal_screen']).ran).toEqual(['ping', 'set_hot', 'read_hot', 'read_temp', 'self_test']);
    expect(dryRun(fct, 'DVT', ['read_hot'], ['thermal_screen'])).toEqual({ outcome: 'FAIL', bins: [3, 301], ran: ['ping', 'set_hot', 'read_hot!'] });
  });
  it('plan defaults bin failures of steps without bins', () => {
    expect(dryRun(fct, 'DVT', ['set_hot'], ['thermal_screen']).bins).toEqual([2, 299]);
  });
});

describe('on_fail corner cases', () => {
  const plan = parsePlan(
    `plan: {name: corners}
station: {name: ST, stage: DVT, fw_expected: "1.0.0"}
flags: {retest: false}
defaults: {on_fail: stop}
steps:
  - {id: x, name: X, cmd: X, bin: 10}
  - {id: x_retest, name: X again, cmd: X, if_failed: x, if_enable: retest, bin: 11}
  - {id: p, name: P, cmd: P, bin: 12}
  - {id: q, name: Q, cmd: Q, if_passed: p, bin: 13}
  - {id: c, name: C, cmd: C, on_fail: continue, bin: 14}
  - {id: w, name: W, cmd: W, bin: 15}
`,
    'corners.yaml',
  );
  const run = (fail: string[], enable: string[] = []) => {
    const r = planDryRun(plan, compilePlan(plan), { job: 'DVT', fail, enable });
    return { ran: r.ran.flatMap((e) => (e.kind === 'test' ? [e.id + (e.failed ? '!' : '')] : [])), bin: r.verdict.hardBin, by: r.verdict.decidingStep };
  };
  it('a stop step whose retest is switched off ends the unit with its own bin', () => {
    expect(run(['x'])).toEqual({ ran: ['x!'], bin: 10, by: 'x' });
    expect(run(['x'], ['retest'])).toEqual({ ran: ['x!', 'x_retest', 'p', 'q', 'c', 'w'], bin: 1, by: null });
  });
  it('a stop step named only by if_passed still stops the unit', () => {
    expect(run(['p'])).toEqual({ ran: ['x', 'p!'], bin: 12, by: 'p' });
  });
  it('the first failure that counts bins the unit, even when a later stop step ends it', () => {
    expect(run(['c', 'w'])).toEqual({ ran: ['x', 'p', 'q', 'c!', 'w!'], bin: 14, by: 'c' });
  });
});

describe('YAML as MTAP wrote it', () => {
  it('merge keys (<<: *anchor) work, as they did with PyYAML', async () => {
    const { parsePlan } = await import('../../src/plan/index.js');
    const plan = parsePlan(
      [
        'plan: {name: Merge keys}',
        'station: {name: ST01, stage: DVT, fw_expected: "1.0.0"}',
        'steps:',
        '  - &ping',
        '    {id: ping, name: Ping, cmd: PING, timeout_s: 3.0, retries: 2}',
        '  - <<: *ping',
        '    id: ping_again',
        '    retries: 0',
      ].join('\n'),
      'merge.yaml',
    );
    expect(plan.steps.map((s) => [s.id, s.cmd, s.timeoutS, s.retries])).toEqual([
      ['ping', 'PING', 3, 2],
      ['ping_again', 'PING', 3, 0],
    ]);
  });
});
