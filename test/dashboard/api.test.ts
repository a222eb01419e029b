/**
 * The dashboard's JSON API over a store filled by real batches: the numbers are the analytics
 * module's for the same filter, the listings add up to them, the sources fall back as documented,
 * and nothing outside the API and the client's files is served.
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capability, pareto, PARETO_DIMENSIONS, stepStats, unitYields, retryRecoveredRate, rolledThroughputYield, type AnalyticsFilter } from '../../src/analytics/index.js';
import type { Dashboard, Envelope, FailingUnit, HeatmapData, LiveSnapshot, MeasurementSeries, MeasurementsData, Meta, OpenedFile, OverviewData, ParetoData, PlanDetail, PlanRef, UnitHistory, DryRunResult } from '../../src/dashboard/index.js';
import { compilePlan, dryRun, loadPlan } from '../../src/plan/index.js';
import { loadRunRecords } from '../../src/record/index.js';
import { openStore } from '../../src/store/index.js';
import { dashboardOn, filledStore, MARKUP_SN, PLAN } from './support.js';

let dash: Dashboard;
let fixture: Awaited<ReturnType<typeof filledStore>>;
/** What the analytics module says, computed on the store before the dashboard opens it. */
const expected = new Map<string, { units: number; fpy: number | null; final: number | null; rty: number | null; recovered: number | null }>();
let expectedPareto: { first: Awaited<ReturnType<typeof pareto>>; all: Awaited<ReturnType<typeof pareto>> };
let expectedCapability: Awaited<ReturnType<typeof capability>>;

const FILTERS: Record<string, { query: string; filter: AnalyticsFilter }> = {
  all: { query: '', filter: {} },
  lot1: { query: 'batch=LOT1', filter: { batches: ['LOT1'] } },
  st2: { query: 'station=ST2', filter: { stations: ['ST2'] } },
};

