/**
 * The fault engine: decides, for one request of one (serial, command), whether the device answers BUSY,
 * fails, stalls (replies late), drops the connection, or proceeds — from the profile, the device's cycle
 * count and clock, the (serial, command) context, and that request's random stream. Pure: no sockets,
 * no sleeping, no wall clock; the server carries the decision out.
 *
 * Differences from MTAP (its §9 bugs, fixed): the Markov chain steps once per command, burn-in uses the
 * command's own merged section, drift is applied only to commands that execute and is bounded.
 */
import type { DutConfigSpec, FaultProfileSpec, PartialSections } from './config-schema.js';
import type { RandomStream } from './rng.js';

export interface TimeoutRule {
  p: number;
  mode: 'delay' | 'drop';
  delayS: [number, number];
  dropFraction: number;
}
export interface CommandFaults {
  timeout: TimeoutRule;
  failP: number;
  drift: { tempPerCmdC: number; vbatPerCmdV: number; maxAbsC: number; maxAbsV: number };
  burnIn: { failPer1k: number; driftPer1k: number };
  busy: { minIntervalMs: number; p: number };
}
export interface MarkovRule {
  enabled: boolean;
  pGoodToBad: number;
  pBadToGood: number;
  failAddBad: number;
  timeoutAddBad: number;
  delayS: [number, number];
}
export interface ChaosRule {
  garbageP: number;
  partialP: number;
  disconnectP: number;
  resetP: number;
  pauseMs: [number, number];
}

/** Drift bounds when a profile gives none: far beyond any shipped profile's reach, but finite. */
export const DEFAULT_MAX_DRIFT = { c: 10.0, v: 1.0 } as const;

/** A fault profile with every section resolved per command (MTAP's shallow key merge), cached. */
export class FaultProfile {
  readonly markov: MarkovRule;
  readonly chaos: ChaosRule | null;
  private readonly perCommand = new Map<string, CommandFaults>();

  constructor(
    readonly name: string,
    private readonly spec: FaultProfileSpec,
  ) {
    const m = spec.intermittent_markov ?? {};
    this.markov = {
      enabled: m.enabled ?? false,
      pGoodToBad: m.p_good_to_bad ?? 0,
      pBadToGood: m.p_bad_to_good ?? 0,
      failAddBad: m.fail_p_bad_state ?? 0,
      timeoutAddBad: m.timeout_p_bad_state ?? 0,
      delayS: m.timeout_delay_s ?? [0, 0],
    };
    const c = spec.chaos;
    this.chaos = c
      ? {
          garbageP: c.garbage_p ?? 0,
          partialP: c.partial_p ?? 0,
          disconnectP: c.disconnect_p ?? 0,
          resetP: c.reset_p ?? 0,
          pauseMs: c.pause_ms ?? [1, 20],
        }
      : null;
  }

  forCommand(cmd: string): CommandFaults {
    let resolved = this.perCommand.get(cmd);
    if (!resolved) {
      resolved = resolveSections(this.spec.default ?? {}, this.spec.per_command?.[cmd] ?? {});
      this.perCommand.set(cmd, resolved);
    }
    return resolved;
  }
}

function resolveSections(base: PartialSections, over: PartialSections): CommandFaults {
  const t = { ...base.timeout, ...over.timeout };
  const f = { ...base.fail, ...over.fail };
  const d = { ...base.drift, ...over.drift };
  const b = { ...base.burn_in, ...over.burn_in };
  const busy = { ...base.busy, ...over.busy };
  const mode = t.mode ?? 'delay';
  return {
    timeout: { p: t.p ?? 0, mode, delayS: t.delay_s ?? [0, 0], dropFraction: t.drop_fraction ?? (mode === 'drop' ? 1 : 0) },
    failP: f.p ?? 0,
    drift: {
      tempPerCmdC: d.temp_offset_per_cycle_c ?? 0,
      vbatPerCmdV: d.vbat_offset_per_cycle_v ?? 0,
      maxAbsC: d.max_abs_offset_c ?? DEFAULT_MAX_DRIFT.c,
      maxAbsV: d.max_abs_offset_v ?? DEFAULT_MAX_DRIFT.v,
    },
    burnIn: { failPer1k: b.fail_p_multiplier_per_1k_cycles ?? 0, driftPer1k: b.drift_multiplier_per_1k_cycles ?? 0 },
    busy: { minIntervalMs: busy.min_interval_ms ?? 0, p: busy.p ?? 0 },
  };
}

export function profilesFromConfig(config: DutConfigSpec): Map<string, FaultProfile> {
  const out = new Map<string, FaultProfile>();
  for (const [name, spec] of Object.entries(config.fault_profiles ?? {})) out.set(name, new FaultProfile(name, spec));
  return out;
}

