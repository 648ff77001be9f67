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

/**
 * Edit distance between two short strings: insertions, deletions, substitutions and swaps of
 * two neighbours ("sedd" is one from "seed", "nrg" one from "rng").
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
 * Throw a TypeError naming the first key of `obj` that is not one of `known`, with the nearest
 * known key as a hint when it is close: a misspelt option would otherwise be ignored and its
 * default used without a word. Keys whose value is `undefined` pass (spreading
 * `{ rng: undefined }` sets nothing), and so does an `obj` that is `undefined` (no options);
 * `null` or any other non-object is a TypeError. Allocates nothing when every key is known.
 * Each public function calls it once, at its entry, with the keys of its own options
 * interface; internal helpers that receive a wider object never call it.
 * @internal
 */
export function checkKeys(fn: string, arg: string, obj: unknown, known: readonly string[]): void {
  if (obj === undefined) return;
  if (obj === null || typeof obj !== 'object') {
    fail(fn, arg, `an object { ${known.join(', ')} }`, obj, 'type');
  }
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    if ((obj as Record<string, unknown>)[key] === undefined || known.includes(key)) continue;
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

/** The keys of an options interface, as listed for {@link checkKeys}. @internal */
export type OptionKeys<T> = readonly (keyof T & string)[];

/** The keys of `T` that the key list `K` leaves out. */
type MissingKeys<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;

/** `unknown` when `K` lists every key of `T`; otherwise a type no key list matches, naming what is missing. */
type EveryKey<T, K extends readonly PropertyKey[]> = [MissingKeys<T, K>] extends [never]
  ? unknown
  : { 'missing keys': MissingKeys<T, K> };

/**
 * The key list of an options interface, checked at compile time against the interface:
 * `optionKeys<FeatureOptions>()('features')`. A key the interface does not have, or a key of
 * the interface left out, is a type error, so a list cannot drift from its interface (an
 * extended interface spreads its parents' lists, then adds its own keys).
 * @internal
 */
export function optionKeys<T extends object>(): <const K extends OptionKeys<T>>(
  ...keys: K & EveryKey<T, K>
) => OptionKeys<T> {
  return (...keys) => keys;
}
