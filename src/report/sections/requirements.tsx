/** The requirement verification matrix: src/trace's coverage rows (the same as coverage_matrix.csv). */
import { Section } from '../components.js';
import { int } from '../format.js';
import type { ReportData } from '../model.js';

export function RequirementsSection({ data }: { data: ReportData }) {
  const c = data.coverage;
  return (
    <Section id="requirements" title="Requirement verification">
      {c.rows === null ? (
        <p class="muted">No requirement matrix: {c.note}.</p>
      ) : (
        <>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Requirement</th>
                  <th>Title</th>
                  <th>Evidence (steps and measurements)</th>
                  <th class="n">Units</th>
                  <th class="n">Verified</th>
                  <th class="n">Failed</th>
                  <th class="n">Not executed</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r) => (
                  <tr key={r.reqId}>
                    <td class="mono">{r.reqId}</td>
                    <td>{r.title}</td>
                    <td class="mono">{r.evidence.length ? r.evidence.join('; ') : '—'}</td>
                    <td class="n">{int(r.units)}</td>
                    <td class="n">{int(r.verifiedUnits)}</td>
                    <td class="n">{int(r.failedUnits)}</td>
                    <td class="n">{int(r.notExecutedUnits)}</td>
                    <td>
                      <span class={`status ${r.status}`}>{r.status}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="note">
            Requirements from <code>{c.source}</code>. Verified: a mapped step ran on the unit and every mapped step that ran passed (its final attempt); failed: some
            mapped step ended failing; not executed: no mapped step ran (gated out or not reached). Status FAILED if any unit failed it, VERIFIED if some unit verified
            it, NOT_EXECUTED if none ran it, NOT_COVERED if no step maps it.
          </p>
        </>
      )}
    </Section>
  );
}
