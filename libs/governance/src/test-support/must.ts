/** For tests: unwrap a value the test has just arranged to exist, failing loudly if not. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}
