/** Per step: executions, fail rates, recoveries (analytics' step stats) and durations (analytics' step durations). */
import { Section } from '../components.js';
import { int, ms, pct } from '../format.js';
import type { ReportData } from '../model.js';

export function StepsSection({ data }: { data: ReportData }) {
  const durations = new Map(data.durations.map((d) => [d.step, d]));
  return (
    <Section id="steps" title="Steps">
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>Step</th>
              <th class="n">Executions</th>
              <th class="n">Failed (units)</th>
              <th class="n">Fail rate (units)</th>
              <th class="n">Attempts</th>
              <th class="n">Fail rate (attempts)</th>
              <th class="n">Recovered</th>
              <th class="n">First-pass yield</th>
              <th class="n">p50</th>
              <th class="n">p95</th>
            </tr>
          </thead>
          <tbody>
            {data.analytics.steps.map((s) => {
              const d = durations.get(s.step);
              return (
                <tr key={s.step} data-step={s.step}>
                  <td class="mono">{s.step}</td>
                  <td class="n">{int(s.executions)}</td>
                  <td class="n">{int(s.failedExecutions)}</td>
                  <td class="n">{pct(s.failRateUnits.value)}</td>
                  <td class="n">{int(s.attempts)}</td>
                  <td class="n">{pct(s.failRateAttempts.value)}</td>
                  <td class="n">{int(s.recovered)}</td>
                  <td class="n">{pct(s.firstPassYield.value)}</td>
                  <td class="n">{ms(d?.p50Ms)}</td>
                  <td class="n">{ms(d?.p95Ms)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="note">
        Executions: tested units that ran the step (a step gated out is not executed, never a failure). Fail rate (units): executions with a failed attempt. Recovered:
        executions that failed, then passed on a retry. p50/p95: attempt durations, every attempt of tested units (linear interpolation).
      </p>
    </Section>
  );
}
