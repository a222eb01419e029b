/**
 * The report's charts as SVG text, drawn by echarts' server-side SVG renderer (no DOM, no script in
 * the page): the Pareto (bars, cumulative % line on a right axis, dashed 80 % line) and each
 * measurement's histogram (with LSL, USL and the mean marked). The charts only draw: every number in
 * them is an analytics result.
 *
 * The SVG is put in the page as it comes (the one raw HTML the report injects). echarts writes text
 * XML-escaped — step names, codes and fields come from plans and DUTs — and `safeSvg` refuses anything
 * that could run or fetch, as a second line of defence.
 *
 * echarts is loaded when the first report is drawn, not when mtap starts, and from its one-file
 * CommonJS bundle: its ES modules are hundreds of files that take over a second to load here, the
 * bundle about 0.2 s (the same renderer: the SVG is byte for byte the same).
 *
 *     const charts = await drawCharts(data);   // every chart of one report, as SVG text
 */
import { createRequire } from 'node:module';
import type { EChartsOption } from 'echarts';
import type { CapabilityRow, Histogram, ParetoRow } from '../analytics/index.js';
import { LIMITS, measurementKey, type ReportData } from './model.js';

type Init = (typeof import('echarts'))['init'];

// No quotes in the family: echarts writes it into a style attribute as it is.
const FONT = { fontFamily: 'system-ui, -apple-system, Segoe UI, sans-serif', fontSize: 11 };
const BAR = '#3b6fb6';
const LINE = '#d9822b';
const LIMIT = '#c23030';

/** In markup, nothing that runs or fetches: scripts, event handlers, foreign content, external references. */
const UNSAFE_MARKUP = /<(?:script|foreignobject|iframe|image|use|a)\b|\son\w+\s*=|javascript:|href\s*=\s*["'](?!#)|url\(\s*(?!["']?#)|@import/i;

/**
 * The SVG if it is plain drawing, else null (the page then says the chart was left out). Only the
 * tags are checked: text between them cannot hold markup (a `<` in text is written `&lt;`), so a step
 * named `onload=x` stays a label.
 */
export function safeSvg(svg: string): string | null {
  if (!svg.startsWith('<svg')) return null;
  const markup = (svg.match(/<[^>]*>/g) ?? []).join('');
  return UNSAFE_MARKUP.test(markup) ? null : svg;
}

function render(init: Init, option: EChartsOption, width: number, height: number): string | null {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: FONT, ...option });
    return safeSvg(chart.renderToSVGString());
  } finally {
    chart.dispose(); // a chart left undisposed keeps the process alive
  }
}

const short = (s: string, n = 28) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const one = (x: number) => Math.round(x * 10) / 10;

/** Bars of the top categories, the cumulative percent of all of them, and the 80 % line. */
function paretoChart(init: Init, rows: readonly ParetoRow[], yLabel: string, width = 520, height = 280): string | null {
  const shown = rows.slice(0, LIMITS.paretoBars);
  return render(
    init,
    {
      grid: { left: 56, right: 56, top: 30, bottom: shown.length > 5 ? 92 : 48 },
      xAxis: {
        type: 'category',
        data: shown.map((r) => short(r.name)),
        axisLabel: { interval: 0, rotate: shown.length > 5 ? 35 : 0, ...FONT },
      },
      yAxis: [
        { type: 'value', name: yLabel, minInterval: 1, nameTextStyle: FONT, axisLabel: FONT },
        { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { formatter: '{value}%', ...FONT }, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', data: shown.map((r) => r.count), itemStyle: { color: BAR }, label: { show: true, position: 'top', ...FONT }, barMaxWidth: 48 },
        {
          type: 'line',
          yAxisIndex: 1,
          data: shown.map((r) => one(r.cumulative)),
          itemStyle: { color: LINE },
          lineStyle: { color: LINE, width: 2 },
          symbol: 'circle',
          symbolSize: 6,
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#888' },
            label: { formatter: '80%', position: 'insideStartTop', ...FONT },
            data: [{ yAxis: 80 }],
          },
        },
      ],
    },
    width,
    height,
  );
}

