import {
  absCosDistribution,
  representedFeatures,
  welchBound,
  randomAbsCosMean,
  randomCoherence,
} from '@hyperposition/interference';

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
 * const rng = createRng(1);
 * const W = Float32Array.from({ length: 16 * 100 }, () => rng.nextNormal() / 4);
 * directionStats(W, 16, 100)?.meanAbsCos; // about randomAbsCosMean(16) = 0.20
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
    { quantiles: [0.99] },
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
