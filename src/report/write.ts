/**
 * Writing a run's report: gather (load.ts), render (render.ts), and write the file atomically (a
 * report is either absent or complete), by default as qualification_report.html in the run directory.
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../record/index.js';
import { loadReportData, REPORT_FILE, type LoadOptions } from './load.js';
import { renderReport } from './render.js';

export interface WrittenReport {
  file: string;
  bytes: number;
  /** Wall time, gathering included. */
  ms: number;
  units: number;
}

export async function writeReport(dir: string, opts: LoadOptions = {}): Promise<WrittenReport> {
  const t0 = performance.now();
  const file = resolve(opts.out ?? join(dir, REPORT_FILE));
  const data = await loadReportData(dir, { ...opts, out: file });
  const html = await renderReport(data);
  await writeFileAtomic(file, html);
  const y = data.analytics.yields;
  return { file, bytes: Buffer.byteLength(html), ms: performance.now() - t0, units: y.units + y.aborted };
}