/** The axis range: the values, the limits and the mean, with a margin. */
function extent(h: Histogram, mean: number | null): [number, number] {
  const xs = [h.min, h.max, ...[h.lo, h.hi, mean].filter((x): x is number => x !== null && Number.isFinite(x))];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.abs(lo) * 0.05 || 0.5;
  return [lo - pad, hi + pad];
}

/** The histogram as a filled staircase on a value axis, so limits and mean sit at their values. */
function histogramChart(init: Init, h: Histogram, cap: CapabilityRow | undefined, width = 520, height = 220): string | null {
  const mean = cap?.mean ?? null;
  const [x0, x1] = extent(h, mean);
  let points: [number, number][];
  if (h.width > 0) {
    points = [[h.min, 0], ...h.counts.map((c, i): [number, number] => [h.min + i * h.width, c]), [h.max, h.counts.at(-1) ?? 0], [h.max, 0]];
  } else {
    // All values equal: a narrow bar at the value.
    const d = (x1 - x0) / 200;
    points = [[h.min - d, 0], [h.min - d, h.n], [h.min + d, h.n], [h.min + d, 0]];
  }
  const marks = [
    ...(h.lo !== null ? [{ xAxis: h.lo, label: { formatter: 'LSL', ...FONT }, lineStyle: { color: LIMIT, type: 'solid' as const, width: 2 } }] : []),
    ...(h.hi !== null ? [{ xAxis: h.hi, label: { formatter: 'USL', ...FONT }, lineStyle: { color: LIMIT, type: 'solid' as const, width: 2 } }] : []),
    ...(mean !== null ? [{ xAxis: mean, label: { formatter: 'mean', ...FONT }, lineStyle: { color: '#555', type: 'dashed' as const, width: 1 } }] : []),
  ];
  return render(
    init,
    {
      grid: { left: 48, right: 24, top: 26, bottom: 30 },
      // The padded ends are not values anyone measured: no labels there.
      xAxis: { type: 'value', min: x0, max: x1, scale: true, axisLabel: { ...FONT, showMinLabel: false, showMaxLabel: false }, splitLine: { show: false } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: FONT },
      series: [
        {
          type: 'line',
          step: 'end',
          data: points,
          symbol: 'none',
          lineStyle: { color: BAR, width: 1 },
          areaStyle: { color: BAR, opacity: 0.55 },
          markLine: { silent: true, symbol: 'none', data: marks },
        },
      ],
    },
    width,
    height,
  );
}

/** The Pareto charts of a report, by the figure they go in. */
export const PARETO_CHARTS = ['first-step', 'first-error', 'first-bin', 'all-step'] as const;
export type ParetoChartId = (typeof PARETO_CHARTS)[number];

/** Every chart of one report as SVG text (null: refused by safeSvg, or nothing to draw). */
export interface ReportCharts {
  pareto: Record<ParetoChartId, string | null>;
  /** By `measurementKey`, for the histograms the page shows (the first LIMITS.histograms). */
  histograms: Map<string, string | null>;
}

/** The two chart kinds, once echarts is loaded. */
export interface ChartDrawer {
  pareto(rows: readonly ParetoRow[], yLabel: string): string | null;
  histogram(h: Histogram, cap: CapabilityRow | undefined): string | null;
}

export async function chartDrawer(): Promise<ChartDrawer> {
  const { init } = createRequire(import.meta.url)('echarts') as typeof import('echarts');
  return { pareto: (rows, yLabel) => (rows.length ? paretoChart(init, rows, yLabel) : null), histogram: (h, cap) => histogramChart(init, h, cap) };
}

export async function drawCharts(data: ReportData): Promise<ReportCharts> {
  const draw = await chartDrawer();
  const first = data.analytics.pareto;
  const caps = new Map(data.analytics.capability.map((c) => [measurementKey(c), c]));
  return {
    pareto: {
      'first-step': draw.pareto(first.step, 'units'),
      'first-error': draw.pareto(first.error, 'units'),
      'first-bin': draw.pareto(first.bin, 'units'),
      'all-step': draw.pareto(data.paretoAll.step, 'attempts'),
    },
    histograms: new Map(data.histograms.slice(0, LIMITS.histograms).map((h) => [measurementKey(h), draw.histogram(h, caps.get(measurementKey(h)))])),
  };
}
