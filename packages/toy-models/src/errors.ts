/**
 * Describe a value for an error message: its type, and its length or value where short.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    return 'length' in value ? `${name}(${(value as unknown as { length: number }).length})` : name;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return typeof value;
}

/**
 * Throw a RangeError (or TypeError) naming the function, the argument, what was expected
 * and what came. Called only once a check has failed, so the message costs nothing otherwise.
 * @internal
 */
export function fail(
  fn: string,
  arg: string,
  expected: string,
  got: unknown,
  type: 'range' | 'type' = 'range',
): never {
  const msg = `${fn}: ${arg} expected ${expected}, got ${describeValue(got)}`;
  throw type === 'type' ? new TypeError(msg) : new RangeError(msg);
}

/** @internal */
export function checkInteger(fn: string, arg: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(fn, arg, `an integer >= ${min}`, value, typeof value === 'number' ? 'range' : 'type');
  }
  return value;
}

/** @internal */
export function checkNumber(
  fn: string,
  arg: string,
  value: unknown,
  min: number,
  max: number,
  what = `a number in [${min}, ${max}]`,
): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    fail(fn, arg, what, value, typeof value === 'number' ? 'range' : 'type');
  }
  return value;
}

/**
 * Check a seed as `createRng` takes it: an integer (any sign or size, taken modulo 2^32) or a
 * string. A non-integer number would otherwise be truncated (7.9 seeding like 7).
 * @internal
 */
export function checkSeed(fn: string, arg: string, value: unknown): number | string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    fail(fn, arg, 'an integer or a string', value, typeof value === 'number' ? 'range' : 'type');
  }
  return value;
}

/**
 * Edit distance between two short strings: insertions, deletions, substitutions and swaps of
 * two neighbours ("stpes" is one from "steps").
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j] + 1, row[j - 1] + 1);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * Throw a TypeError naming the first key of `obj` that is not one of `known`, with the
 * nearest known key as a hint: a misspelt option would otherwise be ignored and its default
 * used without a word. Keys whose value is `undefined` pass (spreading `{ seed: undefined }`
 * sets nothing).
 * @internal
 */
export function checkKeys(fn: string, arg: string, obj: object, known: readonly string[]): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined || known.includes(key)) continue;
    let best = '';
    let bestD = Infinity;
    for (const k of known) {
      const d = editDistance(key.toLowerCase(), k.toLowerCase());
      if (d < bestD) [best, bestD] = [k, d];
    }
    const hint =
      bestD <= Math.max(1, Math.floor(key.length / 3)) ? `; did you mean ${arg}.${best}?` : '';
    throw new TypeError(
      `${fn}: ${arg}.${key} expected one of the known options (${known.join(', ')})${hint}, got an unknown key`,
    );
  }
}
