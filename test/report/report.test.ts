/**
 * The qualification report from a hand-built run directory: every section in order, every figure the
 * analytics module's, requirement verification as coverage_matrix.csv has it, failures and units
 * listed (and capped with a note), links relative to where the report is written, nothing taken as
 * markup, and one clear error for a directory that is not a run.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binSummary, fullAnalytics, measurementHistograms, pareto, stepDurations, type UnitCounts } from '../../src/analytics/index.js';
import { isMtapError } from '../../src/errors.js';
import { parsePlan } from '../../src/plan/index.js';
import { loadRunRecords, RUN_FILES } from '../../src/record/index.js';
import { LIMITS } from '../../src/report/index.js';
import { chartDrawer, drawCharts, loadReportData, relativeHref, renderPage, runVerdict, safeSvg, SECTIONS, writeReport, type ReportCharts, type ReportData } from '../../src/report/index.js';
import { failures } from '../../src/report/queries.js';
import { DuckDbStore, ingestRunDir } from '../../src/store/index.js';
import { buildCoverageMatrix, loadRequirements } from '../../src/trace/index.js';
import { FORMULA_SN, MARKUP_MESSAGE, MARKUP_SN, PLAN_TEXT, worstCaseRun, writeFixtureRun } from './fixture.js';

let dir: string;
let data: ReportData;
let html: string;
let charts: ReportCharts;

beforeAll(async () => {
  dir = writeFixtureRun();
  data = await loadReportData(dir, { now: () => new Date('2026-11-23T10:00:00Z') });
  charts = await drawCharts(data);
  html = renderPage(data, charts);
});
afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

/** Text as Preact writes it: `&`, `<` and `"` escaped (a `>` needs no escaping in HTML text). */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

