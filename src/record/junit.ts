/**
 * junit.xml: a run in the format CI systems and test dashboards read (MTAP's writer was dead code:
 * bug 29). The mapping used for hardware runs:
 *
 * - `<testsuites>`: the run. One `<testsuite>` per unit (name = serial), its properties saying where
 *   and how it was tested (station, stage, plan, batch, firmware, outcome, bins).
 * - One `<testcase>` per step the unit executed (classname = plan name + group path, name = step id,
 *   time = all its attempts), firmware discovery included. The step's final attempt decides: FAIL →
 *   `<failure>`; an infrastructure code (the tester could not talk to the DUT: E_TIMEOUT, E_CONN,
 *   E_BAD_RESP, E_BAD_REQUEST) → `<error>`. Every attempt and measurement is in `<system-out>`.
 * - Plan steps the unit did not execute (gated out by stage/flags/conditions, or not reached) →
 *   `<skipped/>`.
 */
import { join } from 'node:path';
import type { Plan, PlanStep } from '../plan/index.js';
import { INFRASTRUCTURE_CODES } from '../plan/index.js';
import { writeFileAtomic } from './atomic-file.js';
import { RUN_FILES } from './files.js';
import type { AttemptEvent, MeasurementResult, UnitRecord } from './schema.js';
import type { RunResults } from './summary.js';
import { attemptsByExecution, attemptsByStep, finalAttempt } from './unit-attempts.js';
import { element, textElement, type Attrs } from './xml.js';

type CaseStatus = 'passed' | 'failure' | 'error' | 'skipped';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

interface TestCase {
  status: CaseStatus;
  xml: string;
  seconds: number;
}

export type JunitPlan = Pick<Plan, 'name' | 'steps'>;

export function buildJunitXml(results: RunResults, plan: JunitPlan): string {
  const byExec = attemptsByExecution(results.units, results.attempts);
  const planIds = new Set(plan.steps.map((s) => s.id));
  const suites = results.units.map((unit) => unitSuite(unit, byExec.get(unit.unit_exec_id) ?? [], plan, planIds, results));
  const total = sumCounts(suites.map((s) => s.counts));
  const seconds = suites.reduce((sum, s) => sum + s.seconds, 0);
  const rootAttrs: Attrs = [['name', `${plan.name} ${results.info.run_id}`], ...countAttrs(total), ['time', fixed(seconds, 3)], ['timestamp', results.info.created_at]];
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + element('testsuites', rootAttrs, suites.map((s) => s.xml));
}

function unitSuite(unit: UnitRecord, attempts: readonly AttemptEvent[], plan: JunitPlan, planIds: ReadonlySet<string>, results: RunResults) {
  const byStep = attemptsByStep(attempts);
  const cases: TestCase[] = [];
  // Discovery first, then the plan in order, then (defensively) steps the plan does not name.
  for (const [stepId, list] of byStep) if (list.every((a) => a.kind === 'discovery')) cases.push(executedCase(plan.name, stepId, list));
  for (const step of plan.steps) {
    const list = (byStep.get(step.id) ?? []).filter((a) => a.kind === 'step');
    cases.push(list.length > 0 ? executedCase(classname(plan.name, step), step.id, list) : skippedCase(classname(plan.name, step), step.id, unit));
  }
  for (const [stepId, list] of byStep) if (!planIds.has(stepId) && list.some((a) => a.kind === 'step')) cases.push(executedCase(plan.name, stepId, list));

  const counts = caseCounts(cases);
  const seconds = unit.duration_ms / 1000;
  const suiteAttrs: Attrs = [
    ['name', unit.sn],
    ...countAttrs(counts),
    ['time', fixed(seconds, 3)],
    ['timestamp', unit.started_at],
    ['hostname', unit.station_id],
  ];
  const xml = element('testsuite', suiteAttrs, [unitProperties(unit, results), ...cases.map((c) => c.xml)], '  ');
  return { xml, counts, seconds };
}

function unitProperties(unit: UnitRecord, results: RunResults): string {
  const props: Array<[string, string | number | null]> = [
    ['run_id', unit.run_id],
    ['unit_exec_id', unit.unit_exec_id],
    ['station', unit.station_id],
    ['station_name', results.info.station_name],
    ['stage', unit.stage],
    ['plan_name', unit.plan_name],
    ['plan_version', unit.plan_version],
    ['batch', unit.batch_id],
    ['site', unit.site],
    ['fw_version', unit.fw_version],
    ['outcome', unit.outcome],
    ['hard_bin', unit.hard_bin],
    ['soft_bin', unit.soft_bin],
    ['bin_description', unit.bin_description],
  ];
  const lines = props.map(([name, value]) => element('property', [['name', name], ['value', value === null ? '' : String(value)]], [], '      '));
  return element('properties', [], lines, '    ');
}

