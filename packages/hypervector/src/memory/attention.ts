import { fail } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { HVArray } from '../types.js';
import {
  checkNumber,
  checkOptions,
  checkRngArg,
  checkVector,
  projectionNormalization,
  tieRng,
} from './check.js';
import { ItemMemory } from './itemMemory.js';
import { softmaxInto } from './softmax.js';

/** Options of {@link softCleanup}. */
export interface SoftCleanupOptions {
  /** Inverse temperature beta >= 0 (default 10); `Infinity` is arg-max clean-up. */
  beta?: number;
  /** Tie-breaking generator for the projection back to the model (sign/majority ties). Default: a fixed seed. */
  rng?: Rng;
}

/** Result of {@link softCleanup}. */
export interface SoftCleanupResult<V extends HVArray> {
  /** Attention weights over the items, `softmax(beta * similarity)`, length `size`, summing to 1. */
  weights: Float64Array;
  /**
   * The weighted sum of the items, brought back to a vector of the model (`[model.length]`):
   * the exact convex combination for HRR and MAP-C, its sign for MAP-B/MAP-I, the weighted
   * majority for BSC, the phasor of the weighted sum for FHRR, the weighted vote per segment
   * for sparse block codes.
   */
  vector: V;
}

/**
 * Soft clean-up as attention: weights `softmax(beta * sim(query, items))` and the weighted
 * sum of the items. This is one step of the continuous modern Hopfield network with the
 * query as the state (Ramsauer et al. 2020, "Hopfield Networks is All You Need",
 * arXiv 2008.02217); as beta grows the weights tend to one-hot on the arg-max item and
 * the output to that item (beta = Infinity gives it exactly).
 *
 * @param memory - an {@link ItemMemory} of the items (`[size, model.length]`), at least one.
 * @param query - one vector `[model.length]`.
 * @param options - `{ beta, rng }`.
 * @returns `{ weights, vector }`.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 1000, variant: 'C' });
 * const mem = ItemMemory.random(vsa, ['a', 'b', 'c'], { rng: createRng(5) });
 * const { weights } = softCleanup(mem, mem.get('c'), { beta: 50 });
 * weights[2]; // about 1 (the other two near exp(-50))
 * ```
 */
export function softCleanup<V extends HVArray>(
  memory: ItemMemory<V>,
  query: V,
  options?: SoftCleanupOptions,
): SoftCleanupResult<V> {
  const fn = 'softCleanup';
  if (!(memory instanceof ItemMemory)) fail(fn, 'memory', 'an ItemMemory', memory, 'type');
  const opts = checkOptions(fn, options, ['beta', 'rng']);
  const model = memory.model;
  checkVector(fn, 'query', model, query);
  memory.checkNotEmpty(fn);
  const beta = checkNumber(fn, 'options.beta', opts.beta ?? 10, 0, Infinity, true);
  const rng = opts.rng === undefined ? tieRng(undefined) : checkRngArg(fn, 'options.rng', opts.rng);
  const sims = model.similarity(query, memory.vectors);
  const weights = softmaxInto(sims, beta, new Float64Array(memory.size));
  const vector = model.bundle(memory.vectors, {
    weights,
    normalize: projectionNormalization(model.name),
    rng,
  });
  return { weights, vector };
}
