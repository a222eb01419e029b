/**
 * The client side of the MTAP protocol: persistent connections to DUTs with total per-request
 * deadlines, reconnects and one error code per failure. See client.ts.
 */
export { DutClient, type CallResult, type DutAddress, type TransportErrorCode } from './client.js';
