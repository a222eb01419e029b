/**
 * The example plans stay valid, and MTAP v1's three plans mean what they meant in v1 (mtap-reference
 * §2): same steps, timeouts, retries, backoff, limits, requirement ids and stage gating.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compilePlan, dryRun, loadPlan, parsePlan, type PlanStep } from '../../src/plan/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Example files that are plans (the others are DUT configs, scripts, requirements). */
const planFiles = yamlFiles(join(ROOT, 'examples'))
  .filter((f) => {
    const doc: unknown = parse(readFileSync(f, 'utf8'));
    return typeof doc === 'object' && doc !== null && 'plan' in doc;
  })
  .map((f) => relative(ROOT, f))
  .sort();

describe('example plans', () => {
  it('include the three MTAP v1 plans and the grown-format example', () => {
    expect(planFiles).toEqual(expect.arrayContaining(['examples/board-fct.yaml', 'examples/plans/test_plan.yaml', 'examples/plans/test_plan_alt.yaml', 'examples/plans/test_plan_2.yaml']));
  });
  it.each(planFiles)('%s loads, compiles and dry-runs at every stage it knows', (file) => {
    const plan = loadPlan(file, ROOT);
    const compiled = compilePlan(plan);
    for (const job of plan.stages) expect(dryRun(plan, compiled, { job }).verdict.outcome).toBe('PASS');
  });
});

const v1 = (s: PlanStep) => ({
  id: s.id,
  cmd: s.cmd,
  params: s.params,
  timeout: s.timeoutS,
  retries: s.retries,
  backoff: s.backoffMs,
  limits: s.measurements.map((m) => `${m.field} ${m.comparator} ${m.comparator === 'EQ' ? String(m.expected) : `${m.lo ?? ''}..${m.hi ?? ''}`}`),
  req: s.reqIds,
  stages: s.conditions.ifJob,
  onFail: s.onFail,
});

describe('MTAP v1 plans load unchanged and mean the same', () => {
  it('test_plan.yaml: the reference\'s three steps, every field as v1 reads it', () => {
    const plan = loadPlan('examples/plans/test_plan.yaml', ROOT);
    expect({ name: plan.name, version: plan.version, station: plan.station, sn: plan.snCount }).toEqual({
      name: 'MTAP Smoke Qualification',
      version: 1,
      station: { name: 'MTAP_SIM_STATION_01', stage: 'EVT', fwExpected: '1.0.0' },
      sn: 3,
    });
    const all = ['EVT', 'DVT', 'PVT', 'MP'];
    expect(plan.steps.map(v1)).toEqual([
      { id: 'ping', cmd: 'PING', params: [], timeout: 2, retries: 3, backoff: 200, limits: [], req: ['REQ-001'], stages: all, onFail: 'continue' },
      { id: 'read_temp', cmd: 'READ_TEMP', params: [], timeout: 3, retries: 3, backoff: 200, limits: ['temp_c GELE 10..60'], req: ['REQ-002', 'REQ-003'], stages: all, onFail: 'continue' },
      { id: 'self_test', cmd: 'SELF_TEST', params: [], timeout: 4, retries: 3, backoff: 200, limits: ['self_test_ok EQ true'], req: ['REQ-004'], stages: ['DVT', 'PVT', 'MP'], onFail: 'continue' },
    ]);
    // Only the transient codes are retried (v1 retried every failure: a deliberate difference).
    expect(plan.steps.every((s) => s.retryOn.join() === 'E_BUSY,E_TIMEOUT,E_CONN')).toBe(true);
  });

  it('test_plan_alt.yaml differs from test_plan.yaml only in a step name', () => {
    const a = loadPlan('examples/plans/test_plan.yaml', ROOT);
    const b = loadPlan('examples/plans/test_plan_alt.yaml', ROOT);
    expect(b.steps.map(v1)).toEqual(a.steps.map(v1));
    expect(b.steps.map((s) => s.name)).toEqual(['Ping DUT', 'Read temperature (C)', 'Self-test']);
  });

  it('test_plan_2.yaml: the reference\'s table of ten steps', () => {
    const plan = loadPlan('examples/plans/test_plan_2.yaml', ROOT);
    const row = (s: PlanStep) => [s.id, s.cmd, `${s.timeoutS}/${s.retries}/${s.backoffMs}`, v1(s).limits.join(), s.reqIds.join(), (s.conditions.ifJob ?? []).join()];
    expect(plan.steps.map(row)).toEqual([
      ['read_temp_evt', 'READ_TEMP', '2/1/100', 'temp_c GELE 10..60', 'REQ-002', 'EVT,DVT,PVT'],
      ['read_vbat_evt', 'READ_TEMP', '2/1/100', 'vbat_v GELE 10..13.5', 'REQ-003', 'EVT,DVT,PVT'],
      ['self_test_dvt', 'SELF_TEST', '3/2/150', 'self_test_ok EQ true', 'REQ-004', 'DVT,PVT,MP'],
      ['ping_busy_probe_1', 'PING', '1/0/0', '', 'REQ-001', 'DVT,PVT,MP'],
      ['ping_busy_probe_2', 'PING', '1/1/120', '', 'REQ-001', 'DVT,PVT,MP'],
      ['mp_limit_fail_demo', 'READ_TEMP', '2/2/80', 'temp_c GELE 100..110', 'REQ-002', 'MP'],
      ['mp_bad_args_demo', 'SET_TEMP', '2/1/50', '', 'REQ-001', 'MP'],
      ['mp_unknown_cmd_demo', 'TOTALLY_NOT_A_CMD', '2/1/50', '', 'REQ-001', 'MP'],
      ['mp_timeout_short', 'READ_TEMP', '0.5/1/80', '', 'REQ-002', 'MP'],
      ['mp_timeout_long', 'READ_TEMP', '4/0/0', 'temp_c GELE 10..60', 'REQ-002', 'MP'],
    ]);
  });

  it('every step runs whatever fails, and the unit is binned by the first failure (v1 had no stop-on-fail)', () => {
    const plan = loadPlan('examples/plans/test_plan_2.yaml', ROOT);
    const r = dryRun(plan, compilePlan(plan), { job: 'MP', fail: ['ping_busy_probe_1', 'mp_limit_fail_demo', 'mp_bad_args_demo'] });
    expect(r.ran.filter((e) => e.kind === 'test')).toHaveLength(8);
    expect(r.verdict).toMatchObject({ outcome: 'FAIL', hardBin: 2, softBin: 2, decidingStep: 'ping_busy_probe_1' });
  });

  it('v1 limits forms: min only is GE, max only is LE, equals keeps its type', () => {
    const plan = loadPlan('examples/plans/test_plan.yaml', ROOT);
    const edited = parsePlan(plan.text.replace('      min: 10.0\n      max: 60.0', '      max: 60.0').replace('equals: true', 'equals: "true"'), 'edited.yaml');
    expect(edited.steps[1]!.measurements).toEqual([{ field: 'temp_c', units: null, comparator: 'LE', lo: null, hi: 60, nominal: null, expected: null }]);
    expect(edited.steps[2]!.measurements[0]).toMatchObject({ comparator: 'EQ', expected: 'true' });
  });
});
