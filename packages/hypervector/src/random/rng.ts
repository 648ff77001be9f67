/**
 * A seeded pseudo-random generator. Every random draw in Hyperposition goes through one,
 * so the same seed gives the same result in Node and in browsers.
 *
 * The generator is xoshiro128** (Blackman and Vigna, 2018) seeded through SplitMix32,
 * 32-bit integer arithmetic only, so it is exact in every JavaScript engine.
 */
export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number;
  /** A standard normal draw (mean 0, variance 1), Box-Muller with a cached spare. */
  nextNormal(): number;
  /** A uniform integer in [0, n), unbiased (rejection sampling). */
  nextInt(n: number): number;
  /** An independent generator derived from this one (for parallel streams). */
  fork(): Rng;
  /** The full internal state, for checkpoints: `restoreRng(rng.state())` continues the stream exactly. */
  state(): number[];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

class Xoshiro128 implements Rng {
  // The four state words are kept as int32 (small integers in V8, no heap numbers); every
  // operation is the same modulo 2^32, so the sequence is that of the uint32 algorithm.
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  constructor(seed: number) {
    const sm = splitmix32(seed);
    this.a = sm() | 0;
    this.b = sm() | 0;
    this.c = sm() | 0;
    this.d = sm() | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const r = Math.imul(b, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const c = this.c ^ a;
    const d = this.d ^ b;
    this.b = b ^ c;
    this.a = a ^ d;
    this.c = c ^ (b << 9);
    this.d = (d << 11) | (d >>> 21);
    return result;
  }

  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  nextNormal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  nextInt(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= 4294967296)) {
      throw new RangeError(`Rng.nextInt: n expected an integer in [1, 2^32], got ${n}`);
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  fork(): Rng {
    return new Xoshiro128(this.nextUint32() ^ 0x5bd1e995);
  }

  state(): number[] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0, this.spare];
  }

  /** The four state words, as int32, into `w[0..4)`. */
  wordsInto(w: Int32Array): void {
    w[0] = this.a;
    w[1] = this.b;
    w[2] = this.c;
    w[3] = this.d;
  }

  /** The four state words from `w[0..4)` (a generator advanced elsewhere, by the same algorithm). */
  wordsFrom(w: Int32Array): void {
    this.a = w[0];
    this.b = w[1];
    this.c = w[2];
    this.d = w[3];
  }

  static fromState(state: readonly number[]): Xoshiro128 {
    const rng = new Xoshiro128(0);
    [rng.a, rng.b, rng.c, rng.d] = state.map((x) => x | 0);
    rng.spare = state[4] ?? NaN;
    return rng;
  }
}

/**
 * Create a seeded generator.
 *
 * @param seed - an integer of any sign and size (taken modulo 2^32, so `-1` and `2^32 - 1`
 * give the same stream) or a string (hashed with FNV-1a).
 * @returns a new {@link Rng}; two generators with the same seed give the same stream.
 * @throws TypeError when `seed` is neither a finite number nor a string; RangeError when it is
 * a finite number that is not an integer (`0.5` would otherwise give the stream of `0`).
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.nextFloat(); // the same number on every run and every engine
 * ```
 */
export function createRng(seed: number | string): Rng {
  if (typeof seed === 'string') return new Xoshiro128(hashString(seed));
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(
      `createRng: seed expected a finite number or a string, got ${String(seed)}`,
    );
  }
  if (!Number.isInteger(seed)) {
    throw new RangeError(
      `createRng: seed expected an integer (taken modulo 2^32) or a string, got ${seed}`,
    );
  }
  return new Xoshiro128(seed >>> 0);
}

