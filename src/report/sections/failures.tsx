/** Every failing attempt with its code and message, by serial then time (capped, and it says so). */
import { RUN_FILES } from '../../record/index.js';
import { CapNote, Section } from '../components.js';
import { int, ms, when } from '../format.js';
import { LIMITS, type ReportData } from '../model.js';

export function FailuresSection({ data }: { data: ReportData }) {
  const f = data.failures;
  return (
    <Section id="failures" title={`Failures (${int(f.total)} failed attempts)`}>
      {f.total === 0 ? (
        <p class="muted">No failed attempt.</p>
      ) : (
        <>
          <CapNote listing={f} what="failed attempts" where={`${RUN_FILES.events} and ${RUN_FILES.eventsCsv} (every attempt with passed = false)`} />
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Serial</th>
                  <th>Unit</th>
                  <th>Step</th>
                  <th class="n">Attempt</th>
                  <th>Then</th>
                  <th>Code</th>
                  <th>Message</th>
                  <th class="n">Duration</th>
                  <th>Ended</th>
                </tr>
              </thead>
              <tbody>
                {f.rows.map((r, i) => (
                  <tr key={i}>
                    <td class="mono" data-sn>
                      {r.sn}
                    </td>
                    <td>
                      <span class={`outcome ${r.outcome}`}>{r.outcome}</span>
                    </td>
                    <td class="mono">{r.step}</td>
                    <td class="n">{r.attempt}</td>
                    <td>{r.retried ? 'retried' : 'final'}</td>
                    <td class="mono">{r.code ?? '—'}</td>
                    <td class="msg" data-message>
                      {r.message}
                    </td>
                    <td class="n">{ms(r.durationMs)}</td>
                    <td class="muted">{when(r.endedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="note">
            Every failed attempt of each serial's final execution. "retried": a retry followed; "final": the attempt that decided the step. Messages longer than{' '}
            {LIMITS.messageChars} characters are cut (…); the log has them whole.
          </p>
        </>
      )}
    </Section>
  );
}
