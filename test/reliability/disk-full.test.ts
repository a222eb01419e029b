/**
 * The disk fills while `mtap batch` writes a run (a file-size limit, `ulimit -f`, so writes fail with
 * EFBIG as they would with ENOSPC): one clear error and exit 3, no line left unreadable; once space is
 * back, `--resume` finishes the run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDut } from '../../src/dut/index.js';
import { CLI, cleanEnv, runCli } from '../support/proc.js';
import { report, scale } from './scale.js';

const UNITS = scale(60, 300);

describe('reliability: disk full', () => {
  it('a clear error, whole lines only, and the run resumes once space is back', { timeout: 120_000 }, async () => {
    const dut = await startDut({ port: 0, seed: 5, env: {} });
    const root = mkdtempSync(join(tmpdir(), 'mtap-full-'));
    const sns = Array.from({ length: UNITS }, (_, i) => `DF${String(i).padStart(4, '0')}`).join(',');
    const args = ['batch', '--plan', 'examples/plans/test_plan.yaml', '--stage', 'DVT', '--sns', sns, '--dut', `127.0.0.1:${dut.port}`, '--runs-dir', root, '--sites', '4'];
    // 48 KiB per file: enough for the run to start, not for it to finish.
    const quoted = [CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // Asynchronously: the simulator runs in this process and must keep answering.
    const full = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn('bash', ['-c', `trap '' XFSZ; ulimit -f 48; exec "${process.execPath}" ${quoted}`], { env: cleanEnv() });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.resume();
      child.on('close', (status) => resolve({ status, stderr }));
    });
    expect(full.status).toBe(3);
    expect(full.stderr).toMatch(/^mtap: cannot write .*(events\.jsonl|events\.csv|units\.jsonl): EFBIG \(file too large\)\n$/m);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    const runId = readdirSync(root)[0]!;
    const dir = join(root, runId);
    const lines = (f: string) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l !== '');
    const before = { events: lines('events.jsonl').length, units: lines('units.jsonl').length };
    for (const l of [...lines('events.jsonl'), ...lines('units.jsonl')]) JSON.parse(l); // every line readable

    const resumed = await runCli(['batch', '--resume', runId, '--dut', `127.0.0.1:${dut.port}`, '--runs-dir', root], { env: cleanEnv(), timeoutMs: 60_000 });
    await dut.close();
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const units = lines('units.jsonl').map((l) => JSON.parse(l) as { sn: string; outcome: string });
    const last = new Map(units.map((u) => [u.sn, u.outcome]));
    expect(last.size).toBe(UNITS);
    expect([...last.values()].every((o) => o !== 'ABORTED')).toBe(true);
    const events = lines('events.jsonl');
    for (const l of events) JSON.parse(l);
    expect(lines('events.csv').length - 1).toBe(events.length);
    report('disk full', { units: UNITS, 'units recorded before the disk filled': before.units, 'attempt lines before': before.events, 'attempt lines after resume': events.length, 'lines checked': events.length + units.length });
    expect(before.units).toBeLessThan(UNITS);
  });
});
