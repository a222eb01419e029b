import { describe, expect, it } from 'vitest';
import { builtinDutConfig } from '../../src/dut/index.js';
import { decideFault, FaultProfile, newFaultContext, type FaultDecision } from '../../src/dut/faults.js';
import { RandomStream, streamKey } from '../../src/dut/rng.js';
import { describeCount } from '../support/stats.js';

const config = builtinDutConfig();
const profile = (name: string) => config.profiles.get(name)!;

describe('per-command sections: MTAP shallow key merge', () => {
  it('factory-flaky: PING has no timeouts, SELF_TEST fails more, the rest inherit the defaults', () => {
    const p = profile('factory-flaky');
    expect(p.forCommand('PING').timeout).toEqual({ p: 0, mode: 'delay', delayS: [2.2, 2.8], dropFraction: 0 });
    expect(p.forCommand('SELF_TEST').failP).toBe(0.03);
    expect(p.forCommand('READ_TEMP').failP).toBe(0.02);
    expect(p.forCommand('READ_TEMP').busy).toEqual({ minIntervalMs: 80, p: 0.01 });
  });
  it('mode drop means every injected timeout drops; drop_fraction splits them', () => {
    const p = new FaultProfile('x', { default: { timeout: { p: 1, mode: 'drop', delay_s: [0, 0] } } });
    expect(p.forCommand('PING').timeout.dropFraction).toBe(1);
  });
});

describe('rate limit (device clock)', () => {
  it('rejects a second accepted-too-soon request as BUSY without moving its timestamp', () => {
    const f = profile('factory-flaky').forCommand('PING');
    const noBusyP = { ...f, busy: { minIntervalMs: 80, p: 0 }, failP: 0 };
    const ctx = newFaultContext();
    const rng = (c: number) => new RandomStream(streamKey(1, 'SN', 'PING'), c);
    expect(decideFault(noBusyP, profile('clean').markov, ctx, 0, 100, rng(1)).action).toBe('pass');
    const busy = decideFault(noBusyP, profile('clean').markov, ctx, 0, 150, rng(2));
    expect(busy).toEqual({ action: 'busy', message: 'Rate-limited: min_interval_ms=80', retryAtMs: 180 });
    expect(ctx.lastAcceptedMs).toBe(100);
    expect(decideFault(noBusyP, profile('clean').markov, ctx, 0, 180, rng(3)).action).toBe('pass');
  });
});

describe('the Markov chain steps once per command', () => {
  it('with G→B = 1 and B→G = 1 the state alternates every command (MTAP\'s double step would cancel out)', () => {
    const p = new FaultProfile('alt', {
      default: {},
      intermittent_markov: { enabled: true, p_good_to_bad: 1, p_bad_to_good: 1, fail_p_bad_state: 1, timeout_p_bad_state: 0 },
    });
    const ctx = newFaultContext();
    const actions: string[] = [];
    for (let c = 1; c <= 6; c++) {
      actions.push(decideFault(p.forCommand('READ_TEMP'), p.markov, ctx, 0, c * 1000, new RandomStream(streamKey(1, 'SN', 'READ_TEMP'), c)).action);
    }
    expect(actions).toEqual(['fail', 'pass', 'fail', 'pass', 'fail', 'pass']);
  });
});

/**
 * Fault rates of the three reference profiles, against a 99% binomial interval of their parameters.
 * Samples are independent: one (serial, command) per sample; for Markov, each chain is first run to its
 * stationary distribution (60 steps: the chain forgets its start as 0.68^60).
 */
function sample(profileName: string, cmd: string, n: number, opts: { warmup?: number; cycles?: number; seed?: number } = {}) {
  const p = profile(profileName);
  const faults = p.forCommand(cmd);
  const counts = { busy: 0, fail: 0, timeout: 0, pass: 0 };
  for (let i = 0; i < n; i++) {
    const key = streamKey(opts.seed ?? 99, `SN${i}`, cmd);
    const ctx = newFaultContext();
    let counter = 0;
    let clock = 0;
    for (let w = 0; w < (opts.warmup ?? 0); w++) {
      decideFault(faults, p.markov, ctx, opts.cycles ?? 0, (clock += 1000), new RandomStream(key, ++counter));
    }
    const d: FaultDecision = decideFault(faults, p.markov, ctx, opts.cycles ?? 0, (clock += 1000), new RandomStream(key, ++counter));
    if (d.action === 'busy') counts.busy++;
    else if (d.action === 'fail') counts.fail++;
    else if (d.action === 'delay' || d.action === 'drop') counts.timeout++;
    else counts.pass++;
  }
  return counts;
}

function expectRate(k: number, n: number, p: number) {
  const r = describeCount(k, n, p);
  expect(r.ok, r.text).toBe(true);
}

describe('fault rates within a 99% binomial interval of the profile parameters', () => {
  it.each([1, 2, 3])('factory-flaky READ_TEMP (seed %i): busy 0.01, fail 0.02 × burn-in, timeout 0.01', (seed) => {
    const n = 5000;
    const cycles = 400; // burn-in multiplier 1 + 0.15 · 0.4 = 1.06
    const c = sample('factory-flaky', 'READ_TEMP', n, { cycles, seed });
    expectRate(c.busy, n, 0.01);
    expectRate(c.fail, n - c.busy, 0.02 * 1.06);
    expectRate(c.timeout, n - c.busy - c.fail, 0.01);
  });

  it('factory-flaky SELF_TEST fails at 0.03 and PING never times out', () => {
    const n = 5000;
    const s = sample('factory-flaky', 'SELF_TEST', n);
    expectRate(s.fail, n - s.busy, 0.03);
    const p = sample('factory-flaky', 'PING', n);
    expect(p.timeout).toBe(0);
    expectRate(p.fail, n - p.busy, 0.02);
  });

  it('markov-flaky at stationarity: busy 0.005, fail π_BAD·0.6, timeout P(BAD | no fail)·0.1', () => {
    const n = 5000;
    const piBad = 0.02 / (0.02 + 0.3);
    const c = sample('markov-flaky', 'READ_TEMP', n, { warmup: 60, seed: 1 });
    expectRate(c.busy, n, 0.005);
    expectRate(c.fail, n - c.busy, piBad * 0.6);
    expectRate(c.timeout, n - c.busy - c.fail, ((piBad * 0.4) / (1 - piBad * 0.6)) * 0.1);
  });

  it('clean never faults', () => {
    const c = sample('clean', 'READ_TEMP', 2000);
    expect(c).toEqual({ busy: 0, fail: 0, timeout: 0, pass: 2000 });
  });

  it('markov-flaky fails in bursts: runs of consecutive failures of 3 or more exist', () => {
    const p = profile('markov-flaky');
    const f = p.forCommand('READ_TEMP');
    const ctx = newFaultContext();
    const key = streamKey(7, 'SN1', 'READ_TEMP');
    let run = 0;
    let longest = 0;
    for (let c = 1; c <= 2000; c++) {
      const d = decideFault(f, p.markov, ctx, 0, c * 1000, new RandomStream(key, c));
      run = d.action === 'fail' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(3);
  });
});
