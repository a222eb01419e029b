/**
 * The dashboard's answer cache: an answer is kept while the store it came from is unchanged, and
 * computed anew once a writer changes the file; the run directories' answers are never kept; and a
 * DuckDB store is found whether or not the question has a cache key.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/dashboard/cache.js';
import { MainSource } from '../../src/dashboard/sources.js';
import type { SourceInfo } from '../../src/dashboard/shared/api.js';
import type { Store } from '../../src/store/index.js';
import { cleanEnv, runCli } from '../support/proc.js';
import { runBatch, serials, tmp } from './support.js';

const later = <T>(v: T, ms = 5) => new Promise<T>((r) => setTimeout(() => r(v), ms));

describe('AnswerCache', () => {
  it('answers a question again only for the same version of the data', async () => {
    const cache = new AnswerCache();
    let computed = 0;
    const ask = (version: string) => cache.get<number>('q', version) ?? cache.set('q', version, later(++computed));
    expect(await ask('v1')).toBe(1);
    expect(await ask('v1')).toBe(1);
    expect(await ask('v2')).toBe(2);
    expect(await ask('v1')).toBe(3); // v2 replaced it
  });

  it('shares one computation between questions asked at the same time', async () => {
    const cache = new AnswerCache();
    let computed = 0;
    const ask = () => cache.get<number>('q', 'v') ?? cache.set('q', 'v', later(++computed, 20));
    expect(await Promise.all([ask(), ask(), ask()])).toEqual([1, 1, 1]);
  });

  it('never keeps a failed answer', async () => {
    const cache = new AnswerCache();
    await expect(cache.set('q', 'v', Promise.reject(new Error('locked')))).rejects.toThrow('locked');
    await later(null);
    expect(cache.get('q', 'v')).toBeUndefined();
  });

  it('forgets the least recently used question first', async () => {
    const cache = new AnswerCache(2);
    await cache.set('a', 'v', later('A'));
    await cache.set('b', 'v', later('B'));
    expect(await cache.get('a', 'v')).toBe('A'); // a is now the most recently used
    await cache.set('c', 'v', later('C'));
    expect(cache.get('b', 'v')).toBeUndefined();
    expect(await cache.get('a', 'v')).toBe('A');
    expect(await cache.get('c', 'v')).toBe('C');
  });
});

describe('MainSource: answers from the store, kept while it is unchanged', () => {
  let root: string;
  let storeFile: string;
  let runs: string[];
  let source: MainSource;

  /**
   * A writer in another process, as in real life (mtap ingest waits while the dashboard holds the
   * file). In this process it would not wait: file locks do not exclude the process that holds them.
   */
  const ingest = async (dir: string) => {
    const r = await runCli(['ingest', '--store', storeFile, dir], { env: cleanEnv(), timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
  };
  let calls = 0;
  /** Units in the store as the source sees them, and where the answer came from. */
  const units = (key?: string) =>
    source.use(async (store: Store | null, info: SourceInfo) => {
      calls++;
      const n = store ? Number((await store.query<{ n: number }>('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM units'))[0]!.n) : null;
      return { n, kind: info.kind };
    }, key);

  beforeAll(async () => {
    root = tmp();
    storeFile = join(root, 'mtap.duckdb');
    runs = [
      await runBatch(root, { batch: 'C1', station: 'S1', sns: serials('C', 6), seed: 1 }),
      await runBatch(root, { batch: 'C2', station: 'S1', sns: serials('D', 4), seed: 2 }),
    ];
    await ingest(runs[0]!);
    source = new MainSource({ kind: 'duckdb', location: storeFile }, root);
  }, 60_000);

  afterAll(async () => {
    await source?.close();
  });

  it('finds a DuckDB store also for a question without a cache key', async () => {
    expect(await units()).toEqual({ n: 6, kind: 'store' });
  });

  it('answers a question again from the cache until a writer changes the store, then anew', async () => {
    calls = 0;
    expect(await units('/api/x?')).toEqual({ n: 6, kind: 'store' });
    expect(await units('/api/x?')).toEqual({ n: 6, kind: 'store' });
    expect(calls).toBe(1);
    await ingest(runs[1]!);
    expect(await units('/api/x?')).toEqual({ n: 10, kind: 'store' });
    expect(calls).toBe(2);
    // Without a key, nothing is kept.
    await units();
    await units();
    expect(calls).toBe(4);
  });

  it('while a writer holds the store: a kept answer still holds (the file did not change); a new question reads the run directories', async () => {
    expect(await units('/api/held?a')).toEqual({ n: 10, kind: 'store' });
    // Let the dashboard's own hold on the file lapse, then another process takes it.
    await later(null, 600);
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(storeFile)}); await i.connect(); console.log('held'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
      calls = 0;
      expect(await units('/api/held?a')).toEqual({ n: 10, kind: 'store' });
      expect(calls).toBe(0);
      expect(await units('/api/held?b')).toEqual({ n: 10, kind: 'runs-dir' });
      // The run directories' answers are not kept: they grow without the store changing.
      expect(await units('/api/held?b')).toEqual({ n: 10, kind: 'runs-dir' });
      expect(calls).toBe(2);
    } finally {
      holder.stdin!.end();
      await new Promise((r) => holder.on('exit', r));
    }
    expect(await units('/api/held?b')).toEqual({ n: 10, kind: 'store' });
  }, 30_000);
});
