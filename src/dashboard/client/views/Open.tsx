/**
 * Open a file: drop or pick an events.jsonl (mtap's, or one the MTAP reference wrote), with its
 * units.jsonl and run.json if you have them, and explore it in every view without a store. The
 * server keeps it in memory; the views then read it instead of the store until you go back.
 */
import { useState } from 'preact/hooks';
import type { ApiError, OpenedFile } from '../../shared/api.js';
import { ErrorBox } from '../components/States.js';
import { plural } from '../format.js';
import { navigate, setParams } from '../router.js';

async function upload(files: readonly File[]): Promise<OpenedFile> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  const res = await fetch('/api/open', { method: 'POST', body: form, headers: { 'x-mtap-open': '1' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as ApiError | null)?.error.message ?? `${res.status} ${res.statusText}`);
  return body as OpenedFile;
}

export function Open({ params }: { params: URLSearchParams }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [opened, setOpened] = useState<OpenedFile | null>(null);
  const [over, setOver] = useState(false);
  const source = params.get('source');
  const open = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const o = await upload([...list]);
      setOpened(o);
      navigate('overview', { source: o.source.id });
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="open">
      <p>
        Drop an <code>events.jsonl</code> here, or pick one: mtap's, or one written by the MTAP reference (schema v1). Add the run's <code>units.jsonl</code> and{' '}
        <code>run.json</code> to keep bins and sites. The file is read into memory on the dashboard's server, and every view then shows it instead of the store.
      </p>
      <label
        class={`drop${over ? ' over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void open(e.dataTransfer?.files ?? null);
        }}
      >
        <input type="file" multiple accept=".jsonl,.json,.txt,.log" onChange={(e) => void open((e.currentTarget as HTMLInputElement).files)} data-testid="file-input" />
        <span>{busy ? 'Reading…' : 'Drop files here, or click to choose'}</span>
      </label>
      {error && <ErrorBox error={error} />}
      {opened && (
        <p data-testid="opened">
          {opened.name}: {plural(opened.runs, 'run')}, {plural(opened.units, 'unit')}, {plural(opened.attempts, 'attempt')}
          {opened.skipped_lines ? `, ${plural(opened.skipped_lines, 'line')} skipped` : ''} ({opened.kind === 'mtap' ? 'mtap run' : 'events only'}).
        </p>
      )}
      {source && (
        <button type="button" onClick={() => setParams({ source: null })}>
          Back to the store
        </button>
      )}
    </section>
  );
}
