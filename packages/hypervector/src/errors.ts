/**
 * Describe a value for an error message: its type, and its length or value where short.
 * @internal
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    return 'length' in value ? `${name}(${(value as unknown as { length: number }).length})` : name;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return typeof value;
}

/**
 * Throw a RangeError (or TypeError) that names the function, the argument, what was expected
 * and what came. The message is built only when a check fails.
 * @internal
 */
export function fail(
  fn: string,
  arg: string,
  expected: string,
  got: unknown,
  type: 'range' | 'type' = 'range',
): never {
  const msg = `${fn}: ${arg} expected ${expected}, got ${describe(got)}`;
  throw type === 'type' ? new TypeError(msg) : new RangeError(msg);
}

/**
 * Check that `value` is an integer in `[min, max]`; otherwise fail naming `fn` and `arg`.
 * @internal
 */
export function checkInteger(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    fail(fn, arg, range, value, typeof value === 'number' ? 'range' : 'type');
  }
  return value;
}

/**
 * Check that every element of `x` is finite; otherwise fail naming the first bad index.
 * @internal
 */
export function checkFinite(fn: string, arg: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v - v !== 0)
      throw new RangeError(`${fn}: ${arg} expected finite values, got ${String(v)} at index ${i}`);
  }
}
