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
 * Throw a RangeError (or TypeError) naming the function, the argument, what was expected and
 * what came. Called only once a check has failed, so the message costs nothing otherwise.
 * @internal
 */
export function fail(
  fn: string,
  arg: string,
  expected: string,
  got: unknown,
  type: 'range' | 'type' = 'range',
): never {
  failWith(fn, arg, expected, describe(got), type);
}

/** Like {@link fail}, with the description of what came written by the caller. @internal */
export function failWith(
  fn: string,
  arg: string,
  expected: string,
  gotText: string,
  type: 'range' | 'type' = 'range',
): never {
  const msg = `${fn}: ${arg} expected ${expected}, got ${gotText}`;
  throw type === 'type' ? new TypeError(msg) : new RangeError(msg);
}

/** Check an integer option lies in [min, max]. @internal */
export function checkInt(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number = Infinity,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    fail(fn, arg, `an integer ${range}`, value, typeof value === 'number' ? 'range' : 'type');
  }
  return value;
}

/** Check a real option lies in an interval (bounds open or closed as named). @internal */
export function checkReal(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number,
  open: 'none' | 'min' | 'max' | 'both' = 'none',
): number {
  const lowOpen = open === 'min' || open === 'both';
  const highOpen = open === 'max' || open === 'both';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (lowOpen ? value <= min : value < min) ||
    (highOpen ? value >= max : value > max)
  ) {
    const interval = `${lowOpen ? '(' : '['}${min}, ${max}${highOpen ? ')' : ']'}`;
    fail(
      fn,
      arg,
      `a finite number in ${interval}`,
      value,
      typeof value === 'number' ? 'range' : 'type',
    );
  }
  return value;
}
