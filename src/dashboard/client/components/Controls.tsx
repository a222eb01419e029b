/** Small controls: a segmented choice, a labelled select. */
export function Segmented<T extends string>({ label, value, options, onChange, testId }: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (v: T) => void; testId?: string }) {
  return (
    <div class="segmented" role="radiogroup" aria-label={label} data-testid={testId}>
      <span class="seg-label">{label}</span>
      {options.map((o) => (
        <button type="button" key={o.value} role="radio" aria-checked={o.value === value} class={o.value === value ? 'on' : ''} onClick={() => onChange(o.value)} data-value={o.value}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export type Option = string | { value: string; label: string };

export function Select({ label, value, options, onChange, testId, allLabel = 'All' }: { label: string; value: string; options: readonly Option[]; onChange: (v: string) => void; testId?: string; allLabel?: string | null }) {
  return (
    <label class="select">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)} data-testid={testId}>
        {allLabel !== null && <option value="">{allLabel}</option>}
        {options.map((o) => {
          const { value: v, label: l } = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </label>
  );
}
