import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { checkKeys } from '../errors.js';
import { featureNormsOf } from '../core/normalize.js';

/**
 * Feature norms ||W_i||: how strongly each feature is represented (the bar lengths of
 * Elhage et al. 2022, "Toy Models of Superposition", figure "norms and superposition").
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (`features: 'columns'`, default) or `[n, d]`
 * (`features: 'rows'`). Cost: O(nd) time, O(n) memory.
 *
 * @param W - feature matrix view.
 * @param options - `{ features }` orientation.
 * @returns Float64Array(n) of Euclidean norms.
 * @example
 * ```ts
 * const W = { data: Float32Array.of(3, 0, 4, 0), rows: 2, cols: 2 }; // features (3, 4) and (0, 0)
 * featureNorms(W); // returns Float64Array [5, 0]
 * ```
 */
export function featureNorms(W: MatrixLike, options: FeatureOptions = {}): Float64Array {
  checkKeys('featureNorms', 'options', options, FEATURE_OPTION_KEYS);
  return featureNormsOf(featureMatrixAs('featureNorms', W, options));
}
