import type { MatrixView } from '@hyperposition/hypervector';
import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { checkKeys, fail } from '../errors.js';

/**
 * Largest n for which {@link gram} materialises the n x n matrix (2 GiB of Float64).
 *
 * @example
 * ```ts
 * GRAM_MAX_FEATURES; // returns 16384
 * ```
 */
export const GRAM_MAX_FEATURES: number = 16384;

/**
 * The Gram matrix W^T W of the features: entry (i, j) = W_i . W_j (Elhage et al. 2022 plot it
 * as the matrix whose diagonal shows represented features and off-diagonal their interference).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`;
 * result row-major `[n, n]`, symmetric, exact in Float64 (unnormalised dot products).
 * Cost: n^2 d flops and 8 n^2 bytes; refuses n > 16384. For large n use the streamed metrics
 * ({@link featureMetrics}, {@link absCosDistribution}, {@link gramBlocks}).
 *
 * @param W - feature matrix view.
 * @param options - `{ features }` orientation.
 * @returns matrix view `{ data: Float64Array(n * n), rows: n, cols: n }`.
 * @example
 * ```ts
 * gram({ data: Float64Array.of(1, 0, 1, 1), rows: 2, cols: 2 }).data; // returns Float64Array [2, 1, 1, 1]
 * ```
 */
export function gram(W: MatrixLike, options: FeatureOptions = {}): MatrixView<Float64Array> {
  checkKeys('gram', 'options', options, FEATURE_OPTION_KEYS);
  const F = featureMatrixAs('gram', W, options);
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  if (n > GRAM_MAX_FEATURES) {
    fail('gram', 'W', `at most ${GRAM_MAX_FEATURES} features (use the streamed metrics)`, n);
  }
  const rows = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) rows[i * d + k] = data[i * fs + k * cs];
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += rows[i * d + k] * rows[j * d + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { data: out, rows: n, cols: n };
}
