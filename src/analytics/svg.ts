/**
 * A Pareto chart as plain SVG text: bars of the counts (descending), the cumulative percent as a line
 * on a 0–100% right axis, and a dashed 80% line. No dependency; every text is XML-escaped. MTAP drew
 * PNG bars with matplotlib and no cumulative line (its bugs 26 and 28).
 *
 *     writeFileSync('pareto_steps.svg', paretoSvg(rows, { title: 'Pareto: failing steps', yLabel: 'failed attempts' }));
 */
import type { ParetoRow } from './pareto.js';

export interface ChartOptions {
  title: string;
  yLabel: string;
  xLabel?: string;
  /** Bars shown (the rest are left out; their share still counts in the cumulative line). */
  top?: number;
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (n: number) => (Math.round(n * 10) / 10).toString();

/** A "nice" axis maximum ≥ max: 1, 2 or 5 × a power of ten. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= max)!;
}

export function paretoSvg(rows: readonly ParetoRow[], opts: ChartOptions): string {
  const width = opts.width ?? 720;
  const height = opts.height ?? 420;
  const shown = rows.slice(0, opts.top ?? 10);
  const m = { left: 64, right: 56, top: 44, bottom: 110 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const yMax = niceMax(Math.max(0, ...shown.map((r) => r.count)));
  const y = (v: number) => m.top + h - (v / yMax) * h;
  const yPct = (p: number) => m.top + h - (p / 100) * h;
  const slot = shown.length ? w / shown.length : w;
  const x = (i: number) => m.left + i * slot;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(opts.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(opts.title)}</text>`,
  ];
  // Axes and ticks: counts on the left, percent on the right.
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    const py = num(y(v));
    out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${py}" y2="${py}" stroke="#eee"/>`);
    out.push(`<text x="${m.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${esc(num(v))}</text>`);
    out.push(`<text x="${m.left + w + 6}" y="${num(yPct(i * 20))}" dominant-baseline="middle">${i * 20}%</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + h}" stroke="#333"/>`);
  out.push(`<line x1="${m.left + w}" x2="${m.left + w}" y1="${m.top}" y2="${m.top + h}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${m.top + h}" y2="${m.top + h}" stroke="#333"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${num(yPct(80))}" y2="${num(yPct(80))}" stroke="#c00" stroke-dasharray="4 3"/>`);
  shown.forEach((r, i) => {
    const bx = x(i) + slot * 0.15;
    const by = y(r.count);
    out.push(
      `<rect x="${num(bx)}" y="${num(by)}" width="${num(slot * 0.7)}" height="${num(m.top + h - by)}" fill="#4a78b5"><title>${esc(`${r.name}: ${r.count} (${r.percent.toFixed(1)}%)`)}</title></rect>`,
    );
    const cx = num(x(i) + slot / 2);
    const cy = num(m.top + h + 10);
    out.push(`<text x="${cx}" y="${cy}" text-anchor="end" transform="rotate(-45 ${cx} ${cy})">${esc(r.name)}</text>`);
  });
  if (shown.length) {
    const points = shown.map((r, i) => `${num(x(i) + slot / 2)},${num(yPct(r.cumulative))}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="#c60" stroke-width="2"/>`);
    for (const p of points.split(' ')) {
      const [px, py] = p.split(',');
      out.push(`<circle cx="${px}" cy="${py}" r="3" fill="#c60"/>`);
    }
  } else {
    out.push(`<text x="${m.left + w / 2}" y="${m.top + h / 2}" text-anchor="middle" fill="#666">no failures</text>`);
  }
  out.push(`<text x="${m.left + w / 2}" y="${height - 8}" text-anchor="middle">${esc(opts.xLabel ?? 'category')}</text>`);
  out.push(`<text transform="rotate(-90 16 ${m.top + h / 2})" x="16" y="${m.top + h / 2}" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  out.push(`<text transform="rotate(90 ${width - 12} ${m.top + h / 2})" x="${width - 12}" y="${m.top + h / 2}" text-anchor="middle">cumulative %</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