/**
 * Recreate a generator from {@link Rng.state}, so a checkpointed run continues the same stream.
 *
 * @param state - five numbers as returned by `rng.state()` (four 32-bit words and the cached
 *   normal, or NaN; null, as JSON writes NaN, is read as NaN).
 * @throws TypeError for anything else (the cached normal checked too); RangeError for an
 *   all-zero state.
 * @returns a generator whose next draws equal those the saved one would have produced.
 * @example
 * ```ts
 * const a = createRng(7);
 * a.nextFloat();
 * const b = restoreRng(a.state());
 * a.nextFloat() === b.nextFloat(); // returns true
 * restoreRng(JSON.parse(JSON.stringify(a.state()))).nextFloat() === a.nextFloat(); // returns true
 * ```
 */
export function restoreRng(state: readonly number[]): Rng {
  if (
    !Array.isArray(state) ||
    state.length !== 5 ||
    !state.slice(0, 4).every((x) => Number.isInteger(x) && x >= 0 && x < 4294967296)
  ) {
    throw new TypeError(
      `restoreRng: state expected five numbers (four uint32 words and a float or NaN), got ${Array.isArray(state) ? `Array(${state.length})` : typeof state}`,
    );
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) {
    throw new RangeError('restoreRng: state expected a non-zero generator state, got all zeros');
  }
  // the cached normal: a finite number, or NaN for none (null after a JSON round trip)
  const spare: unknown = state[4];
  if (!(
    spare === null ||
    (typeof spare === 'number' && (Number.isFinite(spare) || Number.isNaN(spare)))
  )) {
    throw new TypeError(
      `restoreRng: state[4] expected the cached normal (a finite number, NaN or null for none), got ${typeof spare === 'number' ? String(spare) : typeof spare}`,
    );
  }
  return Xoshiro128.fromState(state);
}

/**
 * Tie-breaking signs, 32 positions to a draw: the tied positions `pos[0..count)` (increasing)
 * fall in groups of 32 (`p >>> 5`); each group with a tie takes one `r = rng.nextUint32()`, in
 * increasing group order, and `out[p] = (r >>> (p & 31)) & 1 ? 1 : -1` (as {@link drawBitsAt}
 * and BSC's majority break packed ties: bit p & 31 of the group's draw).
 * @internal
 */
export function drawSignsAt(
  rng: Rng,
  out: Int8Array | Int32Array | Float32Array,
  pos: ArrayLike<number>,
  count: number,
): void {
  let group = -1;
  let r = 0;
  for (let t = 0; t < count; t++) {
    const p = pos[t];
    if (p >>> 5 !== group) {
      group = p >>> 5;
      r = rng.nextUint32();
    }
    // Arithmetic rather than a conditional: the bit is a coin flip, so a branch mispredicts.
    out[p] = (((r >>> (p & 31)) & 1) << 1) - 1;
  }
}

/**
 * Tie-breaking bits: for each word `w < L` with a set bit in `ties[w]`, in increasing order,
 * one draw `r = rng.nextUint32()`, and `out[w] |= ties[w] & r` (a tied bit is set when the
 * draw's bit at its position is). (The package's own generators are advanced by the native
 * majority kernel instead, see {@link xoshiroWords}.)
 * @internal
 */
export function drawBitsAt(rng: Rng, out: Uint32Array, ties: Uint32Array, L: number): void {
  for (let w = 0; w < L; w++) {
    const t = ties[w];
    if (t !== 0) out[w] = (out[w] | (t & rng.nextUint32())) >>> 0;
  }
}

/**
 * The four state words of one of the package's generators, into `w` (an `Int32Array(4)`), for
 * a kernel that advances it by the same algorithm; false (nothing written) for any other
 * {@link Rng}. Write them back with {@link setXoshiroWords}.
 * @internal
 */
export function xoshiroWords(rng: Rng, w: Int32Array): boolean {
  if (!(rng instanceof Xoshiro128)) return false;
  rng.wordsInto(w);
  return true;
}

/**
 * Set the state words of a generator for which {@link xoshiroWords} returned true.
 * @internal
 */
export function setXoshiroWords(rng: Rng, w: Int32Array): void {
  (rng as Xoshiro128).wordsFrom(w);
}
