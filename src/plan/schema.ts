/**
 * The YAML plan format, as zod schemas: the one definition from which the plan's input types and its
 * JSON Schema (`mtap flow schema`) come; each key's description is what the schema shows an editor.
 * MTAP v1 plans are valid as they are; everything mtap adds is optional. Unknown keys are errors (a
 * typo must not silently change what is tested).
 *
 * This module only describes shapes. The rules that need the whole plan (unique ids, references to
 * earlier steps, known stages and flags, limits that make sense) are in reader.ts and measurements.ts,
 * which also apply the defaults and turn the input into a `Plan` (types.ts).
 */
import { z } from 'zod';

/** MTAP's four stages; a plan may declare more in `plan.stages`. */
export const V1_STAGES = ['EVT', 'DVT', 'PVT', 'MP'] as const;

export const COMPARATORS = ['GE', 'LE', 'GELE', 'GT', 'LT', 'GTLT', 'EQ', 'NE', 'IN', 'MATCHES'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const ON_FAIL = ['stop', 'continue', 'ignore'] as const;
export type OnFail = (typeof ON_FAIL)[number];

const name = () => z.string().trim().min(1, 'must not be empty');
const nameOrNames = () => z.union([name(), z.array(name()).min(1)]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const bin = () => z.number().int().min(0).max(65535);
const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an error code such as E_BUSY');
/** A list of step or group ids; the ids must be of earlier entries. */
const refs = (what: string) => z.array(name()).min(1).describe(what);

/** Conditions a step, group or log may carry (Origen ATP's inline conditions, snake_case). */
export const conditionShape = {
  stages: z
    .array(name())
    .min(1)
    .optional()
    .describe('MTAP v1: run only at these stages (case-insensitive). The same as if_job; give one of the two.'),
  if_job: nameOrNames().optional().describe('Run only at one of these stages (jobs), case-insensitive.'),
  unless_job: nameOrNames().optional().describe('Run at every stage but these.'),
  if_enable: nameOrNames().optional().describe('Run only when at least one of these enable words (declared in flags) is on.'),
  unless_enable: nameOrNames().optional().describe('Run only when none of these enable words is on.'),
  if_failed: name().optional().describe('Run only if this earlier step or group ran and failed.'),
  if_passed: name().optional().describe('Run only if this earlier step or group ran and passed.'),
  if_ran: name().optional().describe('Run only if this earlier step or group ran.'),
  unless_ran: name().optional().describe('Run only if this earlier step or group did not run.'),
  if_any_failed: refs('Run only if at least one of these earlier steps or groups failed.').optional(),
  if_all_failed: refs('Run only if all of these earlier steps or groups failed.').optional(),
  if_any_passed: refs('Run only if at least one of these earlier steps or groups passed.').optional(),
  if_all_passed: refs('Run only if all of these earlier steps or groups passed.').optional(),
};
export const CONDITION_KEYS = Object.keys(conditionShape) as Array<keyof typeof conditionShape>;

/** MTAP v1 limits: one field, `min`/`max` (inclusive) or `equals`. */
export const limitsSchema = z
  .strictObject({
    field: name().describe('The key of the reply data to check.'),
    min: z.number().nullish().describe('Lower limit, inclusive.'),
    max: z.number().nullish().describe('Upper limit, inclusive.'),
    equals: scalar.nullish().describe('The exact value (same type: true is not 1). Not with min/max.'),
    units: z.string().optional().describe('Units, for the records.'),
  })
  .describe('MTAP v1 limits: one measurement, min/max (inclusive) or equals. The same as a one-entry measurements list.');

export const measurementSchema = z
  .strictObject({
    field: name().describe('The key of the reply data to check.'),
    units: z.string().optional().describe('Units, for the records and listings.'),
    comparator: z
      .enum(COMPARATORS)
      .optional()
      .describe('How the value is judged. Default: GELE with lo and hi, GE with lo only, LE with hi only, IN with a list of expected values, EQ with one.'),
    lo: z.number().optional().describe('Lower limit (GE, GT, GELE, GTLT).'),
    hi: z.number().optional().describe('Upper limit (LE, LT, GELE, GTLT).'),
    nominal: z.number().optional().describe('The nominal value, for the records.'),
    expected: z
      .union([scalar, z.array(scalar).min(1)])
      .optional()
      .describe('EQ/NE: the value; IN: a list of values; MATCHES: a regular expression (JavaScript, unanchored).'),
  })
  .meta({ id: 'measurement', title: 'Measurement' });

/** Retries, timeouts and failure handling: on a step, or plan-wide under `defaults`. */
const stepTuning = {
  timeout_s: z.number().gt(0).max(30).optional().describe('Total deadline of one attempt, seconds (default 2.0).'),
  retries: z.number().int().min(0).max(10).optional().describe('Extra attempts after the first (default 0).'),
  backoff_ms: z.number().int().min(0).max(10_000).optional().describe('Pause before each retry, milliseconds, exactly (default 0).'),
  retry_on: z.array(code).optional().describe('The codes that are retried (default E_BUSY, E_TIMEOUT, E_CONN).'),
  on_fail: z
    .enum(ON_FAIL)
    .optional()
    .describe('stop: a failure bins the unit and ends it; continue: testing goes on and the unit fails; ignore: testing goes on and the failure does not decide the unit (default continue).'),
};

export const stepSchema = z
  .strictObject({
    id: name().describe('Unique (ignoring case and punctuation) among steps and groups; used by conditions and in the records.'),
    name: name().describe('What the step tests, for people.'),
    cmd: name().describe('The command sent to the DUT.'),
    params: z
      .union([z.array(scalar), z.record(z.string(), scalar)])
      .optional()
      .describe('Arguments sent after the serial number: a list, or a mapping whose values are sent in the order written.'),
    limits: limitsSchema.optional(),
    measurements: z.array(measurementSchema).optional().describe('What the reply must satisfy; every one must pass.'),
    req_ids: z.array(name()).optional().describe('Requirements this step verifies (ids in the requirements file).'),
    test_num: z
      .number()
      .int()
      .min(0)
      .max(4294967295)
      .optional()
      .describe('Stable test number, unique in the plan. Default: numbered by position (write them: inserting a step renumbers the rest).'),
    bin: bin().optional().describe("Hard bin of a unit this step fails (default the plan's bins.fail)."),
    softbin: bin().optional().describe('Soft bin of a unit this step fails (default bin, else bins.fail).'),
    bin_description: z.string().optional().describe('What the bin means.'),
    softbin_description: z.string().optional().describe('What the soft bin means.'),
    ...stepTuning,
    ...conditionShape,
  })
  .meta({ id: 'step', title: 'Step' });

export const logSchema = z
  .strictObject({ log: z.string().describe('A message recorded when the flow reaches this point.'), ...conditionShape })
  .meta({ id: 'log', title: 'Log' });

export type StepInput = z.infer<typeof stepSchema>;
export type LogInput = z.infer<typeof logSchema>;
export type GroupInput = { group: string; id?: string | undefined; steps: ItemInput[] } & z.infer<z.ZodObject<typeof conditionShape>>;
export type ItemInput = StepInput | LogInput | GroupInput;

const groupShape = {
  group: name().describe('The group name, for people.'),
  id: name().optional().describe('An id, so later entries can name the group in if_failed and friends.'),
  ...conditionShape,
};

/** A group's own keys; its `steps` are checked entry by entry (see itemKind). */
export const groupHeaderSchema = z.strictObject({ ...groupShape, steps: z.array(z.unknown()) });

export const groupSchema: z.ZodType<GroupInput> = z
  .lazy(() => z.strictObject({ ...groupShape, steps: z.array(itemSchema).describe('The steps, groups and logs of the group, in order.') }))
  .meta({ id: 'group', title: 'Group', description: 'Steps that share conditions; a group fails if a step in it failed.' });

/** One entry of `steps:`: a group (has `group`), a log statement (has `log`), or a step. */
export const itemSchema: z.ZodType<ItemInput> = z
  .lazy(() => z.union([stepSchema, groupSchema, logSchema]))
  .meta({ id: 'item', description: 'A step (has cmd), a group (has group) or a log (has log).' });

/** Which shape an entry of `steps:` claims to be, by its keys (the loader checks it against that one). */
export function itemKind(raw: unknown): 'group' | 'log' | 'step' {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    if ('group' in raw) return 'group';
    if ('log' in raw) return 'log';
  }
  return 'step';
}

const binSpec = (description: string) =>
  z
    .strictObject({
      bin: bin().describe('Hard bin.'),
      softbin: bin().optional().describe('Soft bin (default: the hard bin).'),
      description: z.string().optional().describe('What the bin means.'),
    })
    .describe(description);

export const planInfoSchema = z
  .strictObject({
    name: name().describe('The plan name, recorded with every result.'),
    version: z.union([z.number().int(), name()]).optional().describe('The plan version, recorded with every result (default 1).'),
    stages: z.array(name()).optional().describe('Stages beyond EVT, DVT, PVT and MP that this plan uses.'),
  })
  .describe('What the plan is.');

export const stationSchema = z
  .strictObject({
    name: name().describe('The station.'),
    stage: name().describe('The stage a batch runs at unless told otherwise (case-insensitive).'),
    fw_expected: z.string().describe('The firmware version the DUTs must report (quote it: "1.0.0").'),
  })
  .describe('Where the plan runs.');

export const flagsSchema = z
  .record(name(), z.boolean())
  .describe('Enable words and their defaults; switched per run with --enable. if_enable/unless_enable may only name these.');

export const defaultsSchema = z.strictObject(stepTuning).describe('Defaults for every step that does not set its own.');

export const binsSchema = z
  .strictObject({
    pass: binSpec('The bin of a passing unit (default 1, "PASS").').optional(),
    fail: binSpec('The bin of a unit failed by a step without its own bin (default 2, "FAIL").').optional(),
    error: binSpec('The bin of a unit the tester could not test: the deciding step ended on E_TIMEOUT, E_CONN, E_BAD_RESP or E_BAD_REQUEST (default 3, "ERROR").').optional(),
  })
  .describe('Plan-wide bins.');

const planShape = {
  plan: planInfoSchema,
  station: stationSchema,
  batch: z
    .strictObject({ sn_count: z.number().int().min(1).max(100_000).describe('Serials SN0001.. generated when a batch is given none.') })
    .optional()
    .describe('Batch defaults.'),
  requirements: z.string().optional().describe('The requirements file, relative to this plan (default ./traceability/req_traceability.yaml from where mtap runs).'),
  flags: flagsSchema.optional(),
  defaults: defaultsSchema.optional(),
  bins: binsSchema.optional(),
};

export const planSchema = z
  .strictObject({ ...planShape, steps: z.array(itemSchema).describe('The steps, groups and logs, in the order they run.') })
  .meta({
    title: 'mtap test plan',
    description: 'A manufacturing test plan for mtap (MTAP v1 plans are valid as they are). See docs/plan-format.md.',
  });
export type PlanInput = z.infer<typeof planSchema>;

/** The plan's own keys; `steps` entries are checked one by one, each against its own shape. */
export const planHeaderSchema = z.strictObject({ ...planShape, steps: z.array(z.unknown()) });
