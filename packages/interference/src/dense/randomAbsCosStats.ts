import { checkInt, checkKeys, checkReal, fail, optionKeys, type OptionKeys } from '../errors.js';
import { cdf, quantile, randomAbsCosMean } from '../theory/randomAbsCos.js';
import { randomCoherence } from '../theory/randomCoherence.js';
import { welchBound } from '../theory/welchBound.js';

/** Options of {@link randomAbsCosStats}. */
export interface RandomAbsCosStatsOptions {
  /** Quantile probabilities (default [0.5, 0.9, 0.99, 0.999]). */
  quantiles?: number[];
  /** Histogram edges to give expected fractions for: strictly increasing, in [0, 1] (default none). */
  edges?: ArrayLike<number>;
}

/** The keys of {@link RandomAbsCosStatsOptions}, checked against it at compile time. @internal */
export const RANDOM_ABS_COS_STATS_OPTION_KEYS: OptionKeys<RandomAbsCosStatsOptions> =
  optionKeys<RandomAbsCosStatsOptions>()('quantiles', 'edges');

/** The |cos| statistics to expect from n uniform random unit vectors in d dimensions. */
export interface RandomAbsCosStats {
  /** Number of vectors n. */
  n: number;
  /** Dimension d. */
  dim: number;
  /** E|cos| = Gamma(d/2) / (sqrt(pi) Gamma((d + 1)/2)). */
  mean: number;
  /** Standard deviation of |cos|, sqrt(1/d - mean^2). */
  std: number;
  /** E[cos^2] = 1/d. */
  meanSquare: number;
  /** Exact quantiles of |cos| (one pair). */
  quantiles: { p: number; value: number }[];
  /** Approximate expected coherence of the n vectors (see {@link randomCoherence}). */
  coherence: number;
  /** Welch bound for n, d. */
  welch: number;
  /** Expected fraction of pairs in each [edges[k], edges[k + 1]) (empty without `edges`). */
  fractions: Float64Array;
}

/**
 * The |cos| statistics of random directions with the same n and d, the chance baseline for a
 * learned feature set: cos^2 ~ Beta(1/2, (d - 1)/2) exactly, so mean, spread, quantiles and
 * histogram fractions follow from the regularised incomplete beta; coherence from
 * {@link randomCoherence} (approximate); the Welch bound for reference.
 *
 * Cost: O(quantiles * 45 + edges + 4000) special-function evaluations; O(1) in n.
 *
 * @param n - number of vectors (integer >= 2).
 * @param d - dimension (integer >= 1).
 * @param options - quantiles and histogram edges.
 * @returns {@link RandomAbsCosStats}.
 * @example
 * ```ts
 * const r = randomAbsCosStats(100_000, 512);
 * [r.mean, r.quantiles[0].value, r.coherence, r.welch]; // returns about [0.0353, 0.0298, 0.280, 0.0441]
 * ```
 */
export function randomAbsCosStats(
  n: number,
  d: number,
  options: RandomAbsCosStatsOptions = {},
): RandomAbsCosStats {
  const fn = 'randomAbsCosStats';
  checkKeys(fn, 'options', options, RANDOM_ABS_COS_STATS_OPTION_KEYS);
  checkInt(fn, 'n', n, 2);
  checkInt(fn, 'd', d, 1);
  const probs = options.quantiles ?? [0.5, 0.9, 0.99, 0.999];
  if (!Array.isArray(probs))
    fail(fn, 'options.quantiles', 'an array of probabilities', probs, 'type');
  probs.forEach((p, k) => checkReal(fn, `options.quantiles[${k}]`, p, 0, 1));
  const edges = options.edges ?? [];
  for (let k = 0; k < edges.length; k++) {
    checkReal(fn, `options.edges[${k}]`, edges[k], 0, 1);
    if (k > 0 && !(edges[k] > edges[k - 1]))
      fail(
        fn,
        `options.edges[${k}]`,
        `a number above options.edges[${k - 1}] = ${edges[k - 1]} (edges strictly increasing)`,
        edges[k],
      );
  }
  const mean = randomAbsCosMean(d);
  const fractions = new Float64Array(Math.max(0, edges.length - 1));
  for (let k = 0; k + 1 < edges.length; k++) fractions[k] = cdf(edges[k + 1], d) - cdf(edges[k], d);
  return {
    n,
    dim: d,
    mean,
    std: Math.sqrt(Math.max(0, 1 / d - mean * mean)),
    meanSquare: 1 / d,
    quantiles: probs.map((p) => ({ p, value: quantile(p, d) })),
    coherence: randomCoherence(n, d).mean,
    welch: welchBound(n, d),
    fractions,
  };
}