describe('qualification report', () => {
  it('has every section, in order, and the run header', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const at = SECTIONS.map(([id]) => html.indexOf(`<section id="${id}"`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const text of ['LOT-42', 'ST-07 (FCT-A)', 'DVT', 'ab'.repeat(32), '20261122T080000.000Z-abc123', '1.0.0 (12)', '2026-11-22 08:00:00 UTC', 'mtap 0.1.0']) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain('Board &lt;FCT> v7');
  });

  it('takes nothing it did not write as markup: serials, DUT messages, plan names, requirement titles', () => {
    expect(html).not.toMatch(/<script|<img/i);
    expect(html, 'an event handler in a tag').not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).toContain(escaped(MARKUP_SN));
    // The DUT's message, escaped, in the failures table.
    expect(html).toContain(`<td class="msg" data-message="true">${escaped(MARKUP_MESSAGE)}</td>`);
    expect(html).toContain('Supply within 11.4–12.6 V &lt;nominal 12 V>');
    expect(html).toContain(escaped(FORMULA_SN));
    // The one markup taken as is: the stylesheet and the charts, which carry no script.
    expect(html.match(/<svg/g)!.length).toBeGreaterThan(5);
  });

  it('shows the analytics module\'s figures, computed over the run loaded into DuckDB', async () => {
    const store = await DuckDbStore.open(':memory:');
    try {
      await ingestRunDir(store, dir);
      const filter = { runs: [data.info.run_id] };
      expect(data.analytics).toEqual(await fullAnalytics(store, filter, { paretoMode: 'first' }));
      expect(data.paretoAll).toEqual(await pareto(store, filter, 'all'));
      expect(data.durations).toEqual(await stepDurations(store, filter));
      expect(data.histograms).toEqual(await measurementHistograms(store, filter));
      expect(data.bins).toEqual(await binSummary(store, filter));
    } finally {
      await store.close();
    }
    const y = data.analytics.yields;
    expect(y).toMatchObject({ units: 11, passed: 9, failed: 1, errors: 1, aborted: 1 });
    const kpi = (id: string) => new RegExp(`data-kpi="${id}"><div class="label">[^<]*</div><div class="value">([^<]*)</div>`).exec(html)?.[1];
    expect(kpi('units')).toBe('11');
    expect(kpi('final')).toBe(`${((9 / 11) * 100).toFixed(1)}%`);
    expect(kpi('fpy')).toBe(`${((y.firstPassYield.value ?? 0) * 100).toFixed(1)}%`);
    expect(html).toContain(`95% CI ${(y.finalYield.ci!.lo * 100).toFixed(1)}%–${(y.finalYield.ci!.hi * 100).toFixed(1)}% · 9/11`);
  });

  it('verifies requirements exactly as coverage_matrix.csv does', async () => {
    if (data.coverage.rows === null) throw new Error(data.coverage.note);
    const reqs = loadRequirements(join(dirname(dir), 'req.yaml'));
    const expected = buildCoverageMatrix(reqs.items, parsePlan(PLAN_TEXT, 'plan.yaml'), await loadRunRecords(dir));
    expect(data.coverage.rows).toEqual(expected);
    expect(data.coverage.rows.map((r) => [r.reqId, r.status])).toEqual([
      ['REQ-001', 'VERIFIED'],
      ['REQ-002', 'FAILED'],
      ['REQ-003', 'FAILED'],
      ['REQ-004', 'VERIFIED'],
      ['REQ-009', 'NOT_COVERED'],
    ]);
    expect(html).toContain('<span class="status NOT_COVERED">NOT_COVERED</span>');
  });

  it('lists every failed attempt, retried ones marked, and the units that did not pass', () => {
    expect(data.failures.total).toBe(3);
    expect(data.failures.rows.map((f) => [f.sn, f.step, f.attempt, f.code, f.retried])).toEqual([
      [MARKUP_SN, 'read_temp', 1, 'E_BUSY', true],
      [MARKUP_SN, 'read_temp', 2, 'LIMIT_FAIL', false],
      ['SN-ERR', 'ping', 1, 'E_TIMEOUT', false],
    ]);
    expect(data.failures.rows[1]!.message).toBe(MARKUP_MESSAGE);
    expect(data.nonPassingUnits.rows.map((u) => [u.sn, u.outcome, u.hardBin, u.softBin])).toEqual([
      [MARKUP_SN, 'FAIL', 2, 299],
      ['SN-ABORT', 'ABORTED', null, null],
      ['SN-ERR', 'ERROR', 9, 900],
    ]);
    expect(data.passingSerials.total).toBe(9);
    expect(data.passingSerials.rows).toContain(FORMULA_SN);
    expect(data.verdict.kind).toBe('FAIL');
    expect(html).toContain('data-verdict="FAIL"');
  });

  it('a capped table says how many rows it left out and where they are', async () => {
    const store = await DuckDbStore.open(':memory:');
    try {
      await ingestRunDir(store, dir);
      const capped = await failures(store, { runs: [data.info.run_id] }, 1);
      expect(capped.rows).toHaveLength(1);
      expect(capped.total).toBe(3);
      const page = renderPage({ ...data, failures: capped }, charts);
      expect(page).toContain('Showing the first 1 of 3 failed attempts; the other 2 are in events.jsonl and events.csv');
    } finally {
      await store.close();
    }
    expect(html).not.toContain('data-capped');
  });

  it('links the raw files relative to where the report is written; the report is not in the list', async () => {
    const out = join(dirname(dir), 'out', 'r.html');
    mkdirSync(dirname(out), { recursive: true });
    const r = await writeReport(dir, { out });
    expect(r.file).toBe(out);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<a href="../run/events.jsonl">events.jsonl</a>');
    const inDir = await writeReport(dir);
    expect(inDir.file).toBe(join(dir, RUN_FILES.report));
    const again = await loadReportData(dir);
    expect(again.artifacts.map((a) => a.href)).toEqual(['events.jsonl', 'units.jsonl', 'run.json', 'plan.yaml']);
    expect(relativeHref('/a/b', '/a/c d/e#f.csv')).toBe('../c%20d/e%23f.csv');
  });

  it('says what it could not show: no plan.yaml, a requirements file gone', async () => {
    const other = writeFixtureRun();
    try {
      rmSync(join(other, RUN_FILES.plan));
      rmSync(join(dirname(other), 'req.yaml'));
      const d = await loadReportData(other);
      expect(d.plan.graph).toBeNull();
      expect(d.coverage.rows).toBeNull();
      const page = renderPage(d, await drawCharts(d));
      expect(page).toContain('No diagram: no plan.yaml in the run directory.');
      expect(page).toMatch(/No requirement matrix: the run's requirements file .*req\.yaml is not there any more/);
      expect(d.analytics.yields.units).toBe(11);
    } finally {
      rmSync(dirname(other), { recursive: true, force: true });
    }
  });

  it('10,000 units all failing, with long messages: every table at its cap and saying so, under 10 MB', { timeout: 120_000 }, async () => {
    const big = writeFixtureRun(worstCaseRun(10_000));
    try {
      const r = await writeReport(big);
      expect(r.bytes).toBeLessThan(10 * 1024 * 1024);
      const page = readFileSync(r.file, 'utf8');
      expect(page).toContain(`Showing the first ${LIMITS.failures.toLocaleString('en-US')} of 20,000 failed attempts`);
      expect(page).toContain(`Showing the first ${LIMITS.nonPassingUnits.toLocaleString('en-US')} of 10,000 units that did not pass; the other 5,000 are in units.jsonl`);
      // Long DUT messages are cut, not dropped.
      expect(page).toMatch(/vbat_v out of range x{200,}…</);
    } finally {
      rmSync(dirname(big), { recursive: true, force: true });
    }
  });

  it('a directory that does not exist, or is not a run: E_RUN_DIR, nothing written', async () => {
    for (const bad of [join(dirname(dir), 'nope'), dirname(dir)]) {
      const err = await loadReportData(bad).catch((e: unknown) => e);
      expect(isMtapError(err) && err.code).toBe('E_RUN_DIR');
      expect(existsSync(join(bad, RUN_FILES.report))).toBe(false);
    }
  });
});

