/** The executor against the real simulator: retries, backoff, limits, discovery, outcomes and bins. */
import { describe, expect, it } from 'vitest';
import { Script } from '../../src/dut/index.js';
import { batchOnSimulator, planWith } from '../support/batch.js';

const readTemp = (extra = '') => `  - {id: rt, name: Read, cmd: READ_TEMP, measurements: [{field: temp_c, lo: 10, hi: 60}]${extra}}\n`;

describe('attempts and retries', () => {
  it('retries a transient code and passes; the attempts are recorded with will_retry/retry_reason', async () => {
    const script = new Script([{ sn: 'A', cmd: 'READ_TEMP', attempt: 1, error: 'E_BUSY' }]);
    const { sink, unit } = await batchOnSimulator(planWith(readTemp(', retries: 2, backoff_ms: 0')), ['A'], { dut: { script } });
    const steps = sink.attemptsOf('A').filter((a) => a.kind === 'step');
    expect(steps.map((a) => [a.attempt, a.passed, a.error_code, a.data.will_retry, a.data.retry_reason])).toEqual([
      [1, false, 'E_BUSY', true, 'E_BUSY'],
      [2, true, null, false, null],
    ]);
    expect(unit('A')).toMatchObject({ outcome: 'PASS', hard_bin: 1, soft_bin: 1, attempts: 3 });
  });

  it('does not retry LIMIT_FAIL or E_BAD_ARGS by default (MTAP retried everything)', async () => {
    const script = new Script([{ sn: 'A', cmd: 'READ_TEMP', data: { temp_c: 99.5 } }]);
    const plan = planWith(readTemp(', retries: 3') + '  - {id: st, name: Set, cmd: SET_TEMP, retries: 3}\n');
    const { sink, unit } = await batchOnSimulator(plan, ['A'], { dut: { script } });
    const steps = sink.attemptsOf('A').filter((a) => a.kind === 'step');
    expect(steps.map((a) => [a.test_step, a.attempt, a.error_code])).toEqual([
      ['rt', 1, 'LIMIT_FAIL'],
      ['st', 1, 'E_BAD_ARGS'],
    ]);
    expect(steps[0]).toMatchObject({ measurement: 'temp_c', value: 99.5, lo: 10, hi: 60, comparator: 'GELE', message: 'temp_c = 99.5 outside GELE [10, 60]' });
    expect(unit('A')).toMatchObject({ outcome: 'FAIL', hard_bin: 2, deciding_step: 'rt', deciding_code: 'LIMIT_FAIL' });
    expect(unit('A').failing_steps.map((f) => f.step_id)).toEqual(['rt', 'st']);
  });

  it('retries what retry_on names, and waits exactly the backoff (no hidden floor)', async () => {
    const script = new Script([{ sn: 'A', cmd: 'READ_TEMP', attempt: 1, data: { temp_c: 0 } }, { sn: 'B', cmd: 'READ_TEMP', attempt: 1, data: { temp_c: 0 } }]);
    const plan = (backoff: number) => planWith(readTemp(`, retries: 1, backoff_ms: ${backoff}, retry_on: [LIMIT_FAIL]`));
    const gap = (a: { started_at: string }[]) => (Date.parse(a[1]!.started_at) - Date.parse(a[0]!.started_at));
    const slow = await batchOnSimulator(plan(150), ['A'], { dut: { script } });
    const fast = await batchOnSimulator(plan(0), ['B'], { dut: { script } });
    const slowSteps = slow.sink.attemptsOf('A').filter((a) => a.kind === 'step');
    const fastSteps = fast.sink.attemptsOf('B').filter((a) => a.kind === 'step');
    expect(slowSteps.map((a) => a.passed)).toEqual([false, true]);
    expect(gap(slowSteps)).toBeGreaterThanOrEqual(149);
    expect(gap(slowSteps)).toBeLessThan(400);
    expect(gap(fastSteps)).toBeLessThan(60);
  });

  it('a deadline shorter than a stall is E_TIMEOUT; the retry is served', async () => {
    const script = new Script([{ sn: 'A', cmd: 'READ_TEMP', attempt: 1, delay_ms: 400 }]);
    const { sink, unit } = await batchOnSimulator(planWith(readTemp(', timeout_s: 0.1, retries: 1')), ['A'], { dut: { script } });
    const steps = sink.attemptsOf('A').filter((a) => a.kind === 'step');
    expect(steps.map((a) => a.error_code)).toEqual(['E_TIMEOUT', null]);
    expect(steps[0]!.duration_ms).toBeGreaterThanOrEqual(99);
    expect(steps[0]!.duration_ms).toBeLessThan(300);
    expect(unit('A').outcome).toBe('PASS');
  });

  it('params are sent after the serial', async () => {
    const plan = planWith('  - {id: hot, name: Hot, cmd: SET_TEMP, params: [45.5]}\n  - {id: rt, name: Read, cmd: READ_TEMP, measurements: [{field: temp_c, lo: 44, hi: 47}]}\n');
    const { sink, unit } = await batchOnSimulator(plan, ['A']);
    expect(sink.attemptsOf('A').find((a) => a.test_step === 'hot')!.data.raw).toMatchObject({ ok: true, data: { temp_c: 45.5 } });
    expect(unit('A').outcome).toBe('PASS');
  });
});

