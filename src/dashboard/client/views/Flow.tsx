/**
 * Flow: a plan's flow diagram, and the dry run: pick the stage, the enable flags and the steps assumed
 * to fail, and see which steps would run, in order, and the bin the unit would get.
 */
import type { DryRunResult, PlanDetail, PlanRef } from '../../shared/api.js';
import { apiUrl, useApi } from '../api.js';
import { FlowDiagram } from '../charts/FlowDiagram.js';
import { Select } from '../components/Controls.js';
import { EmptyState, ErrorBox, Loading } from '../components/States.js';
import { setParams } from '../router.js';

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

export function Flow({ params }: { params: URLSearchParams }) {
  const plans = useApi<PlanRef[]>(apiUrl('flow/plans'));
  const planId = params.get('plan') ?? plans.value?.[0]?.id ?? null;
  const detail = useApi<PlanDetail>(planId ? apiUrl(`flow/plans/${encodeURIComponent(planId)}`) : null);
  const d = detail.value && detail.value.id === planId ? detail.value : null;
  const job = params.get('job') ?? d?.defaultJob ?? '';
  const enabled = params.has('flags') ? list(params.get('flags')) : (d?.flags.filter((f) => f.on).map((f) => f.name) ?? []);
  const failing = list(params.get('fail'));
  const dry = useApi<DryRunResult>(
    d
      ? apiUrl(`flow/plans/${encodeURIComponent(d.id)}/dry-run`, {
          job,
          enable: enabled.join(','),
          disable: d.flags.filter((f) => f.on && !enabled.includes(f.name)).map((f) => f.name).join(','),
          fail: failing.join(','),
        })
      : null,
  );
  if (plans.state === 'error') return <ErrorBox error={plans.error} />;
  if (!plans.value) return <Loading />;
  if (plans.value.length === 0) {
    return (
      <EmptyState title="No plans yet">
        <p>
          The Flow view shows the plans of the runs under the runs directory (each run keeps a copy of its plan), and any given with <code>mtap dashboard --plan FILE</code>.
        </p>
      </EmptyState>
    );
  }
  const toggle = (key: 'flags' | 'fail', current: string[], name: string) =>
    setParams({ [key]: current.includes(name) ? current.filter((x) => x !== name).join(',') : [...current, name].join(',') });
  const result = dry.value;
  return (
    <>
      <div class="controls">
        <Select
          label="Plan"
          value={planId ?? ''}
          options={plans.value.map((p) => ({ value: p.id, label: `${p.name} v${p.version} (${p.id.slice(0, 10)})` }))}
          onChange={(v) => setParams({ plan: v, job: null, flags: null, fail: null })}
          testId="flow-plan"
          allLabel={null}
        />
        <span class="muted" data-testid="flow-plan-name">
          {plans.value.filter((p) => p.id === planId).map((p) => `${p.runs} run${p.runs === 1 ? '' : 's'} · ${p.origin}`)}
        </span>
      </div>
      {detail.state === 'error' && <ErrorBox error={detail.error} />}
      {!d ? (
        <Loading />
      ) : (
        <div class="flow-layout">
          <section class="dry-run" data-testid="dry-run">
            <h2>Dry run</h2>
            <Select label="Stage" value={job} options={d.jobs} onChange={(v) => setParams({ job: v })} testId="dry-job" allLabel={null} />
            {d.flags.length > 0 && (
              <fieldset>
                <legend>Enable flags</legend>
                {d.flags.map((f) => (
                  <label key={f.name} class="check">
                    <input type="checkbox" checked={enabled.includes(f.name)} onChange={() => toggle('flags', enabled, f.name)} data-testid={`dry-flag-${f.name}`} /> {f.name}
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset>
              <legend>Assume these steps fail</legend>
              {d.steps.map((s) => (
                <label key={s.id} class="check">
                  <input type="checkbox" checked={failing.includes(s.id)} onChange={() => toggle('fail', failing, s.id)} data-testid={`dry-fail-${s.id}`} /> {s.id}
                  <span class="muted"> {s.name}</span>
                </label>
              ))}
            </fieldset>
            {dry.state === 'error' && <ErrorBox error={dry.error} />}
            {result && (
              <div class="dry-result" data-testid="dry-result">
                <p class={`verdict ${result.verdict.outcome}`} data-testid="dry-verdict">
                  {result.verdict.outcome} · bin {result.verdict.hard_bin ?? '—'} · softbin {result.verdict.soft_bin ?? '—'}
                  {result.verdict.bin_description ? ` (${result.verdict.bin_description})` : ''}
                  {result.verdict.deciding_step ? `, decided by ${result.verdict.deciding_step}` : ''}
                </p>
                <ol class="path" data-testid="dry-path">
                  {result.ran.map((e, i) =>
                    e.kind === 'log' ? (
                      <li key={i} class="log">
                        log: {e.message}
                      </li>
                    ) : (
                      <li key={i} class={e.failed ? 'failed' : ''}>
                        {e.test_num !== null && <span class="muted">#{e.test_num} </span>}
                        {e.id} {e.failed ? '✗ fails' : ''}
                      </li>
                    ),
                  )}
                  {result.ran.length === 0 && <li class="muted">no step runs</li>}
                </ol>
                {result.failing_not_run.length > 0 && <p class="muted">Assumed to fail but not run: {result.failing_not_run.join(', ')}</p>}
              </div>
            )}
          </section>
          <section class="flow-diagram">
            <h2>
              {d.name} v{d.version}
            </h2>
            <FlowDiagram graph={d.graph} dry={result && dry.state !== 'error' ? result : null} />
            <details>
              <summary>Listing</summary>
              <pre data-testid="flow-listing">{d.listing}</pre>
            </details>
          </section>
        </div>
      )}
    </>
  );
}
