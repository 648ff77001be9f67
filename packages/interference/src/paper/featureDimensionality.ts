import type { MatrixLike } from '../core/featureMatrix.js';
import { checkKeys } from '../errors.js';
import {
  FEATURE_METRICS_OPTION_KEYS,
  featureMetricsAs,
  type FeatureMetricsOptions,
} from './featureMetrics.js';

/**
 * Feature dimensionality D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2 (j = i included): the
 * fraction of a dimension feature i owns (Elhage et al. 2022, "Toy Models of Superposition",
 * section "Feature dimensionality"). 1 for a dedicated dimension, 1/2 antipodal pair,
 * 2/3 triangle, 3/4 tetrahedron, 2/5 pentagon, 3/8 square antiprism. A dead feature
 * (norm <= 1e-9) gets 0, never NaN. Identity: sum_i D_i <= m for every W.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: as {@link featureMetrics}.
 *
 * @param W - feature matrix view.
 * @param options - orientation and pair method.
 * @returns Float64Array(n) with values in [0, 1].
 * @example
 * ```ts
 * // a regular triangle in 2-D
 * const a = (2 * Math.PI) / 3;
 * const W = { data: Float64Array.of(1, Math.cos(a), Math.cos(2 * a), 0, Math.sin(a), Math.sin(2 * a)), rows: 2, cols: 3 };
 * featureDimensionality(W); // returns Float64Array [0.6667, 0.6667, 0.6667] (2/3 each)
 * ```
 */
export function featureDimensionality(
  W: MatrixLike,
  options: FeatureMetricsOptions = {},
): Float64Array {
  checkKeys('featureDimensionality', 'options', options, FEATURE_METRICS_OPTION_KEYS);
  return featureMetricsAs('featureDimensionality', W, options).dimensionality;
}
