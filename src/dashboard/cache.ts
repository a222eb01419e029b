/**
 * Answers kept while the data they were computed from is unchanged: a dashboard left open on a line
 * asks the same questions again and again, and over months of data each costs the store a second.
 * An entry is keyed by the question and tagged with a version of the data (for a DuckDB file, its
 * and its WAL's size and time); a different version is a miss. Failed answers are never kept.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { version: string; value: Promise<unknown> }>();

  constructor(private readonly max = 200) {}

  get<T>(key: string, version: string): Promise<T> | undefined {
    const e = this.entries.get(key);
    if (!e || e.version !== version) return undefined;
    // Most recently used last: the oldest is evicted first.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value as Promise<T>;
  }

  set<T>(key: string, version: string, value: Promise<T>): Promise<T> {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
