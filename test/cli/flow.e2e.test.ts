/**
 * `mtap flow` end to end, through the built CLI: check, show, run (the dry run) and schema, on the
 * example plans, and every refusal as one message with exit 2.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/plan/index.js';
import { runCli } from '../support/proc.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FCT = 'examples/board-fct.yaml';
const V1 = 'examples/plans/test_plan.yaml';
const mtap = (...args: string[]) => runCli(args, { cwd: ROOT });
/** Whitespace-insensitive: the summary is word-wrapped for the terminal. */
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Refused: one `mtap: ...` line on stderr, nothing on stdout, exit 2, no stack trace. */
function refused(r: { code: number | null; stdout: string; stderr: string }, message: string | RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr.trimEnd()).toMatch(typeof message === 'string' ? new RegExp(`^mtap: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message);
  expect(r.code).toBe(2);
}

describe('mtap flow check', () => {
  it('summarizes a valid plan in one paragraph: name, version, hash, steps, groups, stages, flags, requirements', async () => {
    const r = await mtap('flow', 'check', FCT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const hash = createHash('sha256').update(readFileSync(join(ROOT, FCT))).digest('hex').slice(0, 12);
    expect(words(r.stdout)).toBe(
      `${FCT}: valid. Plan "Controller board FCT" version 3 (sha256 ${hash}): 6 steps, 1 group, 1 log; ` +
        'station FCT_LINE2_ST04 at stage DVT, firmware 1.0.0; stages EVT, DVT, PVT, MP; flags thermal_screen (off by default); ' +
        'requirements examples/traceability/req_traceability.yaml.',
    );
  });

  it('accepts an MTAP v1 plan as it is, and says its steps are numbered by position', async () => {
    const r = await mtap('flow', 'check', V1);
    expect(r.code).toBe(0);
    expect(words(r.stdout)).toContain('Plan "MTAP Smoke Qualification" version 1');
    expect(words(r.stdout)).toContain('requirements none named (a batch reads ./traceability/req_traceability.yaml).');
    expect(words(r.stdout)).toContain('3 steps without test_num are numbered by position: write test_num to keep the numbers stable.');
  });

  it('refuses a file that cannot be read', async () => {
    refused(await mtap('flow', 'check', 'no/such/plan.yaml'), 'cannot read plan no/such/plan.yaml: no such file');
  });
});

describe('mtap flow show', () => {
  it('prints the whole compiled flow as a listing by default: every stage, every enable word', async () => {
    const r = await mtap('flow', 'show', FCT);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('flow Controller board FCT');
    expect(lines).toContain('  test Identity and supply [ping] #1000');
    expect(lines).toContain('  if enabled thermal_screen:');
    expect(lines).toContain('  if job DVT or PVT or MP:');
    // The retest is reached from read_temp's failure; if it does not run, read_temp's bin ends the unit.
    expect(r.stdout).toMatch(/test Temperature retest after settling \[read_temp_retest\] #3001[\s\S]*unless flag read_temp_retest_RAN:\n\s+FAIL bin 2 "Functional fail" softbin 299/);
  });

  it('prints Mermaid, S-expressions and JSON', async () => {
    const [mermaid, sexp, json] = await Promise.all(['mermaid', 'sexp', 'json'].map((format) => mtap('flow', 'show', FCT, '--format', format)));
    expect(mermaid!.stdout).toMatch(/^flowchart TD\n/);
    expect(mermaid!.stdout).toContain('[ping] #35;1000');
    expect(sexp!.stdout).toMatch(/^\(flow\n {2}\(name "Controller board FCT"\)/);
    const ast = JSON.parse(json!.stdout) as { type: string; children: unknown[] };
    expect(ast.type).toBe('flow');
    expect(JSON.stringify(ast)).toContain('"read_temp_retest"');
    for (const r of [mermaid!, sexp!, json!]) expect(r.code).toBe(0);
  });

  it('refuses an unknown format', async () => {
    const r = await mtap('flow', 'show', FCT, '--format', 'svg');
    expect(r.stderr).toContain("argument 'svg' is invalid. Allowed choices are listing, mermaid, sexp, json.");
    expect(r.code).toBe(2);
  });
});

describe('mtap flow run (the dry run)', () => {
  it("runs at the plan's station stage by default and prints the tests, the logs and the verdict", async () => {
    const r = await mtap('flow', 'run', FCT);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'dry run of "Controller board FCT" at DVT; enabled: none; failing: none',
        '  1000   ping       Identity and supply',
        '  3000   read_temp  Temperature at ambient',
        '  4000   self_test  Built-in self-test',
        '   log    unit complete',
        'verdict: PASS, bin 1, softbin 1 (Good)',
        '',
      ].join('\n'),
    );
  });

  it('marks failed tests F and names the step that decided the bin', async () => {
    const r = await mtap('flow', 'run', FCT, '--enable', 'thermal_screen', '--fail', 'read_temp,read_temp_retest');
    expect(r.stdout.split('\n').slice(1)).toEqual([
      '  1000   ping              Identity and supply',
      '  2000   set_hot           Set 45 C',
      '  2010   read_hot          Temperature at 45 C',
      '  3000 F read_temp         Temperature at ambient',
      '  3001 F read_temp_retest  Temperature retest after settling',
      'verdict: FAIL, bin 4, softbin 401 (Temperature out of range), decided by read_temp_retest',
      '',
    ]);
  });

  it('--stage is --job; stages match without regard to case; a failing step that does not run is said', async () => {
    const r = await mtap('flow', 'run', V1, '--stage', 'evt', '--fail', 'self_test', '--fail', 'READ_TEMP');
    expect(r.stdout).toBe(
      [
        'dry run of "MTAP Smoke Qualification" at EVT; enabled: none; failing: self_test, read_temp',
        '    1   ping       Ping DUT',
        '    2 F read_temp  Read temperature + voltage',
        '  (--fail self_test: the step does not run)',
        'verdict: FAIL, bin 2, softbin 2 (FAIL), decided by read_temp',
        '',
      ].join('\n'),
    );
  });

  it('--json prints a machine-readable result', async () => {
    const r = await mtap('flow', 'run', FCT, '--job', 'DVT', '--fail', 'self_test', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      plan: { file: FCT, name: 'Controller board FCT', version: 3 },
      job: 'DVT',
      enabled: [],
      failing: ['self_test'],
      failing_not_run: [],
      verdict: { outcome: 'FAIL', hard_bin: 5, soft_bin: 501, bin_description: 'Self-test failed', deciding_step: 'self_test' },
    });
    expect(out.ran).toEqual([
      { kind: 'test', id: 'ping', test_num: 1000, name: 'Identity and supply', failed: false },
      { kind: 'test', id: 'read_temp', test_num: 3000, name: 'Temperature at ambient', failed: false },
      { kind: 'test', id: 'self_test', test_num: 4000, name: 'Built-in self-test', failed: true },
    ]);
  });

  it('--disable switches off an enable word that defaults to on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-flow-'));
    const plan = join(dir, 'plan.yaml');
    writeFileSync(
      plan,
      'plan: {name: Flags}\nstation: {name: ST, stage: DVT, fw_expected: "1"}\nflags: {fast: true}\nsteps:\n' +
        '  - {id: quick, name: Quick, cmd: PING, if_enable: fast}\n  - {id: slow, name: Slow, cmd: PING, unless_enable: fast}\n',
    );
    const [on, off] = await Promise.all([mtap('flow', 'run', plan, '--json'), mtap('flow', 'run', plan, '--disable', 'fast', '--json')]).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
    const ids = (r: { stdout: string }) => (JSON.parse(r.stdout) as { ran: Array<{ id: string }> }).ran.map((e) => e.id);
    expect(ids(on)).toEqual(['quick']);
    expect(ids(off)).toEqual(['slow']);
  });

  it('refuses unknown --fail ids, undeclared --enable words, unknown stages and --job with --stage, each in one message', async () => {
    const [fail, enable, stage, both] = await Promise.all([
      mtap('flow', 'run', FCT, '--fail', 'read_tmp'),
      mtap('flow', 'run', FCT, '--enable', 'thermal'),
      mtap('flow', 'run', FCT, '--job', 'QA'),
      mtap('flow', 'run', FCT, '--job', 'DVT', '--stage', 'DVT'),
    ]);
    refused(fail!, '--fail read_tmp: no step has this id (did you mean read_temp?)');
    refused(enable!, '--enable thermal: not a flag of this plan (its flags are thermal_screen)');
    refused(stage!, 'unknown stage "QA" (this plan knows EVT, DVT, PVT, MP; a plan declares more in plan.stages)');
    refused(both!, 'give --job or --stage, not both (they are the same)');
  });

  it('refuses a broken plan with its problems, like check', async () => {
    const r = await mtap('flow', 'run', 'test/plan/corpus/duplicate-id.yaml');
    expect(r.stderr).toBe('mtap: invalid plan:\ntest/plan/corpus/duplicate-id.yaml:13:9: steps[2].id: duplicate id "ping" (also at line 7)\n');
    expect(r.code).toBe(2);
  });
});

describe('mtap flow schema', () => {
  it('prints the JSON Schema generated from the plan schema', async () => {
    const r = await mtap('flow', 'schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(planJsonSchema());
    expect(r.stdout).toContain('"title": "mtap test plan"');
  });
});
