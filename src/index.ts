/**
 * mtap — a manufacturing test platform.
 *
 * The package root re-exports each layer's public surface. Layers: protocol (wire format), dut
 * (simulator), transport (DUT client), flow (the abstract test-program model), and more as they land.
 */
export * from './errors.js';
