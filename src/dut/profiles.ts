/**
 * The built-in configuration: MTAP's shipped `dut/config.yaml` (seed 12345; profiles `clean`,
 * `factory-flaky`, `markov-flaky` with the reference's parameters), plus the profiles MTAP's protocol
 * document promised but never shipped (`intermittent`, `timeout-heavy`, `drift`) and `chaos`.
 * Written in the config file's own shape, so it passes through the same schema as a user's file;
 * examples/dut/config.yaml is the same content as YAML (a test keeps the two equal).
 */
import type { DutConfigInput, FaultProfileInput } from './config-schema.js';
import { DEVICE_CODE_DEFAULTS } from './device.js';

const cleanDefault = {
  timeout: { p: 0.0, mode: 'delay', delay_s: [0.0, 0.0] as [number, number] },
  fail: { p: 0.0 },
  drift: { temp_offset_per_cycle_c: 0.0, vbat_offset_per_cycle_v: 0.0 },
  burn_in: { fail_p_multiplier_per_1k_cycles: 0.0, drift_multiplier_per_1k_cycles: 0.0 },
  busy: { min_interval_ms: 0, p: 0.0 },
};

export const BUILTIN_PROFILES: Record<string, FaultProfileInput> = {
  clean: {
    default: cleanDefault,
    per_command: {},
    intermittent_markov: { enabled: false },
  },
  'factory-flaky': {
    default: {
      timeout: { p: 0.01, mode: 'delay', delay_s: [2.2, 2.8] },
      fail: { p: 0.02 },
      drift: { temp_offset_per_cycle_c: 0.002, vbat_offset_per_cycle_v: 0.0005 },
      burn_in: { fail_p_multiplier_per_1k_cycles: 0.15, drift_multiplier_per_1k_cycles: 0.25 },
      busy: { min_interval_ms: 80, p: 0.01 },
    },
    per_command: {
      PING: { timeout: { p: 0.0 } },
      SELF_TEST: { fail: { p: 0.03 } },
    },
    intermittent_markov: { enabled: false },
  },
  'markov-flaky': {
    default: {
      timeout: { p: 0.0, mode: 'delay', delay_s: [0.0, 0.0] },
      fail: { p: 0.0 },
      drift: { temp_offset_per_cycle_c: 0.001, vbat_offset_per_cycle_v: 0.0002 },
      burn_in: { fail_p_multiplier_per_1k_cycles: 0.1, drift_multiplier_per_1k_cycles: 0.15 },
      busy: { min_interval_ms: 60, p: 0.005 },
    },
    per_command: {},
    intermittent_markov: {
      enabled: true,
      p_good_to_bad: 0.02,
      p_bad_to_good: 0.3,
      fail_p_bad_state: 0.6,
      timeout_p_bad_state: 0.1,
      timeout_delay_s: [2.2, 2.8],
    },
  },
  // Bursts of failures: a device that goes bad for a few commands at a time, with short stalls.
  intermittent: {
    default: {
      ...cleanDefault,
      fail: { p: 0.005 },
      burn_in: { fail_p_multiplier_per_1k_cycles: 0.1, drift_multiplier_per_1k_cycles: 0.0 },
    },
    per_command: {},
    intermittent_markov: {
      enabled: true,
      p_good_to_bad: 0.05,
      p_bad_to_good: 0.25,
      fail_p_bad_state: 0.5,
      timeout_p_bad_state: 0.05,
      timeout_delay_s: [0.5, 1.5],
    },
  },
  // A slow, lossy link: 15% of commands stall past a 2 s deadline; 30% of those never answer.
  'timeout-heavy': {
    default: {
      ...cleanDefault,
      timeout: { p: 0.15, mode: 'delay', delay_s: [2.2, 2.8], drop_fraction: 0.3 },
    },
    per_command: {},
    intermittent_markov: { enabled: false },
  },
  // Readings that wander over a unit's life: offsets grow per command, faster with burn-in, bounded.
  drift: {
    default: {
      ...cleanDefault,
      drift: {
        temp_offset_per_cycle_c: 0.02,
        vbat_offset_per_cycle_v: 0.004,
        max_abs_offset_c: 15.0,
        max_abs_offset_v: 1.5,
      },
      burn_in: { fail_p_multiplier_per_1k_cycles: 0.5, drift_multiplier_per_1k_cycles: 2.0 },
    },
    per_command: {},
    intermittent_markov: { enabled: false },
  },
  // Everything at once, including a hostile link: garbage lines, split replies, cut and reset connections.
  chaos: {
    default: {
      timeout: { p: 0.03, mode: 'delay', delay_s: [0.2, 1.5], drop_fraction: 0.5 },
      fail: { p: 0.02 },
      drift: { temp_offset_per_cycle_c: 0.001, vbat_offset_per_cycle_v: 0.0002 },
      burn_in: { fail_p_multiplier_per_1k_cycles: 0.2, drift_multiplier_per_1k_cycles: 0.2 },
      busy: { min_interval_ms: 0, p: 0.02 },
    },
    per_command: {},
    intermittent_markov: {
      enabled: true,
      p_good_to_bad: 0.02,
      p_bad_to_good: 0.3,
      fail_p_bad_state: 0.4,
      timeout_p_bad_state: 0.1,
      timeout_delay_s: [0.2, 1.0],
    },
    chaos: { garbage_p: 0.02, partial_p: 0.05, disconnect_p: 0.01, reset_p: 0.01, pause_ms: [1, 50] },
  },
};

export const BUILTIN_CONFIG: DutConfigInput = {
  version: 2,
  determinism: { seed: 12345 },
  // MTAP's config.yaml carries the same device values as the code defaults.
  device_defaults: { ...DEVICE_CODE_DEFAULTS },
  fault_profiles: BUILTIN_PROFILES,
  default_fault_profile: 'clean',
};
