import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { featureNormsOf } from '../core/normalize.js';
import { checkKeys, checkReal, fail, optionKeys, type OptionKeys } from '../errors.js';

/** Options of {@link circleAngles}. */
export interface CircleAnglesOptions extends FeatureOptions {
  /** Only features with ||W_i|| > normThreshold are placed (default 0.5). */
  normThreshold?: number;
}

/** The keys of {@link CircleAnglesOptions}, checked against it at compile time. @internal */
export const CIRCLE_ANGLES_OPTION_KEYS: OptionKeys<CircleAnglesOptions> =
  optionKeys<CircleAnglesOptions>()(...FEATURE_OPTION_KEYS, 'normThreshold');

/** Represented features in order around the circle. */
export interface CircleAngles {
  /** Feature indices sorted by angle. */
  features: number[];
  /** Their angles atan2(W_1i, W_0i) in degrees, in [0, 360), ascending. */
  anglesDegrees: Float64Array;
  /** Gap from each feature to the next counter-clockwise one (the last wraps to the first), in degrees; sums to 360. */
  gapsDegrees: Float64Array;
}

/**
 * For m = 2, the represented features in order around the circle and the angles between
 * neighbours (Elhage et al. 2022, "Toy Models of Superposition", intro figure: a pentagon has
 * five gaps of 72 degrees, antipodal pairs 90/90/90/90 or 180).
 *
 * Shape: `W` row-major `[2, nFeatures]` (default) or `[n, 2]` with `features: 'rows'`.
 * Cost: O(n log n) time, O(n) memory.
 *
 * @param W - feature matrix view in two dimensions.
 * @param options - orientation and `normThreshold`.
 * @returns {@link CircleAngles}; empty arrays when nothing is represented.
 * @throws RangeError when the space is not 2-D.
 * @example
 * ```ts
 * const data = new Float64Array(10);
 * for (let i = 0; i < 5; i++) { data[i] = Math.cos(0.4 * Math.PI * i); data[5 + i] = Math.sin(0.4 * Math.PI * i); }
 * circleAngles({ data, rows: 2, cols: 5 }).gapsDegrees; // returns Float64Array [72, 72, 72, 72, 72]
 * ```
 */
export function circleAngles(W: MatrixLike, options: CircleAnglesOptions = {}): CircleAngles {
  const fn = 'circleAngles';
  checkKeys(fn, 'options', options, CIRCLE_ANGLES_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  if (F.dim !== 2) fail(fn, 'W', 'features in 2 dimensions (m = 2)', F.dim);
  const normThreshold = checkReal(
    fn,
    'options.normThreshold',
    options.normThreshold ?? 0.5,
    0,
    Infinity,
    'max',
  );
  const norms = featureNormsOf(F);
  const placed: { i: number; angle: number }[] = [];
  for (let i = 0; i < F.nFeatures; i++) {
    if (norms[i] <= normThreshold) continue;
    const x = F.data[i * F.featureStride];
    const y = F.data[i * F.featureStride + F.componentStride];
    let a = (Math.atan2(y, x) * 180) / Math.PI;
    if (a < 0) a += 360;
    if (a >= 360) a -= 360;
    placed.push({ i, angle: a });
  }
  placed.sort((p, q) => p.angle - q.angle || p.i - q.i);
  const k = placed.length;
  const anglesDegrees = Float64Array.from(placed, (p) => p.angle);
  const gapsDegrees = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    gapsDegrees[t] =
      t + 1 < k
        ? anglesDegrees[t + 1] - anglesDegrees[t]
        : anglesDegrees[0] + 360 - anglesDegrees[t];
  }
  return { features: placed.map((p) => p.i), anglesDegrees, gapsDegrees };
}
