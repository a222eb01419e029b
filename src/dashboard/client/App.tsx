/** The page: the header with the views, where the data comes from, the filter bar, the view. */
import type { Envelope, Meta } from '../shared/api.js';
import { apiUrl, useApi } from './api.js';
import { FilterBar } from './components/FilterBar.js';
import { hashOf, navigate, sharedParams, useRoute, type View } from './router.js';
import { Flow } from './views/Flow.js';
import { Heatmaps } from './views/Heatmaps.js';
import { Live } from './views/Live.js';
import { Measurements } from './views/Measurements.js';
import { Open } from './views/Open.js';
import { Overview } from './views/Overview.js';
import { Pareto } from './views/Pareto.js';
import { Units } from './views/Units.js';

const TABS: { view: View; label: string }[] = [
  { view: 'overview', label: 'Overview' },
  { view: 'pareto', label: 'Pareto' },
  { view: 'heatmaps', label: 'Heatmaps' },
  { view: 'measurements', label: 'Measurements' },
  { view: 'units', label: 'Unit history' },
  { view: 'live', label: 'Live' },
  { view: 'flow', label: 'Flow' },
  { view: 'open', label: 'Open a file' },
];

/** Views over the store (or an opened file) that the filter bar narrows. */
const FILTERED: readonly View[] = ['overview', 'pareto', 'heatmaps', 'measurements'];

function SourceBadge({ source, view }: { source: string | null; view: View }) {
  const meta = useApi<Envelope<Meta>>(apiUrl('meta', { source }));
  const s = meta.value?.source;
  if (!s) return null;
  const what = { store: 'store', 'runs-dir': 'run directories', file: 'file', none: 'no data' }[s.kind];
  return (
    <div class={`source ${s.kind}`} data-testid="source" title={s.notice ?? s.label}>
      <span class="source-kind">{what}</span> <span class="source-label">{s.label}</span>
      {s.kind === 'file' && (
        <button type="button" class="small" onClick={() => navigate(view === 'open' ? 'overview' : view, { source: null })} data-testid="close-file">
          Back to the store
        </button>
      )}
    </div>
  );
}

export function App() {
  const { view, params } = useRoute();
  const source = params.get('source');
  // Only the source and the filter follow you from view to view.
  const keep = (to: View) => hashOf(to, sharedParams(params));
  return (
    <>
      <header>
        <h1>mtap</h1>
        <nav aria-label="views">
          {TABS.map((t) => (
            <a key={t.view} href={keep(t.view)} class={t.view === view ? 'active' : ''} aria-current={t.view === view ? 'page' : undefined} data-testid={`tab-${t.view}`}>
              {t.label}
            </a>
          ))}
        </nav>
        <SourceBadge source={source} view={view} />
      </header>
      <main data-testid={`view-${view}`}>
        {FILTERED.includes(view) && <FilterBar params={params} />}
        {view === 'overview' && <Overview params={params} />}
        {view === 'pareto' && <Pareto params={params} />}
        {view === 'heatmaps' && <Heatmaps params={params} />}
        {view === 'measurements' && <Measurements params={params} />}
        {view === 'units' && <Units params={params} />}
        {view === 'live' && <Live params={params} />}
        {view === 'flow' && <Flow params={params} />}
        {view === 'open' && <Open params={params} />}
      </main>
    </>
  );
}
