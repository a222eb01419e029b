// docs/flow.md's examples are tests: every ```ts block runs (imports of 'mtap/flow' get this checkout's
// flow layer), and a ```text or ```mermaid block right after it is the output it must print.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as flow from '../../src/flow/index.js';

const DOC = new URL('../../docs/flow.md', import.meta.url);
const text = readFileSync(DOC, 'utf8');

interface Block {
  lang: string;
  code: string;
  line: number;
  start: number;
  end: number;
}

const blocks: Block[] = [...text.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => ({
  lang: m[1]!,
  code: m[2]!,
  line: text.slice(0, m.index).split('\n').length,
  start: m.index,
  end: m.index + m[0].length,
}));

const modules: Record<string, unknown> = { 'mtap/flow': flow, mtap: flow, 'node:assert/strict': assert };
type AsyncFn = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => AsyncFn;

async function run(code: string): Promise<string> {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const printed: string[] = [];
  const fakeConsole = {
    log: (...args: unknown[]) => printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' ')),
  };
  const load = (id: string): unknown => {
    if (!(id in modules)) throw new Error(`docs example imports ${id}`);
    return modules[id];
  };
  await new AsyncFunction('require', 'console', 'exports', 'module', js)(load, fakeConsole, {}, { exports: {} });
  return printed.map((l) => `${l}\n`).join('');
}

describe('docs/flow.md examples', () => {
  const examples = blocks.filter((b) => b.lang === 'ts');
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(10));

  it('each ```mermaid block is a diagram an example printed', () => {
    const printed = blocks.filter((b) => b.lang === 'text').map((b) => b.code);
    for (const m of blocks.filter((b) => b.lang === 'mermaid')) {
      expect(m.code.startsWith('flowchart ')).toBe(true);
      expect(printed.some((p) => p.includes(m.code)), `line ${m.line}`).toBe(true);
    }
  });

  for (const example of examples) {
    const next = blocks[blocks.indexOf(example) + 1];
    const expected =
      next && (next.lang === 'text' || next.lang === 'mermaid') && text.slice(example.end, next.start).trim() === ''
        ? next.code
        : undefined;
    const title = example.code.split('\n').find((l) => l.startsWith('//'))?.replace(/^\/\/\s*/, '') ?? 'example';
    it(`line ${example.line}: ${title}`, async () => {
      const output = await run(example.code);
      if (expected !== undefined) expect(output).toBe(expected);
    });
  }
});
