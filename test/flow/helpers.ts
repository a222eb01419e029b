// Shared test helpers: compare trees through their text form, so a failure shows a readable diff.
import { expect } from 'vitest';
import { Program, fromSexp, toSexp } from '../../src/flow/index.js';
import type { Flow, Node } from '../../src/flow/index.js';

/** Assert that `actual` is structurally the tree written in `expected` (S-expression text). */
export function expectTree(actual: Node, expected: string): void {
  expect(toSexp(actual)).toBe(toSexp(fromSexp(expected)));
}

/** A fresh program's flow, named as in the conformance catalogue. */
export function newFlow(name = 'sort1'): Flow {
  return new Program().flow(name);
}

/** The options of the Condition-processor cases: only Condition runs. */
export const CONDITION_ONLY = { optimization: 'full', applyRelationships: false, addIds: false } as const;
