import { checkInteger, checkKeys, fail, failOverlap } from '../errors.js';
import { cosineFusedKernel, dotKernel, inverseNorms, rowNorms } from '../kernels/dot.js';
import { sumRowsFloat32, sumRowsInt32, sumRowsInt8 } from '../kernels/sum.js';
import { noOverlap } from '../ops/shape.js';
import { vsaNative, weightsF64 } from '../native/vsa.js';
import { createRng, type Rng } from '../random/rng.js';
import { overlaps } from '../kernels/sharing.js';
import { arenaRotate, overlapPartly, sameStart, shareMemory } from './arena.js';
import { checkPermutation } from './permutationCheck.js';
import type {
  BundleNormalization,
  BundleOptions,
  HVArray,
  ModelName,
  Permutation,
  RandomOptions,
  VSAModel,
} from '../types.js';

/** A typed-array class. @internal */
export interface ArrayCtor<V extends HVArray> {
  new (n: number): V;
  readonly name: string;
}

/**
 * Fewest elements for which an element-wise operation (MAP-B, FHRR) calls the native kernels:
 * below, the JavaScript loop costs no more than the call (measured: a call costs a few tenths
 * of a microsecond). @internal
 */
export const NATIVE_MIN = 256;

/** The same for operations on packed words (BSC: 64 words = 2,048 bits). @internal */
export const NATIVE_MIN_WORDS = 64;

/** Fewest elements of all rows for which a bundle calls the native kernels. @internal */
export const NATIVE_MIN_BUNDLE = 128;

/** Fewest words of all rows for which a BSC majority calls the native kernels. @internal */
export const NATIVE_MIN_MAJORITY = 256;

/**
 * Bytes of a single row for which a permutation calls the native kernels, [from, to): below,
 * the call costs more than the two copies; above, both are memory moves of the same speed
 * (measured), and the JavaScript copies stay. Batches always call them (one call for every
 * row, against two copies per row).
 */
const NATIVE_SHIFT_ROW_BYTES = [8192, 32768] as const;

/** Whether a permutation of one row of `bytes` bytes calls the native kernels. @internal */
export function nativeShiftRow(bytes: number): boolean {
  return bytes >= NATIVE_SHIFT_ROW_BYTES[0] && bytes < NATIVE_SHIFT_ROW_BYTES[1];
}

/**
 * Largest dimension d of every model: 2^26 = 67,108,864 (HRR's FFT plans have the same cap).
 * It keeps a vector within every engine's typed-array limits (FHRR, the longest, stores 2^27
 * floats: 512 MiB). SBC bounds its segments by it. @internal
 */
export const MAX_DIM: number = 2 ** 26;

/** Seed of the tie-breaking generator when `options.rng` is absent. @internal */
export const DEFAULT_TIE_SEED = 0x5eed;

/** The keys of {@link RandomOptions}. */
const RANDOM_KEYS: readonly string[] = ['rng'];
/** The keys of {@link BundleOptions}. */
const BUNDLE_KEYS: readonly string[] = ['normalize', 'rng', 'weights', 'out'];

/** Check an injected generator. @internal */
export function checkRng(fn: string, arg: string, rng: unknown): Rng {
  if (
    typeof rng !== 'object' ||
    rng === null ||
    typeof (rng as Rng).nextUint32 !== 'function' ||
    typeof (rng as Rng).nextFloat !== 'function'
  ) {
    fail(fn, arg, 'an Rng from createRng(seed)', rng, 'type');
  }
  return rng as Rng;
}

/**
 * Shared plumbing of every model: validation, allocation, rows, permutations.
 * Subclasses implement the algebra.
 * @internal
 */
export abstract class BaseModel<V extends HVArray> implements VSAModel<V> {
  abstract readonly name: ModelName;
  readonly dim: number;
  readonly length: number;
  readonly units: number;
  readonly arrayType: VSAModel['arrayType'];
  readonly defaultNormalization: BundleNormalization;
  /** Array elements per permuted unit. */
  protected readonly stride: number;
  protected readonly ctor: ArrayCtor<V>;
  /** Normalisations `bundle` accepts. */
  protected abstract readonly normalizations: readonly BundleNormalization[];
  private scratch64 = new Float64Array(0);
  private normsQ = new Float64Array(0);
  private normsC = new Float64Array(0);

  constructor(
    dim: number,
    length: number,
    units: number,
    stride: number,
    ctor: ArrayCtor<V>,
    defaultNormalization: BundleNormalization,
  ) {
    this.dim = dim;
    this.length = length;
    this.units = units;
    this.stride = stride;
    this.ctor = ctor;
    this.arrayType = ctor.name as VSAModel['arrayType'];
    this.defaultNormalization = defaultNormalization;
  }