describe('values that cannot be judged fail the step, never the batch', () => {
  it('a non-numeric reading is E_MEAS_TYPE; a missing field is E_MEAS_MISSING; other units go on', async () => {
    const script = new Script([
      { sn: 'A', cmd: 'READ_TEMP', data: { temp_c: 'hot' } },
      { sn: 'B', cmd: 'READ_TEMP', data: { temp_c: null } },
    ]);
    const { unit } = await batchOnSimulator(planWith(readTemp()), ['A', 'B', 'C'], { dut: { script } });
    expect(unit('A')).toMatchObject({ outcome: 'FAIL', deciding_code: 'E_MEAS_TYPE' });
    expect(unit('B')).toMatchObject({ outcome: 'FAIL', deciding_code: 'E_MEAS_MISSING' });
    expect(unit('C')).toMatchObject({ outcome: 'PASS' });
  });
});

describe('firmware discovery', () => {
  it('a flow that starts with PING uses it: no extra request, no E_BUSY on a rate-limited device', async () => {
    const plan = planWith('  - {id: ping, name: Ping, cmd: PING}\n' + readTemp());
    const { sink, unit } = await batchOnSimulator(plan, ['A'], { dut: { profile: 'factory-flaky', seed: 3 } });
    const a = sink.attemptsOf('A');
    expect(a.map((x) => x.test_step)).toEqual(['ping', 'rt']);
    expect(a.every((x) => x.fw_version === '1.0.0')).toBe(true);
    expect(unit('A')).toMatchObject({ fw_version: '1.0.0', outcome: 'PASS' });
  });

  it('otherwise a discovery PING is sent first and recorded as fw_discovery', async () => {
    const { sink } = await batchOnSimulator(planWith(readTemp()), ['A']);
    expect(sink.attemptsOf('A').map((x) => [x.kind, x.test_step, x.command, x.test_num])).toEqual([
      ['discovery', 'fw_discovery', 'PING', null],
      ['step', 'rt', 'READ_TEMP', 1],
    ]);
  });

  it('a firmware other than fw_expected fails the unit with E_FW_MISMATCH before any step', async () => {
    const plan = planWith(readTemp()).replace('fw_expected: "1.0.0"', 'fw_expected: "2.0.0"');
    const { sink, unit } = await batchOnSimulator(plan, ['A']);
    expect(unit('A')).toMatchObject({ outcome: 'FAIL', deciding_step: 'fw_discovery', deciding_code: 'E_FW_MISMATCH', hard_bin: 2, steps_executed: [] });
    expect(unit('A').failing_steps[0]!.message).toBe('the DUT reports firmware "1.0.0"; the plan expects "2.0.0"');
    expect(sink.attemptsOf('A').map((x) => x.test_step)).toEqual(['fw_discovery']);
  });

  it('fw_expected "*" accepts any firmware', async () => {
    const plan = planWith(readTemp()).replace('fw_expected: "1.0.0"', 'fw_expected: "*"');
    expect((await batchOnSimulator(plan, ['A'])).unit('A').outcome).toBe('PASS');
  });

  it('a DUT that never answers discovery makes the unit ERROR with the error bin', async () => {
    const script = new Script([{ sn: 'A', cmd: 'PING', drop: true }]);
    const { unit } = await batchOnSimulator(planWith(readTemp()), ['A'], { dut: { script } });
    expect(unit('A')).toMatchObject({ outcome: 'ERROR', deciding_code: 'E_CONN', hard_bin: 3, soft_bin: 3 });
  });
});

