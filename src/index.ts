/**
 * mtap — a manufacturing test platform.
 *
 * The package root re-exports each layer's public surface. Layers: protocol (wire format), dut
 * (simulator), transport (DUT client), flow (the abstract test-program model), and more as they land.
 */
export * from './errors.js';
export * from './protocol/index.js';
export * from './dut/index.js';
export * from './transport/index.js';
export * from './flow/index.js';
