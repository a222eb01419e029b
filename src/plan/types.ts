/**
 * A plan after loading: every default applied, MTAP v1 forms turned into their general form (`limits`
 * into a measurement, `stages` into a job condition), positions kept for messages. This is what the
 * compiler, the executor and the records read; nothing downstream looks at the YAML.
 */
import type { Comparator, OnFail } from './schema.js';

export type Scalar = string | number | boolean;

export interface SourcePos {
  line: number;
  col: number;
}

export interface Measurement {
  field: string;
  units: string | null;
  comparator: Comparator;
  lo: number | null;
  hi: number | null;
  nominal: number | null;
  /** EQ/NE: a value; IN: a list; MATCHES: a regular expression's source. */
  expected: Scalar | Scalar[] | null;
}

/** Conditions on an item, in the flow builder's vocabulary. Jobs are upper-case stage names. */
export interface Conditions {
  ifJob?: string[];
  unlessJob?: string[];
  ifEnable?: string[];
  unlessEnable?: string[];
  ifFailed?: string;
  ifPassed?: string;
  ifRan?: string;
  unlessRan?: string;
  ifAnyFailed?: string[];
  ifAllFailed?: string[];
  ifAnyPassed?: string[];
  ifAllPassed?: string[];
}

export interface BinSpec {
  bin: number;
  softbin: number;
  description: string;
}

export interface PlanStep {
  kind: 'step';
  id: string;
  name: string;
  cmd: string;
  /** Arguments sent after the serial number, as wire tokens. */
  params: string[];
  measurements: Measurement[];
  reqIds: string[];
  /** Where each requirement id is written (for traceability problems at file:line:col). */
  reqIdsPos: SourcePos[];
  testNum: number;
  /** True when test_num was not written (numbered by position: add test_num to keep it stable). */
  testNumAuto: boolean;
  /** Bins given on the step; when absent the plan's fail/error bins apply. */
  bin: number | null;
  softbin: number | null;
  binDescription: string | null;
  softbinDescription: string | null;
  timeoutS: number;
  retries: number;
  backoffMs: number;
  retryOn: string[];
  onFail: OnFail;
  conditions: Conditions;
  /** Enclosing group names, outermost first. */
  groups: string[];
  pos: SourcePos;
}

export interface PlanGroup {
  kind: 'group';
  name: string;
  id: string | null;
  items: PlanItem[];
  conditions: Conditions;
  pos: SourcePos;
}

export interface PlanLog {
  kind: 'log';
  message: string;
  conditions: Conditions;
  pos: SourcePos;
}

export type PlanItem = PlanStep | PlanGroup | PlanLog;

export interface StepDefaults {
  timeoutS: number;
  retries: number;
  backoffMs: number;
  retryOn: string[];
  onFail: OnFail;
}

export interface Plan {
  /** The path it was loaded from, as given. */
  file: string;
  /** The file's text, exactly as run, and its SHA-256 (hex). */
  text: string;
  hash: string;
  name: string;
  version: number | string;
  station: { name: string; stage: string; fwExpected: string };
  snCount: number;
  /** The requirements file named by the plan (resolved against the plan's directory), if any. */
  requirements: string | null;
  /** Every stage this plan knows, upper-case: EVT, DVT, PVT, MP and its own. */
  stages: string[];
  /** Enable words and their defaults. */
  flags: Record<string, boolean>;
  bins: { pass: BinSpec; fail: BinSpec; error: BinSpec };
  defaults: StepDefaults;
  items: PlanItem[];
  /** Every step, in plan order. */
  steps: PlanStep[];
}
