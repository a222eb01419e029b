/**
 * The condition vocabulary: which builder option keys (and method names) gate a node, and the node
 * types they make. Several keys are aliases (`ifEnable`, `enabled` and `enable` all make `if_enabled`).
 *
 *   CONDITION_KEYS.ifEnable   // 'if_enabled'
 *   CONDITION_KEYS.unlessAnyFailed   // 'if_all_passed'
 *
 * Careful: `enable`/`disable` as option keys are conditions, as builder methods they are statements.
 */

/** camelCase option key → condition node type, in the reference's order. */
export const CONDITION_KEYS = {
  ifEnabled: 'if_enabled',
  ifEnable: 'if_enabled',
  enabled: 'if_enabled',
  enableFlag: 'if_enabled',
  enable: 'if_enabled',

  unlessEnabled: 'unless_enabled',
  notEnabled: 'unless_enabled',
  disabled: 'unless_enabled',
  disable: 'unless_enabled',
  unlessEnable: 'unless_enabled',

  ifFailed: 'if_failed',
  unlessPassed: 'if_failed',
  failed: 'if_failed',

  ifPassed: 'if_passed',
  unlessFailed: 'if_passed',
  passed: 'if_passed',

  ifAnyFailed: 'if_any_failed',
  unlessAllPassed: 'if_any_failed',

  ifAllFailed: 'if_all_failed',
  unlessAnyPassed: 'if_all_failed',

  ifAnyPassed: 'if_any_passed',
  unlessAllFailed: 'if_any_passed',

  ifAllPassed: 'if_all_passed',
  unlessAnyFailed: 'if_all_passed',

  ifRan: 'if_ran',
  ifExecuted: 'if_ran',

  unlessRan: 'unless_ran',
  unlessExecuted: 'unless_ran',

  job: 'if_job',
  jobs: 'if_job',
  ifJob: 'if_job',
  ifJobs: 'if_job',

  unlessJob: 'unless_job',
  unlessJobs: 'unless_job',

  ifFlag: 'if_flag',
  unlessFlag: 'unless_flag',

  whenever: 'whenever',
  wheneverAll: 'whenever_all',
  wheneverAny: 'whenever_any',

  group: 'group',
} as const;

export type ConditionKey = keyof typeof CONDITION_KEYS;
export type ConditionType = (typeof CONDITION_KEYS)[ConditionKey];

/** The 14 condition types, the three `whenever*` and `group`: what processors treat as conditions. */
export const CONDITION_NODE_TYPES: ReadonlySet<string> = new Set(Object.values(CONDITION_KEYS));

/**
 * Node types that the reference's `condition_node?` check recognises: it looks a node's type up among
 * the (snake_case) option keys, so the `enable`/`disable` statements count too. The builder uses this
 * to decide which appended node becomes the "last container" for `context: 'current'`.
 */
export const CONDITION_KEY_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(CONDITION_KEYS).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
]);

/** Conditions that refer to other tests' results by ID (cleaned, validated, turned into flags). */
export const RESULT_REFERENCE_TYPES: ReadonlySet<string> = new Set([
  'if_failed',
  'if_passed',
  'if_any_failed',
  'if_all_failed',
  'if_any_passed',
  'if_all_passed',
  'if_ran',
  'unless_ran',
]);

export function isConditionKey(key: string): key is ConditionKey {
  return Object.hasOwn(CONDITION_KEYS, key);
}
