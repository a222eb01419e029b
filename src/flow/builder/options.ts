/**
 * The option objects the builder methods take. They are the reference's Ruby options in camelCase
 * (`bin_description` → `binDescription`); keys inside user data (`binAttrs`, `meta`) are kept as
 * written. Every method that builds a node also takes the condition keys (which wrap the node) and the
 * metadata keys (which annotate it).
 */
import type { Node } from '../node.js';

/** A block: the builder calls it, and what it builds lands inside the node being built. */
export type Block = () => void;

/** A condition's value: a name or ID, a list of them, or (for `whenever*`) expression nodes. */
export type ConditionValue = string | number | readonly (string | number)[] | Node | readonly Node[];

/** Where a node was built and why; metadata only, never part of the tree's structure. */
export interface MetaOptions {
  description?: string;
  sourceFile?: string;
  sourceLineNumber?: number;
}

/** Inline conditions: each key wraps the built node; the first key given is the innermost wrapper. */
export interface ConditionOptions {
  ifEnabled?: ConditionValue;
  ifEnable?: ConditionValue;
  enabled?: ConditionValue;
  enableFlag?: ConditionValue;
  enable?: ConditionValue;
  unlessEnabled?: ConditionValue;
  notEnabled?: ConditionValue;
  disabled?: ConditionValue;
  disable?: ConditionValue;
  unlessEnable?: ConditionValue;
  ifFailed?: ConditionValue;
  unlessPassed?: ConditionValue;
  failed?: ConditionValue;
  ifPassed?: ConditionValue;
  unlessFailed?: ConditionValue;
  passed?: ConditionValue;
  ifAnyFailed?: ConditionValue;
  unlessAllPassed?: ConditionValue;
  ifAllFailed?: ConditionValue;
  unlessAnyPassed?: ConditionValue;
  ifAnyPassed?: ConditionValue;
  unlessAllFailed?: ConditionValue;
  ifAllPassed?: ConditionValue;
  unlessAnyFailed?: ConditionValue;
  ifRan?: ConditionValue;
  ifExecuted?: ConditionValue;
  unlessRan?: ConditionValue;
  unlessExecuted?: ConditionValue;
  job?: ConditionValue;
  jobs?: ConditionValue;
  ifJob?: ConditionValue;
  ifJobs?: ConditionValue;
  unlessJob?: ConditionValue;
  unlessJobs?: ConditionValue;
  ifFlag?: ConditionValue;
  unlessFlag?: ConditionValue;
  whenever?: ConditionValue;
  wheneverAll?: ConditionValue;
  wheneverAny?: ConditionValue;
  /** Wrap the node in `(group (name NAME) ...)`. */
  group?: string;
}

/** What every node-building call accepts. */
export interface StatementOptions extends ConditionOptions, MetaOptions {
  /**
   * `'current'`: append to the container of the last appended node, sharing its conditions (any
   * condition keys of this call are then ignored).
   */
  context?: 'current';
}

/** A bin/softbin and flag/continue/render actions, as given in `onFail`/`onPass` hashes. */
export interface ActionOptions {
  bin?: number;
  binDescription?: string;
  softbin?: number;
  softbinDescription?: string;
  /** Extra `(KEY VALUE)` children of the `set_result`, e.g. `{not_over_on: true}`. */
  binAttrs?: Record<string, unknown>;
  setFlag?: string;
  setRunFlag?: string;
  continue?: boolean;
  /** on_fail only: the bin decision is deferred (no automatic `continue` for dependants). */
  delayed?: boolean;
  render?: string;
}

/** A branch: a hash of actions, or a block whose calls build the branch. */
export type Branch = ActionOptions | Block;

export interface LevelSpec {
  name: string;
  value: unknown;
  unit?: string;
  units?: string;
}

export interface LimitSpec {
  value?: unknown;
  rule?: string;
  unit?: string;
  units?: string;
  selector?: unknown;
}

export interface PatternSpec {
  name: string;
  path?: string;
}

export interface TestOptions extends StatementOptions {
  id?: string;
  name?: string;
  tname?: string;
  testName?: string;
  number?: number | string;
  num?: number | string;
  tnum?: number | string;
  testNumber?: number | string;
  level?: LevelSpec | readonly LevelSpec[];
  levels?: LevelSpec | readonly LevelSpec[];
  /** A list of limits, a single limit, or `'none'`. */
  limit?: LimitSpec | readonly LimitSpec[] | 'none';
  limits?: LimitSpec | readonly LimitSpec[] | 'none';
  lo?: unknown;
  low?: unknown;
  hi?: unknown;
  high?: unknown;
  pin?: unknown;
  pins?: unknown;
  pattern?: string | PatternSpec | ReadonlyArray<string | PatternSpec>;
  patterns?: string | PatternSpec | ReadonlyArray<string | PatternSpec>;
  /** Arbitrary attributes: `(meta (attribute KEY VALUE)...)`. */
  meta?: Record<string, unknown>;
  subTest?: Node | readonly Node[];
  subTests?: Node | readonly Node[];
  onFail?: Branch;
  onPass?: Branch;
  // Shorthands folded into onFail/onPass (they win over the same keys given there):
  bin?: number;
  binDescription?: string;
  binAttrs?: Record<string, unknown>;
  softbin?: number;
  sbin?: number;
  softBin?: number;
  softbinDescription?: string;
  sbinDescription?: string;
  softBinDescription?: string;
  continue?: boolean;
  delayed?: boolean;
  flagPass?: string;
  flagFail?: string;
}

export interface GroupOptions extends StatementOptions {
  id?: string;
  onFail?: Branch;
  onPass?: Branch;
}

export interface BinOptions extends StatementOptions {
  type?: 'fail' | 'pass';
  softbin?: number;
  softBin?: number;
  sbin?: number;
  /** The bin's description (taken as the bin description, not as metadata). */
  binDescription?: string;
  softbinDescription?: string;
  binAttrs?: Record<string, unknown>;
}

export interface ConditionBlockOptions extends StatementOptions {
  then?: Block;
  else?: Block;
  /** Legacy OrigenTesters switch: when true the block runs with no wrapper at all. */
  or?: boolean;
}

export interface LoopOptions extends StatementOptions {
  from: unknown;
  to: unknown;
  step: unknown;
  var?: string;
}

export interface SubFlowOptions extends ConditionOptions {
  path?: string;
}

/** A condition method's arguments: values, then optional options, then an optional block. */
export type ConditionArg = ConditionValue | ConditionBlockOptions | Block;
