/**
 * What the interpreter is told (the run's conditions), what it asks for each test (a step), and what
 * it is told back (the outcome).
 */
import type { Node } from '../node.js';

/** The run's static conditions and which kinds of condition to evaluate. */
export interface EvaluateOptions {
  /** Enable words that are on (`enables` is an alias). */
  enable?: string | readonly string[];
  enables?: string | readonly string[];
  /** The current job; compared case-insensitively. Required if the flow has job conditions. */
  job?: string;
  /** When false, `if_enabled`/`unless_enabled` are kept in the output and both branches run. Default true. */
  evaluateEnables?: boolean;
  /** When false, `if_flag`/`unless_flag` are kept in the output and both branches run. Default true. */
  evaluateFlags?: boolean;
  /** When false, a `set_result` is recorded but the flow does not stop. Default true. */
  evaluateSetResult?: boolean;
}

/** Options of the dry run: the tests assumed to fail are named by ID. */
export interface RunOptions extends EvaluateOptions {
  failedTestIds?: string | readonly string[];
  /** Alias of `failedTestIds`. */
  failedTestId?: string | readonly string[];
}

/** What a test executor is told about the test it must run. Sets are live views: read, don't keep. */
export interface TestContext {
  /** The test's ID (every test has one: the interpreter numbers those without). */
  id: string;
  /** The test's name, else its object (or the object's `Test`/`name`). */
  name: string;
  number?: number;
  job?: string;
  /** Enable words on at this point of the run. */
  enables: ReadonlySet<string>;
  /** Flags set so far in this run. */
  flags: ReadonlySet<string>;
  /** Names of the enclosing groups, outermost first. */
  groups: readonly string[];
}

/** A test to execute: the interpreter yields one and waits for its outcome. */
export interface TestStep {
  test: Node;
  context: TestContext;
}

/** What executing a test produced. Other fields are allowed and ignored. */
export interface TestOutcome {
  failed: boolean;
}
