/**
 * The broken-plan corpus: each file in corpus/ says in its leading comment what it breaks (`# case:`)
 * and every problem `mtap flow check` must report for it (`# expect: line:col message`), in order.
 * Run through the real CLI: exactly those `file:line:col: message` lines, exit 2, no stack trace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/proc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = 'test/plan/corpus';
const files = readdirSync(new URL('./corpus', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

interface Case {
  path: string;
  what: string;
  expected: string[];
}

function readCase(file: string): Case {
  const path = `${CORPUS}/${file}`;
  const text = readFileSync(new URL(`./corpus/${file}`, import.meta.url), 'utf8');
  const what = /^# case: (.*)$/m.exec(text)?.[1] ?? '';
  const expected = text
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => {
      const m = /^# expect: (\d+):(\d+) (.+)$/.exec(l);
      if (!m) throw new Error(`${path}: malformed expectation: ${l}`);
      return `${path}:${m[1]}:${m[2]}: ${m[3]}`;
    });
  return { path, what, expected };
}

describe('the broken-plan corpus', () => {
  it('has at least 25 cases, each saying what it breaks and what must be reported', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const f of files) {
      const c = readCase(f);
      expect(c.what, f).not.toBe('');
      expect(c.expected.length, f).toBeGreaterThan(0);
    }
  });

  it.concurrent.each(files)('mtap flow check %s reports every problem at file:line:col, exit 2', async (file) => {
    const c = readCase(file);
    const r = await runCli(['flow', 'check', c.path], { cwd: ROOT });
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('mtap: invalid plan:');
    expect(lines.slice(1)).toEqual(c.expected);
    expect(r.stderr).not.toMatch(/^\s+at\s/m);
    expect(r.code).toBe(2);
  });
});
