import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { featureNormsOf } from '../core/normalize.js';
import { checkKeys, checkReal, optionKeys, type OptionKeys } from '../errors.js';

/** Options of {@link representedFeatures}. */
export interface RepresentedOptions extends FeatureOptions {
  /** A feature is represented when ||W_i|| > threshold. Default 0.5 (the paper's cut). */
  threshold?: number;
}

/** The keys of {@link RepresentedOptions}, checked against it at compile time. @internal */
export const REPRESENTED_OPTION_KEYS: OptionKeys<RepresentedOptions> =
  optionKeys<RepresentedOptions>()(...FEATURE_OPTION_KEYS, 'threshold');

/** Which features a model represents. */
export interface RepresentedFeatures {
  /** Number of features with norm above the threshold. */
  count: number;
  /** Their indices, ascending. */
  indices: number[];
  /** The threshold used. */
  threshold: number;
}

/**
 * Count the represented features: ||W_i|| > threshold (default 0.5), the count Elhage et al.
 * (2022, "Toy Models of Superposition") plot against sparsity (n = 20, m = 5: it grows as
 * features get sparser).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: O(nd) time, O(n) memory.
 *
 * @param W - feature matrix view.
 * @param options - orientation and `threshold`.
 * @returns `{ count, indices, threshold }`.
 * @example
 * ```ts
 * representedFeatures({ data: Float64Array.of(1, 0.2, 0, 0, 0, 0.9), rows: 2, cols: 3 }); // returns { count: 2, indices: [0, 2], threshold: 0.5 }
 * ```
 */
export function representedFeatures(
  W: MatrixLike,
  options: RepresentedOptions = {},
): RepresentedFeatures {
  checkKeys('representedFeatures', 'options', options, REPRESENTED_OPTION_KEYS);
  const threshold = checkReal(
    'representedFeatures',
    'options.threshold',
    options.threshold ?? 0.5,
    0,
    Infinity,
    'max',
  );
  const norms = featureNormsOf(featureMatrixAs('representedFeatures', W, options));
  const indices: number[] = [];
  for (let i = 0; i < norms.length; i++) if (norms[i] > threshold) indices.push(i);
  return { count: indices.length, indices, threshold };
}
