/** Requirement coverage through the CLI: warn by default, strict refuses before anything runs. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDut, type RunningDut } from '../../src/dut/index.js';
import { cleanEnv, runCli } from '../support/proc.js';

const PLAN = 'examples/plans/test_plan.yaml';
let dut: RunningDut;
let reqs: string;
beforeAll(async () => {
  dut = await startDut({ port: 0, seed: 1, env: {} });
  reqs = join(mkdtempSync(join(tmpdir(), 'mtap-req-')), 'req.yaml');
  writeFileSync(reqs, 'requirements:\n  REQ-001: {title: "ping"}\n  REQ-002: {title: "temp"}\n  REQ-009: {title: "not tested by this plan"}\n');
});
afterAll(() => dut.close());

describe('--coverage', () => {
  it('warn (the default): every problem at file:line:col on stderr, and the batch runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
    const r = await runCli(['batch', '--plan', PLAN, '--sns', 'C1', '--dut', `127.0.0.1:${dut.port}`, '--runs-dir', root, '--requirements', reqs], { env: cleanEnv() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${reqs}:4:3: requirement REQ-009 is covered by no step of ${PLAN}`);
    expect(r.stderr).toMatch(/warning: examples\/plans\/test_plan\.yaml:\d+:\d+: step "read_temp" names requirement REQ-003/);
    expect(readdirSync(root).filter((n) => n !== 'mtap.duckdb')).toHaveLength(1); // the run (and the default store)
  });
  it('strict: the same problems are errors, exit 2, no run directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
    const r = await runCli(['batch', '--plan', PLAN, '--sns', 'C1', '--dut', `127.0.0.1:${dut.port}`, '--runs-dir', root, '--requirements', reqs, '--coverage', 'strict'], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mtap: requirement coverage \(--coverage strict\):\n/m);
    expect(r.stderr).toContain('REQ-009 is covered by no step');
    expect(readdirSync(root)).toEqual([]);
  });
  it('strict without a requirements file is refused; flow check applies the same policy', async () => {
    const none = await runCli(['flow', 'check', PLAN, '--coverage', 'strict'], { env: cleanEnv() });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--coverage strict needs a requirements file');
    const bad = await runCli(['flow', 'check', PLAN, '--requirements', reqs, '--coverage', 'strict'], { env: cleanEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('REQ-009');
    const typo = await runCli(['flow', 'check', PLAN, '--coverage', 'loose'], { env: cleanEnv() });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--coverage must be strict or warn, got "loose"');
  });
});
