/** Loading, errors, empty states and where the data comes from. */
import type { ComponentChildren } from 'preact';
import type { Envelope, SourceInfo } from '../../shared/api.js';
import type { Loaded } from '../api.js';

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="muted loading" role="status">
      {what}…
    </p>
  );
}

export function ErrorBox({ error }: { error: Error }) {
  return (
    <div class="error" role="alert" data-testid="error">
      {error.message}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function SourceNotice({ source }: { source: SourceInfo }) {
  if (!source.notice || source.kind === 'none') return null;
  return (
    <div class="notice" data-testid="source-notice">
      {source.notice}
    </div>
  );
}

/**
 * Render an envelope: loading and errors, the empty state when the source has no data, else the
 * view (with the source's notice above it).
 */
export function WithData<T>({
  loaded,
  children,
  emptyTitle,
  quiet = false,
}: {
  loaded: Loaded<Envelope<T>>;
  children: (data: T, source: SourceInfo) => ComponentChildren;
  emptyTitle?: string;
  /** Inside another WithData of the same source: its notice is already shown. */
  quiet?: boolean;
}) {
  const env = loaded.value;
  return (
    <>
      {loaded.state === 'error' && <ErrorBox error={loaded.error} />}
      {env === null ? (
        loaded.state === 'loading' ? <Loading /> : null
      ) : env.data === null ? (
        <EmptyState title={emptyTitle ?? 'No results yet'}>
          <p>{env.source.notice}</p>
          <p>
            Run <code>mtap demo</code> or <code>mtap batch</code>, ingest run directories with <code>mtap ingest</code>, or{' '}
            <a href="#/open">open an events.jsonl file</a>.
          </p>
        </EmptyState>
      ) : (
        <div class={loaded.state === 'loading' ? 'stale' : ''} aria-busy={loaded.state === 'loading'}>
          {!quiet && <SourceNotice source={env.source} />}
          {children(env.data, env.source)}
        </div>
      )}
    </>
  );
}
