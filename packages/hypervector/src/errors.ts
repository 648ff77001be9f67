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
 * Throw the RangeError of an output `out` of `fn` that overlaps its input `arg` where it may
 * not. `allowed` is the overlap the operation takes: `'itself'`, the array `arg` itself (in
 * place: the element-wise operations); `'row'`, one of the rows of `arg` itself (a bundle);
 * `'none'`, no shared byte at all (permutations and similarities), where `same` says that
 * `out` is the array `arg` itself (the same view). One wording for every such error:
 * `"MAP-B.bind: out expected the array a itself (in place) or one that does not overlap a, got an array that partly overlaps a"`.
 * @internal
 */
export function failOverlap(
  fn: string,
  arg: string,
  allowed: 'itself' | 'row' | 'none',
  same = false,
): never {
  let expected: string;
  let got: string;
  if (allowed === 'itself') {
    expected = `the array ${arg} itself (in place) or one that does not overlap ${arg}`;
    got = `an array that partly overlaps ${arg}`;
  } else if (allowed === 'row') {
    expected = `a row of ${arg} itself (in place) or an array that does not overlap ${arg}`;
    got = `an array that partly overlaps a row of ${arg}`;
  } else {
    expected = `an array that does not overlap ${arg}`;
    got = same ? `the array ${arg} itself` : `an array that overlaps ${arg}`;
  }
  throw new RangeError(`${fn}: out expected ${expected}, got ${got}`);
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

/**
 * Edit distance of two short strings: insertions, deletions, substitutions and swaps of two
 * neighbours (`"rgn"` is one from `"rng"`).
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
 * Throw a TypeError naming the first own key of an options object that is not one of `known`,
 * with the nearest known key as a hint: a misspelt option would otherwise be ignored and its
 * default used without a word. Keys whose value is `undefined` pass (spreading
 * `{ rng: undefined }` sets nothing). Allocates nothing when every key is known, so hot
 * operations (`bundle`, `random`) can call it on every call.
 * @internal
 */
export function checkKeys(fn: string, arg: string, obj: object, known: readonly string[]): void {
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key) || known.includes(key)) continue;
    if ((obj as Record<string, unknown>)[key] === undefined) continue;
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
