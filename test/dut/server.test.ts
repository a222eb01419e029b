/** The wire contract over real sockets: every command, argument check and error code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDutConfig, Script, startDut, type RunningDut } from '../../src/dut/index.js';
import { MAX_REQUEST_LINE_BYTES } from '../../src/protocol/index.js';
import { exchange, RawConn } from '../support/wire.js';

let dut: RunningDut;
beforeAll(async () => {
  dut = await startDut({ port: 0, profile: 'clean', seed: 1, env: {} });
});
afterAll(() => dut.close());

describe('commands over TCP', () => {
  it('HELLO names the server, version, profile, seed and protocol version', async () => {
    const [r] = await exchange(dut.port, ['HELLO']);
    expect(r).toMatchObject({ ok: true, error_code: null, message: 'OK', meta: { cmd: 'HELLO' } });
    expect(r!.data).toMatchObject({ server: 'mtap-dut', profile: 'clean', seed: 1, protocol_version: 2 });
    expect((r!.data as { profiles: string[] }).profiles).toEqual(
      expect.arrayContaining(['clean', 'factory-flaky', 'markov-flaky', 'intermittent', 'timeout-heavy', 'drift', 'chaos']),
    );
  });

  it('PING reports identity and voltage without noise and without a cycle', async () => {
    const [r] = await exchange(dut.port, ['PING PING-1']);
    expect(r).toEqual({ ok: true, error_code: null, message: 'OK', data: { sn: 'PING-1', fw: '1.0.0', mode: 'NORMAL', vbat_v: 12 }, meta: { cmd: 'PING' } });
  });

  it('READ_TEMP and SELF_TEST advance the cycle count; values are 4-dp numbers near the defaults', async () => {
    const rs = await exchange(dut.port, ['READ_TEMP RT-1', 'SELF_TEST RT-1', 'read_temp RT-1']);
    const [a, b, c] = rs.map((r) => r.data as Record<string, number | boolean | string>);
    expect(a).toMatchObject({ sn: 'RT-1', cycles: 1 });
    expect(b).toMatchObject({ sn: 'RT-1', cycles: 2, self_test_ok: expect.any(Boolean) });
    expect(c).toMatchObject({ cycles: 3 });
    expect(Math.abs((a!.temp_c as number) - 25)).toBeLessThan(0.3);
    expect(Math.abs((a!.vbat_v as number) - 12)).toBeLessThan(0.15);
    expect(String(a!.temp_c)).toMatch(/^-?\d+(\.\d{1,4})?$/);
    expect(b!.p_fail).toBeCloseTo(0.01 + 0.00005 * 2, 9);
    expect(rs[2]!.meta).toEqual({ cmd: 'READ_TEMP' });
  });

  it('SET_TEMP moves the baseline; SET_MODE SAFE scales the self-test failure probability by 0.7', async () => {
    const rs = await exchange(dut.port, ['SET_TEMP ST-1 35.5', 'READ_TEMP ST-1', 'SET_MODE ST-1 safe', 'SELF_TEST ST-1', 'PING ST-1']);
    expect(rs[0]).toMatchObject({ ok: true, data: { sn: 'ST-1', temp_c: 35.5 } });
    expect(Math.abs((rs[1]!.data as { temp_c: number }).temp_c - 35.5)).toBeLessThan(0.3);
    expect(rs[2]).toMatchObject({ ok: true, data: { sn: 'ST-1', mode: 'SAFE' } });
    expect((rs[3]!.data as { p_fail: number }).p_fail).toBeCloseTo((0.01 + 0.00005 * 2) * 0.7, 6);
    expect(rs[4]!.data).toMatchObject({ mode: 'SAFE' });
  });

  it('RESET forgets the unit: it starts again from its defaults, with the same replies', async () => {
    const first = await exchange(dut.port, ['READ_TEMP RS-1', 'READ_TEMP RS-1', 'SET_TEMP RS-1 50']);
    const after = await exchange(dut.port, ['RESET RS-1', 'READ_TEMP RS-1', 'READ_TEMP RS-1']);
    expect(after[0]).toEqual({ ok: true, error_code: null, message: 'OK', data: { sn: 'RS-1', reset: true }, meta: { cmd: 'RESET' } });
    expect(after.slice(1)).toEqual(first.slice(0, 2));
  });

  it('SET_FAULT_PROFILE switches among known profiles and refuses unknown ones, listing the valid names', async () => {
    const other = await startDut({ port: 0, profile: 'clean', seed: 1, env: {} });
    try {
      const rs = await exchange(other.port, ['SET_FAULT_PROFILE drift', 'HELLO', 'SET_FAULT_PROFILE turbo', 'HELLO']);
      expect(rs[0]).toMatchObject({ ok: true, data: { profile: 'drift' } });
      expect(rs[1]!.data).toMatchObject({ profile: 'drift' });
      expect(rs[2]).toMatchObject({ ok: false, error_code: 'E_BAD_ARGS', data: {}, meta: { cmd: 'SET_FAULT_PROFILE' } });
      expect(rs[2]!.message).toBe(
        'Unknown fault profile: turbo. Valid profiles: chaos, clean, drift, factory-flaky, intermittent, markov-flaky, timeout-heavy',
      );
      expect(rs[3]!.data).toMatchObject({ profile: 'drift' });
    } finally {
      await other.close();
    }
  });
});

describe('argument checks and error codes over TCP', () => {
  it.each([
    ['PING', 'E_BAD_ARGS', 'PING requires 1 argument: <sn>'],
    ['READ_TEMP a b', 'E_BAD_ARGS', 'READ_TEMP requires 1 argument: <sn>'],
    ['SELF_TEST', 'E_BAD_ARGS', 'SELF_TEST requires 1 argument: <sn>'],
    ['SET_TEMP SN1', 'E_BAD_ARGS', 'SET_TEMP requires 2 arguments: <sn> <temp_c>'],
    ['SET_TEMP SN1 warm', 'E_BAD_ARGS', 'temp_c must be a float'],
    ['SET_TEMP SN1 125.5', 'E_OUT_OF_RANGE', 'temp_c out of range [-40.0, 125.0]'],
    ['SET_TEMP SN1 -40.5', 'E_OUT_OF_RANGE', 'temp_c out of range [-40.0, 125.0]'],
    ['SET_FAULT_PROFILE', 'E_BAD_ARGS', 'SET_FAULT_PROFILE requires 1 argument: <profile>'],
    ['HELLO there', 'E_BAD_ARGS', 'HELLO takes no arguments'],
    ['RESET', 'E_BAD_ARGS', 'RESET requires 1 argument: <sn>'],
    ['SET_MODE SN1', 'E_BAD_ARGS', 'SET_MODE requires 2 arguments: <sn> <mode>'],
    ['SET_MODE SN1 FAST', 'E_BAD_ARGS', 'mode must be NORMAL or SAFE'],
    ['TOTALLY_NOT_A_CMD SN1', 'E_UNKNOWN_CMD', 'Unknown command: TOTALLY_NOT_A_CMD'],
  ])('%s → %s', async (line, code, message) => {
    const [r] = await exchange(dut.port, [line]);
    const cmd = line.split(' ')[0]!.toUpperCase();
    expect(r).toEqual({ ok: false, error_code: code, message, data: {}, meta: { cmd } });
  });

  it('invalid UTF-8 → E_BAD_ARGS with meta.cmd "(decode)", and the connection keeps serving', async () => {
    const c = new RawConn(dut.port);
    await c.ready();
    c.send(Buffer.concat([Buffer.from([0x50, 0xc3, 0x28, 0x0a]), Buffer.from('PING U8\n')]));
    const [bad, good] = (await c.waitLines(2)).map((l) => JSON.parse(l));
    c.close();
    expect(bad).toEqual({ ok: false, error_code: 'E_BAD_ARGS', message: 'Invalid UTF-8 request line', data: {}, meta: { cmd: '(decode)' } });
    expect(good).toMatchObject({ ok: true, data: { sn: 'U8' } });
  });

  it('an over-long line → E_LINE_TOO_LONG, then the server closes the connection', async () => {
    const c = new RawConn(dut.port);
    await c.ready();
    c.send('PING OK1\n' + 'X'.repeat(MAX_REQUEST_LINE_BYTES + 1) + '\nPING NEVER\n');
    const lines = await c.waitLines(2);
    expect(await c.waitClosed()).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ok: true, data: { sn: 'OK1' } });
    expect(JSON.parse(lines[1]!)).toEqual({
      ok: false,
      error_code: 'E_LINE_TOO_LONG',
      message: `Request line exceeds ${MAX_REQUEST_LINE_BYTES} bytes`,
      data: {},
      meta: { cmd: '(line)' },
    });
    expect(c.lines).toHaveLength(2);
  });

  it('a line of exactly the maximum length is served', async () => {
    const sn = 'S'.repeat(MAX_REQUEST_LINE_BYTES - 'PING '.length);
    const [r] = await exchange(dut.port, ['PING ' + sn]);
    expect(r).toMatchObject({ ok: true, data: { sn } });
  });
});

describe('framing and connections', () => {
  it('pipelined requests are answered in order, CRLF is accepted, blank lines get no reply', async () => {
    const c = new RawConn(dut.port);
    await c.ready();
    c.send('PING P1\r\n\r\n   \nREAD_TEMP P2\r\nPING P3\n');
    const lines = await c.waitLines(3);
    await new Promise((r) => setTimeout(r, 100));
    c.close();
    expect(c.lines).toHaveLength(3);
    expect(lines.map((l) => (JSON.parse(l) as { data: { sn: string } }).data.sn)).toEqual(['P1', 'P2', 'P3']);
  });

  it('a request split across many TCP writes is reassembled', async () => {
    const c = new RawConn(dut.port);
    await c.ready();
    for (const ch of 'PING SPLIT\n') {
      c.send(ch);
      await new Promise((r) => setTimeout(r, 2));
    }
    const [line] = await c.waitLines(1);
    c.close();
    expect(JSON.parse(line!)).toMatchObject({ data: { sn: 'SPLIT' } });
  });

  it('answers what a half-closed client sent before closing', async () => {
    const c = new RawConn(dut.port);
    await c.ready();
    c.socket.end('PING HALF1\nPING HALF2\n');
    expect(await c.waitClosed()).toBe(true);
    expect(c.lines.map((l) => (JSON.parse(l) as { data: { sn: string } }).data.sn)).toEqual(['HALF1', 'HALF2']);
  });

  it('beyond the connection cap, a new connection gets one E_BUSY line and is closed', async () => {
    const small = await startDut({ port: 0, seed: 1, env: {}, limits: { maxConnections: 2 } });
    const a = new RawConn(small.port);
    const b = new RawConn(small.port);
    await Promise.all([a.ready(), b.ready()]);
    await new Promise((r) => setTimeout(r, 50));
    const c = new RawConn(small.port);
    await c.ready();
    expect(await c.waitClosed()).toBe(true);
    expect(JSON.parse(c.lines[0]!)).toEqual({
      ok: false,
      error_code: 'E_BUSY',
      message: 'Too many connections (max 2)',
      data: {},
      meta: { cmd: '(server)' },
    });
    a.close();
    b.close();
    await small.close();
  });

  it('closes idle connections after the idle timeout', async () => {
    const quick = await startDut({ port: 0, seed: 1, env: {}, limits: { idleTimeoutMs: 150 } });
    const c = new RawConn(quick.port);
    await c.ready();
    expect(await c.waitClosed(3000)).toBe(true);
    await quick.close();
  });

  it('close() stops accepting, finishes an in-flight stalled reply, then ends', async () => {
    const script = new Script([{ sn: 'SLOW', cmd: 'READ_TEMP', delay_ms: 300 }]);
    const d = await startDut({ port: 0, seed: 1, env: {}, script });
    const c = new RawConn(d.port);
    await c.ready();
    c.send('READ_TEMP SLOW\n');
    await new Promise((r) => setTimeout(r, 50));
    const closing = d.close();
    const late = new RawConn(d.port);
    late.socket.on('error', () => undefined);
    await closing;
    expect(JSON.parse(c.lines[0]!)).toMatchObject({ ok: true, data: { sn: 'SLOW', cycles: 1 } });
    expect(await c.waitClosed()).toBe(true);
    expect(await late.waitClosed()).toBe(true);
    expect(late.lines).toEqual([]);
  });
});

describe('scripted outcomes over TCP', () => {
  // A device that fails every command it is not scripted for: scripted replies bypass the profile.
  const config = parseDutConfig('fault_profiles:\n  always-fail:\n    default: {fail: {p: 1.0}}\n', 'always-fail.yaml').value;
  const script = new Script([
    { sn: 'SN0003', cmd: 'READ_TEMP', attempt: 1, data: { temp_c: 99.5 } },
    { sn: 'SN0004', cmd: 'SELF_TEST', error: 'E_INTERNAL', message: 'stuck bit' },
    { sn: 'SN0005', cmd: 'PING', attempt: 1, drop: true },
    { sn: 'SN0005', cmd: 'PING', attempt: 2, data: {} },
    { sn: 'SN0006', cmd: 'PING', attempt: 1, delay_ms: 200 },
    { sn: 'SN0007', cmd: 'PING', data: {} },
  ]);
  let sdut: RunningDut;
  beforeAll(async () => {
    sdut = await startDut({ port: 0, seed: 5, env: {}, script, config, profile: 'always-fail' });
  });
  afterAll(() => sdut.close());

  it("SN0003's READ_TEMP reads 99.5 on its first attempt only", async () => {
    const [a] = await exchange(sdut.port, ['READ_TEMP SN0003']);
    const [b] = await exchange(sdut.port, ['READ_TEMP SN0003']);
    expect(a).toMatchObject({ ok: true, data: { sn: 'SN0003', temp_c: 99.5, cycles: 1 } });
    expect(b).toMatchObject({ ok: false, error_code: 'E_INTERNAL' }); // unscripted: the profile applies
  });

  it('an error code is replied instead of running the command', async () => {
    const [a] = await exchange(sdut.port, ['SELF_TEST SN0004']);
    expect(a).toEqual({ ok: false, error_code: 'E_INTERNAL', message: 'stuck bit', data: {}, meta: { cmd: 'SELF_TEST' } });
  });

  it('a drop closes the connection without a reply; the next attempt is served', async () => {
    const c = new RawConn(sdut.port);
    await c.ready();
    c.send('PING SN0005\n');
    expect(await c.waitClosed()).toBe(true);
    expect(c.lines).toEqual([]);
    const [r] = await exchange(sdut.port, ['PING SN0005']);
    expect(r).toMatchObject({ ok: true });
  });

  it('a delay holds the reply (and later pipelined replies) back', async () => {
    const c = new RawConn(sdut.port);
    await c.ready();
    const t0 = Date.now();
    c.send('PING SN0006\nPING SN0007\n');
    const lines = await c.waitLines(2);
    c.close();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(lines.map((l) => (JSON.parse(l) as { data: { sn: string } }).data.sn)).toEqual(['SN0006', 'SN0007']);
  });
});

describe('a stalled reply whose client gave up (reset the connection)', () => {
  it('never runs its command, so the unit state is as if it was never sent', async () => {
    const script = new Script([{ sn: 'GONE', cmd: 'READ_TEMP', attempt: 1, delay_ms: 300 }]);
    const d = await startDut({ port: 0, seed: 1, env: {}, script });
    const c = new RawConn(d.port);
    await c.ready();
    c.send('READ_TEMP GONE\n');
    await new Promise((r) => setTimeout(r, 50));
    c.reset(); // the client gives up before the stall ends
    await new Promise((r) => setTimeout(r, 400));
    const [next] = await exchange(d.port, ['READ_TEMP GONE']);
    expect(next).toMatchObject({ ok: true, data: { cycles: 1 } });
    await d.close();
  });
});