  /** A Float64Array scratch of at least n elements, reused between calls. */
  protected f64(n: number): Float64Array {
    if (this.scratch64.length < n) this.scratch64 = new Float64Array(n);
    return this.scratch64;
  }

  alloc(n = 1): V {
    checkInteger(`${this.name}.alloc`, 'n', n, 0);
    return new this.ctor(n * this.length);
  }

  abstract random(n: number, options: RandomOptions): V;
  abstract identity(): V;
  abstract bind(a: V, b: V, out?: V): V;
  abstract unbind(bound: V, a: V, out?: V): V;
  abstract inverse(a: V, out?: V): V;
  abstract bundle(rows: V, options?: BundleOptions<V>): V;
  abstract similarity(query: V, codebook: V, out?: Float32Array): Float32Array;

  empty(): V {
    return new this.ctor(this.length);
  }

  /** Validate `random`'s arguments; returns the generator. */
  protected randomArgs(n: number, options: RandomOptions): Rng {
    const fn = `${this.name}.random`;
    checkInteger(fn, 'n', n, 0);
    if (typeof options !== 'object' || options === null)
      fail(fn, 'options', '{ rng }', options, 'type');
    checkKeys(fn, 'options', options, RANDOM_KEYS);
    return checkRng(fn, 'options.rng', options.rng);
  }

  count(x: V, fn: string = this.name, arg = 'x'): number {
    if (!(x instanceof this.ctor)) {
      fail(
        fn,
        arg,
        `${this.ctor.name}(${this.length}) (a ${this.name} vector or batch)`,
        x,
        'type',
      );
    }
    if (x.length === 0 || x.length % this.length !== 0) {
      fail(fn, arg, `${this.ctor.name} of length a positive multiple of ${this.length}`, x);
    }
    return x.length / this.length;
  }

  row(batch: V, i: number): V {
    const fn = `${this.name}.row`;
    const n = this.count(batch, fn, 'batch');
    checkInteger(fn, 'i', i, 0, n - 1);
    return batch.subarray(i * this.length, (i + 1) * this.length) as V;
  }

  /**
   * Check or allocate an output of `n` vectors. A given `out` may be input `a` (or `b`) itself,
   * in place, but may not partly overlap it (the same memory, overlapping bytes, not the same
   * view): the element-wise loops would read entries they have already overwritten.
   */
  protected output(
    fn: string,
    out: V | undefined,
    n: number,
    a?: HVArray,
    argA = 'a',
    b?: HVArray,
    argB = 'b',
  ): V {
    if (out === undefined) return new this.ctor(n * this.length);
    if (!(out instanceof this.ctor))
      fail(fn, 'out', `${this.ctor.name}(${n * this.length})`, out, 'type');
    if (out.length !== n * this.length)
      fail(fn, 'out', `${this.ctor.name}(${n * this.length})`, out);
    if (a !== undefined) noPartialOverlap(fn, out, a, argA);
    if (b !== undefined) noPartialOverlap(fn, out, b, argB);
    return out;
  }

  /** Check a pair of operands that are combined row by row; one of them may be a single vector. */
  protected pair(fn: string, a: V, b: V, argA = 'a', argB = 'b'): number {
    const na = this.count(a, fn, argA);
    const nb = this.count(b, fn, argB);
    if (na !== nb && na !== 1 && nb !== 1) {
      fail(fn, argB, `${na} rows (or 1) to match ${argA}`, `${nb} rows`);
    }
    return Math.max(na, nb);
  }

