/**
 * What the dashboard tests share: a store filled by real batches (the example plan against the
 * in-process simulator), a dashboard over it, Chromium driven by playwright-core, and a console
 * watcher. Chromium is Debian's, at /usr/bin/chromium (.ci/run installs it); without it the browser
 * tests fail with a message saying so, they never skip.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDut, Script, type ScriptEntry } from '../../src/dut/index.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/index.js';
import { startRun } from '../../src/exec/index.js';
import { loadPlan } from '../../src/plan/index.js';
import { ingestRunDir, openStore } from '../../src/store/index.js';

export const CHROMIUM = '/usr/bin/chromium';
export const PLAN = 'examples/board-fct.yaml';
export const SCREENSHOTS = 'test-results/dashboard';

export const tmp = (prefix = 'mtap-dash-') => mkdtempSync(join(tmpdir(), prefix));

export interface BatchSpec {
  batch: string;
  station: string;
  sns: string[];
  seed: number;
  profile?: string;
  script?: ScriptEntry[];
  sites?: number;
}

/** Run one batch of the example plan into `root`; returns the run directory. */
export async function runBatch(root: string, spec: BatchSpec): Promise<string> {
  const dut = await startDut({ port: 0, seed: spec.seed, env: {}, profile: spec.profile ?? 'factory-flaky', ...(spec.script && { script: new Script(spec.script) }) });
  try {
    const run = await startRun({
      plan: loadPlan(PLAN),
      runsRoot: root,
      batchId: spec.batch,
      stationId: spec.station,
      stage: 'DVT',
      enables: [],
      sns: spec.sns,
      sites: spec.sites ?? 4,
      duts: [{ host: '127.0.0.1', port: dut.port }],
      requirements: null,
      signal: new AbortController().signal,
    });
    return run.dir;
  } finally {
    await dut.close();
  }
}

export const serials = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);

/** A serial with markup in it: the page must show it as text. */
export const MARKUP_SN = '<img/src=x/onerror=alert(1)>';
/** A serial a spreadsheet would run as a formula: CSV downloads must neutralize it. */
export const FORMULA_SN = '=1+2';

/**
 * Two batches on two stations, failures of several kinds (the flaky profile, a temperature out of
 * limits, a self-test error), a retried step, and serials with markup and a formula; ingested into the store.
 */
export async function filledStore(): Promise<{ root: string; store: string; runs: string[] }> {
  const root = tmp();
  const runs = [
    await runBatch(root, {
      batch: 'LOT1',
      station: 'ST1',
      sns: [...serials('A', 40), MARKUP_SN, FORMULA_SN],
      seed: 2,
      script: [
        { sn: 'A003', cmd: 'READ_TEMP', data: { temp_c: 99 } },
        { sn: 'A007', cmd: 'SELF_TEST', error: 'E_INTERNAL', message: 'stuck bit' },
        { sn: 'A011', cmd: 'READ_TEMP', attempt: 1, error: 'E_BUSY', message: 'busy' },
      ],
    }),
    await runBatch(root, { batch: 'LOT2', station: 'ST2', sns: serials('B', 30), seed: 5, script: [{ sn: 'B002', cmd: 'PING', error: 'E_INTERNAL', message: 'dead' }] }),
  ];
  const store = join(root, 'mtap.duckdb');
  const s = await openStore({ kind: 'duckdb', location: store });
  for (const dir of runs) await ingestRunDir(s, dir);
  await s.close();
  return { root, store, runs };
}

export function dashboardOn(root: string, store = join(root, 'mtap.duckdb')): Promise<Dashboard> {
  return startDashboard({ store: { kind: 'duckdb', location: store }, runsRoot: root, plans: [PLAN] });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run installs it)`);
  }
  // playwright starts it with a fresh, temporary user data directory of its own, and --headless.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Console errors, page errors and failed requests of a page, collected as they happen. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