function executedCase(className: string, stepId: string, attempts: readonly AttemptEvent[]): TestCase {
  const last = finalAttempt(attempts)!;
  const status: CaseStatus = last.passed ? 'passed' : last.error_code !== null && INFRASTRUCTURE_CODES.includes(last.error_code) ? 'error' : 'failure';
  const seconds = attempts.reduce((sum, a) => sum + a.duration_us, 0) / 1e6;
  const children: string[] = [];
  if (status !== 'passed') {
    const verdict = `attempt ${last.attempt} of ${attempts.length} attempts: ${last.error_code ?? 'FAIL'}: ${last.message}`;
    children.push(textElement(status, [['message', failureMessage(last)], ['type', last.error_code ?? 'FAIL']], verdict, '      '));
  }
  children.push(textElement('system-out', [], attempts.map(describeAttempt).join(''), '      '));
  const xml = element('testcase', [['classname', className], ['name', stepId], ['time', fixed(seconds, 6)]], children, '    ');
  return { status, xml, seconds };
}

function skippedCase(className: string, stepId: string, unit: UnitRecord): TestCase {
  const why = unit.outcome === 'ABORTED' ? 'not reached: the unit was aborted' : 'not executed: gated out or not reached';
  const xml = element('testcase', [['classname', className], ['name', stepId], ['time', '0']], [element('skipped', [['message', why]], [], '      ')], '    ');
  return { status: 'skipped', xml, seconds: 0 };
}

function classname(planName: string, step: PlanStep): string {
  return [planName, ...step.groups].join('.');
}

/** The failing measurement, when one decided it; else the code and the DUT's message. */
function failureMessage(a: AttemptEvent): string {
  const failed = a.measurements.find((m) => !m.passed);
  return failed ? `${describeMeasurement(failed)} (${failed.error_code ?? 'FAIL'})` : `${a.error_code ?? 'FAIL'}: ${a.message}`;
}

function describeAttempt(a: AttemptEvent): string {
  const head = `attempt ${a.attempt}: ${a.passed ? 'PASS' : `FAIL ${a.error_code ?? ''}`.trim()} in ${fixed(a.duration_us / 1000, 3)} ms: ${a.message}`;
  const retry = a.data.will_retry ? ` (will retry${a.data.retry_reason ? `: ${a.data.retry_reason}` : ''})` : '';
  return [head + retry, ...a.measurements.map((m) => `  ${describeMeasurement(m)} ${m.passed ? 'pass' : 'FAIL'}`)].join('\n') + '\n';
}

function describeMeasurement(m: MeasurementResult): string {
  const value = typeof m.value === 'number' ? String(m.value) : JSON.stringify(m.value) ?? 'missing';
  const units = m.units ? ` ${m.units}` : '';
  const limits = [m.lo !== null ? `lo=${m.lo}` : null, m.hi !== null ? `hi=${m.hi}` : null, m.expected !== null && m.expected !== undefined ? `expected=${JSON.stringify(m.expected)}` : null]
    .filter((x) => x !== null)
    .join(' ');
  return `${m.field} = ${value}${units} [${m.comparator}${limits ? ` ${limits}` : ''}]`;
}

function caseCounts(cases: readonly TestCase[]): Counts {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.status === 'failure').length,
    errors: cases.filter((c) => c.status === 'error').length,
    skipped: cases.filter((c) => c.status === 'skipped').length,
  };
}

function sumCounts(list: readonly Counts[]): Counts {
  return list.reduce((a, b) => ({ tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors, skipped: a.skipped + b.skipped }), {
    tests: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
  });
}

function countAttrs(c: Counts): Attrs {
  return [
    ['tests', c.tests],
    ['failures', c.failures],
    ['errors', c.errors],
    ['skipped', c.skipped],
  ];
}

function fixed(n: number, digits: number): string {
  return n.toFixed(digits);
}

export function writeJunit(dir: string, xml: string): Promise<void> {
  return writeFileAtomic(join(dir, RUN_FILES.junit), xml);
}
