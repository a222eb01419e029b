/**
 * The report's only stylesheet, inlined in its <head>: no web fonts, no images, nothing fetched.
 * Long tables scroll inside their box with a sticky header, so a 10,000-unit report stays usable; the
 * print rules let them run in full on paper.
 */
export const CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d8dde6; --bg: #f6f7f9; --pass: #1e7b34; --fail: #b42318; --warn: #a15c07; --accent: #3b6fb6; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 16px 0; }
nav { font-size: 13px; margin: 8px 0 0; }
nav a { margin-right: 12px; color: var(--accent); text-decoration: none; }
.muted, .note { color: var(--muted); }
.note { font-size: 12.5px; margin: 6px 0 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px 18px; margin: 0; }
.grid div { min-width: 0; }
.grid dt { font-size: 12px; color: var(--muted); }
.grid dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.verdict { display: flex; align-items: center; gap: 16px; }
.badge { display: inline-block; font-weight: 700; letter-spacing: .04em; border-radius: 6px; padding: 6px 14px; color: #fff; font-size: 20px; }
.badge.PASS, .status.VERIFIED, .outcome.PASS { background: var(--pass); }
.badge.FAIL, .status.FAILED, .outcome.FAIL { background: var(--fail); }
.badge.INCOMPLETE, .status.NOT_EXECUTED, .outcome.ERROR, .outcome.ABORTED { background: var(--warn); }
.status.NOT_COVERED { background: #6b7280; }
.status, .outcome { color: #fff; border-radius: 4px; padding: 1px 6px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.kpi .label { font-size: 12px; color: var(--muted); }
.kpi .value { font-size: 20px; font-weight: 700; }
.kpi .sub { font-size: 12px; color: var(--muted); }
.scroll { max-height: 520px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f5; position: sticky; top: 0; z-index: 1; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.msg { overflow-wrap: anywhere; min-width: 220px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(500px, 1fr)); gap: 16px 20px; }
figure { margin: 0; }
figcaption { font-size: 13px; font-weight: 600; margin: 4px 0; }
figure svg { max-width: 100%; height: auto; }
.serials { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; max-height: 240px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; word-spacing: 6px; overflow-wrap: anywhere; }
.flowbox { overflow: auto; max-height: 900px; border: 1px solid var(--line); border-radius: 6px; }
svg.flow { display: block; font: 12px system-ui, sans-serif; }
svg.flow .flow-edge path { fill: none; stroke: #8b93a3; stroke-width: 1.3; }
svg.flow .arrow { fill: #8b93a3; }
svg.flow .edge-label { fill: var(--muted); font-size: 11px; }
svg.flow .flow-node rect, svg.flow .flow-node path { fill: #fff; stroke: #8b93a3; stroke-width: 1.3; }
svg.flow .flow-node text { fill: var(--fg); }
svg.flow .flow-node.ran rect { stroke: var(--pass); stroke-width: 2; }
svg.flow .flow-node.failed rect { stroke: var(--fail); stroke-width: 2.5; fill: #fdecea; }
svg.flow .flow-node.skipped rect { stroke-dasharray: 4 3; }
svg.flow .flow-node.skipped text { fill: #9aa1ad; }
svg.flow .flow-node.pass rect { fill: #e8f5ec; stroke: var(--pass); }
svg.flow .flow-node.fail rect { fill: #fdecea; stroke: var(--fail); }
svg.flow .flow-node.start rect, svg.flow .flow-node.end rect { fill: #eef1f5; }
.legend span { margin-right: 14px; }
.warn { color: var(--warn); }
@media print {
  body { background: #fff; }
  section { break-inside: avoid-page; border: none; padding: 0; }
  .scroll, .serials, .flowbox { max-height: none; overflow: visible; border: none; }
  nav { display: none; }
}
`;
