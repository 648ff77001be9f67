import { fail } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { HVArray, MatrixView } from '../types.js';
import {
  checkInteger,
  checkNumber,
  checkOptions,
  checkRngArg,
  checkVector,
  projectionNormalization,
  TIE_SEED,
} from './check.js';
import { ItemMemory } from './itemMemory.js';
import { softmaxInto } from './softmax.js';
import { createRng } from '../random/rng.js';

/** Options of {@link hopfieldRetrieve} and {@link hopfieldCleanup}. */
export interface HopfieldOptions {
  /** Inverse temperature beta >= 0 (default 8 for the model-level clean-up, 1 for raw patterns). */
  beta?: number;
  /** Stop when the largest change of a state component is at most this (default 1e-6). */
  tolerance?: number;
  /** Iteration limit (default 100). */
  maxIterations?: number;
}

/** Result of {@link hopfieldRetrieve}. */
export interface HopfieldResult {
  /** The final state xi, length D. */
  state: Float64Array;
  /** The final attention weights `softmax(beta X^T xi)` over the n patterns. */
  weights: Float64Array;
  /** Updates performed. */
  iterations: number;
  /** Whether the last update moved no component by more than the tolerance. */
  converged: boolean;
}

/**
 * Retrieval in a continuous modern Hopfield network (Ramsauer et al. 2020, "Hopfield Networks
 * is All You Need", arXiv 2008.02217, eq. 3): iterate `xi <- X softmax(beta X^T xi)` from the
 * query until the state moves by at most `tolerance` (max-norm) or `maxIterations` is reached.
 * With well-separated patterns the update converges after one step to near a stored pattern.
 *
 * @param patterns - the stored patterns as rows, row-major `[n, D]` (so X = patterns^T is `[D, n]`).
 * @param query - the initial state, length D.
 * @param options - `{ beta (default 1), tolerance, maxIterations }`.
 * @returns `{ state, weights, iterations, converged }`.
 * @example
 * ```ts
 * const patterns = { data: Float64Array.from([1, 0, 0, 1]), rows: 2, cols: 2 };
 * hopfieldRetrieve(patterns, [0.9, 0.2], { beta: 20 }).state; // about [1, 0]
 * ```
 */
export function hopfieldRetrieve(
  patterns: MatrixView<ArrayLike<number>>,
  query: ArrayLike<number>,
  options?: HopfieldOptions,
): HopfieldResult {
  const fn = 'hopfieldRetrieve';
  const opts = checkOptions(fn, options, ['beta', 'tolerance', 'maxIterations']);
  if (
    typeof patterns !== 'object' ||
    patterns === null ||
    typeof patterns.data?.length !== 'number'
  ) {
    fail(fn, 'patterns', 'a matrix view { data, rows, cols }', patterns, 'type');
  }
  const n = checkInteger(fn, 'patterns.rows', patterns.rows, 1);
  const D = checkInteger(fn, 'patterns.cols', patterns.cols, 1);
  if (patterns.data.length !== n * D)
    fail(fn, 'patterns.data', `${n * D} numbers (rows * cols)`, patterns.data);
  if (typeof query !== 'object' || query === null || query.length !== D) {
    fail(
      fn,
      'query',
      `${D} numbers (patterns.cols)`,
      query,
      typeof query === 'object' ? 'range' : 'type',
    );
  }
  const beta = checkNumber(fn, 'options.beta', opts.beta ?? 1, 0, Infinity, true);
  const tol = checkNumber(fn, 'options.tolerance', opts.tolerance ?? 1e-6, 0, Infinity);
  const maxIt = checkInteger(fn, 'options.maxIterations', opts.maxIterations ?? 100, 1);
  const X = patterns.data;
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) fail(fn, 'patterns.data', 'finite values', `${X[i]} at index ${i}`);
  }
  let state = Float64Array.from(query);
  for (let i = 0; i < D; i++) {
    if (!Number.isFinite(state[i])) fail(fn, 'query', 'finite values', `${state[i]} at index ${i}`);
  }
  let next = new Float64Array(D);
  const scores = new Float64Array(n);
  const weights = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIt) {
    for (let r = 0; r < n; r++) {
      let s = 0;
      const off = r * D;
      for (let k = 0; k < D; k++) s += X[off + k] * state[k];
      scores[r] = s;
    }
    softmaxInto(scores, beta, weights);
    next.fill(0);
    for (let r = 0; r < n; r++) {
      const w = weights[r];
      if (w === 0) continue;
      const off = r * D;
      for (let k = 0; k < D; k++) next[k] += w * X[off + k];
    }
    iterations++;
    let change = 0;
    for (let k = 0; k < D; k++) change = Math.max(change, Math.abs(next[k] - state[k]));
    [state, next] = [next, state];
    if (change <= tol) {
      converged = true;
      break;
    }
  }
  // Weights of the final state, so that they describe the returned state.
  for (let r = 0; r < n; r++) {
    let s = 0;
    const off = r * D;
    for (let k = 0; k < D; k++) s += X[off + k] * state[k];
    scores[r] = s;
  }
  softmaxInto(scores, beta, weights);
  return { state, weights, iterations, converged };
}

