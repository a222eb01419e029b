/**
 * The MTAP wire protocol, shared by the DUT simulator and the client transport.
 *
 * TCP, one UTF-8 request line per command (`READ_TEMP SN0001\n`), one JSON object reply line per
 * request, in order:
 *
 *     → READ_TEMP SN0001
 *     ← {"ok":true,"error_code":null,"message":"OK","data":{"sn":"SN0001","temp_c":25.0183,...},"meta":{"cmd":"READ_TEMP"}}
 *
 * See docs/protocol.md for the full contract.
 */
export * from './codes.js';
export * from './commands.js';
export * from './envelope.js';
export * from './framing.js';
export * from './limits.js';
export * from './request.js';
