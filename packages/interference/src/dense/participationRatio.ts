import {
  FEATURE_OPTION_KEYS,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { pow2Scale } from '../core/normalize.js';
import { checkKeys } from '../errors.js';
import { singularValuesAs } from './singularValues.js';

/**
 * Participation ratio of W: (sum lambda)^2 / sum lambda^2 over the eigenvalues lambda = sigma^2
 * of W W^T, the number of directions that effectively carry the features' energy (Gao et al.
 * 2017, "A theory of multineuronal dimensionality"). Between 1 and min(n, d), at any scale of W
 * (1e-100 or 1e160 entries give the same ratio as 1). A zero W gives 0.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: that of {@link singularValues}.
 *
 * @param W - feature matrix view.
 * @param options - `{ features }` orientation.
 * @returns the participation ratio.
 * @example
 * ```ts
 * participationRatio({ data: Float64Array.of(1, 0, 0, 1), rows: 2, cols: 2 }); // returns 2
 * ```
 */
export function participationRatio(W: MatrixLike, options: FeatureOptions = {}): number {
  checkKeys('participationRatio', 'options', options, FEATURE_OPTION_KEYS);
  const s = singularValuesAs('participationRatio', W, options);
  // A ratio, the same at any scale: the singular values relative to the largest (descending)
  // keep their fourth powers finite and nonzero.
  const top = s.length > 0 ? s[0] : 0;
  if (top === 0) return 0;
  const f = top > 2 ** 200 || top < 2 ** -200 ? pow2Scale(top) : 1;
  let s1 = 0;
  let s2 = 0;
  for (const v of s) {
    const x = v * f;
    s1 += x * x;
    s2 += x * x * x * x;
  }
  return (s1 * s1) / s2;
}
