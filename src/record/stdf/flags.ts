/**
 * The bit fields of the records mtap writes, named (bit 0 is the least significant bit). The meanings
 * are the STDF V4 specification's; docs/exports.md says when mtap sets each one.
 */

/** PTR/FTR TEST_FLG. */
export const TEST_FLG = {
  ALARM: 0x01,
  /** RESULT is not valid (the measurement was never taken, or its value is not a number). */
  RESULT_INVALID: 0x02,
  UNRELIABLE: 0x04,
  TIMEOUT: 0x08,
  NOT_EXECUTED: 0x10,
  ABORTED: 0x20,
  NO_PASS_FAIL: 0x40,
  FAILED: 0x80,
} as const;

/** PTR PARM_FLG. */
export const PARM_FLG = {
  SCALE_ERROR: 0x01,
  DRIFT: 0x02,
  OSCILLATION: 0x04,
  ABOVE_HIGH: 0x08,
  BELOW_LOW: 0x10,
  PASSED_ALTERNATE: 0x20,
  /** The low limit comparison is `>=` (a result equal to LO_LIMIT passes). */
  LOW_INCLUSIVE: 0x40,
  /** The high limit comparison is `<=`. */
  HIGH_INCLUSIVE: 0x80,
} as const;

/** PTR OPT_FLAG. Bit 1 is reserved and must be 1. */
export const PTR_OPT = {
  RES_SCAL_INVALID: 0x01,
  RESERVED: 0x02,
  NO_LO_SPEC: 0x04,
  NO_HI_SPEC: 0x08,
  LO_LIMIT_INVALID: 0x10,
  HI_LIMIT_INVALID: 0x20,
  NO_LO_LIMIT: 0x40,
  NO_HI_LIMIT: 0x80,
} as const;

/** FTR OPT_FLAG: mtap has no vector data, so every optional datum is marked invalid (reserved bits 6-7 are 1). */
export const FTR_OPT_NONE_VALID = 0xff;

/** TSR OPT_FLAG. The reserved bits (3, 6, 7) are written as 1, the value a missing OPT_FLAG has. */
export const TSR_OPT = {
  NO_MIN: 0x01,
  NO_MAX: 0x02,
  NO_TIME: 0x04,
  NO_SUMS: 0x10,
  NO_SQRS: 0x20,
  RESERVED: 0xc8,
} as const;

/** PRR PART_FLG. */
export const PART_FLG = {
  SUPERSEDES_ID: 0x01,
  SUPERSEDES_XY: 0x02,
  ABNORMAL_END: 0x04,
  FAILED: 0x08,
  NO_PASS_FAIL: 0x10,
} as const;

/** "Missing" values of fields that have one. */
export const MISSING = {
  U1: 255,
  U2: 65535,
  U4: 4294967295,
  I2: -32768,
} as const;

export const SUMMARY_HEAD = 255;
