/**
 * Codes a step attempt can end with besides the wire codes (`protocol/codes.ts`): what the executor
 * concludes from a reply. One table; docs/errors.md documents it.
 */
import { TRANSIENT_CODES, WIRE_ERROR_CODES } from '../protocol/index.js';

export const STEP_RESULT_CODES = {
  LIMIT_FAIL: 'a measurement is outside its limits (as in MTAP)',
  E_MEAS_MISSING: "a measurement's field is missing from the DUT's reply",
  E_MEAS_TYPE: "a measurement's value has the wrong type for its comparator (e.g. a string where a number is compared)",
  E_FW_MISMATCH: "the firmware the DUT reports is not the plan's station.fw_expected",
} as const;
export type StepResultCode = keyof typeof STEP_RESULT_CODES;

/** Every code a step attempt can end with: the names `retry_on` may use. */
export const ATTEMPT_CODES: readonly string[] = [...Object.keys(WIRE_ERROR_CODES), ...Object.keys(STEP_RESULT_CODES)];

/** Retried by default: conditions of the link or the device that pass (not LIMIT_FAIL, not E_BAD_ARGS). */
export const DEFAULT_RETRY_ON: readonly string[] = TRANSIENT_CODES;

/** Codes that say the tester could not talk to the DUT: a unit ending on one is ERROR, not FAIL. */
export const INFRASTRUCTURE_CODES: readonly string[] = ['E_TIMEOUT', 'E_CONN', 'E_BAD_RESP', 'E_BAD_REQUEST'];
