/** Unit history: find a serial; every execution and attempt on a timeline, its bins, its raw events. */
import { useEffect, useState } from 'preact/hooks';
import type { AttemptRow, Envelope, SerialMatch, UnitExecution, UnitHistory } from '../../shared/api.js';
import { apiUrl, useApi } from '../api.js';
import { Timeline } from '../charts/Timeline.js';
import { WithData } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';
import { num, time } from '../format.js';
import { setParams } from '../router.js';

const EXEC_COLUMNS: Column<UnitExecution>[] = [
  { key: 'run_id', label: 'Run', value: (e) => e.run_id },
  { key: 'final', label: 'Result in run', value: (e) => e.final, render: (e) => (e.final ? 'yes' : 'superseded') },
  { key: 'outcome', label: 'Outcome', value: (e) => e.outcome, render: (e) => <span class={`outcome ${e.outcome ?? ''}`}>{e.outcome}</span> },
  { key: 'hard_bin', label: 'Bin', value: (e) => e.hard_bin, numeric: true },
  { key: 'soft_bin', label: 'Soft bin', value: (e) => e.soft_bin, numeric: true },
  { key: 'bin_description', label: 'Bin description', value: (e) => e.bin_description },
  { key: 'deciding_step', label: 'Deciding step', value: (e) => e.deciding_step },
  { key: 'deciding_code', label: 'Code', value: (e) => e.deciding_code },
  { key: 'stage', label: 'Stage', value: (e) => e.stage },
  { key: 'station_id', label: 'Station', value: (e) => e.station_id },
  { key: 'site', label: 'Site', value: (e) => e.site, numeric: true },
  { key: 'fw_version', label: 'Firmware', value: (e) => e.fw_version },
  { key: 'started_at', label: 'Started (UTC)', value: (e) => e.started_at, render: (e) => time(e.started_at) },
  { key: 'duration_ms', label: 'ms', value: (e) => e.duration_ms, render: (e) => num(e.duration_ms, 4), numeric: true },
];

const ATTEMPT_COLUMNS: Column<AttemptRow>[] = [
  { key: 'ended_at', label: 'Ended (UTC)', value: (a) => a.ended_at },
  { key: 'run_id', label: 'Run', value: (a) => a.run_id },
  { key: 'step_id', label: 'Step', value: (a) => a.step_id },
  { key: 'command', label: 'Command', value: (a) => a.command },
  { key: 'attempt', label: 'Attempt', value: (a) => a.attempt, numeric: true },
  { key: 'passed', label: 'Passed', value: (a) => a.passed, render: (a) => <span class={a.passed ? 'outcome PASS' : 'outcome FAIL'}>{a.passed ? 'pass' : 'FAIL'}</span> },
  { key: 'error_code', label: 'Code', value: (a) => a.error_code },
  { key: 'message', label: 'Message', value: (a) => a.message },
  { key: 'measurements', label: 'Measurements', value: (a) => a.measurements },
  { key: 'duration_ms', label: 'ms', value: (a) => a.duration_ms, render: (a) => num(a.duration_ms, 4), numeric: true },
  { key: 'site', label: 'Site', value: (a) => a.site, numeric: true },
];

export function Units({ params }: { params: URLSearchParams }) {
  const sn = params.get('sn');
  const source = params.get('source');
  const [q, setQ] = useState(params.get('q') ?? sn ?? '');
  const [typed, setTyped] = useState(q);
  // Search as one types, a moment after the last key.
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 200);
    return () => clearTimeout(t);
  }, [typed]);
  const matches = useApi<Envelope<SerialMatch[]>>(apiUrl('units', { q, source }));
  const history = useApi<Envelope<UnitHistory>>(sn ? apiUrl(`units/${encodeURIComponent(sn)}`, { source }) : null);
  return (
    <>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const exact = matches.value?.data?.find((m) => m.sn === typed.trim()) ?? matches.value?.data?.[0];
          if (exact) setParams({ sn: exact.sn });
        }}
      >
        <label>
          <span>Serial</span>
          <input type="search" value={typed} placeholder="search a serial number" onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)} data-testid="sn-search" autoFocus />
        </label>
      </form>
      {!sn && (
        <WithData loaded={matches}>
          {(list) => (
            <Table
              name="serials"
              testId="serial-matches"
              columns={[
                { key: 'sn', label: 'Serial', value: (m: SerialMatch) => m.sn },
                { key: 'executions', label: 'Executions', value: (m: SerialMatch) => m.executions, numeric: true },
                { key: 'last_outcome', label: 'Last outcome', value: (m: SerialMatch) => m.last_outcome },
                { key: 'last_at', label: 'Last tested (UTC)', value: (m: SerialMatch) => m.last_at, render: (m: SerialMatch) => time(m.last_at) },
              ]}
              rows={list}
              empty={q ? `No serial contains “${q}”.` : 'No units yet.'}
              onRowClick={(m) => setParams({ sn: m.sn })}
            />
          )}
        </WithData>
      )}
      {sn && (
        <WithData loaded={history}>
          {(h) => (
            <section data-testid="unit-history">
              <div class="section-head">
                <h2 data-testid="unit-sn">{h.sn}</h2>
                <button type="button" class="small" onClick={() => setParams({ sn: null })}>
                  Back to search
                </button>
              </div>
              <p class="scope">
                {h.executions.length} execution{h.executions.length === 1 ? '' : 's'}, {h.attempts.length} attempts. Final bins:{' '}
                {h.executions
                  .filter((e) => e.final)
                  .map((e) => `${e.run_id}: ${e.outcome}${e.hard_bin !== null ? ` bin ${e.hard_bin}` : ''}`)
                  .join('; ')}
              </p>
              <Timeline executions={h.executions} attempts={h.attempts} />
              <h3>Executions</h3>
              <Table name={`${h.sn}_executions`} columns={EXEC_COLUMNS} rows={h.executions} />
              <h3>Raw events</h3>
              <Table name={`${h.sn}_events`} columns={ATTEMPT_COLUMNS} rows={h.attempts} testId="raw-events" />
            </section>
          )}
        </WithData>
      )}
    </>
  );
}
