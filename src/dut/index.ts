/**
 * The DUT simulator: a TCP server speaking the MTAP protocol for any number of simulated units, with
 * fault injection (busy, fail, stall, drop, drift, burn-in, Markov bursts, a hostile link) and a
 * deterministic mode: the same seed gives the same replies per unit, whatever the concurrency.
 *
 *     import { startDut } from 'mtap';
 *     const dut = await startDut({ port: 0, profile: 'factory-flaky', seed: 7 });
 *     console.log(`listening on ${dut.host}:${dut.port}`);
 *     await dut.close();
 */
export { builtinDutConfig, loadDutConfig, loadScript, parseDutConfig, type Loaded, type ResolvedDutConfig } from './config.js';
export type { DeviceDefaults, DutConfigInput, FaultProfileInput } from './config-schema.js';
export { BUILTIN_CONFIG, BUILTIN_PROFILES } from './profiles.js';
export { Script, type ScriptEntry } from './script.js';
export { DEFAULT_LIMITS, type ServerLimits } from './server.js';
export { Simulator, type Outcome } from './simulator.js';
export { DEFAULT_DUT_HOST, DEFAULT_DUT_PORT, parsePort, parseSeed, startDut, type DutOptions, type RunningDut } from './start.js';
