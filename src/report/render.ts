/**
 * Rendering a report to one HTML document: Preact's server renderer escapes every interpolated text
 * and attribute; the only markup taken as it is comes from this module's own components (the
 * stylesheet constant and the charts, checked by `safeSvg`).
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { drawCharts, type ReportCharts } from './charts.js';
import type { ReportData } from './model.js';
import { Page } from './page.js';

/** The page for data and its charts (pure and synchronous). */
export function renderPage(data: ReportData, charts: ReportCharts): string {
  return `<!DOCTYPE html>\n${renderToString(h(Page, { data, charts }))}\n`;
}

/** Draw the charts, then the page. */
export async function renderReport(data: ReportData): Promise<string> {
  return renderPage(data, await drawCharts(data));
}