/** Options of {@link hopfieldCleanup}. */
export interface HopfieldCleanupOptions extends HopfieldOptions {
  /** Tie-breaking generator of the projection to the model (default: a fixed seed). */
  rng?: Rng;
}

/** Result of {@link hopfieldCleanup}. */
export interface HopfieldCleanupResult<V extends HVArray> {
  /** The final state as a vector of the model, `[model.length]`. */
  vector: V;
  /** Row of the item with the largest final weight. */
  index: number;
  /** Final attention weights over the items. */
  weights: Float64Array;
  /** Updates performed. */
  iterations: number;
  /** Whether the state reached a fixed point (unchanged vector, or max change at most `tolerance` for real models). */
  converged: boolean;
}

/**
 * Modern-Hopfield clean-up of a noisy vector against an {@link ItemMemory}: iterate
 * `xi <- P(X softmax(beta sim(xi, X)))` where `sim` is the model's similarity and `P` brings
 * the weighted sum back to the model (identity for HRR, clipping for MAP-C, sign for
 * MAP-B/MAP-I, majority for BSC, phasor for FHRR, per-segment vote for sparse block codes).
 * For HRR and MAP-C this is Ramsauer et al.'s update (arXiv 2008.02217) with cosine scores;
 * for bipolar and binary models it is the sign-thresholded update of the dense associative
 * memory (Demircigil et al. 2017). Stops at a fixed point or after `maxIterations`.
 *
 * @param memory - an {@link ItemMemory} of the stored patterns, at least one.
 * @param query - one vector `[model.length]`.
 * @param options - `{ beta (default 8), tolerance, maxIterations, rng }`.
 * @returns `{ vector, index, weights, iterations, converged }`.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 1000, variant: 'B' });
 * const mem = ItemMemory.random(vsa, ['a', 'b', 'c'], { rng: createRng(2) });
 * hopfieldCleanup(mem, mem.get('b'), { beta: 8 }).index; // returns 1
 * ```
 */
export function hopfieldCleanup<V extends HVArray>(
  memory: ItemMemory<V>,
  query: V,
  options?: HopfieldCleanupOptions,
): HopfieldCleanupResult<V> {
  const fn = 'hopfieldCleanup';
  if (!(memory instanceof ItemMemory)) fail(fn, 'memory', 'an ItemMemory', memory, 'type');
  const opts = checkOptions(fn, options, ['beta', 'tolerance', 'maxIterations', 'rng']);
  const model = memory.model;
  checkVector(fn, 'query', model, query);
  memory.checkNotEmpty(fn);
  const beta = checkNumber(fn, 'options.beta', opts.beta ?? 8, 0, Infinity, true);
  const tol = checkNumber(fn, 'options.tolerance', opts.tolerance ?? 1e-6, 0, Infinity);
  const maxIt = checkInteger(fn, 'options.maxIterations', opts.maxIterations ?? 100, 1);
  const seed =
    opts.rng === undefined ? TIE_SEED : checkRngArg(fn, 'options.rng', opts.rng).nextUint32();
  const normalize = projectionNormalization(model.name);
  const items = memory.vectors;
  const weights = new Float64Array(memory.size);
  let state = query.slice() as V;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIt) {
    softmaxInto(model.similarity(state, items), beta, weights);
    // A fresh generator with the same seed each step keeps the update a function of the state.
    const next = model.bundle(items, { weights, normalize, rng: createRng(seed) });
    iterations++;
    let change = 0;
    for (let k = 0; k < next.length; k++) change = Math.max(change, Math.abs(next[k] - state[k]));
    state = next;
    if (change <= tol) {
      converged = true;
      break;
    }
  }
  softmaxInto(model.similarity(state, items), beta, weights);
  let index = 0;
  for (let i = 1; i < weights.length; i++) if (weights[i] > weights[index]) index = i;
  return { vector: state, index, weights, iterations, converged };
}
