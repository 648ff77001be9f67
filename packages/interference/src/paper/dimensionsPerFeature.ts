import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { checkKeys } from '../errors.js';
import { squaredNorms } from '../core/normalize.js';

/**
 * Dimensions per feature D* = m / ||W||_F^2 (Elhage et al. 2022, "Toy Models of
 * Superposition", section "Feature dimensionality"): sticky at 1 (no superposition) and 1/2
 * (antipodal pairs). ||W||_F^2 counts represented features, each weighted by its squared norm.
 * A zero W stores no feature: D* = Infinity (documented, not NaN).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default; m = nHidden) or `[n, d]` with
 * `features: 'rows'` (m = d). Cost: O(nd) time, O(n) memory.
 *
 * @param W - feature matrix view.
 * @param options - `{ features }` orientation.
 * @returns m / ||W||_F^2.
 * @example
 * ```ts
 * // two antipodal pairs in 2-D: four unit features, D* = 2 / 4
 * dimensionsPerFeature({ data: Float64Array.of(1, -1, 0, 0, 0, 0, 1, -1), rows: 2, cols: 4 }); // returns 0.5
 * ```
 */
export function dimensionsPerFeature(W: MatrixLike, options: FeatureOptions = {}): number {
  checkKeys('dimensionsPerFeature', 'options', options, FEATURE_OPTION_KEYS);
  const F = featureMatrixAs('dimensionsPerFeature', W, options);
  const n2 = squaredNorms(F);
  let fro = 0;
  for (let i = 0; i < n2.length; i++) fro += n2[i];
  return fro === 0 ? Infinity : F.dim / fro;
}
