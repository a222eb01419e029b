/**
 * The qualification report: one self-contained HTML file per run — what a quality engineer signs and
 * an auditor reads. It opens offline (inline CSS, inline SVG charts, no script, nothing fetched) and
 * shows the run header, the verdict, requirement verification, yields with intervals, Pareto charts,
 * steps, measurement histograms with capability, failures, units with bins, the plan's flow and links
 * to the raw files. Every figure comes from src/analytics over the run, loaded into an in-memory
 * DuckDB; every interpolated text is escaped. Written at the end of every batch and by `mtap report`.
 * See docs/report.md.
 *
 *     const r = await writeReport('runs/20261122T024853.062Z-7f3a2c');
 *     r.file    // …/qualification_report.html
 *
 *     const html = await renderReport(await loadReportData(dir));   // the same, in two steps
 */
export { listArtifacts, relativeHref } from './artifacts.js';
export { chartDrawer, drawCharts, PARETO_CHARTS, safeSvg, type ChartDrawer, type ParetoChartId, type ReportCharts } from './charts.js';
export { loadReportData, REPORT_FILE, type LoadOptions } from './load.js';
export { LIMITS, measurementKey, type Artifact, type FailureRow, type Listing, type ReportData, type UnitRow, type Verdict, type VerdictKind } from './model.js';
export { SECTIONS } from './page.js';
export { renderPage, renderReport } from './render.js';
export { runVerdict } from './verdict.js';
export { writeReport, type WrittenReport } from './write.js';
