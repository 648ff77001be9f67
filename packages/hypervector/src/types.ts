import type { Rng } from './random/rng.js';

/** The VSA models this package implements. */
export type ModelName = 'MAP-B' | 'MAP-I' | 'MAP-C' | 'BSC' | 'HRR' | 'FHRR' | 'SBC';

/** The typed arrays a model may store its vectors in. */
export type HVArray = Int8Array | Int32Array | Float32Array | Uint32Array | Uint16Array;

/**
 * A row-major matrix view over a flat typed array: `rows` vectors of `cols` elements each,
 * element (i, j) at `data[i * cols + j]`. Both a hypervector codebook (`[n, d]`) and a toy
 * model's weight matrix (`[nHidden, nFeatures]`) are matrix views, so the interference
 * metrics serve both.
 */
export interface MatrixView<T extends ArrayLike<number> = Float32Array | Float64Array> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

/**
 * A fixed permutation of `size` positions with its inverse, from {@link createPermutation}.
 * `forward[i]` is the source position of output position i: `y[i] = x[forward[i]]`.
 * Operations check an object they did not see before in full (`forward` a permutation of
 * 0..size - 1, `inverse` its inverse) and then trust it while it holds the same arrays; one
 * from createPermutation is trusted from the start. Entries written into the arrays later are
 * not checked again.
 */
export interface Permutation {
  /** Number of positions permuted (a model's {@link VSAModel.units}). */
  readonly size: number;
  /** `y[i] = x[forward[i]]`. */
  readonly forward: Uint32Array;
  /** The inverse: `x[i] = y[inverse[i]]`. */
  readonly inverse: Uint32Array;
}

/** Options of every random draw: the generator is always injected. */
export interface RandomOptions {
  /** The seeded generator (see {@link createRng}). */
  rng: Rng;
}

/** How a bundle is normalised; each model documents which policies it supports. */
export type BundleNormalization =
  'none' | 'sign' | 'clip' | 'l2' | 'majority' | 'phasor' | 'argmax';

/** Options of {@link VSAModel.bundle}. */
export interface BundleOptions<V extends HVArray> {
  /** Normalisation after summing; each model's default is documented on its factory. */
  normalize?: BundleNormalization;
  /** Generator for tie-breaking (sign of a zero sum, majority of an even count). Default: a fixed seed. */
  rng?: Rng;
  /** Per-row weights (length = number of rows); default all 1. */
  weights?: ArrayLike<number>;
  /** Output vector (length `model.length`); allocated when absent. */
  out?: V;
}

/**
 * One VSA model: its element type, its operations and its laws. A model is an explicit value
 * because a typed array cannot say which model it belongs to.
 *
 * Conventions:
 * - a *vector* is a typed array of exactly `length` elements (`length` differs from `dim`
 *   for bit-packed BSC, complex FHRR and index-coded SBC);
 * - a *batch* (codebook) is a typed array of `n * length` elements, row-major, one vector per row;
 * - hot-path operations take an optional `out` and allocate nothing else;
 * - `out` and the inputs (one rule for every operation): `out` may be the very same view as an
 *   input where the operation works in place (`bind`, `unbind`, `inverse`; `bundle` into one
 *   of its own rows). Any other `out` that shares bytes with an input is a RangeError naming
 *   `out`, and nothing is written: a partial overlap for those operations, any overlap at all
 *   for `permute`, `permuteWith`, `unpermuteWith` and `similarity`. Overlap is judged from the
 *   views (the same ArrayBuffer or SharedArrayBuffer object, overlapping byte ranges): two
 *   SharedArrayBuffer objects over the same memory (one sent to a worker and back) cannot be
 *   related in JavaScript and pass as distinct, so keep such an `out` apart yourself.
 */
export interface VSAModel<V extends HVArray = HVArray> {
  /** Model name. */
  readonly name: ModelName;
  /** Logical dimension d. */
  readonly dim: number;
  /** Number of array elements per vector. */
  readonly length: number;
  /** Name of the typed array class the model stores vectors in (e.g. `'Int8Array'`). */
  readonly arrayType: 'Int8Array' | 'Int32Array' | 'Float32Array' | 'Uint32Array' | 'Uint16Array';
  /**
   * Number of positions that {@link VSAModel.permute} and {@link VSAModel.permuteWith} move:
   * `dim` for MAP, BSC, HRR and FHRR, `segments` for SBC (whole segments move).
   */
  readonly units: number;
  /** Default bundle normalisation of this model. */
  readonly defaultNormalization: BundleNormalization;
  /**
   * Number of vectors in a batch; throws a TypeError/RangeError naming `fn` and `arg` when `x`
   * is not this model's array type or its length is not a positive multiple of `length`.
   */
  count(x: V, fn?: string, arg?: string): number;
  /** View of row `i` of a batch (no copy): `batch.subarray(i * length, (i + 1) * length)`. */
  row(batch: V, i: number): V;
  /** Allocate `n` zeroed vectors (`n * length` elements). */
  alloc(n?: number): V;
  /** `n` seeded random atoms as a batch (`[n, length]`). */
  random(n: number, options: RandomOptions): V;
  /** The identity of binding: bind(x, identity) = x. */
  identity(): V;
  /** The empty element of bundling (all-zero sum; for BSC/SBC a documented convention). */
  empty(): V;
  /** Bind two vectors (or two batches of equal size, row by row). */
  bind(a: V, b: V, out?: V): V;
  /** Unbind: recover `b` from `bind(a, b)` given `a` (exact or approximate, as documented). */
  unbind(bound: V, a: V, out?: V): V;
  /** The (exact or approximate) inverse under binding. */
  inverse(a: V, out?: V): V;
  /** Bundle the rows of a batch into one vector. */
  bundle(rows: V, options?: BundleOptions<V>): V;
  /** Cyclic shift by k (negative k shifts back); permute(permute(x, k), -k) = x. */
  permute(a: V, k: number, out?: V): V;
  /** Apply a fixed permutation of `units` positions: `y[i] = x[perm.forward[i]]` per unit. */
  permuteWith(a: V, perm: Permutation, out?: V): V;
  /** Undo {@link VSAModel.permuteWith}: `unpermuteWith(permuteWith(x, p), p) = x`. */
  unpermuteWith(a: V, perm: Permutation, out?: V): V;
  /**
   * Similarity with the shape rule `(*, d) x (n, d) -> (*, n)`: `query` holds q vectors,
   * `codebook` holds n vectors, the result holds q * n numbers, row-major `[q, n]`.
   */
  similarity(query: V, codebook: V, out?: Float32Array): Float32Array;
}
