/** Run ids and run directories: unique even when started in the same millisecond; runs root; resume lookup. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunDir, formatRunId, newRunId, openRunDir, resolveRunsRoot, RUN_ID_PATTERN } from '../../src/record/index.js';
import { isMtapError } from '../../src/errors.js';
import { useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const frozen = () => new Date('2026-11-22T02:48:53.062Z');

describe('run ids', () => {
  it('are UTC to the millisecond plus 6 random hex digits', () => {
    expect(formatRunId(frozen(), '7f3a2c')).toBe('20261122T024853.062Z-7f3a2c');
    const id = newRunId();
    expect(id).toMatch(RUN_ID_PATTERN);
    expect(Math.abs(Date.parse(id.slice(0, 19).replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)/, '$1-$2-$3T$4:$5:$6')) - Date.now())).toBeLessThan(5000);
  });
});

describe('createRunDir', () => {
  it('gives 500 concurrent runs of the same millisecond 500 different directories', async () => {
    const root = join(tempDir(), 'runs');
    const made = await Promise.all(Array.from({ length: 500 }, () => createRunDir(root, { now: frozen })));
    expect(new Set(made.map((r) => r.runId)).size).toBe(500);
    expect(readdirSync(root)).toHaveLength(500);
    for (const r of made) expect(r.dir).toBe(join(root, r.runId));
  });

  it('retries with a new id when the name is taken (exclusive mkdir, never a shared directory)', async () => {
    const root = tempDir();
    const suffixes = ['aaaaaa', 'aaaaaa', 'aaaaaa', 'bbbbbb'];
    const source = { now: frozen, randomSuffix: () => suffixes.shift()! };
    const first = await createRunDir(root, source);
    const second = await createRunDir(root, source);
    expect(first.runId).toBe('20261122T024853.062Z-aaaaaa');
    expect(second.runId).toBe('20261122T024853.062Z-bbbbbb');
  });

  it('gives runs started by separate processes at once separate directories', async () => {
    const root = tempDir();
    const script = `import { createRunDir } from ${JSON.stringify(resolve('src/record/run-dir.ts'))};
      const made = await Promise.all(Array.from({ length: 40 }, () => createRunDir(${JSON.stringify(root)})));
      console.log(made.length);`;
    const runs = Array.from({ length: 4 }, () => runTs(script));
    expect(await Promise.all(runs)).toEqual(['40', '40', '40', '40']);
    expect(readdirSync(root)).toHaveLength(160);
  });

  it('reports a directory it cannot create as E_DISK naming it', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'file'), 'x');
    const err = await createRunDir(join(root, 'file', 'runs')).catch((e: unknown) => e);
    expect(isMtapError(err) && err.code).toBe('E_DISK');
    expect((err as Error).message).toMatch(/cannot create .*file.*ENOTDIR/);
  });
});

describe('resolveRunsRoot', () => {
  it('takes --runs-dir, else MTAP_RUNS_DIR, else ./runs, against the cwd', () => {
    const cwd = '/work/x';
    expect(resolveRunsRoot({ flag: 'out', env: { MTAP_RUNS_DIR: '/data/runs' }, cwd })).toBe('/work/x/out');
    expect(resolveRunsRoot({ env: { MTAP_RUNS_DIR: '/data/runs' }, cwd })).toBe('/data/runs');
    expect(resolveRunsRoot({ env: { MTAP_RUNS_DIR: 'rel' }, cwd })).toBe('/work/x/rel');
    expect(resolveRunsRoot({ flag: '', env: { MTAP_RUNS_DIR: ' ' }, cwd })).toBe('/work/x/runs');
    expect(resolveRunsRoot({ cwd })).toBe('/work/x/runs');
  });
});

describe('openRunDir', () => {
  it('finds a run with a run.json', async () => {
    const root = tempDir();
    const { runId, dir } = await createRunDir(root);
    writeFileSync(join(dir, 'run.json'), '{}');
    expect(openRunDir(root, runId)).toEqual({ runId, dir });
  });

  it('refuses missing runs, directories without run.json, and paths, with E_RUN_DIR', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'empty'));
    const attempt = (id: string) => {
      try {
        openRunDir(root, id);
        return null;
      } catch (err) {
        return isMtapError(err) ? [err.code, err.exitCode, err.message] : err;
      }
    };
    expect(attempt('20261122T024853.062Z-000000')).toEqual(['E_RUN_DIR', 2, expect.stringMatching(/no run directory/)]);
    expect(attempt('empty')).toEqual(['E_RUN_DIR', 2, expect.stringMatching(/not an mtap run directory \(no run\.json\)/)]);
    expect(attempt('../etc')).toEqual(['E_RUN_DIR', 2, expect.stringMatching(/not a path/)]);
    expect(attempt('..')).toEqual(['E_RUN_DIR', 2, expect.stringMatching(/not a path/)]);
    expect(existsSync(join(root, '20261122T024853.062Z-000000'))).toBe(false);
  });
});

/** Run a TS module's text with tsx and return its trimmed stdout. */
function runTs(source: string): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? res(out.trim()) : rej(new Error(`exit ${code}: ${err}`))));
  });
}
