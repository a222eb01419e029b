import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDutConfig, loadDutConfig, loadScript, parseDutConfig, type ResolvedDutConfig } from '../../src/dut/index.js';
import { MtapError } from '../../src/errors.js';

const examples = new URL('../../examples/dut/', import.meta.url);

function summary(c: ResolvedDutConfig) {
  const profiles: Record<string, unknown> = {};
  for (const [name, p] of c.profiles) {
    profiles[name] = {
      cmds: Object.fromEntries(['PING', 'READ_TEMP', 'SELF_TEST', 'SET_TEMP'].map((cmd) => [cmd, p.forCommand(cmd)])),
      markov: p.markov,
      chaos: p.chaos,
    };
  }
  return { seed: c.seed, device: c.device, defaultProfile: c.defaultProfile, profiles };
}

function errorOf(fn: () => unknown): MtapError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MtapError) return e;
    throw e;
  }
  throw new Error('expected an MtapError');
}

describe('DUT config', () => {
  it('examples/dut/config.yaml (MTAP format) is exactly the built-in configuration', () => {
    const text = readFileSync(new URL('config.yaml', examples), 'utf8');
    const loaded = parseDutConfig(text, 'examples/dut/config.yaml');
    expect(loaded.warnings).toEqual([]);
    expect(summary(loaded.value)).toEqual(summary(builtinDutConfig()));
  });

  it('an MTAP config with only its own profiles loads unchanged and keeps the built-in extras available', () => {
    const text = [
      'version: 2',
      'determinism:',
      '  seed: 4242',
      'device_defaults: {fw: "2.1.0", mode: "SAFE"}',
      'fault_profiles:',
      '  clean:',
      '    default:',
      '      fail: {p: 0.5}',
      '    per_command: {}',
      '    intermittent_markov: {enabled: false}',
      'default_fault_profile: "clean"',
    ].join('\n');
    const c = parseDutConfig(text, 'cfg.yaml').value;
    expect(c.seed).toBe(4242);
    expect(c.device.fw).toBe('2.1.0');
    expect(c.device.mode).toBe('SAFE');
    expect(c.device.temp_c).toBe(25); // code default for what the file leaves out
    expect(c.profiles.get('clean')!.forCommand('PING').failP).toBe(0.5);
    expect(c.profiles.has('chaos')).toBe(true);
  });

  it('reports every problem at file:line:col, in one error', () => {
    const text = [
      'fault_profiles:',
      '  bad:',
      '    default:',
      '      fail: {p: 1.5}',
      '      timeout: {mode: "sideways", delay_s: [3, 1]}',
      'device_defaults:',
      '  mode: TURBO',
    ].join('\n');
    const e = errorOf(() => parseDutConfig(text, 'cfg.yaml'));
    expect(e.code).toBe('E_CONFIG');
    expect(e.exitCode).toBe(2);
    const lines = e.message.split('\n').slice(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^cfg\.yaml:4:17: fault_profiles\.bad\.default\.fail\.p: /);
    expect(lines[1]).toMatch(/^cfg\.yaml:5:23: fault_profiles\.bad\.default\.timeout\.mode: /);
    expect(lines[2]).toMatch(/^cfg\.yaml:5:44: fault_profiles\.bad\.default\.timeout\.delay_s: range must be \[lo, hi\]/);
    expect(lines[3]).toMatch(/^cfg\.yaml:7:9: device_defaults\.mode: /);
  });

  it('reports YAML syntax errors with their position', () => {
    const e = errorOf(() => parseDutConfig('fault_profiles:\n  clean: {default: [\n', 'cfg.yaml'));
    expect(e.message).toMatch(/cfg\.yaml:\d+:\d+: YAML: /);
  });

  it('warns about unknown keys (ignored, as MTAP does) with their position', () => {
    const loaded = parseDutConfig('determinism:\n  sead: 1\nfault_profiles:\n  clean:\n    default:\n      busy: {min_interval: 80}\n', 'cfg.yaml');
    expect(loaded.warnings.map((w) => `${w.line}:${w.col} ${w.message}`)).toEqual([
      '2:3 determinism.sead: unknown key, ignored',
      '6:14 fault_profiles.clean.default.busy.min_interval: unknown key, ignored',
    ]);
  });

  it('rejects a default_fault_profile that does not exist', () => {
    const e = errorOf(() => parseDutConfig('default_fault_profile: nope\n', 'cfg.yaml'));
    expect(e.message).toContain('cfg.yaml:1:24: default_fault_profile: unknown profile "nope"');
  });

  describe('resolution: --config, then MTAP_DUT_CONFIG, then ./dut/config.yaml, then built-in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-cfg-'));
    mkdirSync(join(dir, 'dut'));
    writeFileSync(join(dir, 'dut/config.yaml'), 'determinism: {seed: 1}\n');
    writeFileSync(join(dir, 'env.yaml'), 'determinism: {seed: 2}\n');
    writeFileSync(join(dir, 'flag.yaml'), 'determinism: {seed: 3}\n');

    it('flag wins', () => expect(loadDutConfig({ path: 'flag.yaml', env: { MTAP_DUT_CONFIG: 'env.yaml' }, cwd: dir }).value.seed).toBe(3));
    it('then the environment', () => expect(loadDutConfig({ env: { MTAP_DUT_CONFIG: 'env.yaml' }, cwd: dir }).value.seed).toBe(2));
    it('then ./dut/config.yaml', () => expect(loadDutConfig({ env: {}, cwd: dir }).value.seed).toBe(1));
    it('then the built-in', () => expect(loadDutConfig({ env: {}, cwd: tmpdir() }).value.source).toBe('built-in'));
    it('a named file that does not exist is an error, not silently skipped', () => {
      const e = errorOf(() => loadDutConfig({ env: { MTAP_DUT_CONFIG: 'missing.yaml' }, cwd: dir }));
      expect(e.message).toContain('cannot read DUT config');
      expect(e.message).toContain('no such file');
    });
  });
});

