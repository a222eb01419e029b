/**
 * Rendering a report to one HTML document: Preact's server renderer escapes every interpolated text
 * and attribute; the only markup taken as it is comes from this module's own components (the
 * stylesheet constant and the charts, checked by `safeSvg`).
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ReportData } from './model.js';
import { Page } from './page.js';

export function renderReport(data: ReportData): string {
  return `<!DOCTYPE html>\n${renderToString(h(Page, { data }))}\n`;
}
