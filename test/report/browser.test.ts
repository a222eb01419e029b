/**
 * The report in Chromium (playwright-core, Debian's /usr/bin/chromium), opened from disk with the
 * network cut: the only request is the file itself, every section is there, the charts and the flow
 * are drawn (non-empty SVG), a markup serial and a markup DUT message read as text (no script runs,
 * no dialog opens), and it reads the same with JavaScript turned off. Screenshots go under
 * test-results/report/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTIONS, writeReport } from '../../src/report/index.js';
import { launchChromium } from '../dashboard/support.js';
import { MARKUP_MESSAGE, MARKUP_SN, writeFixtureRun } from './fixture.js';

const SHOTS = 'test-results/report';

let browser: Browser;
let dir: string;
let url: string;

beforeAll(async () => {
  dir = writeFixtureRun();
  url = pathToFileURL((await writeReport(dir)).file).href;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  rmSync(dirname(dir), { recursive: true, force: true });
});

interface Opened {
  context: BrowserContext;
  page: Page;
  requests: string[];
  problems: string[];
}

/** Open the report offline: every request is recorded, anything but the file itself is aborted. */
async function open(javaScriptEnabled: boolean): Promise<Opened> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  await context.setOffline(true);
  const requests: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, requests, problems };
}

async function svgSize(page: Page, selector: string): Promise<{ count: number; minShapes: number; minWidth: number }> {
  const svgs = page.locator(selector);
  const count = await svgs.count();
  let minShapes = Infinity;
  let minWidth = Infinity;
  for (let i = 0; i < count; i++) {
    const svg = svgs.nth(i);
    minShapes = Math.min(minShapes, await svg.locator('path, rect, line, polyline').count());
    minWidth = Math.min(minWidth, (await svg.boundingBox())?.width ?? 0);
  }
  return { count, minShapes, minWidth };
}

describe('the report in Chromium, offline', () => {
  it('fetches nothing but itself, shows every section and draws every chart', async () => {
    const o = await open(true);
    try {
      expect(o.requests).toEqual([url]);
      for (const [id] of SECTIONS) await expect.poll(() => o.page.locator(`section#${id}`).isVisible(), { message: id }).toBe(true);
      expect(await o.page.title()).toContain('Qualification report');

      const pareto = await svgSize(o.page, '#pareto figure svg');
      expect(pareto.count).toBe(4);
      expect(pareto.minShapes).toBeGreaterThan(5);
      expect(pareto.minWidth).toBeGreaterThan(200);
      const hist = await svgSize(o.page, '#measurements figure svg');
      expect(hist.count).toBe(2);
      expect(hist.minShapes).toBeGreaterThan(3);
      expect(hist.minWidth).toBeGreaterThan(200);
      // The flow: every node of the plan's graph, the failing steps marked.
      expect(await o.page.locator('#flow svg.flow g.flow-node').count()).toBe(10);
      expect(await o.page.locator('#flow svg.flow g.flow-node.test.failed').count()).toBe(2);
      expect(await o.page.locator('#artifacts a[href="events.jsonl"]').count()).toBe(1);

      mkdirSync(SHOTS, { recursive: true });
      await o.page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
      expect(o.requests).toEqual([url]);
      expect(o.problems).toEqual([]);
    } finally {
      await o.context.close();
    }
  });

  it('shows a markup serial and a markup DUT message as text: no script, no image, no dialog', async () => {
    const o = await open(true);
    try {
      expect(await o.page.locator('script').count()).toBe(0);
      expect(await o.page.locator('img').count()).toBe(0);
      const sn = o.page.locator('#failures td[data-sn]').first();
      expect(await sn.textContent()).toBe(MARKUP_SN);
      expect(await sn.isVisible()).toBe(true);
      expect(await o.page.locator('#units td[data-sn]').first().textContent()).toBe(MARKUP_SN);
      const message = o.page.locator('#failures td[data-message]').filter({ hasText: 'quoted' });
      expect(await message.textContent()).toBe(MARKUP_MESSAGE);
      expect(await o.page.locator('#header dd').first().textContent()).toBe('Board <FCT> v7');
      expect(o.problems).toEqual([]);
      expect(o.requests).toEqual([url]);
    } finally {
      await o.context.close();
    }
  });

  it('needs no script: with JavaScript off the sections, charts and tables are all there', async () => {
    const o = await open(false);
    try {
      for (const [id] of SECTIONS) expect(await o.page.locator(`section#${id}`).isVisible(), id).toBe(true);
      expect((await svgSize(o.page, 'figure svg')).count).toBe(6);
      expect(await o.page.locator('#failures tbody tr').count()).toBe(3);
      expect(await o.page.locator('#requirements tbody tr').count()).toBe(5);
      expect(o.requests).toEqual([url]);
      await o.page.screenshot({ path: join(SHOTS, 'report-no-js.png'), fullPage: true });
    } finally {
      await o.context.close();
    }
  });
});