/** State the engine keeps per (serial, command). */
export interface FaultContext {
  markovBad: boolean;
  /** Device-clock time of the last accepted request, or null if none yet. */
  lastAcceptedMs: number | null;
}

export function newFaultContext(): FaultContext {
  return { markovBad: false, lastAcceptedMs: null };
}

export type FaultDecision =
  | { action: 'busy'; message: string; retryAtMs: number | null }
  | { action: 'fail'; message: string }
  | { action: 'delay'; delayMs: number }
  | { action: 'drop'; delayMs: number }
  | { action: 'pass' };

export function burnInMultipliers(rule: CommandFaults['burnIn'], cycles: number): { fail: number; drift: number } {
  const k = cycles / 1000;
  return { fail: Math.max(0, 1 + rule.failPer1k * k), drift: Math.max(0, 1 + rule.driftPer1k * k) };
}

/**
 * Decide one request. Order as in MTAP: busy (rate limit, then contention), fail, timeout, pass.
 * `nowMs` is the device clock. Updates `ctx` (Markov state, last accepted time).
 */
export function decideFault(
  faults: CommandFaults,
  markov: MarkovRule,
  ctx: FaultContext,
  cycles: number,
  nowMs: number,
  rng: RandomStream,
): FaultDecision {
  const { minIntervalMs, p: busyP } = faults.busy;
  if (minIntervalMs > 0 && ctx.lastAcceptedMs !== null && nowMs - ctx.lastAcceptedMs < minIntervalMs) {
    return { action: 'busy', message: `Rate-limited: min_interval_ms=${minIntervalMs}`, retryAtMs: ctx.lastAcceptedMs + minIntervalMs };
  }
  if (busyP > 0 && rng.random() < busyP) {
    return { action: 'busy', message: 'Simulated resource contention (BUSY)', retryAtMs: null };
  }

  // One Markov step per command the device considers (MTAP stepped twice).
  if (markov.enabled) {
    const u = rng.random();
    if (!ctx.markovBad && u < markov.pGoodToBad) ctx.markovBad = true;
    else if (ctx.markovBad && u < markov.pBadToGood) ctx.markovBad = false;
  }
  const bad = markov.enabled && ctx.markovBad;

  const failP = Math.min(1, faults.failP * burnInMultipliers(faults.burnIn, cycles).fail + (bad ? markov.failAddBad : 0));
  if (rng.random() < failP) {
    ctx.lastAcceptedMs = nowMs;
    return { action: 'fail', message: 'Simulated intermittent/internal fault' };
  }

  const t = faults.timeout;
  const timeoutP = Math.min(1, t.p + (bad ? markov.timeoutAddBad : 0));
  if (rng.random() < timeoutP) {
    ctx.lastAcceptedMs = nowMs;
    const [lo, hi] = bad && markov.delayS[1] > 0 ? markov.delayS : t.delayS;
    const delayMs = hi > 0 ? Math.round(rng.uniform(lo, hi) * 1000) : 0;
    const drop = t.dropFraction >= 1 || (t.dropFraction > 0 && rng.random() < t.dropFraction);
    return drop ? { action: 'drop', delayMs } : { action: 'delay', delayMs };
  }

  ctx.lastAcceptedMs = nowMs;
  return { action: 'pass' };
}

export type ChaosAction =
  | { kind: 'none' }
  | { kind: 'garbage'; text: string }
  | { kind: 'partial'; pauseMs: number }
  | { kind: 'disconnect' }
  | { kind: 'reset' };

const GARBAGE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789{}[]:,"\\ ~#';

/** Decide what the link does to a reply (chaos profiles only). One draw picks the kind. */
export function decideChaos(rule: ChaosRule | null, rng: RandomStream): ChaosAction {
  if (!rule) return { kind: 'none' };
  let u = rng.random();
  if ((u -= rule.resetP) < 0) return { kind: 'reset' };
  if ((u -= rule.disconnectP) < 0) return { kind: 'disconnect' };
  if ((u -= rule.garbageP) < 0) {
    const len = 8 + Math.floor(rng.random() * 56);
    let text = '';
    for (let i = 0; i < len; i++) text += GARBAGE_ALPHABET[Math.floor(rng.random() * GARBAGE_ALPHABET.length)];
    return { kind: 'garbage', text };
  }
  if ((u -= rule.partialP) < 0) return { kind: 'partial', pauseMs: Math.round(rng.uniform(rule.pauseMs[0], rule.pauseMs[1])) };
  return { kind: 'none' };
}