describe('outcomes', () => {
  it('a step whose final attempt timed out decides ERROR, not FAIL', async () => {
    const script = new Script([{ sn: 'A', cmd: 'READ_TEMP', delay_ms: 300 }]);
    const { unit } = await batchOnSimulator(planWith(readTemp(', timeout_s: 0.05')), ['A'], { dut: { script } });
    expect(unit('A')).toMatchObject({ outcome: 'ERROR', deciding_code: 'E_TIMEOUT', hard_bin: 3 });
  });

  it('aborting stops new units and marks the units in flight ABORTED', async () => {
    const ac = new AbortController();
    const script = new Script([{ sn: '*', cmd: 'READ_TEMP', delay_ms: 150 }]);
    const plan = planWith(readTemp() + '  - {id: rt2, name: Read2, cmd: READ_TEMP}\n');
    setTimeout(() => ac.abort(), 100);
    const { result } = await batchOnSimulator(plan, ['A', 'B', 'C', 'D'], { dut: { script }, sites: 2, signal: ac.signal });
    expect(result.units.map((u) => [u.sn, u.outcome, u.hard_bin])).toEqual([
      ['A', 'ABORTED', null],
      ['B', 'ABORTED', null],
    ]);
    expect(result.notStarted).toEqual(['C', 'D']);
  });
});

describe('concurrency does not change results', () => {
  it('the same seed and plan give identical per-unit results with 1 site and with 16', async () => {
    const { fileURLToPath } = await import('node:url');
    const config = fileURLToPath(new URL('../fixtures/dut-fast.yaml', import.meta.url));
    const text = (await import('node:fs')).readFileSync('examples/plans/test_plan_2.yaml', 'utf8');
    const sns = Array.from({ length: 40 }, (_, i) => `SN${String(i + 1).padStart(4, '0')}`);
    const dut = { config, profile: 'flaky-fast', seed: 99 };
    const view = (r: Awaited<ReturnType<typeof batchOnSimulator>>) =>
      sns.map((sn) => ({
        unit: (({ outcome, hard_bin, soft_bin, fw_version, steps_executed, failing_steps }) => ({
          outcome,
          hard_bin,
          soft_bin,
          fw_version,
          steps_executed,
          failing_steps: failing_steps.map(({ duration_ms: _, ...f }) => f),
        }))(r.unit(sn)),
        attempts: r.sink.attemptsOf(sn).map((a) => [a.test_step, a.attempt, a.passed, a.error_code, a.value]),
      }));
    const one = await batchOnSimulator(text, sns, { dut, sites: 1, job: 'MP' });
    const many = await batchOnSimulator(text, sns, { dut, sites: 16, job: 'MP' });
    expect(view(many)).toEqual(view(one));
    // The profile did inject faults, and the MP negative pack failed units: the equality is not trivial.
    expect(one.sink.attempts.filter((a) => a.error_code === 'E_BUSY').length).toBeGreaterThan(10);
    expect(one.sink.units.filter((u) => u.outcome !== 'PASS').length).toBeGreaterThan(10);
  });
});
