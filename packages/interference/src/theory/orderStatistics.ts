import { normalQuantile } from './special.js';

/**
 * Confidence interval for the p-quantile from N sorted samples, by order statistics: the
 * number of samples below the true quantile is Binomial(N, p), so ranks
 * N p -+ z sqrt(N p (1 - p)) bracket it with the stated confidence (normal approximation).
 * @internal
 */
export function quantileInterval(
  sorted: ArrayLike<number>,
  p: number,
  confidence: number,
): { value: number; lower: number; upper: number } {
  const N = sorted.length;
  const value = sortedQuantile(sorted, p);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = z * Math.sqrt(N * p * (1 - p));
  const lo = Math.max(0, Math.floor(N * p - half) - 1);
  const hi = Math.min(N - 1, Math.ceil(N * p + half));
  return { value, lower: sorted[lo], upper: sorted[hi] };
}

/** Linear-interpolated quantile of sorted data (type 7, as R and NumPy default). @internal */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const N = sorted.length;
  if (N === 0) return 0;
  const h = (N - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(N - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** DKW half-width: sup |F_N - F| <= eps with probability 1 - alpha, eps = sqrt(ln(2/alpha) / (2N)). @internal */
export function dkwEpsilon(N: number, confidence: number): number {
  return N === 0 ? 1 : Math.sqrt(Math.log(2 / (1 - confidence)) / (2 * N));
}
