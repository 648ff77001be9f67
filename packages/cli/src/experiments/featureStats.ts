import { createRng } from '@hyperposition/hypervector';
import {
  absCosDistribution,
  representedFeatures,
  welchBound,
  randomAbsCosMean,
  randomCoherence,
} from '@hyperposition/interference';

/**
 * The experiments compare every pair of n directions in d dimensions while n(n - 1)/2 * d is
 * at most this (2^32 multiply-adds), and sample beyond: the rule the published results (the
 * Findings pages' data) were computed with, fixed here so that a rerun reproduces them whatever
 * the interference package's `'auto'` default becomes.
 */
export const EXPERIMENT_EXACT_PAIRS: number = 2 ** 32;

/**
 * The pair method the experiments use for n directions in d dimensions (see
 * {@link EXPERIMENT_EXACT_PAIRS}). @internal
 */
export function experimentPairMethod(n: number, d: number): 'exact' | 'sampled' {
  return ((n * (n - 1)) / 2) * d <= EXPERIMENT_EXACT_PAIRS ? 'exact' : 'sampled';
}

/** Direction statistics of a feature set against random directions and the Welch bound. */
export interface DirectionStats {
  /** Features the statistics cover (represented ones, norm > 0.5). */
  features: number;
  /** Mean |cos| over pairs. */
  meanAbsCos: number;
  /** Max |cos| over the pairs examined. */
  coherence: number;
  /** 99th percentile of |cos|. */
  q99: number;
  /** `'exact'` (all pairs) or `'sampled'` (a seeded subset: coherence is then a lower estimate). */
  method: 'exact' | 'sampled';
  /** Mean |cos| of random directions in the same dimension. */
  randomMeanAbsCos: number;
  /** Expected coherence of as many random directions (all pairs). */
  randomCoherence: number;
  /** Welch bound for this many vectors in this dimension. */
  welch: number;
}

/**
 * Columns of W (row-major [m, n]) whose norm exceeds `threshold`, as a new row-major
 * [m, k] matrix, with their indices.
 * @internal
 */
export function representedColumns(
  W: Float32Array,
  m: number,
  n: number,
  threshold = 0.5,
): { data: Float32Array; cols: number; indices: number[] } {
  const { indices } = representedFeatures({ data: W, rows: m, cols: n }, { threshold });
  const k = indices.length;
  const data = new Float32Array(m * k);
  for (let r = 0; r < m; r++) for (let c = 0; c < k; c++) data[r * k + c] = W[r * n + indices[c]];
  return { data, cols: k, indices };
}

/**
 * |cos| statistics of the represented columns of W (row-major [m, n]) against the laws for
 * random directions (interference's absCosDistribution, randomAbsCosMean, randomCoherence,
 * welchBound). Returns null when fewer than two features are represented.
 *
 * @param W - row-major [m, n], column j is feature j's direction.
 * @param m - rows (hidden size).
 * @param n - columns (features).
 * @param threshold - norm above which a feature counts as represented; default 0.5.
 * @returns the statistics, or null.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(1);
 * const W = Float32Array.from({ length: 16 * 100 }, () => rng.nextNormal() / 4);
 * directionStats(W, 16, 100)?.meanAbsCos; // about 0.20 (randomAbsCosMean(16) = 0.1999)
 * ```
 */
export function directionStats(
  W: Float32Array,
  m: number,
  n: number,
  threshold = 0.5,
): DirectionStats | null {
  const sub = representedColumns(W, m, n, threshold);
  if (sub.cols < 2) return null;
  const dist = absCosDistribution(
    { data: sub.data, rows: m, cols: sub.cols },
    // The generator only matters when there are too many pairs to examine them all.
    {
      quantiles: [0.99],
      method: experimentPairMethod(sub.cols, m),
      rng: createRng(`directionStats:${n}:${m}`),
    },
  );
  return {
    features: sub.cols,
    meanAbsCos: dist.mean,
    coherence: dist.coherence,
    q99: dist.quantiles[0]?.value ?? NaN,
    method: dist.method,
    randomMeanAbsCos: randomAbsCosMean(m),
    randomCoherence: randomCoherence(sub.cols, m).mean,
    welch: welchBound(sub.cols, m),
  };
}

/**
 * Signed cosines of `pairs` seeded random pairs of distinct represented columns of W
 * (row-major [m, n], norm > `threshold`), rounded to 4 decimals: a sample of the |cos|
 * distribution small enough to store with a result.
 *
 * @param W - row-major [m, n].
 * @param m - rows.
 * @param n - columns.
 * @param pairs - how many pairs to draw.
 * @param seed - seed of the pair draw.
 * @param threshold - norm above which a column counts; default 0.5.
 * @returns the cosines (empty when fewer than two columns qualify).
 * @example
 * ```ts
 * const rng = createRng(1);
 * const W = Float32Array.from({ length: 16 * 100 }, () => rng.nextNormal() / 4);
 * sampleCosines(W, 16, 100, 500, 'demo').length; // returns 500
 * ```
 */
export function sampleCosines(
  W: Float32Array,
  m: number,
  n: number,
  pairs: number,
  seed: string,
  threshold = 0.5,
): number[] {
  const sub = representedColumns(W, m, n, threshold);
  const k = sub.cols;
  if (k < 2) return [];
  const norms = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += sub.data[r * k + c] ** 2;
    norms[c] = Math.sqrt(s);
  }
  const rng = createRng(seed);
  const out: number[] = [];
  for (let t = 0; t < pairs; t++) {
    const a = rng.nextInt(k);
    let b = rng.nextInt(k - 1);
    if (b >= a) b++;
    let dot = 0;
    for (let r = 0; r < m; r++) dot += sub.data[r * k + a] * sub.data[r * k + b];
    out.push(Math.round((dot / (norms[a] * norms[b])) * 1e4) / 1e4);
  }
  return out;
}

function lnGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 for x > 0.5.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Density of the cosine between two independent uniformly random directions in d dimensions:
 * Gamma(d/2) / (sqrt(pi) Gamma((d-1)/2)) (1 - c^2)^((d-3)/2) on [-1, 1].
 *
 * @param c - cosine in [-1, 1].
 * @param d - dimension (>= 2).
 * @returns the density at c.
 * @example
 * ```ts
 * randomCosineDensity(0, 3); // returns 0.5 (uniform on [-1, 1] in 3 dimensions)
 * ```
 */
export function randomCosineDensity(c: number, d: number): number {
  if (!(d >= 2)) throw new RangeError(`randomCosineDensity: d expected a number >= 2, got ${d}`);
  if (Math.abs(c) >= 1) return d === 3 ? 0.5 : d < 3 ? Infinity : 0;
  return Math.exp(
    lnGamma(d / 2) -
      0.5 * Math.log(Math.PI) -
      lnGamma((d - 1) / 2) +
      ((d - 3) / 2) * Math.log1p(-c * c),
  );
}