describe('script files', () => {
  it('examples/dut/script.yaml loads', () => {
    const s = loadScript(new URL('script.yaml', examples).pathname);
    expect(s.match('SN0003', 'READ_TEMP', 1)).toEqual({ delayMs: 0, then: { kind: 'data', data: { temp_c: 99.5 } } });
    expect(s.match('SN0003', 'READ_TEMP', 2)).toBeNull();
    expect(s.match('SN0004', 'SELF_TEST', 7)?.then).toEqual({ kind: 'data', data: { self_test_ok: false } });
    expect(s.match('SN0005', 'PING', 1)?.then).toEqual({ kind: 'error', code: 'E_BUSY', message: 'fixture warming up' });
    expect(s.match('SN0006', 'READ_TEMP', 1)).toEqual({ delayMs: 3000, then: { kind: 'normal' } });
    expect(s.match('ANY', 'SET_TEMP', 2)?.then).toEqual({ kind: 'drop' });
  });

  it('prefers the exact serial and the exact attempt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-script-'));
    const path = join(dir, 's.yaml');
    writeFileSync(
      path,
      'replies:\n  - {sn: "*", cmd: PING, attempt: 1, error: E_INTERNAL}\n  - {sn: A, cmd: ping, error: E_BUSY}\n  - {sn: A, cmd: PING, attempt: 1, data: {x: 1}}\n',
    );
    const s = loadScript(path);
    expect(s.match('A', 'PING', 1)?.then).toEqual({ kind: 'data', data: { x: 1 } });
    expect(s.match('A', 'PING', 2)?.then.kind).toBe('error');
    expect(s.match('B', 'PING', 1)?.then).toEqual({ kind: 'error', code: 'E_INTERNAL', message: 'Scripted E_INTERNAL' });
  });

  it('rejects bad entries with their positions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-script-'));
    const path = join(dir, 's.yaml');
    writeFileSync(path, 'replies:\n  - {sn: A, cmd: FOO, data: {x: 1}}\n  - {sn: A, cmd: PING, error: E_NOPE}\n  - {sn: A, cmd: PING, attempt: 0, drop: true, data: {}}\n');
    const e = errorOf(() => loadScript(path));
    expect(e.code).toBe('E_CONFIG');
    const lines = e.message.split('\n').slice(1);
    expect(lines[0]).toMatch(/s\.yaml:2:18: replies\[0\]\.cmd: /);
    expect(lines[1]).toMatch(/s\.yaml:3:31: replies\[1\]\.error: /);
    expect(lines.some((l) => /s\.yaml:4:\d+: replies\[2\]\.attempt: /.test(l))).toBe(true);
  });
});
