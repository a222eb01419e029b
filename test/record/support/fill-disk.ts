/**
 * Child process for the disk-full test: runs under a file-size limit (`ulimit -f`), records attempts
 * and units until the recorder reports a disk error, then prints what happened as one JSON line.
 */
import { isMtapError } from '../../../src/errors.js';
import { RunRecorder } from '../../../src/record/index.js';
import { makeAttempt, makeUnit } from '../helpers.js';

const dir = process.argv[2]!;
const rec = await RunRecorder.open(dir);
let first: unknown = null;
let attempts = 0;
try {
  for (let u = 0; u < 10_000; u++) {
    for (let s = 0; s < 3; s++) {
      rec.attempt(makeAttempt({ unit_exec_id: `U${u}`, test_step: `s${s}`, message: 'x'.repeat(50 + ((u * 7 + s) % 90)) }));
      attempts++;
    }
    await rec.unitEnd(makeUnit({ unit_exec_id: `U${u}` }));
  }
} catch (err) {
  first = err;
}
const again = (() => {
  try {
    rec.attempt(makeAttempt());
    return null;
  } catch (err) {
    return err;
  }
})();
const unitAgain = await rec.unitEnd(makeUnit()).then(
  () => null,
  (err: unknown) => err,
);
await rec.close();
console.log(
  JSON.stringify({
    attempts,
    code: isMtapError(first) ? first.code : String(first),
    exitCode: isMtapError(first) ? first.exitCode : null,
    message: first instanceof Error ? first.message : null,
    hasStack: first instanceof Error && first.message.includes('    at '),
    sameErrorAfter: again === first && unitAgain === first,
  }),
);
