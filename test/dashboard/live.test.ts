/**
 * The Live view's reading of a run directory: a piece at a time (a long run's files are larger than
 * a string can be), once whatever the number of pages asking, and from the start again when a resume
 * cut a file back.
 */
import { cpSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LiveRun } from '../../src/dashboard/live.js';
import type { LiveSnapshot } from '../../src/dashboard/index.js';
import { runBatch, serials, tmp } from './support.js';

let dir: string;
const lines = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).length;
const same = (s: LiveSnapshot | null) => ({ ...s!, updated_at: '' });

beforeAll(async () => {
  dir = await runBatch(tmp(), { batch: 'LV', station: 'S1', sns: serials('V', 12), seed: 3 });
}, 60_000);

describe('live run snapshots', () => {
  it('reads a run a chunk at a time, lines longer than a chunk included, to the same snapshot', async () => {
    const whole = await new LiveRun(dir).snapshot();
    expect(whole).toMatchObject({ done: 12, attempts: lines('events.jsonl'), skipped_lines: 0 });
    // 64 bytes: every line is longer than a chunk.
    expect(same(await new LiveRun(dir, 64).snapshot())).toEqual(same(whole));
    expect(same(await new LiveRun(dir, 4096).snapshot())).toEqual(same(whole));
  });

  it('counts every line once when several pages ask at the same time', async () => {
    const run = new LiveRun(dir, 4096);
    const snaps = await Promise.all(Array.from({ length: 5 }, () => run.snapshot()));
    for (const s of snaps) expect(s).toMatchObject({ done: 12, attempts: lines('events.jsonl') });
  });

  it('reads both files again when a resume cut one back', async () => {
    const copy = join(tmp(), 'run');
    cpSync(dir, copy, { recursive: true });
    const run = new LiveRun(copy);
    expect(await run.snapshot()).toMatchObject({ done: 12 });
    // Cut events.jsonl back to its first 5 lines; units.jsonl is as it was.
    const text = readFileSync(join(copy, 'events.jsonl'), 'utf8');
    truncateSync(join(copy, 'events.jsonl'), Buffer.byteLength(text.split('\n').slice(0, 5).join('\n') + '\n'));
    expect(await run.snapshot()).toMatchObject({ done: 12, attempts: 5 });
  });
});
