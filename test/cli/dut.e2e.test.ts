/** `mtap dut` as a user runs it: flags, environment, errors and exit codes, graceful stop. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, startCli } from '../support/proc.js';
import { exchange } from '../support/wire.js';

const LISTENING = /\[DUT\] listening on 127\.0\.0\.1:(\d+) \(profile (\S+), seed (-?\d+), config ([^)]+)\)/;

describe('mtap dut', () => {
  it('--port 0 picks a free port and prints it; the simulator answers; SIGTERM stops it cleanly', async () => {
    const { child, match, exited } = await startCli(['dut', '--port', '0', '--profile', 'factory-flaky', '--seed', '7'], LISTENING);
    const port = Number(match[1]);
    expect(match.slice(2)).toEqual(['factory-flaky', '7', 'built-in']);
    const [hello, ping] = await exchange(port, ['HELLO', 'PING SN0001']);
    expect(hello!.data).toMatchObject({ profile: 'factory-flaky', seed: 7 });
    expect(ping).toMatchObject({ ok: true, data: { sn: 'SN0001', fw: '1.0.0' } });
    child.kill('SIGTERM');
    const fin = await exited;
    expect(fin.code).toBe(0);
    expect(fin.stdout).toContain('[DUT] SIGTERM -> stopping');
    expect(fin.stdout).toContain('[DUT] shutdown complete');
    expect(fin.stderr).toBe('');
  });

  it('reads MTAP_HOST, MTAP_DUT_PORT, MTAP_FAULT_PROFILE, MTAP_SEED and MTAP_DUT_CONFIG; flags win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-dut-'));
    writeFileSync(join(dir, 'cfg.yaml'), 'determinism: {seed: 5}\ndefault_fault_profile: drift\n');
    const env = cleanEnv({ MTAP_HOST: '127.0.0.1', MTAP_DUT_PORT: '0', MTAP_DUT_CONFIG: join(dir, 'cfg.yaml') });
    const a = await startCli(['dut'], LISTENING, { env });
    expect(a.match.slice(2)).toEqual(['drift', '5', join(dir, 'cfg.yaml')]);
    a.child.kill('SIGINT');
    expect((await a.exited).code).toBe(0);

    const b = await startCli(['dut'], LISTENING, { env: { ...env, MTAP_FAULT_PROFILE: 'markov-flaky', MTAP_SEED: '9' } });
    expect(b.match.slice(2, 4)).toEqual(['markov-flaky', '9']);
    b.child.kill('SIGTERM');
    await b.exited;

    const c = await startCli(['dut', '--profile', 'clean', '--seed', '0'], LISTENING, { env: { ...env, MTAP_FAULT_PROFILE: 'markov-flaky', MTAP_SEED: '9' } });
    expect(c.match.slice(2, 4)).toEqual(['clean', '0']);
    c.child.kill('SIGTERM');
    await c.exited;
  });

  it('warns about unknown config keys on stderr and keeps running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-dut-'));
    writeFileSync(join(dir, 'cfg.yaml'), 'determinism: {seed: 5}\nextra_thing: 1\n');
    const s = await startCli(['dut', '--port', '0', '--config', join(dir, 'cfg.yaml')], LISTENING);
    s.child.kill('SIGTERM');
    const fin = await s.exited;
    expect(fin.stderr).toContain(`warning: ${join(dir, 'cfg.yaml')}:2:1: extra_thing: unknown key, ignored`);
  });

  it.each([
    [['dut', '--profile', 'turbo'], /^mtap: unknown fault profile "turbo" \(valid: chaos, clean, drift, factory-flaky, intermittent, markov-flaky, timeout-heavy\)\n$/],
    [['dut', '--port', '70000'], /--port must be between 0 and 65535, got 70000/],
    [['dut', '--seed', 'abc'], /--seed must be an integer, got "abc"/],
    [['dut', '--config', '/nonexistent/cfg.yaml'], /^mtap: cannot read DUT config \/nonexistent\/cfg\.yaml: no such file\n$/],
    [['dut', '--script', '/nonexistent/s.yaml'], /^mtap: cannot read script \/nonexistent\/s\.yaml: no such file\n$/],
    [['dut', '--bogus'], /unknown option '--bogus'/],
  ])('bad input %j: one clear message, exit 2, no stack trace', async (args, message) => {
    const fin = await runCli(args);
    expect(fin.code).toBe(2);
    expect(fin.stderr).toMatch(message);
    expect(fin.stderr).not.toMatch(/\n\s+at /);
    expect(fin.stdout).toBe('');
  });

  it('a bad config file: every problem at file:line:col, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-dut-'));
    writeFileSync(join(dir, 'cfg.yaml'), 'fault_profiles:\n  x:\n    default:\n      fail: {p: 2}\n      busy: {p: -1}\n');
    const fin = await runCli(['dut', '--config', join(dir, 'cfg.yaml')]);
    expect(fin.code).toBe(2);
    expect(fin.stderr).toContain('mtap: invalid DUT config:');
    expect(fin.stderr).toContain(`${join(dir, 'cfg.yaml')}:4:17: fault_profiles.x.default.fail.p:`);
    expect(fin.stderr).toContain(`${join(dir, 'cfg.yaml')}:5:17: fault_profiles.x.default.busy.p:`);
  });

  it('a port already in use: exit 3 with the reason', async () => {
    const s = await startCli(['dut', '--port', '0'], LISTENING);
    const port = s.match[1]!;
    const fin = await runCli(['dut', '--port', port]);
    expect(fin.code).toBe(3);
    expect(fin.stderr).toBe(`mtap: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    s.child.kill('SIGTERM');
    await s.exited;
  });

  it('--script pins replies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-dut-'));
    writeFileSync(join(dir, 's.yaml'), 'replies:\n  - {sn: SN0003, cmd: READ_TEMP, attempt: 1, data: {temp_c: 99.5}}\n');
    const s = await startCli(['dut', '--port', '0', '--script', join(dir, 's.yaml')], LISTENING);
    const [r] = await exchange(Number(s.match[1]), ['READ_TEMP SN0003']);
    expect(r!.data).toMatchObject({ temp_c: 99.5 });
    s.child.kill('SIGTERM');
    await s.exited;
  });
});
