/**
 * Live: a batch in progress, as another `mtap batch` process writes its run directory. The server
 * streams a new snapshot as soon as the run's files grow (server-sent events; the browser reconnects
 * by itself if the stream drops).
 */
import { useEffect, useState } from 'preact/hooks';
import type { LiveRunInfo, LiveSnapshot } from '../../shared/api.js';
import { apiUrl, getJson } from '../api.js';
import { Sparkline } from '../charts/Sparkline.js';
import { Select } from '../components/Controls.js';
import { Kpi } from '../components/Kpi.js';
import { EmptyState, ErrorBox, Loading } from '../components/States.js';
import { Table } from '../components/Table.js';
import { pct, time } from '../format.js';
import { setParams } from '../router.js';

function useRuns(): { runs: LiveRunInfo[] | null; error: Error | null } {
  const [runs, setRuns] = useState<LiveRunInfo[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let stop = false;
    const load = () =>
      getJson<LiveRunInfo[]>(apiUrl('live/runs')).then(
        (r) => !stop && (setRuns(r), setError(null)),
        (e: Error) => !stop && setError(e),
      );
    void load();
    // New runs appear in the list without a reload.
    const t = setInterval(load, 3000);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, []);
  return { runs, error };
}

function useSnapshot(runId: string | null): { snap: LiveSnapshot | null; connected: boolean } {
  const [snap, setSnap] = useState<LiveSnapshot | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    setSnap(null);
    if (!runId) return;
    const es = new EventSource(apiUrl(`live/runs/${encodeURIComponent(runId)}/stream`));
    es.addEventListener('snapshot', (e) => setSnap(JSON.parse((e as MessageEvent<string>).data) as LiveSnapshot));
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    return () => es.close();
  }, [runId]);
  return { snap, connected };
}

export function Live({ params }: { params: URLSearchParams }) {
  const { runs, error } = useRuns();
  const asked = params.get('run');
  // The run asked for, else the newest one still running, else the newest.
  const runId = asked ?? runs?.find((r) => !r.finished)?.run_id ?? runs?.[0]?.run_id ?? null;
  const { snap, connected } = useSnapshot(runs === null && !asked ? null : runId);
  if (error && !runs) return <ErrorBox error={error} />;
  if (!runs) return <Loading />;
  if (runs.length === 0 && !asked) {
    return (
      <EmptyState title="No runs yet">
        <p>
          Start a batch (<code>mtap batch --plan … --runs-dir …</code>) with the same runs directory as this dashboard; it shows here as it runs.
        </p>
      </EmptyState>
    );
  }
  const ids = runs.map((r) => r.run_id);
  const label = (r: LiveRunInfo) => `${r.run_id}${r.finished ? '' : ' (running)'}`;
  return (
    <>
      <div class="controls">
        <Select
          label="Run"
          value={runId ?? ''}
          options={asked && !ids.includes(asked) ? [...ids, asked] : ids}
          onChange={(v) => setParams({ run: v || null })}
          testId="live-run"
          allLabel={null}
        />
        <span class="muted">{runs.map((r) => (r.run_id === runId ? label(r) : null)).filter(Boolean)}</span>
        <span class={`live-dot${connected && snap && !snap.finished ? ' on' : ''}`} data-testid="live-state">
          {snap?.finished ? 'finished' : connected ? 'live' : 'connecting…'}
        </span>
      </div>
      {!snap ? (
        <Loading what="Waiting for the run's first records" />
      ) : (
        <LiveRun snap={snap} />
      )}
    </>
  );
}

function LiveRun({ snap }: { snap: LiveSnapshot }) {
  return (
    <section data-testid="live-run-view">
      <p class="scope">
        {snap.plan} at {snap.stage} · batch {snap.batch_id} · station {snap.station_id} · started {time(snap.created_at)} UTC · updated {time(snap.updated_at)}
      </p>
      <div class="progress" aria-label="units done">
        <div class="progress-bar" style={{ width: `${snap.sns ? (100 * snap.done) / snap.sns : 0}%` }} />
      </div>
      <div class="kpis">
        <Kpi testId="live-done" label="Units done" value={`${snap.done} / ${snap.sns}`} detail={`${snap.attempts.toLocaleString('en-US')} attempts`} />
        <Kpi testId="live-passed" label="Passed" value={String(snap.passed)} detail={`${snap.failed} fail · ${snap.errored} error · ${snap.aborted} aborted`} />
        <Kpi testId="live-final" label="Final yield" value={pct(snap.final_yield)} detail="units done so far" />
        <Kpi testId="live-fpy" label="First-pass yield" value={pct(snap.first_pass_yield)} detail="units done so far" />
        <Kpi testId="live-rolling" label={`Rolling yield (last ${snap.rolling_window})`} value={pct(snap.rolling.at(-1)?.yield ?? null)} />
      </div>
      {snap.rolling.length > 1 && <Sparkline points={snap.rolling} testId="live-rolling-chart" />}
      <h2>Sites</h2>
      <Table
        name={`${snap.run_id}_sites`}
        testId="live-sites"
        rowKey={(s) => String(s.site)}
        columns={[
          { key: 'site', label: 'Site', value: (s) => s.site, numeric: true },
          { key: 'sn', label: 'Testing', value: (s) => s.sn, render: (s) => s.sn ?? <span class="muted">idle</span> },
          { key: 'step', label: 'Last step done', value: (s) => s.step, render: (s) => (s.step ? `${s.step}${s.attempt && s.attempt > 1 ? ` (attempt ${s.attempt})` : ''}${s.step_passed === false ? ' ✗' : ''}` : '') },
          { key: 'passed', label: 'Pass', value: (s) => s.passed, numeric: true },
          { key: 'failed', label: 'Fail', value: (s) => s.failed, numeric: true },
          { key: 'errored', label: 'Error', value: (s) => s.errored, numeric: true },
          { key: 'aborted', label: 'Aborted', value: (s) => s.aborted, numeric: true },
        ]}
        rows={snap.sites}
      />
      <h2>Latest failures</h2>
      <Table
        name={`${snap.run_id}_failures`}
        columns={[
          { key: 'sn', label: 'Serial', value: (f) => f.sn, render: (f) => <a href={`#/units?sn=${encodeURIComponent(f.sn)}`}>{f.sn}</a> },
          { key: 'site', label: 'Site', value: (f) => f.site, numeric: true },
          { key: 'outcome', label: 'Outcome', value: (f) => f.outcome },
          { key: 'deciding_step', label: 'Step', value: (f) => f.deciding_step },
          { key: 'deciding_code', label: 'Code', value: (f) => f.deciding_code },
          { key: 'ended_at', label: 'Ended (UTC)', value: (f) => f.ended_at, render: (f) => time(f.ended_at) },
        ]}
        rows={snap.recent_failures}
        empty="No failures so far."
      />
      {snap.skipped_lines > 0 && <p class="muted">{snap.skipped_lines} lines could not be read as records and were skipped.</p>}
    </section>
  );
}
