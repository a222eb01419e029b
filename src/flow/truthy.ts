/**
 * Ruby truthiness, which the builder's options follow: only `nil` and `false` are false, so `bin: 0`
 * and `number: 0` are given values.
 */
export function present<T>(value: T): value is Exclude<T, null | undefined | false> {
  return value !== undefined && value !== null && value !== false;
}
