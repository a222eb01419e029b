/**
 * The DUT configuration format: MTAP's `dut/config.yaml`, loaded unchanged, plus optional keys mtap
 * adds (drift bounds, `drop_fraction`, a `chaos` section). Unknown keys are ignored, as in MTAP, but
 * reported as warnings. Every number that is a probability must lie in [0, 1].
 */
import { z } from 'zod';

const probability = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
const range = z
  .tuple([nonNegative, nonNegative])
  .refine(([lo, hi]) => lo <= hi, { message: 'range must be [lo, hi] with lo <= hi' });

export const timeoutSectionSchema = z.object({
  p: probability,
  mode: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['delay', 'drop'])),
  delay_s: range,
  /** mtap: the share of injected timeouts that drop the connection instead of replying late. */
  drop_fraction: probability,
});
export const failSectionSchema = z.object({ p: probability });
export const driftSectionSchema = z.object({
  temp_offset_per_cycle_c: z.number(),
  vbat_offset_per_cycle_v: z.number(),
  /** mtap: drift offsets never exceed these magnitudes. */
  max_abs_offset_c: nonNegative,
  max_abs_offset_v: nonNegative,
});
export const burnInSectionSchema = z.object({
  fail_p_multiplier_per_1k_cycles: z.number(),
  drift_multiplier_per_1k_cycles: z.number(),
});
export const busySectionSchema = z.object({
  min_interval_ms: nonNegative,
  p: probability,
});

const sectionsSchema = z.object({
  timeout: timeoutSectionSchema.partial().nullish(),
  fail: failSectionSchema.partial().nullish(),
  drift: driftSectionSchema.partial().nullish(),
  burn_in: burnInSectionSchema.partial().nullish(),
  busy: busySectionSchema.partial().nullish(),
});
export type PartialSections = z.infer<typeof sectionsSchema>;

export const markovSchema = z.object({
  enabled: z.boolean(),
  p_good_to_bad: probability,
  p_bad_to_good: probability,
  fail_p_bad_state: probability,
  timeout_p_bad_state: probability,
  timeout_delay_s: range,
});

/** mtap: faults of the link itself, applied to the reply of a device command. */
export const chaosSchema = z.object({
  /** reply with a line that is not JSON */
  garbage_p: probability,
  /** send the reply in two parts with a pause between (a client must reassemble) */
  partial_p: probability,
  /** send part of the reply, then close the connection */
  disconnect_p: probability,
  /** reset the connection (RST) instead of replying */
  reset_p: probability,
  /** pause between the parts of a partial reply, [lo, hi] ms */
  pause_ms: range,
});

export const faultProfileSchema = z.object({
  default: sectionsSchema.nullish(),
  per_command: z.record(z.string(), sectionsSchema.nullish()).nullish(),
  intermittent_markov: markovSchema.partial().nullish(),
  chaos: chaosSchema.partial().nullish(),
});
export type FaultProfileInput = z.input<typeof faultProfileSchema>;
export type FaultProfileSpec = z.infer<typeof faultProfileSchema>;

export const deviceDefaultsSchema = z.object({
  fw: z.union([z.string(), z.number()]).transform(String),
  mode: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.enum(['NORMAL', 'SAFE'])),
  temp_c: z.number(),
  vbat_v: z.number(),
  temp_noise_sigma: nonNegative,
  vbat_noise_sigma: nonNegative,
  temp_drift_per_cycle_c: z.number(),
  vbat_drift_per_cycle_v: z.number(),
  self_test_fail_p_base: probability,
  burn_in_fail_slope: z.number(),
});
export type DeviceDefaults = z.infer<typeof deviceDefaultsSchema>;

export const dutConfigSchema = z.object({
  /** MTAP writes `version: 2`; it is read and ignored, as MTAP does. */
  version: z.unknown().optional(),
  determinism: z.object({ seed: z.number().int().nullish() }).partial().nullish(),
  device_defaults: deviceDefaultsSchema.partial().nullish(),
  fault_profiles: z.record(z.string(), faultProfileSchema).nullish(),
  default_fault_profile: z.string().nullish(),
});
export type DutConfigInput = z.input<typeof dutConfigSchema>;
export type DutConfigSpec = z.infer<typeof dutConfigSchema>;