  /** Check the rows and options of a bundle; returns the row count and the normalisation. */
  protected bundleArgs(
    rows: V,
    options: BundleOptions<V> | undefined,
  ): {
    n: number;
    normalize: BundleNormalization;
    weights: ArrayLike<number> | undefined;
    rng: Rng;
    out: V;
  } {
    const fn = `${this.name}.bundle`;
    if (rows instanceof this.ctor && rows.length === 0) {
      fail(
        fn,
        'rows',
        `at least one vector (${this.ctor.name} of ${this.length}·n elements, n >= 1)`,
        rows,
      );
    }
    const n = this.count(rows, fn, 'rows');
    const opts = options ?? {};
    checkKeys(fn, 'options', opts, BUNDLE_KEYS);
    const normalize = opts.normalize ?? this.defaultNormalization;
    if (!this.normalizations.includes(normalize)) {
      fail(
        fn,
        'options.normalize',
        `one of ${this.normalizations.map((x) => `"${x}"`).join(', ')}`,
        normalize,
      );
    }
    const weights = opts.weights;
    if (weights !== undefined) {
      if (typeof weights !== 'object' || weights === null || typeof weights.length !== 'number') {
        fail(fn, 'options.weights', `an array of ${n} numbers`, weights, 'type');
      }
      if (weights.length !== n) fail(fn, 'options.weights', `${n} numbers (one per row)`, weights);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(weights[i])) {
          fail(fn, 'options.weights', 'finite numbers', `${String(weights[i])} at index ${i}`);
        }
      }
    }
    const rng =
      opts.rng === undefined ? createRng(DEFAULT_TIE_SEED) : checkRng(fn, 'options.rng', opts.rng);
    const out = this.output(fn, opts.out, 1);
    // The output may be one of the rows itself (each position is read before it is written),
    // but not a view that straddles rows: the majority and vote loops would read what they wrote.
    if (opts.out !== undefined && overlaps(out, rows, false)) {
      const step = this.length * out.BYTES_PER_ELEMENT;
      if ((out.byteOffset - rows.byteOffset) % step !== 0) failOverlap(fn, 'rows', 'row');
    }
    return { n, normalize, weights, rng, out };
  }

  /** Sum of the rows (weighted) into a Float64 scratch of `length`. */
  protected sumRows(rows: V, n: number, weights: ArrayLike<number> | undefined): Float64Array {
    const L = this.length;
    const acc = this.f64(L);
    // Native kernels: the same sums, bit for bit, read in place.
    const nat = rows.length >= NATIVE_MIN_BUNDLE ? vsaNative() : null;
    if (nat !== null) {
      if (rows instanceof Float32Array) {
        nat.vsaSumF32(rows, L, weightsF64(weights), acc);
        return acc;
      }
      if (rows instanceof Int8Array && weights !== undefined) {
        nat.vsaSumI8(rows, L, weightsF64(weights), acc);
        return acc;
      }
      // MAP-I: exact sums either way (false where acc shares memory with rows).
      if (rows instanceof Int32Array && weights === undefined && nat.vsaSumI32(rows, L, acc))
        return acc;
    }
    if (rows instanceof Float32Array) sumRowsFloat32(rows, n, L, weights, acc);
    else if (rows instanceof Int8Array) sumRowsInt8(rows, n, L, weights, acc);
    else if (rows instanceof Int32Array) sumRowsInt32(rows, n, L, weights, acc);
    else {
      acc.fill(0, 0, L);
      for (let r = 0; r < n; r++) {
        const w = weights === undefined ? 1 : weights[r];
        for (let j = 0; j < L; j++) acc[j] += w * rows[r * L + j];
      }
    }
    return acc;
  }

  permute(a: V, k: number, out?: V): V {
    const fn = `${this.name}.permute`;
    const n = this.count(a, fn, 'a');
    if (typeof k !== 'number' || !Number.isSafeInteger(k))
      fail(fn, 'k', 'a safe integer', k, typeof k === 'number' ? 'range' : 'type');
    const o = this.output(fn, out, n);
    disjoint(fn, o, a);
    this.shift(a, n, k, o);
    return o;
  }

  /** Cyclic shift of whole units: unit i moves to unit (i + k) mod units. */
  protected shift(a: V, n: number, k: number, o: V): void {
    const u = this.units;
    const s = ((k % u) + u) % u;
    const L = this.length;
    const sh = s * this.stride;
    const bytes = L * a.BYTES_PER_ELEMENT;
    const f32 = a instanceof Float32Array && o instanceof Float32Array;
    const worth = n > 1 ? n * L >= NATIVE_MIN : nativeShiftRow(bytes);
    const nat = f32 || worth ? vsaNative() : null;
    // Float32 rows (HRR, FHRR, MAP-C), in an arena or not: the fast API call where this Node
    // has it. It costs less than the WebAssembly call and than the two copies below at every
    // size timed (HRR at d = 256: 17 ns against 78; d = 10,000: 0.30 µs against 0.42). False,
    // with nothing written, for what it does not cover (a and o sharing memory).
    const fast = f32 && nat !== null ? nat.vsaFastShiftF32 : undefined;
    if (fast !== undefined && fast(a as Float32Array, o as Float32Array, L, sh)) return;
    // Arrays in one vector arena: two memory copies per row inside WebAssembly.
    if (arenaRotate(a, o, n, bytes, sh * a.BYTES_PER_ELEMENT)) return;
    // The native rotation: false, with nothing written, where a and o share memory.
    if (worth && nat !== null && nat.vsaShift(a as Int8Array, o as Int8Array, L, sh)) return;
    const cut = (u - s) * this.stride;
    for (let r = 0; r < n; r++) {
      const off = r * L;
      o.set(a.subarray(off, off + cut), off + sh);
      o.set(a.subarray(off + cut, off + L), off);
    }
  }

  permuteWith(a: V, perm: Permutation, out?: V): V {
    return this.gatherUnits(`${this.name}.permuteWith`, a, perm, perm?.forward, out);
  }

  unpermuteWith(a: V, perm: Permutation, out?: V): V {
    return this.gatherUnits(`${this.name}.unpermuteWith`, a, perm, perm?.inverse, out);
  }

  private gatherUnits(fn: string, a: V, perm: Permutation, index: Uint32Array, out?: V): V {
    const n = this.count(a, fn, 'a');
    checkPermutation(fn, perm, this.units);
    const o = this.output(fn, out, n);
    disjoint(fn, o, a);
    this.gather(a, n, index, o);
    return o;
  }

  /** `o[unit i] = a[unit index[i]]` for each row. */
  protected gather(a: V, n: number, index: Uint32Array, o: V): void {
    const L = this.length;
    const st = this.stride;
    const u = this.units;
    for (let r = 0; r < n; r++) {
      const off = r * L;
      if (st === 1) {
        for (let i = 0; i < u; i++) o[off + i] = a[off + index[i]];
      } else {
        for (let i = 0; i < u; i++) {
          const src = off + index[i] * st;
          const dst = off + i * st;
          for (let t = 0; t < st; t++) o[dst + t] = a[src + t];
        }
      }
    }
  }

  /** Throw when a float output holds a non-finite value, naming the input that caused it. */
  protected checkFiniteResult(
    fn: string,
    out: ArrayLike<number>,
    inputs: [string, ArrayLike<number>][],
  ): void {
    let bad = false;
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      if (v - v !== 0) {
        bad = true;
        break;
      }
    }
    if (!bad) return;
    for (const [arg, x] of inputs) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        if (v - v !== 0)
          throw new RangeError(
            `${fn}: ${arg} expected finite values, got ${String(v)} at index ${i}`,
          );
      }
    }
    throw new RangeError(
      `${fn}: result expected finite values, got an overflow (inputs too large)`,
    );
  }

  /** Validate similarity's arguments; returns the query and codebook row counts and the output. */
  protected simArgs(
    query: V,
    codebook: V,
    out: Float32Array | undefined,
  ): { nq: number; n: number; out: Float32Array } {
    const fn = `${this.name}.similarity`;
    const nq = this.count(query, fn, 'query');
    const n = this.count(codebook, fn, 'codebook');
    if (out === undefined) return { nq, n, out: new Float32Array(nq * n) };
    if (!(out instanceof Float32Array)) fail(fn, 'out', `Float32Array(${nq * n})`, out, 'type');
    if (out.length !== nq * n) fail(fn, 'out', `Float32Array(${nq * n}) for [${nq}, ${n}]`, out);
    noOverlap(fn, out, query, 'query');
    noOverlap(fn, out, codebook, 'codebook');
    return { nq, n, out };
  }

  /** Cosine similarity over the raw elements, `(q, L) x (n, L) -> (q, n)`; zero vectors give 0. */
  protected cosineSimilarity(query: V, codebook: V, out?: Float32Array): Float32Array {
    const args = this.simArgs(query, codebook, out);
    const L = this.length;
    if (this.normsQ.length < args.nq) this.normsQ = new Float64Array(args.nq);
    if (this.normsC.length < args.n) this.normsC = new Float64Array(args.n);
    inverseNorms(query, args.nq, L, this.normsQ);
    if (args.nq < 4) {
      // Few queries: one pass over the codebook computes its norms with the dot products (the
      // same values as the pass of their own below).
      cosineFusedKernel(query, args.nq, codebook, args.n, L, args.out, this.normsQ);
    } else {
      rowNorms(codebook, args.n, L, this.normsC);
      dotKernel(query, args.nq, codebook, args.n, L, args.out, this.normsQ, this.normsC);
    }
    this.checkFiniteResult(`${this.name}.similarity`, args.out, [
      ['query', query],
      ['codebook', codebook],
    ]);
    return args.out;
  }
}

/**
 * Throw a RangeError naming `out` where it partly overlaps input `x` (named `arg`): the same
 * memory, overlapping bytes, but not the very same view (in place, which passes).
 * @internal
 */
export function noPartialOverlap(fn: string, out: HVArray, x: HVArray, arg: string): void {
  if (overlapPartly(out, x)) failOverlap(fn, arg, 'itself');
}

/**
 * A permutation's check that its output shares no memory with its input: the same array (from
 * the arrays' slots when an arena handed out both, no property reads), or a view that overlaps
 * it. @internal
 */
function disjoint(fn: string, o: HVArray, a: HVArray): void {
  if (sameStart(o, a)) failOverlap(fn, 'a', 'none', true);
  if (shareMemory(o, a)) failOverlap(fn, 'a', 'none');
}
