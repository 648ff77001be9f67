import type { Rng } from '@hyperposition/hypervector';
import { checkInt, checkKeys, fail, optionKeys, type OptionKeys } from '../errors.js';
import { lnChoose } from '../theory/special.js';

/** Options of {@link sparseRandomAbsCos}. */
export interface SparseRandomAbsCosOptions {
  /** `'sign'` (default, exact law) or `'gaussian'` (simulated; needs `rng`). */
  values?: 'sign' | 'gaussian';
  /** Seeded generator for the simulation. */
  rng?: Rng;
  /** Simulated pairs (default 100000). */
  samples?: number;
}

/** The keys of {@link SparseRandomAbsCosOptions}, checked against it at compile time. @internal */
export const SPARSE_RANDOM_ABS_COS_OPTION_KEYS: OptionKeys<SparseRandomAbsCosOptions> =
  optionKeys<SparseRandomAbsCosOptions>()('values', 'rng', 'samples');

/** |cos| statistics of two independent random k-sparse unit vectors. */
export interface SparseRandomAbsCos {
  /** E|cos|. */
  mean: number;
  /** E[cos^2] (1/d exactly for both kinds). */
  meanSquare: number;
  /** P(cos = 0) from disjoint supports (sign values: also cancellations). */
  zeroProbability: number;
  /** Standard error of `mean`: 0 when computed exactly. */
  meanStdError: number;
  /** Whether the numbers are exact (sign values) or simulated (Gaussian values). */
  exact: boolean;
}

/**
 * The |cos| law of two independent random k-sparse unit vectors in d dimensions (the baseline
 * for sparse feature directions). Sign values (+-1/sqrt(k)) are exact: the overlap s of the
 * supports is hypergeometric, P(s) = C(k, s) C(d - k, k - s) / C(d, k), and given s,
 * cos = (2B - s)/k with B ~ Binomial(s, 1/2). Gaussian values are simulated with `rng`
 * (mean with its Monte-Carlo standard error). For comparison, dense random directions have
 * E|cos| = {@link randomAbsCosMean}(d); both have E[cos^2] = 1/d.
 *
 * Cost: exact, O(k) terms (closed forms for the sum of s random signs); simulated,
 * O(samples * d).
 *
 * @param d - dimension (integer >= 1).
 * @param k - non-zeros per vector (integer in [1, d]).
 * @param options - `values`, and `rng`, `samples` for the simulation.
 * @returns {@link SparseRandomAbsCos}.
 * @example
 * ```ts
 * sparseRandomAbsCos(512, 512).mean; // about 0.0352, close to randomAbsCosMean(512)
 * sparseRandomAbsCos(4, 1); // returns { mean: 0.25, meanSquare: 0.25, zeroProbability: 0.75, meanStdError: 0, exact: true }
 * ```
 */
export function sparseRandomAbsCos(
  d: number,
  k: number,
  options: SparseRandomAbsCosOptions = {},
): SparseRandomAbsCos {
  const fn = 'sparseRandomAbsCos';
  checkKeys(fn, 'options', options, SPARSE_RANDOM_ABS_COS_OPTION_KEYS);
  checkInt(fn, 'd', d, 1);
  checkInt(fn, 'k', k, 1, d);
  const values = options.values ?? 'sign';
  if (values === 'sign') {
    let mean = 0;
    let meanSquare = 0;
    let zero = 0;
    const lnTotal = lnChoose(d, k);
    for (let s = Math.max(0, 2 * k - d); s <= k; s++) {
      const ps = Math.exp(lnChoose(k, s) + lnChoose(d - k, k - s) - lnTotal);
      if (ps === 0) continue;
      // S = 2B - s, a sum of s random signs: E|S| = s C(s - 1, floor((s - 1)/2)) / 2^(s - 1)
      // and P(S = 0) = C(s, s/2) / 2^s for even s.
      const eAbs =
        s === 0 ? 0 : s * Math.exp(lnChoose(s - 1, Math.floor((s - 1) / 2)) - (s - 1) * Math.LN2);
      const p0 = s % 2 === 1 ? 0 : s === 0 ? 1 : Math.exp(lnChoose(s, s / 2) - s * Math.LN2);
      mean += (ps * eAbs) / k;
      meanSquare += (ps * s) / (k * k);
      zero += ps * p0;
    }
    return { mean, meanSquare, zeroProbability: zero, meanStdError: 0, exact: true };
  }
  if (values !== 'gaussian') fail(fn, 'options.values', "'sign' or 'gaussian'", values);
  const rng = options.rng;
  if (rng === undefined || typeof rng.nextInt !== 'function') {
    fail(fn, 'options.rng', "a seeded Rng (createRng(seed)) for values 'gaussian'", rng, 'type');
  }
  const samples = checkInt(fn, 'options.samples', options.samples ?? 100_000, 2);
  // Draw the second support as a random k-subset; the first can be fixed at {0..k-1} by symmetry.
  const perm = new Int32Array(d);
  const x = new Float64Array(k);
  let sum = 0;
  let sumSq = 0;
  let sumCos2 = 0;
  let zeros = 0;
  for (let t = 0; t < samples; t++) {
    let nx = 0;
    for (let a = 0; a < k; a++) {
      x[a] = rng.nextNormal();
      nx += x[a] * x[a];
    }
    for (let a = 0; a < d; a++) perm[a] = a;
    let dot = 0;
    let ny = 0;
    for (let a = 0; a < k; a++) {
      const s = a + rng.nextInt(d - a);
      const tmp = perm[a];
      perm[a] = perm[s];
      perm[s] = tmp;
      const y = rng.nextNormal();
      ny += y * y;
      if (perm[a] < k) dot += x[perm[a]] * y;
    }
    const c = nx > 0 && ny > 0 ? dot / Math.sqrt(nx * ny) : 0;
    if (c === 0) zeros++;
    const a = Math.abs(c);
    sum += a;
    sumSq += a * a;
    sumCos2 += c * c;
  }
  const mean = sum / samples;
  const variance = Math.max(0, (sumSq - samples * mean * mean) / (samples - 1));
  return {
    mean,
    meanSquare: sumCos2 / samples,
    zeroProbability: zeros / samples,
    meanStdError: Math.sqrt(variance / samples),
    exact: false,
  };
}
