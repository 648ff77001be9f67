import { checkInteger, checkKeys, fail } from '../errors.js';
import type { ModelName } from '../types.js';
import { MODEL_NAMES } from '../models/createModel.js';

/** Options of {@link randomSimilarityMoments}. */
export interface RandomSimilarityOptions {
  /** The model (as in {@link createModel}). */
  model: ModelName;
  /** Dimension d (for SBC: segments · blockSize). */
  dim: number;
  /** SBC only: units per segment (default 64). */
  blockSize?: number;
}

/** Mean and variance of a similarity. */
export interface Moments {
  mean: number;
  variance: number;
}

/**
 * Expected mean and variance of `model.similarity` between two independent random atoms
 * (Kleyko et al. 2022, Proc. IEEE, section II; Frady, Kleyko and Sommer 2018):
 * - MAP-B, MAP-I: cosine of bipolar vectors, mean 0, variance exactly 1/d;
 * - MAP-C, HRR: cosine of i.i.d. symmetric vectors, mean 0, variance 1/d (to first order in 1/d);
 * - FHRR: mean cosine of uniform phase differences, mean 0, variance 1/(2d);
 * - BSC: 1 - Hamming/d, mean 1/2, variance 1/(4d);
 * - SBC: overlap of S = d/B segments, Binomial(S, 1/B)/S: mean 1/B, variance (1/B)(1 - 1/B)/S.
 *
 * @param options - `{ model, dim, blockSize }`.
 * @returns `{ mean, variance }`.
 * @example
 * ```ts
 * randomSimilarityMoments({ model: 'BSC', dim: 10_000 }); // returns { mean: 0.5, variance: 0.000025 }
 * ```
 */
export function randomSimilarityMoments(options: RandomSimilarityOptions): Moments {
  const fn = 'randomSimilarityMoments';
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', '{ model, dim }', options, 'type');
  checkKeys(fn, 'options', options, ['model', 'dim', 'blockSize']);
  const d = checkInteger(fn, 'options.dim', options.dim, 1);
  switch (options.model) {
    case 'MAP-B':
    case 'MAP-I':
    case 'MAP-C':
    case 'HRR':
      return { mean: 0, variance: 1 / d };
    case 'FHRR':
      return { mean: 0, variance: 1 / (2 * d) };
    case 'BSC':
      return { mean: 0.5, variance: 1 / (4 * d) };
    case 'SBC': {
      const B = checkInteger(fn, 'options.blockSize', options.blockSize ?? 64, 2, 65536);
      if (d % B !== 0) fail(fn, 'options.dim', `a multiple of blockSize ${B}`, d);
      const S = d / B;
      return { mean: 1 / B, variance: ((1 / B) * (1 - 1 / B)) / S };
    }
    default:
      return fail(fn, 'options.model', `one of ${MODEL_NAMES.join(', ')}`, options.model);
  }
}
