import type { MatrixLike } from '../core/featureMatrix.js';
import { checkKeys } from '../errors.js';
import {
  FEATURE_METRICS_OPTION_KEYS,
  featureMetricsAs,
  type FeatureMetricsOptions,
} from './featureMetrics.js';

/**
 * Per-feature interference sum_{j != i} (W_i_hat . W_j)^2: how much of the other features
 * leaks into feature i's direction. This is the superposition measure that colours the norm
 * bars of Elhage et al. (2022, "Toy Models of Superposition"); the reference notebook
 * colours by its square root ({@link FeatureMetrics.superposition}).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: as {@link featureMetrics} (exact: d n^2 flops, O(nd + block^2) memory, streamed;
 * sampled: O(n * samples * d)). A dead feature gets 0.
 *
 * @param W - feature matrix view.
 * @param options - orientation and pair method (see {@link featureMetrics}).
 * @returns Float64Array(n).
 * @example
 * ```ts
 * // an antipodal pair in 1-D: each feature sees the other fully
 * featureInterference({ data: Float64Array.of(1, -1), rows: 1, cols: 2 }); // returns Float64Array [1, 1]
 * ```
 */
export function featureInterference(
  W: MatrixLike,
  options: FeatureMetricsOptions = {},
): Float64Array {
  checkKeys('featureInterference', 'options', options, FEATURE_METRICS_OPTION_KEYS);
  return featureMetricsAs('featureInterference', W, options).interference;
}
