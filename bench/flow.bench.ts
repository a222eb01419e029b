/**
 * Flow model: build a 10,000-test flow (nested groups, enable/job/flag conditions, if/unless pairs,
 * result relationships between tests and groups, bins, logs) and process it with the default `runner`
 * optimization, next to the time to merely build its raw AST, measured in the same run. Then the same
 * at 1,000 tests: processing must scale roughly linearly (10,000 within 15× of 1,000). A dry run of
 * the processed flow is timed for reference.
 */
import { Program, runFlow } from '../src/flow/index.js';
import type { Flow, Node } from '../src/flow/index.js';
import { median, printRatio, timeIt } from './lib.js';

const WORDS = ['bitmap', 'cz', 'debug', 'hot', 'quick'];
const JOBS = ['P1', 'P2', 'FT'];

/** A realistic-looking flow of `tests` tests: blocks of 25 tests in groups, with every kind of logic. */
function buildFlow(tests: number): Flow {
  const f = new Program().flow('bench');
  f.volatile('retest');
  let n = 0;
  let block = 0;
  const test = (options: Record<string, unknown> = {}): string => {
    const id = `t${++n}`;
    f.test(`test_${n}`, { id, number: 1000 + n, ...options });
    return id;
  };
  while (n < tests) {
    const b = block++;
    const group = `blk${b}`;
    const groupOptions: Record<string, unknown> = { id: group };
    if (b > 0 && b % 4 === 0) groupOptions.ifFailed = `blk${b - 1}`; // a group that runs when the previous one failed
    if (b % 3 === 0) groupOptions.ifEnable = WORDS[b % WORDS.length];
    f.group(group, groupOptions, () => {
      f.log(`block ${b}`);
      let previous = test({ bin: 10 + (b % 5) });
      for (let i = 1; i < 25 && n < tests; i++) {
        const o: Record<string, unknown> = {};
        if (i % 5 === 0) o.ifFailed = previous; // a retest of the test before
        if (i % 7 === 0) o.ifEnable = WORDS[(b + i) % WORDS.length];
        if (i % 11 === 0) o.ifJob = JOBS[i % JOBS.length];
        if (i % 4 === 0) o.bin = 20 + (i % 9);
        if (i % 6 === 0) o.continue = true;
        const id = test(o);
        if (i % 9 === 0 && n < tests) {
          // An if/unless pair on a flag (AdjacentIfCombiner makes it if/else)
          f.setFlag('seen', { ifFailed: id });
          test({ ifFlag: 'seen' });
          if (n < tests) test({ unlessFlag: 'seen' });
        }
        if (i % 13 === 0 && n < tests) {
          // A nested group on a job, and a test that runs if any of two earlier ones failed
          f.group(`sub${b}_${i}`, { ifJob: JOBS[b % JOBS.length] }, () => {
            test({ bin: 30 });
            if (n < tests) test({ ifAnyFailed: [previous, id] });
          });
        }
        previous = id;
      }
    });
    if (b % 2 === 1) f.pass(2, { ifRan: group }); // a bin decided by whether the group ran
  }
  f.pass(1, { softbin: 1 });
  return f;
}

function countTests(ast: Node): number {
  return ast.findAll('test', { recursive: true }).length;
}

/** Median wall time of `fn` over `rounds` runs, after one warm-up run. */
async function medianTime(rounds: number, fn: () => void): Promise<number> {
  await timeIt(fn);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await timeIt(fn));
  return median(times);
}

const big = buildFlow(10_000);
const bigAst = big.ast();
const small = buildFlow(1_000);
if (countTests(bigAst) !== 10_000 || countTests(small.ast()) !== 1_000) throw new Error('the bench flows are not the sizes they claim');

const buildBig = await medianTime(5, () => void buildFlow(10_000).raw());
const processBig = await medianTime(5, () => void buildFlow(10_000).ast());
const processSmall = await medianTime(15, () => void buildFlow(1_000).ast());
const dryRunBig = await medianTime(5, () => void runFlow(bigAst, { job: 'P1', enable: ['bitmap', 'cz'], failedTestIds: ['t1', 't26', 't500', 't5001'] }));

printRatio({
  bench: 'flow: build and process a 10,000-test flow (runner optimization) vs merely build its raw AST',
  subject: { label: 'build + validate + optimize (runner)', value: processBig, unit: 'ms' },
  baseline: { label: 'build the raw AST', value: buildBig, unit: 'ms' },
});
const scaling = printRatio({
  bench: 'flow: scaling of build + process, 10,000 tests vs 1,000',
  subject: { label: '10,000 tests', value: processBig, unit: 'ms' },
  baseline: { label: '1,000 tests', value: processSmall, unit: 'ms' },
  target: { ratio: 15, higherIsBetter: false },
});
printRatio({
  bench: 'for reference: dry run of the processed 10,000-test flow vs building it',
  subject: { label: 'runFlow (job P1, 2 enables, 4 failures)', value: dryRunBig, unit: 'ms' },
  baseline: { label: 'build the raw AST', value: buildBig, unit: 'ms' },
});
if (scaling > 15) process.exitCode = 1;
