/**
 * Crash safety at scale: `mtap batch` killed with SIGKILL at random moments, again and again (including
 * while a resume is starting up), then resumed to the end. Every unit ends with exactly one final outcome, no
 * attempt record is lost or duplicated, every line still parses, and events.csv matches events.jsonl.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Script, startDut } from '../../src/dut/index.js';
import { CLI, cleanEnv, runCli } from '../support/proc.js';
import { seeded } from '../support/seeded.js';
import { report, scale } from './scale.js';

const KILLS = scale(20, 60);
const UNITS = scale(200, 2000);
const SITES = scale(4, 16);
const PLAN = 'examples/plans/test_plan.yaml';

function killAfter(args: string[], ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

const parseLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('SIGKILL at random moments, then resume', () => {
  it(`${KILLS} kills: one final outcome per unit, no attempt lost or duplicated`, { timeout: scale(180_000, 600_000) }, async () => {
    const rand = seeded(4242);
    const dut = await startDut({
      port: 0,
      seed: 3,
      env: {},
      profile: 'factory-flaky',
      script: new Script([
        // ~110 ms per unit: the whole run needs several seconds of testing, far more than the
        // kills below leave it, so every kill lands in the middle of something.
        { sn: '*', cmd: 'READ_TEMP', delay_ms: 50 },
        { sn: '*', cmd: 'SELF_TEST', delay_ms: 50 },
      ]),
    });
    const root = mkdtempSync(join(tmpdir(), 'mtap-crash-'));
    const sns = Array.from({ length: UNITS }, (_, i) => `K${String(i).padStart(3, '0')}`).join(',');
    const common = ['--dut', `127.0.0.1:${dut.port}`, '--runs-dir', root, '--sites', String(SITES)];
    // Run directories only (the runs root also holds the results store).
    const runDirs = () => readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

    // Start the run and kill it once its directory exists.
    const first = spawn(process.execPath, [CLI, 'batch', '--plan', PLAN, '--stage', 'DVT', '--sns', sns, ...common], { env: cleanEnv(), stdio: 'ignore' });
    while (!(runDirs().length === 1 && existsSync(join(root, runDirs()[0]!, 'events.jsonl')))) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50 + rand() * 300));
    first.kill('SIGKILL');
    await new Promise((r) => first.on('close', r));
    const runId = runDirs()[0]!;
    const dir = join(root, runId);

    let kills = 1;
    let finishedEarly = 0;
    while (kills < KILLS) {
      const r = await killAfter(['batch', '--resume', runId, ...common], 100 + rand() * 600);
      if (r.signal === 'SIGKILL') kills++;
      else finishedEarly++;
      if (finishedEarly > 3) break;
    }
    const final = await runCli(['batch', '--resume', runId, ...common], { env: cleanEnv(), timeoutMs: scale(120_000, 480_000) });
    await dut.close();
    expect([0, 1]).toContain(final.code);

    const events = parseLines(join(dir, 'events.jsonl')); // every line parses
    const units = parseLines(join(dir, 'units.jsonl'));
    const csvRows = readFileSync(join(dir, 'events.csv'), 'utf8').split('\r\n').filter((l) => l !== '').length - 1;
    expect(csvRows).toBe(events.length);

    // Exactly one final outcome per serial, and no execution recorded twice.
    const last = new Map<string, Record<string, unknown>>();
    for (const u of units) last.set(u.sn as string, u);
    expect([...last.keys()].sort()).toEqual(sns.split(',').sort());
    for (const u of last.values()) expect(['PASS', 'FAIL', 'ERROR']).toContain(u.outcome);
    expect(new Set(units.map((u) => u.unit_exec_id)).size).toBe(units.length);

    // Each ended execution has exactly its attempts: the count matches, no (step, attempt) twice,
    // attempts numbered 1..k per step, steps in the order the record says.
    const byExec = new Map<string, Array<Record<string, unknown>>>();
    for (const e of events) {
      const list = byExec.get(e.unit_exec_id as string) ?? [];
      list.push(e);
      byExec.set(e.unit_exec_id as string, list);
    }
    let checked = 0;
    for (const u of units) {
      const attempts = byExec.get(u.unit_exec_id as string) ?? [];
      expect(attempts.length, `${u.sn} ${u.unit_exec_id}`).toBe(u.attempts);
      const keys = attempts.map((a) => `${a.test_step}#${a.attempt}`);
      expect(new Set(keys).size).toBe(keys.length);
      const steps = [...new Set(attempts.filter((a) => a.kind === 'step').map((a) => a.test_step))];
      expect(steps).toEqual(u.steps_executed);
      for (const step of new Set(attempts.map((a) => a.test_step))) {
        expect(attempts.filter((a) => a.test_step === step).map((a) => a.attempt)).toEqual(
          Array.from({ length: attempts.filter((a) => a.test_step === step).length }, (_, i) => i + 1),
        );
      }
      checked += attempts.length;
    }
    const ended = new Set(units.map((u) => u.unit_exec_id));
    const orphans = events.filter((e) => !ended.has(e.unit_exec_id)).length;
    const summary = JSON.parse(readFileSync(join(dir, 'results_summary.json'), 'utf8'));
    expect(summary).toMatchObject({ sn_count: UNITS, aborted_count: 0, not_tested_count: 0 });
    expect(summary.attempt_count).toBe(checked);
    report('SIGKILL and resume', {
      SIGKILLs: kills,
      'resumes finished before their kill': finishedEarly,
      units: UNITS,
      'unit records': units.length,
      'attempt lines checked': events.length,
      'lines from interrupted executions': orphans,
    });
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  });
});
