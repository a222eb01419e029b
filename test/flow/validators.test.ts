// Validators: all problems collected, reported with the reference's message lines and sources.
import { describe, expect, it } from 'vitest';
import { FlowValidationError, LOST_SOURCE } from '../../src/flow/index.js';
import type { Flow } from '../../src/flow/index.js';
import { newFlow } from './helpers.js';

function failure(f: Flow): FlowValidationError {
  try {
    f.ast();
  } catch (e) {
    if (e instanceof FlowValidationError) return e;
    throw e;
  }
  throw new Error('expected a validation error');
}

const at = (line: number) => ({ sourceFile: 'flow.ts', sourceLineNumber: line });

describe('DuplicateIds', () => {
  it('lists every duplicate with all its sources, IDs compared after cleaning', () => {
    const f = newFlow();
    f.test('a', { id: 't1', ...at(1) });
    f.test('b', { id: 'T1', ...at(2) });
    f.group('g', { id: 'g1', ...at(3) }, () => {});
    f.test('c', { id: 't1', ...at(4) });
    f.test('d', { id: 'G1' });
    const e = failure(f);
    expect(e.validator).toBe('DuplicateIds');
    expect(e.lines).toEqual([
      'Test ID t1 is defined more than once in flow sort1:',
      '  flow.ts:1',
      '  flow.ts:2',
      '  flow.ts:4',
      'Test ID g1 is defined more than once in flow sort1:',
      '  flow.ts:3',
      `  ${LOST_SOURCE}`,
    ]);
    expect(e.message).toBe(e.lines.join('\n'));
  });
});

describe('MissingIds', () => {
  it('reports never-defined and defined-too-late references; extern IDs are not checked', () => {
    const f = newFlow();
    f.test('a', { ifFailed: 'late', ...at(1) });
    f.test('b', { ifAnyPassed: ['nope', 'extern_x'], ...at(2) });
    f.test('c', { id: 'late', ...at(3) });
    f.test('d', { ifRan: 'nope', ...at(4) });
    expect(failure(f).lines).toEqual([
      'Test ID nope is referenced in flow sort1 in the following lines, but it is never defined:',
      '  flow.ts:2',
      '  flow.ts:4',
      'Test ID late is referenced in flow sort1 in the following line(s):',
      '  flow.ts:1',
      'but it was not defined until later:',
      '  flow.ts:3',
    ]);
  });

  it('runs only after duplicate IDs pass', () => {
    const f = newFlow();
    f.test('a', { id: 'x' });
    f.test('b', { id: 'x', ifFailed: 'missing' });
    expect(failure(f).validator).toBe('DuplicateIds');
  });
});

describe('Jobs', () => {
  it('reports nested if/unless jobs (labelled by their real type) and negated names, together', () => {
    const f = newFlow();
    f.ifJob('p1', at(1), () => {
      f.test('t', { unlessJob: 'p2', ...at(2) });
      f.ifJob('p3', () => f.test('u'));
    });
    f.test('v', { ifJob: ['!p4', 'p5'], ...at(3) });
    expect(failure(f).lines).toEqual([
      'if_job and unless_job conditions cannot both be applied to the same tests',
      'The following conflicts were found in flow sort1:',
      '  if_job:     flow.ts:1',
      '  unless_job: flow.ts:2',
      '',
      'Job names should not be negated, use unless_job if you want to specify !JOB',
      'The following negative job names were found in flow sort1:',
      '  ["!p4", "p5"] flow.ts:3',
    ]);
  });
});

describe('Flags', () => {
  it('reports an if_flag nested in an unless_flag of the same flag, else bodies included', () => {
    const f = newFlow();
    f.unlessFlag('F', at(1), () => f.ifFlag('F', at(2), () => f.test('t')));
    f.ifFlag('G', { ...at(3), then: () => f.test('a'), else: () => f.test('b', { unlessFlag: 'G', ...at(4) }) });
    f.ifFlag('H', () => f.test('c', { ifFlag: 'H' }));
    expect(failure(f).lines).toEqual([
      'if_flag and unless_flag conditions cannot be nested and refer to the same flag unless it is declared as volatile',
      'The following conflicts were found in flow sort1:',
      '  unless_flag(F) flow.ts:1',
      '  if_flag(F) flow.ts:2',
      '',
      '  if_flag(G) flow.ts:3',
      '  unless_flag(G) flow.ts:4',
      '',
    ]);
  });

  it('volatile flags are exempt', () => {
    const f = newFlow();
    f.volatile('$f');
    f.unlessFlag('F', () => f.ifFlag('F', () => f.test('t')));
    expect(() => f.ast()).not.toThrow();
  });
});
