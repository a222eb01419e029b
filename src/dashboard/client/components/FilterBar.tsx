/** The filter every analytics view shares; it edits the filter in the URL. */
import type { Envelope, Meta } from '../../shared/api.js';
import { FILTER_KEYS, FILTER_LABELS, filterFromParams, type Filter, type FilterKey } from '../../shared/filter.js';
import { apiUrl, useApi } from '../api.js';
import { setParams } from '../router.js';
import { Select } from './Controls.js';

const LISTS: Record<Exclude<FilterKey, 'from' | 'to'>, keyof Meta['options']> = {
  station: 'stations',
  stage: 'stages',
  batch: 'batches',
  fw: 'fws',
  plan_version: 'planVersions',
};

export function FilterBar({ params }: { params: URLSearchParams }) {
  const filter: Filter = filterFromParams(params);
  const meta = useApi<Envelope<Meta>>(apiUrl('meta', { source: params.get('source') }));
  const options = meta.value?.data?.options;
  const days = options?.days;
  const active = FILTER_KEYS.filter((k) => filter[k]);
  return (
    <form class="filter-bar" data-testid="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <label class="select">
        <span>{FILTER_LABELS.from}</span>
        <input type="date" value={filter.from ?? ''} min={days?.min} max={days?.max} onChange={(e) => setParams({ from: (e.currentTarget as HTMLInputElement).value })} data-testid="filter-from" />
      </label>
      <label class="select">
        <span>{FILTER_LABELS.to}</span>
        <input type="date" value={filter.to ?? ''} min={days?.min} max={days?.max} onChange={(e) => setParams({ to: (e.currentTarget as HTMLInputElement).value })} data-testid="filter-to" />
      </label>
      {(Object.keys(LISTS) as (keyof typeof LISTS)[]).map((k) => {
        const list = (options?.[LISTS[k]] as string[] | undefined) ?? [];
        const value = filter[k] ?? '';
        // Keep a value from the URL selectable even if this source does not have it.
        const all = value && !list.includes(value) ? [...list, value] : list;
        return <Select key={k} label={FILTER_LABELS[k]} value={value} options={all} onChange={(v) => setParams({ [k]: v })} testId={`filter-${k}`} />;
      })}
      {active.length > 0 && (
        <button type="button" class="small" onClick={() => setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))} data-testid="filter-clear">
          Clear filter
        </button>
      )}
    </form>
  );
}
