/**
 * Test-ID cleaning, the reference's `String#symbolize`: IDs and the references to them are compared in
 * one canonical form, so `id: 'T1'` and `ifFailed: 't1'` meet.
 *
 *   cleanId('T1')          // 't1'
 *   cleanId('My Test (2)') // 'my_test_2'
 */

// Ruby's `\s` is [ \t\r\n\f\v]; JavaScript's is wider, so spell it out.
const REPLACED = /[?!\-/\\\n \t\r\f\v().[\]{}]/g;

export function cleanId(id: unknown): string {
  const text = id === null || id === undefined ? '' : String(id);
  let out = text.replace(REPLACED, '_').toLowerCase();
  if (out.includes('__')) out = out.replace(/_+/g, '_');
  if (!text.startsWith('_')) out = out.replace(/^_/, '');
  if (!text.endsWith('_')) out = out.replace(/_$/, '');
  return out;
}

/** Clean a reference: a single ID or each ID of a list. */
export function cleanIdOrList(value: unknown): string | string[] {
  return Array.isArray(value) ? value.map((v: unknown) => cleanId(v)) : cleanId(value);
}
