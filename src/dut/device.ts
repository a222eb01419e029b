/**
 * The device model: one simulated unit per serial number, created on first use from the configured
 * defaults. Temperature and battery voltage wander slowly, burn-in advances with each measuring command,
 * and SELF_TEST fails with a probability that grows with the unit's cycle count.
 *
 * Time is the device's own clock (milliseconds of simulated time, advanced by each command's service
 * time and by injected stalls), never the wall clock, so a unit's readings depend only on the requests
 * it was sent.
 */
import type { DeviceMode } from '../protocol/index.js';
import type { DeviceDefaults } from './config-schema.js';
import type { RandomStream } from './rng.js';

export interface DeviceState {
  sn: string;
  fw: string;
  mode: DeviceMode;
  tempC: number;
  vbatV: number;
  tempSigma: number;
  vbatSigma: number;
  tempDriftPerCycleC: number;
  vbatDriftPerCycleV: number;
  /** Offsets accumulated by the fault profile's drift rule. */
  driftOffsetC: number;
  driftOffsetV: number;
  selfTestFailPBase: number;
  burnInFailSlope: number;
  cycles: number;
  /** The device clock, in simulated milliseconds. */
  clockMs: number;
  /** Device-clock time of the last random-walk update. */
  lastWalkMs: number;
}

/** Code defaults, used for any key the config leaves out (MTAP's values). */
export const DEVICE_CODE_DEFAULTS: DeviceDefaults = {
  fw: '1.0.0',
  mode: 'NORMAL',
  temp_c: 25.0,
  vbat_v: 12.0,
  temp_noise_sigma: 0.05,
  vbat_noise_sigma: 0.02,
  temp_drift_per_cycle_c: 0.0,
  vbat_drift_per_cycle_v: 0.0,
  self_test_fail_p_base: 0.01,
  burn_in_fail_slope: 0.00005,
};

/** Simulated service time of each command, in device milliseconds. */
export const SERVICE_MS: Readonly<Record<string, number>> = {
  PING: 2,
  READ_TEMP: 10,
  SELF_TEST: 50,
  SET_TEMP: 5,
};

export const TEMP_CLAMP_C = [-40, 125] as const;
export const VBAT_CLAMP_V = [9, 16] as const;

export function newDevice(sn: string, d: DeviceDefaults): DeviceState {
  return {
    sn,
    fw: d.fw,
    mode: d.mode,
    tempC: d.temp_c,
    vbatV: d.vbat_v,
    tempSigma: d.temp_noise_sigma,
    vbatSigma: d.vbat_noise_sigma,
    tempDriftPerCycleC: d.temp_drift_per_cycle_c,
    vbatDriftPerCycleV: d.vbat_drift_per_cycle_v,
    driftOffsetC: 0,
    driftOffsetV: 0,
    selfTestFailPBase: d.self_test_fail_p_base,
    burnInFailSlope: d.burn_in_fail_slope,
    cycles: 0,
    clockMs: 0,
    lastWalkMs: 0,
  };
}

const clamp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(Math.max(x, lo), hi);
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Slow random walk over the device time elapsed since the last update (SAFE mode wanders less). */
function walk(d: DeviceState, rng: RandomStream): void {
  const dtS = Math.max(0, d.clockMs - d.lastWalkMs) / 1000;
  d.lastWalkMs = d.clockMs;
  const kT = d.mode === 'NORMAL' ? 0.01 : 0.005;
  const kV = d.mode === 'NORMAL' ? 0.005 : 0.003;
  d.tempC = clamp(d.tempC + kT * dtS * (rng.random() - 0.5), TEMP_CLAMP_C);
  d.vbatV = clamp(d.vbatV + kV * dtS * (rng.random() - 0.5), VBAT_CLAMP_V);
}

function burnIn(d: DeviceState): void {
  d.cycles += 1;
  d.tempC += d.tempDriftPerCycleC;
  d.vbatV += d.vbatDriftPerCycleV;
}

export interface PingData {
  sn: string;
  fw: string;
  mode: DeviceMode;
  vbat_v: number;
}
export interface ReadTempData {
  sn: string;
  temp_c: number;
  vbat_v: number;
  cycles: number;
}
export interface SelfTestData {
  sn: string;
  self_test_ok: boolean;
  p_fail: number;
  cycles: number;
}
export interface SetTempData {
  sn: string;
  temp_c: number;
}

export function ping(d: DeviceState, rng: RandomStream): PingData {
  walk(d, rng);
  return { sn: d.sn, fw: d.fw, mode: d.mode, vbat_v: round4(d.vbatV + d.driftOffsetV) };
}

export function readTemp(d: DeviceState, rng: RandomStream): ReadTempData {
  burnIn(d);
  walk(d, rng);
  const [zTemp, zVbat] = rng.gaussPair();
  const temp = d.tempC + d.driftOffsetC + d.tempSigma * zTemp;
  const vbat = d.vbatV + d.driftOffsetV + d.vbatSigma * zVbat;
  return { sn: d.sn, temp_c: round4(temp), vbat_v: round4(vbat), cycles: d.cycles };
}

export function selfTestFailP(d: DeviceState): number {
  const p = d.selfTestFailPBase + d.burnInFailSlope * d.cycles;
  return d.mode === 'SAFE' ? p * 0.7 : p;
}

export function selfTest(d: DeviceState, rng: RandomStream): SelfTestData {
  burnIn(d);
  walk(d, rng);
  const p = selfTestFailP(d);
  const failed = rng.random() < p;
  return { sn: d.sn, self_test_ok: !failed, p_fail: round6(p), cycles: d.cycles };
}

export function setTemp(d: DeviceState, tempC: number): SetTempData {
  d.tempC = tempC;
  return { sn: d.sn, temp_c: round4(d.tempC) };
}

export function setMode(d: DeviceState, mode: DeviceMode) {
  d.mode = mode;
  return { sn: d.sn, mode: d.mode };
}

/** Add one command's worth of profile drift, kept within ±max. */
export function applyDrift(
  d: DeviceState,
  rule: { tempPerCmdC: number; vbatPerCmdV: number; maxAbsC: number; maxAbsV: number },
  multiplier: number,
): void {
  d.driftOffsetC = clamp(d.driftOffsetC + rule.tempPerCmdC * multiplier, [-rule.maxAbsC, rule.maxAbsC]);
  d.driftOffsetV = clamp(d.driftOffsetV + rule.vbatPerCmdV * multiplier, [-rule.maxAbsV, rule.maxAbsV]);
}
