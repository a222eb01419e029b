/**
 * A full disk, for real: the recorder runs in a child process under a file-size limit (`ulimit -f`),
 * so its writes fail with EFBIG as they would with ENOSPC. The error is one clear E_DISK naming the
 * file, later writes get the same error, and every line left in the files is whole.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptEventSchema, CSV_COLUMNS, unitRecordSchema } from '../../src/record/index.js';
import { parseCsv, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

function recordUnderLimit(dir: string, limitKiB: number) {
  const child = resolve('test/record/support/fill-disk.ts');
  // Node ignores SIGXFSZ itself; the trap makes sure, so an oversized write returns EFBIG instead of killing.
  const script = `trap '' XFSZ; ulimit -f ${limitKiB}; exec "${process.execPath}" --import tsx "${child}" "${dir}"`;
  const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, TSX_DISABLE_CACHE: '1' }, timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    attempts: number;
    code: string;
    exitCode: number;
    message: string;
    hasStack: boolean;
    sameErrorAfter: boolean;
  };
}

describe('disk full', () => {
  for (const limitKiB of [4, 9, 23]) {
    it(`at a ${limitKiB} KiB file limit: one E_DISK naming the file and EFBIG, and only whole lines on disk`, () => {
      const dir = tempDir();
      const result = recordUnderLimit(dir, limitKiB);
      expect(result.code).toBe('E_DISK');
      expect(result.exitCode).toBe(3);
      expect(result.message).toMatch(new RegExp(`^cannot (write|sync) ${dir}/(events\\.jsonl|events\\.csv|units\\.jsonl): EFBIG \\(file too large\\)$`));
      expect(result.hasStack).toBe(false);
      expect(result.sameErrorAfter).toBe(true);

      const events = readFileSync(join(dir, 'events.jsonl'), 'utf8');
      expect(events.endsWith('\n')).toBe(true);
      // The write that crossed the limit was partial: it was cut back off, so the file stays under it.
      expect(statSync(join(dir, 'events.jsonl')).size).toBeLessThan(limitKiB * 1024);
      const eventLines = events.split('\n').slice(0, -1);
      for (const line of eventLines) attemptEventSchema.parse(JSON.parse(line));
      expect(eventLines.length).toBeGreaterThan(0);
      expect(eventLines.length).toBeLessThanOrEqual(result.attempts + 1);

      const rows = parseCsv(readFileSync(join(dir, 'events.csv'), 'utf8'));
      expect(rows[0]).toEqual([...CSV_COLUMNS]);
      for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
      expect(rows.length - 1).toBeLessThanOrEqual(eventLines.length);

      const units = readFileSync(join(dir, 'units.jsonl'), 'utf8');
      expect(units === '' || units.endsWith('\n')).toBe(true);
      for (const line of units.split('\n').slice(0, -1)) unitRecordSchema.parse(JSON.parse(line));
    });
  }
});
