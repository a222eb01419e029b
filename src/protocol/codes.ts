/**
 * Wire error codes: the `error_code` values a reply (or the client transport, on the DUT's behalf) can
 * carry. The first six are the MTAP v1 taxonomy, unchanged; the rest are mtap additions. This table is
 * the one definition; docs/protocol.md documents it.
 */
export const WIRE_ERROR_CODES = {
  E_UNKNOWN_CMD: { by: 'server', meaning: 'the command is not one the DUT knows' },
  E_BAD_ARGS: { by: 'server', meaning: 'wrong argument count or type, invalid UTF-8, unknown profile or mode' },
  E_OUT_OF_RANGE: { by: 'server', meaning: 'an argument is outside its allowed range (SET_TEMP outside [-40, 125])' },
  E_BUSY: { by: 'server', meaning: 'the device is busy: rate limit, simulated contention, or the connection cap' },
  E_INTERNAL: { by: 'server', meaning: 'simulated intermittent/internal fault' },
  E_TIMEOUT: { by: 'client', meaning: 'no complete reply within the request deadline (connect + write + reply)' },
  E_LINE_TOO_LONG: { by: 'server', meaning: 'the request line exceeds the maximum length; the server closes the connection' },
  E_BAD_RESP: { by: 'client', meaning: 'the reply is not a JSON object with the envelope keys, or its line is too long' },
  E_CONN: { by: 'client', meaning: 'no connection: refused, reset, or closed by the DUT before a full reply' },
  E_BAD_REQUEST: { by: 'client', meaning: 'not sent: a token is empty, too long, or holds whitespace or a line break' },
} as const;

export type WireErrorCode = keyof typeof WIRE_ERROR_CODES;

export function isWireErrorCode(code: unknown): code is WireErrorCode {
  return typeof code === 'string' && Object.hasOwn(WIRE_ERROR_CODES, code);
}

/** Codes that describe a passing condition of the link or device and are worth retrying by default. */
export const TRANSIENT_CODES: readonly WireErrorCode[] = ['E_BUSY', 'E_TIMEOUT', 'E_CONN'];
