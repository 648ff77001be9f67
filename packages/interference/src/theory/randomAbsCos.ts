import { checkInt, checkReal } from '../errors.js';
import { incompleteBeta, lnGamma } from './special.js';

// The law of |cos| between two independent uniform random unit vectors in R^d: cos^2 follows
// Beta(1/2, (d - 1)/2) (the squared first coordinate of a uniform point on the sphere), so
// P(|cos| <= t) = I_{t^2}(1/2, (d - 1)/2). d = 1 is degenerate: |cos| = 1.

/**
 * Mean |cos| of two independent uniform random unit vectors in d dimensions:
 * E|cos| = Gamma(d/2) / (sqrt(pi) Gamma((d + 1)/2)), about sqrt(2 / (pi d)) for large d.
 * The baseline for "dense superposition" (n >> d >> 1): random directions are nearly
 * orthogonal, |cos| of order 1/sqrt(d).
 *
 * Cost: O(1).
 *
 * @param d - dimension (integer >= 1, as for the other laws here).
 * @returns E|cos|; exactly 1 at d = 1 (the two vectors are +-1), 2/pi at d = 2.
 * @throws RangeError when d is not an integer >= 1 (TypeError when not a number).
 * @example
 * ```ts
 * randomAbsCosMean(2); // returns 0.6366 (2/pi)
 * randomAbsCosMean(512); // returns 0.03528
 * ```
 */
export function randomAbsCosMean(d: number): number {
  checkInt('randomAbsCosMean', 'd', d, 1);
  return meanAbsCos(d);
}

/**
 * E|cos| = Gamma(d/2) / (sqrt(pi) Gamma((d + 1)/2)) for a real d >= 1, unchecked (what
 * `compareToRandom` solves for its equivalent dimension); exactly 1 at d = 1.
 * @internal
 */
export function meanAbsCos(d: number): number {
  if (d === 1) return 1; // the formula is 1 there, but lnGamma rounds to 1 + 4e-16
  if (d >= 1000) {
    // Gamma(x) / Gamma(x + 1/2) = x^(-1/2) (1 + 1/(8x) + 1/(128x^2) - 5/(1024x^3)
    // - 21/(32768x^4) + O(x^-5)) with x = d/2: the difference of two lnGamma values near
    // d ln d loses digits as d grows (2e-3 relative at d = 1e12, nothing left at 1e17)
    const x = d / 2;
    const u = 1 / x;
    const series = 1 + u * (1 / 8 + u * (1 / 128 + u * (-5 / 1024 + u * (-21 / 32768))));
    return series / Math.sqrt(Math.PI * x);
  }
  return Math.exp(lnGamma(d / 2) - lnGamma((d + 1) / 2)) / Math.sqrt(Math.PI);
}

/**
 * Standard deviation of |cos| for two uniform random unit vectors in d dimensions:
 * sqrt(1/d - E|cos|^2), since E[cos^2] = 1/d exactly.
 *
 * Cost: O(1).
 * @param d - dimension (integer >= 1).
 * @returns the standard deviation (0 at d = 1).
 * @example
 * ```ts
 * randomAbsCosStd(512); // returns 0.02662
 * ```
 */
export function randomAbsCosStd(d: number): number {
  checkInt('randomAbsCosStd', 'd', d, 1);
  const m = randomAbsCosMean(d);
  return Math.sqrt(Math.max(0, 1 / d - m * m));
}

/**
 * Distribution function of |cos| for two uniform random unit vectors in d dimensions:
 * P(|cos| <= t) = I_{t^2}(1/2, (d - 1)/2), the regularised incomplete beta function.
 *
 * Cost: O(1) (a continued fraction, tens of terms).
 *
 * @param t - threshold in [0, 1].
 * @param d - dimension (integer >= 1).
 * @returns the probability; `upper` form available through {@link randomAbsCosTail}.
 * @example
 * ```ts
 * randomAbsCosCdf(Math.SQRT1_2, 2); // returns 0.5 (in 2-D the angle is uniform)
 * ```
 */
export function randomAbsCosCdf(t: number, d: number): number {
  checkReal('randomAbsCosCdf', 't', t, 0, 1);
  checkInt('randomAbsCosCdf', 'd', d, 1);
  return cdf(t, d);
}

/**
 * Upper tail P(|cos| > t) for two uniform random unit vectors in d dimensions, computed
 * without cancellation (for the tiny tails that coherence depends on).
 *
 * Cost: O(1).
 * @param t - threshold in [0, 1].
 * @param d - dimension (integer >= 1).
 * @returns 1 - {@link randomAbsCosCdf}.
 * @example
 * ```ts
 * randomAbsCosTail(0.25, 512); // returns about 9.5e-9
 * ```
 */
export function randomAbsCosTail(t: number, d: number): number {
  checkReal('randomAbsCosTail', 't', t, 0, 1);
  checkInt('randomAbsCosTail', 'd', d, 1);
  return tail(t, d);
}

/**
 * Quantile of |cos| for two uniform random unit vectors in d dimensions: the t with
 * I_{t^2}(1/2, (d - 1)/2) = p, found by bisection to 1e-12.
 *
 * Cost: about 45 incomplete-beta evaluations.
 * @param p - probability in [0, 1].
 * @param d - dimension (integer >= 1).
 * @returns t in [0, 1].
 * @example
 * ```ts
 * randomAbsCosQuantile(0.5, 2); // returns 0.7071 (cos of 45 degrees)
 * ```
 */
export function randomAbsCosQuantile(p: number, d: number): number {
  checkReal('randomAbsCosQuantile', 'p', p, 0, 1);
  checkInt('randomAbsCosQuantile', 'd', d, 1);
  return quantile(p, d);
}

/** @internal */
export function cdf(t: number, d: number): number {
  if (d === 1) return t >= 1 ? 1 : 0;
  return incompleteBeta(0.5, (d - 1) / 2, t * t).lower;
}

/** @internal */
export function tail(t: number, d: number): number {
  if (d === 1) return t >= 1 ? 0 : 1;
  return incompleteBeta(0.5, (d - 1) / 2, t * t).upper;
}

/** @internal */
export function quantile(p: number, d: number): number {
  if (d === 1) return p > 0 ? 1 : 0;
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    if (cdf(mid, d) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
