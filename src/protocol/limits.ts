/** Numeric limits of the wire contract, shared by the simulator and the client. */

/** Longest request line the server accepts, in bytes, excluding the terminating LF. */
export const MAX_REQUEST_LINE_BYTES = 4096;

/** Longest reply line the client accepts, in bytes. Replies are small; anything this big is hostile. */
export const MAX_REPLY_LINE_BYTES = 1024 * 1024;

/**
 * Protocol version reported by HELLO. 1 is the MTAP v1 contract; 2 is v1 plus the additions
 * (HELLO, RESET, SET_MODE, strict SET_FAULT_PROFILE, bounded lines). Every v1 request means the same in 2.
 */
export const PROTOCOL_VERSION = 2;

/** SET_TEMP's accepted range, inclusive, in degrees Celsius. */
export const TEMP_RANGE_C = { min: -40.0, max: 125.0 } as const;
