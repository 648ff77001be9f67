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
 * so a random atom independent of the query passes with probability about `alpha` (normal
 * approximation). For sparse block codes the overlap of such an atom is exactly
 * Binomial(S, 1/B), whose right tail is heavier than the normal's (the normal threshold let
 * 2.5 alpha through at S = 1024, B = 16): there the threshold is half a block below the least
 * count k with P(overlap >= k) <= alpha (computed in logs, any alpha down to
 * Number.MIN_VALUE), so that it passes with probability at most `alpha` (above 1 where no
 * count is that rare). The Float32 similarity resolves every count up to S = 2^24 segments;
 * beyond, neighbouring counts may round alike and the rate can exceed `alpha` by a fraction of
 * a percent. Items that are not independent of the query are not covered by either law: under
 * SBC, `x ⊗ x` uses only even codes when B is even (self-loops of a graph match each other in
 * 2/B of the blocks), and under MAP `x ⊗ x` is the identity.
 * Members of a bundle of K items score about 1/sqrt(K) above the chance mean for integer
 * sums (Kleyko et al. 2021 survey, arXiv 2111.06077), so the test is reliable while
 * `1/sqrt(K)` is well above `z * std`; not for SBC's arg-max bundle, whose members score less
 * (0.19 at K = 16, B = 16, against 0.0625 + 0.25).
 *
 * @param model - the VSA model.
 * @param options - `{ falsePositiveRate }` (default 1e-4, z = 3.72).
 * @returns the threshold on `model.similarity`.
 * @example
 * ```ts
 * membershipThreshold(MAP({ dim: 10_000 })); // returns 0.0372 (3.72 sigma)
 * membershipThreshold(SBC({ segments: 1024, blockSize: 16 })); // returns 0.09326 (95.5 of 1024 blocks)
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
  if (model.name === 'SBC') {
    // the overlap of S blocks, each matching with probability 1/B, is Binomial(S, 1/B): its
    // right tail is heavier than the normal's (at S = 1024, B = 16 the normal threshold let
    // 2.5 alpha through), so the exact count; the threshold sits half a block below it
    const S = model.units;
    return (binomialTailCount(S, model.units / model.dim, alpha) - 0.5) / S;
  }
  const law = chanceSimilarity(model);
  // -Phi^-1(alpha), not Phi^-1(1 - alpha): 1 - alpha rounds to 1 below 1.1e-16
  return law.mean - normalQuantile(alpha) * law.std;
}

/** ln(x!) - ln(sqrt(2 pi x) (x/e)^x), Stirling's error, for integers x >= 0 (Loader 2000). */
function stirlerr(x: number): number {
  if (x <= 15) {
    // ln Gamma(x + 1) from the factorial itself (exact in Float64 up to 15! = 1.3e12)
    let f = 1;
    for (let i = 2; i <= x; i++) f *= i;
    return x === 0 ? 0 : Math.log(f) - 0.5 * Math.log(2 * Math.PI * x) - x * Math.log(x) + x;
  }
  const x2 = x * x;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (x > 500) return (s0 - s1 / x2) / x;
  if (x > 80) return (s0 - (s1 - s2 / x2) / x2) / x;
  if (x > 35) return (s0 - (s1 - (s2 - s3 / x2) / x2) / x2) / x;
  return (s0 - (s1 - (s2 - (s3 - s4 / x2) / x2) / x2) / x2) / x;
}

/** x ln(x / m) + m - x without cancellation where x is near m (Loader 2000). */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * ln P(X = k) for X ~ Binomial(n, p): Loader's saddle-point form (as R's dbinom), accurate to
 * a few ulps of the probability for any n, where a difference of log-gammas of size n ln n
 * would lose about n ln n 2^-53 (2.6e-7 at n = 2^26).
 */
function lnBinomialPmf(k: number, n: number, p: number, q: number): number {
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  return (
    stirlerr(n) -
    stirlerr(k) -
    stirlerr(n - k) -
    bd0(k, n * p) -
    bd0(n - k, n * q) +
    0.5 * Math.log(n / (2 * Math.PI * k * (n - k)))
  );
}

/**
 * The least k with P(X >= k) <= alpha for X ~ Binomial(n, p), p <= 1/2, alpha in
 * [Number.MIN_VALUE, 1/2]: the tail compared in logs (ln P(X = k) plus the log of the sum of
 * the term ratios from k up), so that nothing is subnormal however small alpha is; from the
 * normal guess outwards, a few steps. Returns n + 1 where even P(X = n) exceeds alpha.
 * @internal
 */
export function binomialTailCount(n: number, p: number, alpha: number): number {
  const q = 1 - p;
  const lnAlpha = Math.log(alpha);
  // ln P(X >= k): the terms relative to P(X = k), summed until they no longer count
  const lnTail = (k: number): number => {
    if (k <= 0) return 0;
    if (k > n) return -Infinity;
    let term = 1;
    let sum = 1;
    for (let j = k; j < n && term > sum * 1e-17; j++) {
      term *= ((n - j) / (j + 1)) * (p / q);
      sum += term;
    }
    return lnBinomialPmf(k, n, p, q) + Math.log(sum);
  };
  let k = Math.max(1, Math.min(n, Math.ceil(n * p - normalQuantile(alpha) * Math.sqrt(n * p * q))));
  // up while the tail is too heavy, down while the one below still passes; past n nothing passes
  while (k <= n && lnTail(k) > lnAlpha) k++;
  while (k > 1 && lnTail(k - 1) <= lnAlpha) k--;
  return k;
}