async function get<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${dash.url}${path}`, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a page or a plain 404
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** A request with the path exactly as written (fetch would normalize `..` away first). */
function raw(path: string, host = `127.0.0.1:${dash.port}`): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: dash.port, path, method: 'GET', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  fixture = await filledStore();
  const store = await openStore({ kind: 'duckdb', location: fixture.store });
  for (const [name, { filter }] of Object.entries(FILTERS)) {
    const { summary } = await unitYields(store, filter, []);
    const steps = await stepStats(store, filter);
    expected.set(name, {
      units: summary.units,
      fpy: summary.firstPassYield.value,
      final: summary.finalYield.value,
      rty: rolledThroughputYield(steps),
      recovered: retryRecoveredRate(steps).value,
    });
  }
  expectedPareto = { first: await pareto(store, {}, 'first'), all: await pareto(store, {}, 'all') };
  expectedCapability = await capability(store, {});
  await store.close();
  dash = await dashboardOn(fixture.root);
}, 60_000);

afterAll(async () => {
  await dash?.close();
});

describe('dashboard API: the analytics module\'s numbers', () => {
  it('binds to 127.0.0.1 on a free port by default', () => {
    expect(dash.host).toBe('127.0.0.1');
    expect(dash.url).toBe(`http://127.0.0.1:${dash.port}`);
    expect(dash.port).toBeGreaterThan(0);
  });

  it('offers the store\'s stations, batches, stages, firmware, plan versions and days as filters', async () => {
    const { body } = await get<Envelope<Meta>>('/api/meta');
    expect(body.source).toMatchObject({ id: 'main', kind: 'store', label: fixture.store, notice: null });
    expect(body.data!.options).toMatchObject({ stations: ['ST1', 'ST2'], batches: ['LOT1', 'LOT2'], stages: ['DVT'], planVersions: ['3'] });
    expect(body.data!.options.days?.min).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('gives the overview\'s yields exactly as analytics computes them, for each filter', async () => {
    for (const [name, { query }] of Object.entries(FILTERS)) {
      const { body } = await get<Envelope<OverviewData>>(`/api/overview?${query}`);
      const want = expected.get(name)!;
      expect(body.data!.yields.units, name).toBe(want.units);
      expect(body.data!.yields.firstPassYield.value, name).toBe(want.fpy);
      expect(body.data!.yields.finalYield.value, name).toBe(want.final);
      expect(body.data!.rty, name).toBe(want.rty);
      expect(body.data!.retryRecovered.value, name).toBe(want.recovered);
    }
    // The filters do narrow: the two batches differ.
    expect(expected.get('lot1')!.units).toBe(42);
    expect(expected.get('st2')!.units).toBe(30);
  });

  it('lists the runs in the filter with how their units ended', async () => {
    const { body } = await get<Envelope<OverviewData>>('/api/overview?batch=LOT2');
    expect(body.data!.runs).toHaveLength(1);
    expect(body.data!.runs[0]).toMatchObject({ batch_id: 'LOT2', station_id: 'ST2', units: 30, status: 'complete' });
    expect(body.data!.runs[0]!.passed + body.data!.runs[0]!.failed + body.data!.runs[0]!.errored).toBe(30);
    expect(body.data!.trend.batch.map((r) => r.group)).toEqual(['LOT2']);
  });

  it('gives every Pareto as analytics does, and each bar\'s units add up to its count', async () => {
    for (const mode of ['first', 'all'] as const) {
      const { body } = await get<Envelope<ParetoData>>(`/api/pareto?mode=${mode}`);
      expect(body.data!.pareto).toEqual(expectedPareto[mode]);
      for (const by of PARETO_DIMENSIONS) {
        for (const bar of body.data!.pareto[by]) {
          const units = await get<Envelope<FailingUnit[]>>(`/api/pareto/units?mode=${mode}&by=${by}&name=${encodeURIComponent(bar.name)}`);
          const sum = units.body.data!.reduce((n, u) => n + u.failures, 0);
          expect(sum, `${mode} ${by} ${bar.name}`).toBe(bar.count);
        }
      }
    }
    expect(expectedPareto.first.step.length).toBeGreaterThan(1);
  });

  it('puts the failures of each batch and station into the heatmap as analytics counts them', async () => {
    for (const [by, dim] of [['batch', 'batch'], ['station', 'station']] as const) {
      const { body } = await get<Envelope<HeatmapData>>(`/api/heatmap?by=${by}&mode=all`);
      const h = body.data!;
      expect(h.unavailable).toBeNull();
      const columnTotals = h.groups.map((_, j) => h.cells.reduce((n, row) => n + row[j]!, 0));
      const fromPareto = h.groups.map((g) => expectedPareto.all[dim].find((r) => r.name === g)?.count ?? 0);
      expect(columnTotals).toEqual(fromPareto);
      const rowTotals = h.steps.map((_, i) => h.cells[i]!.reduce((n, v) => n + v, 0));
      expect(rowTotals).toEqual(h.steps.map((s) => expectedPareto.all.step.find((r) => r.name === s)!.count));
    }
  });

  it('says why a heatmap the analytics module cannot break down is not shown, instead of counting it itself', async () => {
    const { body } = await get<Envelope<HeatmapData>>('/api/heatmap?by=site');
    expect(body.data!.unavailable).toMatch(/analytics/);
    expect(body.data!.cells).toEqual([]);
  });

  it('gives capability as analytics does, and each series holds exactly the values it counted', async () => {
    const { body } = await get<Envelope<MeasurementsData>>('/api/measurements');
    expect(body.data!.rows).toEqual(expectedCapability);
    for (const row of body.data!.rows) {
      const q = new URLSearchParams({ step: row.step, field: row.field, lo: row.lo === null ? '' : String(row.lo), hi: row.hi === null ? '' : String(row.hi) });
      const { body: s } = await get<Envelope<MeasurementSeries>>(`/api/measurements/series?${q}`);
      expect(s.data!.values.length + s.data!.omitted).toBe(row.n);
      const mean = s.data!.values.reduce((a, v) => a + v.value, 0) / s.data!.values.length;
      expect(mean).toBeCloseTo(row.mean, 9);
      const times = s.data!.values.map((v) => v.at ?? '');
      expect(times).toEqual([...times].sort());
    }
  });

  it('rejects bad choices with 400 and a message', async () => {
    expect((await get('/api/pareto?mode=sometimes')).status).toBe(400);
    expect((await get('/api/heatmap?by=colour')).status).toBe(400);
    expect((await get('/api/pareto/units?by=step')).status).toBe(400);
    const bad = await get<{ error: { message: string } }>('/api/overview?from=2026-12-01&to=2026-11-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/after/);
  });
});

describe('dashboard API: units, runs, plans', () => {
  it('finds serials and gives a serial\'s executions and every attempt, as recorded', async () => {
    const search = await get<Envelope<{ sn: string }[]>>('/api/units?q=a00');
    expect(search.body.data!.map((m) => m.sn)).toContain('A003');
    const records = await loadRunRecords(fixture.runs[0]!);
    const { body } = await get<Envelope<UnitHistory>>('/api/units/A003');
    const unit = records.units.find((u) => u.sn === 'A003')!;
    expect(body.data!.executions).toHaveLength(1);
    expect(body.data!.executions[0]).toMatchObject({ sn: 'A003', outcome: unit.outcome, hard_bin: unit.hard_bin, deciding_step: unit.deciding_step, final: true });
    expect(body.data!.attempts).toHaveLength(records.attempts.filter((a) => a.sn === 'A003').length);
    expect(body.data!.attempts.some((a) => a.measurements?.includes('temp_c=99'))).toBe(true);
    expect((await get('/api/units/NOPE')).status).toBe(404);
  });

  it('serves a serial with markup as data', async () => {
    const { body } = await get<Envelope<UnitHistory>>(`/api/units/${encodeURIComponent(MARKUP_SN)}`);
    expect(body.data!.sn).toBe(MARKUP_SN);
  });

  it('shows a run directory live: the snapshot counts what units.jsonl says, and the stream sends it', async () => {
    const runId = fixture.runs[1]!.split('/').pop()!;
    const records = await loadRunRecords(fixture.runs[1]!);
    const { body } = await get<LiveSnapshot>(`/api/live/runs/${runId}`);
    expect(body).toMatchObject({ run_id: runId, finished: true, sns: 30, done: 30, attempts: records.attempts.length });
    expect(body.passed).toBe(records.units.filter((u) => u.outcome === 'PASS').length);
    expect(body.sites.reduce((n, s) => n + s.passed + s.failed + s.errored + s.aborted, 0)).toBe(30);
    const ac = new AbortController();
    const res = await fetch(`${dash.url}/api/live/runs/${runId}/stream`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    expect(text).toMatch(/^event: snapshot\ndata: \{/);
    const list = await get<{ run_id: string }[]>('/api/live/runs');
    expect(list.body.map((r) => r.run_id).sort()).toEqual(fixture.runs.map((d) => d.split('/').pop()).sort());
    expect((await get('/api/live/runs/..%2F..%2Fetc')).status).toBe(404);
  });

  it('offers the runs\' plan and the --plan file, with its flow graph and the dry run of src/plan', async () => {
    const { body: plans } = await get<PlanRef[]>('/api/flow/plans');
    expect(plans).toHaveLength(1); // the runs' copies and --plan are the same text
    expect(plans[0]!.runs).toBe(2);
    const { body: d } = await get<PlanDetail>(`/api/flow/plans/${plans[0]!.id}`);
    const plan = loadPlan(PLAN);
    expect(d.steps.map((s) => s.id)).toEqual(plan.steps.map((s) => s.id));
    expect(d.graph.nodes.filter((n) => n.kind === 'test').map((n) => n.step).sort()).toEqual(d.steps.map((s) => s.clean).sort());
    expect(d.graph.nodes.filter((n) => n.kind === 'start')).toHaveLength(1);
    const { body: dry } = await get<DryRunResult>(`/api/flow/plans/${plans[0]!.id}/dry-run?job=DVT&fail=read_temp,read_temp_retest`);
    const want = dryRun(plan, compilePlan(plan), { job: 'DVT', fail: ['read_temp', 'read_temp_retest'] });
    expect(dry.ran.map((e) => (e.kind === 'test' ? e.id : e.message))).toEqual(want.ran.map((e) => (e.kind === 'test' ? e.id : e.message)));
    expect(dry.verdict).toMatchObject({ outcome: want.verdict.outcome, hard_bin: want.verdict.hardBin });
    const bad = await get<{ error: { message: string } }>(`/api/flow/plans/${plans[0]!.id}/dry-run?fail=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/nope/);
  });
});

describe('dashboard API: opening a file', () => {
  const open = async (files: { name: string; text: string }[], headers: Record<string, string> = { 'x-mtap-open': '1' }) => {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([f.text]), f.name);
    const res = await fetch(`${dash.url}/api/open`, { method: 'POST', body: form, headers });
    return { status: res.status, body: (await res.json()) as OpenedFile & { error?: { message: string } } };
  };

  it('reads one of our events.jsonl into memory and shows every view over it', async () => {
    const text = readFileSync(join(fixture.runs[1]!, 'events.jsonl'), 'utf8');
    const { status, body } = await open([{ name: 'events.jsonl', text }]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'mtap-v1', units: 30, runs: 1 });
    const ov = await get<Envelope<OverviewData>>(`/api/overview?source=${body.source.id}`);
    expect(ov.body.source).toMatchObject({ kind: 'file', label: 'events.jsonl' });
    expect(ov.body.data!.yields.units).toBe(30);
    expect(ov.body.data!.runs).toHaveLength(1);
  });

  it('keeps bins and sites when the run\'s units.jsonl and run.json come along', async () => {
    const read = (f: string) => ({ name: f, text: readFileSync(join(fixture.runs[0]!, f), 'utf8') });
    const { body } = await open([read('events.jsonl'), read('units.jsonl'), read('run.json')]);
    expect(body).toMatchObject({ kind: 'mtap', units: 42 });
    const p = await get<Envelope<ParetoData>>(`/api/pareto?source=${body.source.id}`);
    expect(p.body.data!.pareto.bin.length).toBeGreaterThan(0);
    expect(p.body.data!.pareto.bin.every((r) => r.name !== '(none)')).toBe(true);
  });

  it('reads an events.jsonl written by the MTAP reference (schema v1), skipping lines that are not records', async () => {
    const ev = (sn: string, step: string, attempt: number, passed: boolean) =>
      JSON.stringify({
        schema_version: 1, timestamp: `2026-11-22T02:48:5${attempt}.062657+00:00`, run_id: '20261122T024853Z', batch_id: 'LOCAL', station_id: 'ST01',
        stage: 'EVT', sn, fw_version: '1.0.0', test_step: step, command: step.toUpperCase(), attempt, retry_count: attempt - 1, retries_allowed: 3,
        timeout_s: 2.0, backoff_ms: 200, duration_ms: 0, passed, error_code: passed ? null : 'E_TIMEOUT', measurement: null, value: null, units: null,
        message: passed ? 'OK' : 'timeout', data: {},
      });
    const text = [ev('SN1', 'ping', 1, true), ev('SN2', 'read_temp', 1, false), 'not json', ev('SN2', 'read_temp', 2, true), ''].join('\n');
    const { status, body } = await open([{ name: 'mtap-v1.jsonl', text }]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'mtap-v1', units: 2, attempts: 3, skipped_lines: 1 });
    const ov = await get<Envelope<OverviewData>>(`/api/overview?source=${body.source.id}`);
    expect(ov.body.data!.yields).toMatchObject({ units: 2, passed: 2, firstPass: 1 });
  });

  it('refuses a request without the dashboard\'s header, a file that is not a log, and an unknown source', async () => {
    expect((await open([{ name: 'events.jsonl', text: '{}\n' }], {})).status).toBe(403);
    const junk = await open([{ name: 'notes.txt', text: 'hello\nworld\n' }]);
    expect(junk.status).toBe(400);
    expect(junk.body.error!.message).toMatch(/no step attempts/);
    expect((await get('/api/overview?source=file:000000000000')).status).toBe(404);
  });
});

describe('dashboard security', () => {
  it('serves the client\'s page at /, with a content security policy', async () => {
    const res = await get<string>('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="app">');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 to path traversal, however it is spelled, and to unknown routes', async () => {
    const secret = readFileSync('package.json', 'utf8').slice(0, 40);
    for (const path of [
      '/../package.json',
      '/../../../../etc/passwd',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '//etc/passwd',
      '/assets/',
      '/assets',
      '/src/dashboard/app.ts',
      '/dist/cli/main.js',
      '/api/../package.json',
      '/api/nothing',
      '/api/units/..%2F..%2Fpackage.json/x',
      '/index.html%00.js',
    ]) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain(secret);
      expect(res.body, path).not.toContain('root:');
    }
    expect((await raw('/api/units/..%2F..%2Fpackage.json')).status).toBe(404); // a serial that does not exist
    // Raw backslashes are not a valid request target: Node's HTTP parser refuses them before the app.
    const backslash = await raw('/assets/..\\..\\package.json');
    expect(backslash.status).toBe(400);
    expect(backslash.body).not.toContain(secret);
  });

  it('refuses writes: no route takes a POST or DELETE but opening a file', async () => {
    for (const [method, path] of [['POST', '/api/meta'], ['DELETE', '/api/units/A003'], ['PUT', '/'], ['POST', '/api/overview']] as const) {
      const res = await fetch(`${dash.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it('refuses a Host that is not its own (DNS rebinding)', async () => {
    const res = await raw('/api/meta', 'attacker.example:80');
    expect(res.status).toBe(421);
    expect((await raw('/api/meta', `localhost:${dash.port}`)).status).toBe(200);
  });
});

describe('dashboard sources: missing, empty, busy', () => {
  it('shows a helpful empty state when there is no store and no runs', async () => {
    const { tmp } = await import('./support.js');
    const root = tmp();
    const d = await dashboardOn(root);
    try {
      for (const path of ['/api/overview', '/api/pareto', '/api/meta', '/api/units?q=x', '/api/measurements', '/api/heatmap']) {
        const res = await fetch(`${d.url}${path}`);
        expect(res.status, path).toBe(200);
        const body = (await res.json()) as Envelope<unknown>;
        expect(body.data, path).toBeNull();
        expect(body.source.kind).toBe('none');
        expect(body.source.notice).toMatch(/no store .*mtap ingest/i);
        expect(body.source.notice).toMatch(/mtap batch|mtap demo/);
      }
      expect(await (await fetch(`${d.url}/api/live/runs`)).json()).toEqual([]);
      expect(await (await fetch(`${d.url}/api/flow/plans`)).json()).toHaveLength(1); // the --plan file
    } finally {
      await d.close();
    }
  });

  it('says an empty store is empty', async () => {
    const { tmp } = await import('./support.js');
    const root = tmp();
    await (await openStore({ kind: 'duckdb', location: join(root, 'mtap.duckdb') })).close();
    const d = await dashboardOn(root);
    try {
      const body = (await (await fetch(`${d.url}/api/overview`)).json()) as Envelope<OverviewData>;
      expect(body.data).toBeNull();
      expect(body.source.notice).toMatch(/is empty/);
    } finally {
      await d.close();
    }
  });

  it('reads the run directories when the store is held by another process, and says so', async () => {
    const { spawn } = await import('node:child_process');
    // Another process holds the store file (as a batch writing it would).
    const holder = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; const i = await DuckDBInstance.create(${JSON.stringify(fixture.store)}); await i.connect(); console.log('held'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
      // Our lease may still hold the file from an earlier request: wait until it lets go.
      await new Promise((r) => setTimeout(r, 600));
      // A question not asked before (an answer kept from the unchanged store would still be given).
      const body = (await (await fetch(`${dash.url}/api/overview?stage=DVT`)).json()) as Envelope<OverviewData>;
      expect(body.source.kind).toBe('runs-dir');
      expect(body.source.notice).toMatch(/in use by another process/);
      expect(body.data!.yields.units).toBe(expected.get('all')!.units);
      const kept = (await (await fetch(`${dash.url}/api/overview`)).json()) as Envelope<OverviewData>;
      expect(kept.source.kind).toBe('store');
      expect(kept.data!.yields.units).toBe(expected.get('all')!.units);
    } finally {
      holder.stdin!.end();
      await new Promise((r) => holder.on('exit', r));
    }
    await new Promise((r) => setTimeout(r, 100));
    const again = (await (await fetch(`${dash.url}/api/overview?stage=DVT`)).json()) as Envelope<OverviewData>;
    expect(again.source.kind).toBe('store');
  });

  it('lets another process write the store between requests (it holds the file only briefly)', async () => {
    const { spawn } = await import('node:child_process');
    expect((await fetch(`${dash.url}/api/overview`)).status).toBe(200);
    // A writer (a batch, mtap ingest) opens the file read-write, retrying while it is held, as the store does.
    const writer = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api';
         const until = Date.now() + 5000;
         for (;;) {
           try { const i = await DuckDBInstance.create(${JSON.stringify(fixture.store)}); (await i.connect()).closeSync(); i.closeSync(); console.log('wrote'); break; }
           catch (e) { if (Date.now() > until) { console.log('locked out'); break; } await new Promise((r) => setTimeout(r, 50)); }
         }`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    writer.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    await new Promise((r) => writer.on('exit', r));
    expect(out.trim()).toBe('wrote');
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
