/** The plan's flow diagram, each test marked with what the run did there. */
import { Section } from '../components.js';
import { FlowDiagram } from '../flow-diagram.js';
import type { ReportData } from '../model.js';

export function FlowSection({ data }: { data: ReportData }) {
  const g = data.plan.graph;
  return (
    <Section id="flow" title="Flow">
      {g === null ? (
        <p class="muted">No diagram: {data.plan.flowNote}.</p>
      ) : (
        <>
          <p class="legend note">
            <span>solid green: executed, never failed</span>
            <span>red: a failed attempt on some unit (a retry may have recovered it)</span>
            <span>dashed grey: not executed in this run</span>
            <span>(hover a box for its counts)</span>
          </p>
          <div class="flowbox">
            <FlowDiagram graph={g} steps={data.analytics.steps} />
          </div>
        </>
      )}
    </Section>
  );
}
