import type { OptionKeyset } from './types.js';

/**
 * Describe a value for an error message: its type and its length or value where short.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) {
    const length = (value as unknown as { length?: number }).length;
    return length === undefined ? value.constructor.name : `${value.constructor.name}(${length})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value as object).slice(0, 4);
    return `object {${keys.join(', ')}}`;
  }
  return typeof value;
}

/**
 * Throw a RangeError (or TypeError) naming the function, the argument, what was expected and
 * what came. Messages are built only when a check fails.
 * @internal
 */
export function fail(
  fn: string,
  arg: string,
  expected: string,
  got: unknown,
  type: 'range' | 'type' = 'range',
): never {
  return failText(fn, arg, expected, describeValue(got), type);
}

/**
 * Like {@link fail}, with the received value already described.
 * @internal
 */
export function failText(
  fn: string,
  arg: string,
  expected: string,
  gotText: string,
  type: 'range' | 'type' = 'range',
): never {
  const message = `${fn}: ${arg} expected ${expected}, got ${gotText}`;
  throw type === 'type' ? new TypeError(message) : new RangeError(message);
}

/**
 * Largest |entry| a matrix may hold: squares and dot products of entries up to 1e100 stay far
 * from overflow (1e308) for any matrix that fits in memory, so norms, W^T W and projections
 * are finite. Trained weights are many orders of magnitude smaller.
 */
export const MAX_MATRIX_ENTRY = 1e100;

/** A checked dense matrix, row-major. @internal */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

function isArrayLike(value: unknown): value is ArrayLike<number> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { length?: unknown }).length === 'number'
  );
}

/**
 * Check an array of finite numbers (optionally of a given length) and copy it.
 * @internal
 */
export function toFiniteArray(
  fn: string,
  arg: string,
  value: unknown,
  length?: number,
): Float64Array {
  if (!isArrayLike(value) || typeof value === 'string') {
    fail(fn, arg, 'an array of numbers', value, 'type');
  }
  if (length !== undefined && value.length !== length) {
    fail(fn, arg, `${length} numbers`, value);
  }
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const x = value[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      fail(fn, `${arg}[${i}]`, 'a finite number', x);
    }
    out[i] = x;
  }
  return out;
}

/**
 * Check a finite number, optionally inside [min, max] (or [min, max) with `maxOpen`).
 * @internal
 */
export function toFiniteNumber(
  fn: string,
  arg: string,
  value: unknown,
  range?: { min?: number; max?: number; maxOpen?: boolean; minOpen?: boolean },
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(fn, arg, 'a finite number', value);
  if (range) {
    const { min = -Infinity, max = Infinity, maxOpen = false, minOpen = false } = range;
    const low = minOpen ? value <= min : value < min;
    const high = maxOpen ? value >= max : value > max;
    if (low || high) {
      fail(
        fn,
        arg,
        `a number in ${minOpen ? '(' : '['}${min}, ${max}${maxOpen ? ')' : ']'}`,
        value,
      );
    }
  }
  return value;
}

function toEntry(fn: string, arg: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(fn, arg, 'a finite number', x);
  if (Math.abs(x) > MAX_MATRIX_ENTRY) {
    fail(fn, arg, `a number with |x| <= ${MAX_MATRIX_ENTRY} (squares must not overflow)`, x);
  }
  return x;
}

/**
 * Check a matrix given as `{ data, rows, cols }` or as an array of equal-length rows, with
 * finite entries of magnitude at most {@link MAX_MATRIX_ENTRY}, and copy it into a row-major
 * Float64Array.
 * @internal
 */
export function toMatrix(fn: string, arg: string, value: unknown): Matrix {
  if (Array.isArray(value)) {
    if (value.length === 0) fail(fn, arg, 'a non-empty array of rows', value);
    const rows = value.length;
    if (!isArrayLike(value[0]))
      fail(fn, `${arg}[0]`, 'an array of numbers (a row)', value[0], 'type');
    const cols = (value[0] as ArrayLike<number>).length;
    if (cols === 0) fail(fn, `${arg}[0]`, 'a non-empty row', value[0]);
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row: unknown = value[i];
      if (!isArrayLike(row) || row.length !== cols) {
        fail(fn, `${arg}[${i}]`, `a row of ${cols} numbers like ${arg}[0]`, row);
      }
      for (let j = 0; j < cols; j++) {
        data[i * cols + j] = toEntry(fn, `${arg}[${i}][${j}]`, row[j]);
      }
    }
    return { data, rows, cols };
  }
  if (value === null || typeof value !== 'object' || !('data' in value)) {
    fail(fn, arg, '{ data, rows, cols } or an array of rows', value, 'type');
  }
  const { data, rows, cols } = value as { data: unknown; rows: unknown; cols: unknown };
  if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1) {
    fail(fn, `${arg}.rows`, 'a positive integer', rows);
  }
  if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1) {
    fail(fn, `${arg}.cols`, 'a positive integer', cols);
  }
  if (!isArrayLike(data)) fail(fn, `${arg}.data`, 'an array of numbers', data, 'type');
  if (data.length !== rows * cols) {
    fail(
      fn,
      `${arg}.data`,
      `rows * cols = ${rows * cols} numbers (rows ${rows}, cols ${cols})`,
      data,
    );
  }
  const out = new Float64Array(rows * cols);
  for (let k = 0; k < out.length; k++) {
    out[k] = toEntry(fn, `${arg}.data[${k}]`, data[k]);
  }
  return { data: out, rows, cols };
}

/**
 * Check that values for a continuous colour scale span a finite range (max - min does not
 * overflow): d3 maps every value to the same colour, or to none, on an infinite span.
 * @internal
 */
