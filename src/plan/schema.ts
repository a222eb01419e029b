/**
 * The YAML plan format, as zod schemas: the one definition from which the plan's types and its JSON
 * Schema (`mtap flow schema`) come. MTAP v1 plans are valid as they are; everything mtap adds is
 * optional. Unknown keys are errors (a typo must not silently change what is tested).
 *
 * This module only describes shapes; cross-field rules that need the whole plan (unique ids,
 * references, stages) are in validate.ts, and normalize.ts turns the parsed input into a `Plan`.
 */
import { z } from 'zod';

/** MTAP's four stages; a plan may declare more in `plan.stages`. */
export const V1_STAGES = ['EVT', 'DVT', 'PVT', 'MP'] as const;

export const COMPARATORS = ['GE', 'LE', 'GELE', 'GT', 'LT', 'GTLT', 'EQ', 'NE', 'IN', 'MATCHES'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const ON_FAIL = ['stop', 'continue', 'ignore'] as const;
export type OnFail = (typeof ON_FAIL)[number];

const name = z.string().trim().min(1, 'must not be empty');
const nameOrNames = z.union([name, z.array(name).min(1)]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const bin = z.number().int().min(0).max(65535);
const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an error code such as E_BUSY');

/** Conditions a step, group or log may carry (ATP's inline conditions, snake_case). */
export const conditionShape = {
  /** Run only at these stages (MTAP v1; the same as `if_job`). */
  stages: z.array(name).min(1).optional(),
  if_job: nameOrNames.optional(),
  unless_job: nameOrNames.optional(),
  if_enable: nameOrNames.optional(),
  unless_enable: nameOrNames.optional(),
  if_flag: nameOrNames.optional(),
  unless_flag: nameOrNames.optional(),
  if_failed: name.optional(),
  if_passed: name.optional(),
  if_ran: name.optional(),
  unless_ran: name.optional(),
  if_any_failed: z.array(name).min(1).optional(),
  if_all_failed: z.array(name).min(1).optional(),
  if_any_passed: z.array(name).min(1).optional(),
  if_all_passed: z.array(name).min(1).optional(),
};
export const CONDITION_KEYS = Object.keys(conditionShape) as Array<keyof typeof conditionShape>;

/** MTAP v1 limits: one field, `min`/`max` (inclusive) or `equals`. */
export const limitsSchema = z.strictObject({
  field: name,
  min: z.number().nullish(),
  max: z.number().nullish(),
  equals: scalar.nullish(),
  units: z.string().optional(),
});

export const measurementSchema = z.strictObject({
  field: name,
  units: z.string().optional(),
  /** Default: GELE with lo and hi, GE with lo, LE with hi, EQ with expected. */
  comparator: z.enum(COMPARATORS).optional(),
  lo: z.number().optional(),
  hi: z.number().optional(),
  nominal: z.number().optional(),
  /** EQ/NE: a value; IN: a list of values; MATCHES: a regular expression. */
  expected: z.union([scalar, z.array(scalar).min(1)]).optional(),
});

const stepTuning = {
  timeout_s: z.number().gt(0).max(30).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  backoff_ms: z.number().int().min(0).max(10_000).optional(),
  retry_on: z.array(code).optional(),
  on_fail: z.enum(ON_FAIL).optional(),
};

export const stepSchema = z.strictObject({
  id: name,
  name,
  cmd: name,
  /** Arguments sent after the serial: a list, or a mapping whose values are sent in the order written. */
  params: z.union([z.array(scalar), z.record(z.string(), scalar)]).optional(),
  limits: limitsSchema.optional(),
  measurements: z.array(measurementSchema).optional(),
  req_ids: z.array(name).optional(),
  test_num: z.number().int().min(0).max(4294967295).optional(),
  bin: bin.optional(),
  softbin: bin.optional(),
  bin_description: z.string().optional(),
  softbin_description: z.string().optional(),
  ...stepTuning,
  ...conditionShape,
});

export const logSchema = z.strictObject({ log: z.string(), ...conditionShape });

export type StepInput = z.infer<typeof stepSchema>;
export type LogInput = z.infer<typeof logSchema>;
export type GroupInput = { group: string; id?: string | undefined; steps: ItemInput[] } & z.infer<z.ZodObject<typeof conditionShape>>;
export type ItemInput = StepInput | LogInput | GroupInput;

/** A group's own keys; its `steps` are checked entry by entry (see itemKind). */
export const groupHeaderSchema = z.strictObject({
  group: name,
  id: name.optional(),
  steps: z.array(z.unknown()),
  ...conditionShape,
});

export const groupSchema: z.ZodType<GroupInput> = z.lazy(() => groupHeaderSchema.extend({ steps: z.array(itemSchema) }));

/** One entry of `steps:`: a group (has `group`), a log statement (has `log`), or a step. */
export const itemSchema: z.ZodType<ItemInput> = z.lazy(() => z.union([groupSchema, logSchema, stepSchema]));

/** Which shape an entry of `steps:` claims to be, by its keys (the loader checks it against that one). */
export function itemKind(raw: unknown): 'group' | 'log' | 'step' {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    if ('group' in raw) return 'group';
    if ('log' in raw) return 'log';
  }
  return 'step';
}

const binDefault = z.strictObject({ bin, softbin: bin.optional(), description: z.string().optional() });

export const planSchema = z.strictObject({
  plan: z.strictObject({
    name,
    version: z.union([z.number().int(), name]).optional(),
    /** Stage names beyond EVT, DVT, PVT and MP. */
    stages: z.array(name).optional(),
  }),
  station: z.strictObject({
    name,
    stage: name,
    fw_expected: z.string(),
  }),
  batch: z.strictObject({ sn_count: z.number().int().min(1).max(100_000) }).optional(),
  /** The requirements file, relative to the plan file. */
  requirements: z.string().optional(),
  /** Enable words with their defaults: `--enable X` / `--disable X` switch them per run. */
  flags: z.record(name, z.boolean()).optional(),
  defaults: z.strictObject(stepTuning).optional(),
  bins: z
    .strictObject({
      pass: binDefault.optional(),
      fail: binDefault.optional(),
      error: binDefault.optional(),
    })
    .optional(),
  steps: z.array(itemSchema),
});
export type PlanInput = z.infer<typeof planSchema>;

/** The plan's own keys; `steps` entries are checked one by one, each against its own shape. */
export const planHeaderSchema = planSchema.extend({ steps: z.array(z.unknown()) });
