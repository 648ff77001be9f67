import {
  FEATURE_OPTION_KEYS,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { checkKeys } from '../errors.js';
import { singularValuesAs } from './singularValues.js';

/**
 * Effective rank of W (Roy and Vetterli, EUSIPCO 2007): exp(H(p)) with p_k = sigma_k / sum sigma,
 * H the Shannon entropy. Between 1 and min(n, d); equals the rank when the non-zero singular
 * values are equal. A zero W gives 0 (documented, not NaN).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: that of {@link singularValues}.
 *
 * @param W - feature matrix view.
 * @param options - `{ features }` orientation.
 * @returns the effective rank.
 * @example
 * ```ts
 * effectiveRank({ data: Float64Array.of(1, 0, 0, 1), rows: 2, cols: 2 }); // returns 2
 * ```
 */
export function effectiveRank(W: MatrixLike, options: FeatureOptions = {}): number {
  checkKeys('effectiveRank', 'options', options, FEATURE_OPTION_KEYS);
  const s = singularValuesAs('effectiveRank', W, options);
  let total = 0;
  for (const x of s) total += x;
  if (total === 0) return 0;
  let h = 0;
  for (const x of s) {
    const p = x / total;
    if (p > 0) h -= p * Math.log(p);
  }
  return Math.exp(h);
}