export function checkFiniteSpan(fn: string, arg: string, values: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!Number.isFinite(hi - lo)) {
    failText(fn, arg, 'values whose range max - min is finite', `${lo} to ${hi}`);
  }
}

/**
 * Check an optional piece of text (a title, a label): a string (a finite number is written as
 * JavaScript prints it, so `label: 7` shows 7), or `fallback` when undefined.
 * @internal
 */
export function toText(fn: string, arg: string, value: unknown, fallback: string): string;
export function toText(
  fn: string,
  arg: string,
  value: unknown,
  fallback?: string,
): string | undefined;
export function toText(
  fn: string,
  arg: string,
  value: unknown,
  fallback?: string,
): string | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') fail(fn, arg, 'a string or a finite number', value, 'type');
  return value;
}

/**
 * Like {@link toText}, for text that must say something: the title (the figure's accessible
 * name, its `aria-label` and `<title>`) and the description (its `<desc>`). A string that is
 * empty or only white space is refused with a RangeError, rather than drawn as a figure with
 * an empty accessible name.
 * @internal
 */
export function toNonBlankText(fn: string, arg: string, value: unknown, fallback: string): string;
export function toNonBlankText(
  fn: string,
  arg: string,
  value: unknown,
  fallback?: string,
): string | undefined;
export function toNonBlankText(
  fn: string,
  arg: string,
  value: unknown,
  fallback?: string,
): string | undefined {
  const text = toText(fn, arg, value, fallback);
  if (text !== undefined && text.trim() === '') {
    fail(fn, arg, 'a non-empty string (not only white space)', text);
  }
  return text;
}

/** Check a non-empty array (of objects). @internal */
export function toNonEmptyArray<T>(fn: string, arg: string, value: unknown): readonly T[] {
  if (!Array.isArray(value)) fail(fn, arg, 'an array', value, 'type');
  if (value.length === 0) fail(fn, arg, 'a non-empty array', value);
  return value as T[];
}

/** Resolve the document option: the given one, else the global document. @internal */
export function resolveDocument(fn: string, doc: Document | undefined): Document {
  const resolved = doc ?? (globalThis as { document?: Document }).document;
  if (!resolved || typeof resolved.createElementNS !== 'function') {
    fail(
      fn,
      'options.document',
      'a DOM Document (in Node pass createDocument() from @hyperposition/plots/node)',
      doc,
      'type',
    );
  }
  return resolved;
}

/**
 * Edit distance between two short strings: insertions, deletions, substitutions and swaps of
 * two neighbours (`'widht'` is one from `'width'`), the optimal string alignment distance.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j] + 1, row[j - 1] + 1);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2] + 1);
      }
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The known key nearest to `key` (case-insensitive edit distance, adjacent swaps counting one),
 * or undefined when none is close: within max(1, floor(length / 3)) edits.
 * @internal
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Throw a TypeError naming the first own key of `obj` that is not one of `known`, with the
 * nearest known key as a hint: a misspelt option (`{ widht: 500 }`) would otherwise be ignored
 * and its default used without a word. Keys whose value is `undefined` pass (spreading
 * `{ width: undefined }` sets nothing).
 *
 * Message: `${fn}: ${arg}.${key} expected one of the known options (${known.join(', ')})${hint},
 * got an unknown key`, with hint `; did you mean ${arg}.${nearest}?` when one is close.
 * @internal
 */
export function checkKeys(fn: string, arg: string, obj: object, known: readonly string[]): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined || known.includes(key)) continue;
    const best = nearestKey(key, known);
    const hint = best === undefined ? '' : `; did you mean ${arg}.${best}?`;
    throw new TypeError(
      `${fn}: ${arg}.${key} expected one of the known options (${known.join(', ')})${hint}, got an unknown key`,
    );
  }
}

/**
 * The keys of an options interface `T`, listed once as `{ key: true, ... }`: the compiler
 * refuses a listing that misses a key of `T` or has one `T` lacks, so the list that
 * {@link checkKeys} accepts cannot drift from the documented interface.
 *
 * @example
 * ```ts
 * const KEYS = optionKeys<{ a?: number; b?: string }>({ a: true, b: true }); // ['a', 'b']
 * ```
 * @internal
 */
export function optionKeys<T extends object>(keys: OptionKeyset<T>): readonly (keyof T & string)[] {
  return Object.freeze(Object.keys(keys) as (keyof T & string)[]);
}

/**
 * Check an options argument: undefined (no options) or an object with only `known` keys (see
 * {@link checkKeys}). Call first, before reading any option.
 * @internal
 */
export function checkOptionsObject<T extends object>(
  fn: string,
  arg: string,
  options: T | undefined,
  known: readonly string[],
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object') fail(fn, arg, 'an object', options, 'type');
  checkKeys(fn, arg, options, known);
  return options;
}

/**
 * What an id prefix must look like: it starts every `id` (`${prefix}-1`, ...) and every
 * `url(#...)` reference in a figure, so it must be an XML name without a colon (an NCName),
 * kept to ASCII: a letter or an underscore, then letters, digits, `-`, `_` or `.`.
 */
const ID_PREFIX = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Check an id prefix (see {@link ID_PREFIX}): TypeError on what is not a string, RangeError on a
 * string that is not a valid XML id start (spaces, a leading digit, `#`, `)`, non-ASCII).
 * @internal
 */
export function toIdPrefix(fn: string, arg: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !ID_PREFIX.test(value)) {
    fail(
      fn,
      arg,
      "a string usable in an XML id: an ASCII letter or '_', then letters, digits, '-', '_' or '.'",
      value,
      typeof value === 'string' ? 'range' : 'type',
    );
  }
  return value;
}
