/** `mtap batch` as a user runs it, against the real simulator: artifacts, consistency, inputs, exit codes. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Script, startDut, type RunningDut } from '../../src/dut/index.js';
import { cleanEnv, runCli } from '../support/proc.js';
import { checkXml } from '../support/xml.js';

const PLAN = 'examples/plans/test_plan.yaml';
const PLAN2 = 'examples/plans/test_plan_2.yaml';
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
/** Run directories under a runs root (the default store, mtap.duckdb, sits beside them). */
const runDirs = (root: string) => readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const onlyRun = (root: string) => {
  const dirs = runDirs(root);
  expect(dirs).toHaveLength(1);
  return join(root, dirs[0]!);
};
const jsonl = (file: string) => lines(file).map((l) => JSON.parse(l) as Record<string, unknown>);

let dut: RunningDut;
beforeAll(async () => {
  dut = await startDut({ port: 0, profile: 'factory-flaky', seed: 11, env: {} });
});
afterAll(() => dut.close());

const batch = (args: string[], env: Record<string, string> = {}) =>
  runCli(['batch', '--dut', `127.0.0.1:${dut.port}`, ...args], { env: cleanEnv(env), timeoutMs: 60_000 });

describe('mtap batch', () => {
  it('produces every artifact, each consistent with the others', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
    const sns = Array.from({ length: 20 }, (_, i) => `E2E${String(i).padStart(3, '0')}`).join(',');
    const r = await batch(['--plan', PLAN, '--stage', 'dvt', '--sns', sns, '--batch-id', 'LOT7', '--station-id', 'ST3', '--runs-dir', root, '--requirements', 'examples/traceability/req_traceability.yaml']);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toBe('');
    const dir = onlyRun(root);
    for (const f of ['run.json', 'plan.yaml', 'events.jsonl', 'events.csv', 'units.jsonl', 'results_summary.json', 'junit.xml', 'coverage_matrix.csv']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const events = jsonl(join(dir, 'events.jsonl'));
    const units = jsonl(join(dir, 'units.jsonl'));
    const summary = JSON.parse(readFileSync(join(dir, 'results_summary.json'), 'utf8'));
    // events.csv: one row per events.jsonl line (plus the header)
    expect(lines(join(dir, 'events.csv')).length - 1).toBe(events.length);
    // summary counts = units.jsonl
    expect(units).toHaveLength(20);
    expect(summary.sn_count).toBe(20);
    expect(summary.passed_count).toBe(units.filter((u) => u.outcome === 'PASS').length);
    expect(summary.failed_count).toBe(units.filter((u) => u.outcome === 'FAIL').length);
    expect(summary.overall_passed).toBe(summary.passed_count === 20);
    expect(r.code).toBe(summary.passed_count === 20 ? 0 : 1);
    expect(Object.keys(summary.per_sn)).toEqual(sns.split(','));
    // every attempt belongs to a recorded unit execution and carries the run's identity
    const execs = new Set(units.map((u) => u.unit_exec_id));
    expect(events.every((e) => execs.has(e.unit_exec_id as string))).toBe(true);
    expect(events.every((e) => e.batch_id === 'LOT7' && e.station_id === 'ST3' && e.stage === 'DVT' && e.schema_version === 2)).toBe(true);
    expect(units.reduce((n, u) => n + (u.attempts as number), 0)).toBe(events.length);
    // the plan as run, and its hash
    const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(readFileSync(join(dir, 'plan.yaml'), 'utf8')).toBe(readFileSync(PLAN, 'utf8'));
    expect(summary.plan.hash).toBe(info.plan.hash);
    // JUnit parses: a suite per unit, a case per executed step
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(checkXml(xml)).toMatchObject({ ok: true });
    expect(xml.match(/<testsuite /g)).toHaveLength(20);
    // coverage keeps MTAP's columns first
    expect(lines(join(dir, 'coverage_matrix.csv'))[0]).toMatch(/^req_id,title,covered,mapped_steps,/);
    // the summary printed for people
    expect(r.stdout).toContain('20 units: PASS');
    expect(r.stdout).toContain(`artifacts: `);
  });

  it('the same seed and plan give identical per-unit results with --sites 1 and --sites 16', async () => {
    const results: Array<Record<string, unknown>> = [];
    for (const sites of ['1', '16']) {
      const fresh = await startDut({ port: 0, profile: 'markov-flaky', seed: 5, env: {}, config: 'test/fixtures/dut-fast.yaml' });
      const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
      const r = await runCli(['batch', '--dut', `127.0.0.1:${fresh.port}`, '--plan', PLAN2, '--stage', 'MP', '--sites', sites, '--runs-dir', root, '--sns', Array.from({ length: 24 }, (_, i) => `S${i}`).join(',')], { env: cleanEnv(), timeoutMs: 60_000 });
      await fresh.close();
      expect(r.code).toBe(1);
      const dir = onlyRun(root);
      const units = jsonl(join(dir, 'units.jsonl'));
      const events = jsonl(join(dir, 'events.jsonl'));
      results.push(
        Object.fromEntries(
          units.map((u) => [
            u.sn,
            {
              outcome: u.outcome,
              bins: [u.hard_bin, u.soft_bin],
              steps: u.steps_executed,
              attempts: events.filter((e) => e.sn === u.sn).map((e) => [e.test_step, e.attempt, e.passed, e.error_code, e.value]),
            },
          ]),
        ),
      );
    }
    expect(results[1]).toEqual(results[0]);
  });

  it('honours MTAP_RUNS_DIR, and runs started at the same moment never share a directory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
    const rs = await Promise.all([1, 2, 3].map(() => batch(['--plan', PLAN, '--sns', 'A1,A2'], { MTAP_RUNS_DIR: root })));
    for (const r of rs) expect([0, 1]).toContain(r.code);
    const dirs = runDirs(root);
    expect(new Set(dirs).size).toBe(3);
    for (const d of dirs) expect(jsonl(join(root, d, 'units.jsonl'))).toHaveLength(2);
  });

  it('--json prints the results summary on stdout, progress on stderr', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
    const r = await batch(['--plan', PLAN, '--sns', 'J1', '--runs-dir', root, '--json']);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ sn_count: 1, stage: 'EVT' });
    expect(r.stderr).toContain('J1');
  });

  describe('bad input: one clear message, a distinct exit code, no run directory', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'mtap-plan-')), 'broken-plan.yaml');
    writeFileSync(broken, 'plan: {name: X}\nstation: {name: S, stage: DVT, fw_expected: "1"}\nsteps:\n  - {id: a, name: A, cmd: PING, retries: many}\n');
    const cases: Array<[string, string[], number, RegExp]> = [
      ['a broken plan', ['--plan', broken], 2, /^mtap: invalid plan:\n.*broken-plan\.yaml:4:\d+: steps\[0\]\.retries: /],
      ['a missing plan', ['--plan', 'nope.yaml'], 2, /^mtap: cannot read plan nope\.yaml: no such file\n$/],
      ['no plan', [], 2, /--plan is required/],
      ['a serial with a space', ['--plan', PLAN, '--sns', 'A1,B 2'], 2, /serial "B 2" contains whitespace/],
      ['a duplicated serial', ['--plan', PLAN, '--sns', 'A1,A1'], 2, /serial "A1" is given more than once/],
      ['an unknown stage', ['--plan', PLAN, '--stage', 'QA'], 2, /unknown stage "QA" \(this plan knows EVT, DVT, PVT, MP/],
      ['an undeclared flag', ['--plan', PLAN, '--enable', 'turbo'], 2, /--enable turbo: not a flag of this plan \(it declares no flags\)/],
      ['a bad --dut', ['--plan', PLAN, '--dut', 'localhost'], 2, /--dut: "localhost" is not host:port/],
      ['a bad --sites', ['--plan', PLAN, '--sites', '0'], 2, /--sites must be a positive integer/],
    ];
    it.each(cases)('%s', async (_what, args, code, message) => {
      const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
      const r = await runCli(['batch', '--runs-dir', root, ...(args.includes('--dut') ? [] : ['--dut', `127.0.0.1:${dut.port}`]), ...args], { env: cleanEnv() });
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(root)).toEqual([]);
    });
    it('an unreachable DUT: exit 3 at once, no run directory', async () => {
      const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
      const t0 = Date.now();
      const r = await runCli(['batch', '--plan', PLAN, '--dut', '127.0.0.1:1', '--runs-dir', root], { env: cleanEnv() });
      expect(r.code).toBe(3);
      expect(r.stderr).toBe('mtap: cannot reach the DUT (nothing was tested):\n127.0.0.1:1: ECONNREFUSED\n');
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(readdirSync(root)).toEqual([]);
    });
  });

  it('SIGINT stops cleanly: units in flight are ABORTED, exit 130, and --resume finishes the run', async () => {
    const slow = await startDut({ port: 0, seed: 1, env: {}, script: new Script([{ sn: '*', cmd: 'READ_TEMP', delay_ms: 150 }]) });
    const root = mkdtempSync(join(tmpdir(), 'mtap-runs-'));
    const sns = Array.from({ length: 12 }, (_, i) => `Q${i}`).join(',');
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../support/proc.js');
    const child = spawn(process.execPath, [CLI, 'batch', '--plan', PLAN, '--sns', sns, '--sites', '3', '--dut', `127.0.0.1:${slow.port}`, '--runs-dir', root], { env: cleanEnv() });
    let out = '';
    const started = new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        out += d;
        if (/\[\d+\/12\]/.test(out)) resolve(); // a unit has ended: the run is well under way
      }),
    );
    await started;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(out).toContain('mtap batch --resume');
    const dir = onlyRun(root);
    const units = jsonl(join(dir, 'units.jsonl'));
    expect(units.some((u) => u.outcome === 'ABORTED')).toBe(true);
    expect(units.length).toBeLessThan(12);
    const runId = dir.split('/').at(-1)!;
    const resumed = await runCli(['batch', '--resume', runId, '--runs-dir', root, '--dut', `127.0.0.1:${slow.port}`], { env: cleanEnv(), timeoutMs: 60_000 });
    await slow.close();
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resumed: \d+ units already done/);
    const summary = JSON.parse(readFileSync(join(dir, 'results_summary.json'), 'utf8'));
    expect(summary).toMatchObject({ sn_count: 12, passed_count: 12, aborted_count: 0 });
  });
});
