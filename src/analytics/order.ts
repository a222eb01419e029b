/**
 * Ordering rows in TypeScript, not SQL: PostgreSQL sorts text by the database's collation, DuckDB by
 * code point, so an `ORDER BY name` could differ between the engines. Analytics sorts the (few) rows
 * it returns here, by UTF-16 code unit, the same on both.
 */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compare by several keys in turn. */
export function byKeys<T>(...keys: ((row: T) => string | number)[]) {
  return (a: T, b: T): number => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      const c = x === y ? 0 : typeof x === 'number' && typeof y === 'number' ? x - y : byText(String(x), String(y));
      if (c !== 0) return c;
    }
    return 0;
  };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Group names: numerically when both are numbers (sites 2 before 10), else as text. */
export const byGroup = (a: string, b: string): number => (NUMBER.test(a) && NUMBER.test(b) ? Number(a) - Number(b) || byText(a, b) : byText(a, b));
