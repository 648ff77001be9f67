import type { MatrixView } from '@hyperposition/hypervector';
import { checkKeys, describe, fail, failWith, optionKeys, type OptionKeys } from '../errors.js';

/**
 * Which axis of a matrix view holds the features: `'columns'` for a toy model's `W`
 * (`[nHidden, nFeatures]`, column i is feature i's direction, Elhage et al. 2022), `'rows'`
 * for a hypervector codebook (`[n, d]`, row i is item i).
 */
export type FeatureAxis = 'columns' | 'rows';

/** The orientation option every metric takes. */
export interface FeatureOptions {
  /** Which axis holds the features. Default `'columns'` (the paper's `W`). */
  features?: FeatureAxis;
}

/** The keys of {@link FeatureOptions}, checked against it at compile time. @internal */
export const FEATURE_OPTION_KEYS: OptionKeys<FeatureOptions> =
  optionKeys<FeatureOptions>()('features');

/** A matrix view that the metrics accept: any array of numbers, row-major. */
export type MatrixLike = MatrixView<ArrayLike<number>>;

/**
 * A validated view of n feature directions in a d-dimensional space, whatever the orientation:
 * component k of feature i is `data[i * featureStride + k * componentStride]`.
 */
export interface FeatureMatrix {
  /** The underlying row-major data (not copied). */
  readonly data: ArrayLike<number>;
  /** Number of features n (columns of a toy `W`, rows of a codebook). */
  readonly nFeatures: number;
  /** Dimension d of the space they share (`nHidden` m, or the hypervector dimension). */
  readonly dim: number;
  /** The orientation this view was built with. */
  readonly features: FeatureAxis;
  /** Step in `data` from feature i to feature i + 1. */
  readonly featureStride: number;
  /** Step in `data` from component k to component k + 1. */
  readonly componentStride: number;
}

/**
 * Validate a matrix view and read it as n feature directions in d dimensions.
 *
 * Every metric calls this once at its boundary, so a shape mismatch or a non-finite entry
 * throws the same clear error everywhere. Shape: `W` row-major `[rows, cols]`; with
 * `features: 'columns'` (default) n = cols and d = rows (the toy model's `W`,
 * `[nHidden, nFeatures]`); with `features: 'rows'` n = rows and d = cols (a codebook `[n, d]`).
 *
 * Cost: O(rows * cols) time for the finiteness scan, O(1) memory (nothing is copied).
 *
 * @param W - row-major matrix view `{ data, rows, cols }` with `data.length === rows * cols`.
 * @param options - `{ features }`: which axis holds the features.
 * @param fn - the public function name to put in error messages.
 * @returns a {@link FeatureMatrix} over the same data.
 * @throws RangeError when the shape does not match the data or an entry is not finite;
 *   TypeError when `W` is not a matrix view or `options` has a key other than `features`.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(1);
 * const data = Float32Array.from({ length: 2 * 5 }, () => rng.nextNormal());
 * const F = featureMatrix({ data, rows: 2, cols: 5 }); // toy W: 5 features in 2 dimensions
 * [F.nFeatures, F.dim]; // returns [5, 2]
 * ```
 */
export function featureMatrix(
  W: MatrixLike,
  options: FeatureOptions = {},
  fn: string = 'featureMatrix',
): FeatureMatrix {
  checkKeys(fn, 'options', options, FEATURE_OPTION_KEYS);
  return featureMatrixAs(fn, W, options);
}

/**
 * {@link featureMatrix} without the check of the option keys, for the metrics: each checks
 * its own, wider, options object at its entry, then hands it here. @internal
 */
export function featureMatrixAs(fn: string, W: MatrixLike, options: FeatureOptions): FeatureMatrix {
  if (W === null || typeof W !== 'object') {
    fail(fn, 'W', 'a matrix view { data, rows, cols }', W, 'type');
  }
  const { data, rows, cols } = W;
  if (!(ArrayBuffer.isView(data) || Array.isArray(data))) {
    fail(fn, 'W.data', 'a typed array or an array of numbers', data, 'type');
  }
  if (!Number.isInteger(rows) || rows < 1) fail(fn, 'W.rows', 'an integer >= 1', rows);
  if (!Number.isInteger(cols) || cols < 1) fail(fn, 'W.cols', 'an integer >= 1', cols);
  if (data.length !== rows * cols) {
    failWith(
      fn,
      'W.data',
      `length rows * cols = ${rows} * ${cols} = ${rows * cols}`,
      describe(data),
    );
  }
  const features = options.features ?? 'columns';
  if (features !== 'columns' && features !== 'rows') {
    fail(fn, 'options.features', "'columns' or 'rows'", features);
  }
  for (let t = 0; t < data.length; t++) {
    const x = data[t];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      failWith(
        fn,
        'W.data',
        'finite numbers',
        `${String(x)} at index ${t} (row ${Math.floor(t / cols)}, column ${t % cols})`,
      );
    }
  }
  return features === 'columns'
    ? { data, nFeatures: cols, dim: rows, features, featureStride: 1, componentStride: cols }
    : { data, nFeatures: rows, dim: cols, features, featureStride: cols, componentStride: 1 };
}
