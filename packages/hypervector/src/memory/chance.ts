import { fail } from '../errors.js';
import { randomSimilarityMoments } from '../theory/atomSimilarity.js';
import type { VSAModel } from '../types.js';
import { checkModel, checkNumber, checkOptions } from './check.js';

/** Mean and standard deviation of a similarity score. */
export interface SimilarityLaw {
  /** Expected similarity. */
  mean: number;
  /** Standard deviation of the similarity. */
  std: number;
}

/**
 * The law of the similarity between a fixed vector and an independent random atom of `model`
 * (the "noise floor" every clean-up decision is measured against).
 *
 * Exact first two moments (Kleyko et al. 2021 survey, arXiv 2111.06077, section 2):
 * MAP, HRR: mean 0, variance 1/d (exact for bipolar atoms, first order for real atoms);
 * FHRR: mean 0, variance 1/(2d); BSC (1 - Hamming/d): mean 1/2, variance 1/(4d);
 * sparse block codes with S segments of size B (overlap/S): mean 1/B, variance (1/B)(1 - 1/B)/S.
 * The law does not depend on the fixed vector, so it holds for bundles of any normalisation.
 * (The moments come from {@link randomSimilarityMoments}; this takes the model object.)
 *
 * @param model - the VSA model.
 * @returns `{ mean, std }` of the chance similarity.
 * @example
 * ```ts
 * chanceSimilarity(MAP({ dim: 10_000 })); // returns { mean: 0, std: 0.01 }
 * chanceSimilarity(BSC({ dim: 10_000 })); // returns { mean: 0.5, std: 0.005 }
 * ```
 */
export function chanceSimilarity(model: VSAModel): SimilarityLaw {
  checkModel('chanceSimilarity', 'model', model);
  const blockSize = model.name === 'SBC' ? model.dim / model.units : undefined;
  const m = randomSimilarityMoments({ model: model.name, dim: model.dim, blockSize });
  return { mean: m.mean, std: Math.sqrt(m.variance) };
}

/**
 * Quantile function of the standard normal distribution, Phi^{-1}(p), by Acklam's rational
 * approximation (relative error below 1.2e-9; Acklam 2003).
 *
 * @param p - a probability in (0, 1).
 * @returns z with Phi(z) = p.
 * @example
 * ```ts
 * normalQuantile(0.975); // returns 1.9599640 (the exact quantile is 1.959963984540; this one is 1.6e-9 above)
 * ```
 */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) {
    fail(
      'normalQuantile',
      'p',
      'a probability in (0, 1)',
      p,
      typeof p === 'number' ? 'range' : 'type',
    );
  }
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const e = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
  }
  return x;
}

/** Options of {@link membershipThreshold}. */
export interface ThresholdOptions {
  /** Probability that one random non-member scores above the threshold (default 1e-4). */
  falsePositiveRate?: number;
}

/**
 * The similarity above which an item counts as present in a bundle (set, neighbour list,
 * record slot): `mean + z * std` of {@link chanceSimilarity}, with `z = Phi^{-1}(1 - alpha)`,
 * so a random non-member passes with probability about `alpha` (normal approximation).
 * Members of a bundle of K items score about 1/sqrt(K) above the chance mean for integer
 * sums (Kleyko et al. 2021 survey, arXiv 2111.06077), so the test is reliable while
 * `1/sqrt(K)` is well above `z * std`.
 *
 * @param model - the VSA model.
 * @param options - `{ falsePositiveRate }` (default 1e-4, z = 3.72).
 * @returns the threshold on `model.similarity`.
 * @example
 * ```ts
 * membershipThreshold(MAP({ dim: 10_000 })); // returns 0.0372 (3.72 sigma)
 * ```
 */
export function membershipThreshold(model: VSAModel, options?: ThresholdOptions): number {
  const fn = 'membershipThreshold';
  const opts = checkOptions(fn, options, ['falsePositiveRate']);
  const alpha = checkNumber(
    fn,
    'options.falsePositiveRate',
    opts.falsePositiveRate ?? 1e-4,
    Number.MIN_VALUE,
    0.5,
  );
  const law = chanceSimilarity(model);
  return law.mean + normalQuantile(1 - alpha) * law.std;
}
