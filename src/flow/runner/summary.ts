/**
 * summarizeRun: what an executed flow (the result of `runFlow`/`executeFlow`) means for the unit: the
 * tests that ran, in order, with their outcome; the log messages, in order; and the binning result
 * (the first `set_result` reached, which is the one that ended the flow), if any.
 *
 *   summarizeRun(runFlow(ast, { failedTestIds: 't2' }))
 *   // { tests: [{id: 't1', name: 'test1', failed: false}, {id: 't2', ..., failed: true}],
 *   //   logs: [], result: { result: 'fail', bin: 5 } }
 */
import { Node } from '../node.js';
import { testName } from './interpreter.js';

export interface RunTestRecord {
  id: string;
  number?: number;
  name: string;
  failed: boolean;
}

export interface BinResult {
  result: 'pass' | 'fail';
  bin?: number;
  softbin?: number;
}

export interface RunSummary {
  tests: RunTestRecord[];
  logs: string[];
  /** Absent when the flow ran to its end without binning. */
  result?: BinResult;
}

export function summarizeRun(executed: Node): RunSummary {
  const summary: RunSummary = { tests: [], logs: [] };
  const walk = (n: Node): void => {
    for (const c of n.children) {
      if (!(c instanceof Node)) continue;
      if (c.type === 'test') summary.tests.push(testRecord(c));
      else if (c.type === 'log') summary.logs.push(String(c.value));
      else if (c.type === 'set_result') summary.result ??= binResult(c);
      else walk(c);
    }
  };
  walk(executed);
  return summary;
}

function testRecord(test: Node): RunTestRecord {
  const record: RunTestRecord = {
    id: String(test.find('id')?.value ?? ''),
    name: testName(test),
    failed: test.find('failed') !== undefined,
  };
  const number = test.find('number')?.value;
  if (typeof number === 'number') record.number = number;
  return record;
}

function binResult(setResult: Node): BinResult {
  const result: BinResult = { result: setResult.children[0] === 'pass' ? 'pass' : 'fail' };
  const bin = setResult.find('bin')?.value;
  const softbin = setResult.find('softbin')?.value;
  if (typeof bin === 'number') result.bin = bin;
  if (typeof softbin === 'number') result.softbin = softbin;
  return result;
}