describe('verdict', () => {
  const counts = (c: Partial<UnitCounts>): UnitCounts => ({
    units: 0, passed: 0, failed: 0, errors: 0, aborted: 0, firstPass: 0,
    firstPassYield: { count: 0, total: 0, value: null, ci: null }, finalYield: { count: 0, total: 0, value: null, ci: null }, ...c,
  });
  it('PASS only when every serial was tested and passed; FAIL on any FAIL or ERROR; else INCOMPLETE', () => {
    expect(runVerdict(counts({ units: 3, passed: 3 }), 3, 'R')).toEqual({ kind: 'PASS', reason: 'all 3 units of the run passed' });
    expect(runVerdict(counts({ units: 3, passed: 2, errors: 1 }), 3, 'R')).toEqual({ kind: 'FAIL', reason: '1 unit could not be tested (ERROR)' });
    expect(runVerdict(counts({ units: 2, passed: 2, aborted: 1 }), 4, 'R')).toEqual({
      kind: 'INCOMPLETE',
      reason: '2 units passed; 2 serials without a final result (1 aborted, 1 not tested): mtap batch --resume R tests them',
    });
    expect(runVerdict(counts({}), 0, 'R')).toEqual({ kind: 'INCOMPLETE', reason: 'no unit was tested' });
  });
});

describe('charts', () => {
  it('echarts writes names as text, and safeSvg passes its drawing', async () => {
    const svg = (await chartDrawer()).pareto([{ name: '<script>alert(1)</script>', count: 2, percent: 50, cumulative: 50 }, { name: 'onload=x "q"', count: 2, percent: 50, cumulative: 100 }], 'units');
    expect(svg).not.toBeNull();
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toMatch(/<script/i);
  });
  it('safeSvg refuses anything that runs or fetches', () => {
    for (const bad of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><image href="http://example.com/x.png"/></svg>',
      '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
      '<svg><rect fill="url(http://example.com/#p)"/></svg>',
      '<svg><foreignObject><div/></foreignObject></svg>',
      '<div>not svg</div>',
    ]) {
      expect(safeSvg(bad), bad).toBeNull();
    }
    const ok = '<svg><defs><clipPath id="c"></clipPath></defs><g clip-path="url(#c)"><text>onload=x &lt;script&gt;</text></g></svg>';
    expect(safeSvg(ok)).toBe(ok);
  });
});
