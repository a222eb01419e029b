/** The whole report page: head with the inline stylesheet, a table of contents, then the sections in order. */
import { ArtifactsSection } from './sections/artifacts.js';
import { FailuresSection } from './sections/failures.js';
import { FlowSection } from './sections/flow.js';
import { RunHeader, VerdictSection } from './sections/header.js';
import { MeasurementsSection } from './sections/measurements.js';
import { ParetoSection } from './sections/pareto.js';
import { RequirementsSection } from './sections/requirements.js';
import { StepsSection } from './sections/steps.js';
import { UnitsSection } from './sections/units.js';
import { YieldSection } from './sections/yields.js';
import { CSS } from './style.js';
import type { ReportCharts } from './charts.js';
import type { ReportData } from './model.js';

/** Section ids in page order, with their titles in the table of contents. */
export const SECTIONS = [
  ['header', 'Run'],
  ['verdict', 'Verdict'],
  ['requirements', 'Requirements'],
  ['yield', 'Yield'],
  ['pareto', 'Pareto'],
  ['steps', 'Steps'],
  ['measurements', 'Measurements'],
  ['failures', 'Failures'],
  ['units', 'Units'],
  ['flow', 'Flow'],
  ['artifacts', 'Artifacts'],
] as const;

export function Page({ data, charts }: { data: ReportData; charts: ReportCharts }) {
  const title = `Qualification report — ${data.plan.name} v${data.plan.version} — ${data.info.run_id}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Nothing may be fetched: the policy forbids every source but the inline style and inline images. */}
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:" />
        <meta name="generator" content={data.generator} />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main>
          <h1>Qualification report</h1>
          <div class="muted">
            {data.plan.name} v{data.plan.version} · {data.info.stage} · batch {data.info.batch_id} · run <span class="mono">{data.info.run_id}</span>
          </div>
          <nav aria-label="Sections">
            {SECTIONS.map(([id, name]) => (
              <a key={id} href={`#${id}`}>
                {name}
              </a>
            ))}
          </nav>
          <RunHeader data={data} />
          <VerdictSection data={data} />
          <RequirementsSection data={data} />
          <YieldSection data={data} />
          <ParetoSection data={data} charts={charts} />
          <StepsSection data={data} />
          <MeasurementsSection data={data} charts={charts} />
          <FailuresSection data={data} />
          <UnitsSection data={data} />
          <FlowSection data={data} />
          <ArtifactsSection data={data} />
        </main>
      </body>
    </html>
  );
}
