import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/index.js';
import { coverageProblems, enforceCoverage, parseRequirements } from '../../src/trace/index.js';
import { MtapError } from '../../src/errors.js';

const plan = parsePlan(
  [
    'plan: {name: P}',
    'station: {name: S, stage: DVT, fw_expected: "1"}',
    'steps:',
    '  - {id: ping, name: Ping, cmd: PING, req_ids: [REQ-001]}',
    '  - {id: rt, name: Temp, cmd: READ_TEMP, req_ids: [REQ-002, REQ-0O3]}',
  ].join('\n'),
  'plan.yaml',
);
const reqs = parseRequirements('requirements:\n  REQ-001: {title: a}\n  REQ-002: {title: b}\n  REQ-003: {title: c}\n', 'req.yaml');

describe('requirement coverage at plan load', () => {
  it('finds ids no requirement has (at the req_ids entry) and requirements no step covers (in the requirements file)', () => {
    const p = coverageProblems(plan, reqs);
    expect(p.unknown).toEqual([{ file: 'plan.yaml', line: 5, col: 61, message: 'step "rt" names requirement REQ-0O3, which req.yaml does not define' }]);
    expect(p.uncovered).toEqual([{ file: 'req.yaml', line: 4, col: 3, message: 'requirement REQ-003 is covered by no step of plan.yaml' }]);
  });
  it('warn returns the problems as lines; strict throws them all in one E_COVERAGE (exit 2)', () => {
    expect(enforceCoverage(plan, reqs, 'warn')).toEqual([
      'plan.yaml:5:61: step "rt" names requirement REQ-0O3, which req.yaml does not define',
      'req.yaml:4:3: requirement REQ-003 is covered by no step of plan.yaml',
    ]);
    try {
      enforceCoverage(plan, reqs, 'strict');
      throw new Error('expected E_COVERAGE');
    } catch (e) {
      expect(e).toBeInstanceOf(MtapError);
      expect((e as MtapError).code).toBe('E_COVERAGE');
      expect((e as MtapError).exitCode).toBe(2);
      expect((e as MtapError).message.split('\n')).toHaveLength(3);
    }
  });
  it('a plan that covers exactly the requirements has nothing to say', () => {
    const exact = parseRequirements('requirements:\n  REQ-001: {title: a}\n  REQ-002: {title: b}\n  REQ-0O3: {title: c}\n', 'r.yaml');
    expect(enforceCoverage(plan, exact, 'strict')).toEqual([]);
  });
});
