/**
 * docs/plan-format.md stays true: its complete plans load, its `mtap` sessions print what they show,
 * and it documents every key of the format, every comparator, on_fail value and retry code.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ATTEMPT_CODES, COMPARATORS, ON_FAIL, parsePlan, planJsonSchema } from '../../src/plan/index.js';
import { runCli } from '../support/proc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(new URL('../../docs/plan-format.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]!, line: doc.slice(0, m.index).split('\n').length }));
const plans = blocks.filter((b) => b.lang === 'yaml' && b.text.startsWith('plan:'));
const sessions = blocks.filter((b) => b.lang === 'console');
/** The plan hash changes with the example's text; the docs show one as an illustration. */
const hashless = (s: string) => s.replace(/sha256 [0-9a-f]{12}/g, 'sha256 <hash>');

describe('docs/plan-format.md', () => {
  it.each(plans.map((b) => [b.line, b.text] as const))('the plan at line %i loads', (line, text) => {
    expect(() => parsePlan(text, `docs/plan-format.md:${line}`)).not.toThrow();
  });

  it.concurrent.each(sessions.map((b) => [b.line, b.text] as const))('the session at line %i prints what it shows', async (_line, text) => {
    const [command, ...output] = text.trimEnd().split('\n');
    expect(command).toMatch(/^\$ mtap /);
    const r = await runCli(command!.slice('$ mtap '.length).split(' '), { cwd: ROOT });
    expect(hashless(r.stdout + r.stderr).trimEnd()).toBe(hashless(output.join('\n')));
    expect(r.code).toBe(r.stderr ? 2 : 0);
  });

  it('has complete plans and sessions to check', () => {
    expect(plans.length).toBeGreaterThanOrEqual(5);
    expect(sessions.length).toBeGreaterThanOrEqual(5);
  });

  it('documents every key of the format', () => {
    const keys = new Set<string>();
    const walk = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      for (const key of Object.keys(props ?? {})) keys.add(key);
      for (const v of Object.values(node)) walk(v);
    };
    walk(planJsonSchema());
    expect([...keys].filter((k) => !doc.includes(`\`${k}\``))).toEqual([]);
    expect(keys.size).toBeGreaterThan(40);
  });

  it('documents every comparator, on_fail value and retry code', () => {
    for (const word of [...COMPARATORS, ...ON_FAIL, ...ATTEMPT_CODES]) expect(doc, word).toContain(`\`${word}\``);
  });
});
