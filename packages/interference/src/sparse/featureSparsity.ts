import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { pow2Scale } from '../core/normalize.js';
import { checkKeys, checkReal, optionKeys, type OptionKeys } from '../errors.js';

/** Largest |entry| (and reciprocal of the smallest) whose fourth powers stay normal. */
const EXTREME = 2 ** 200;

/** Options of {@link featureSparsity}. */
export interface FeatureSparsityOptions extends FeatureOptions {
  /** A component is near zero when |W_ik| <= threshold * max_k |W_ik| (default 0.01). */
  threshold?: number;
}

/** The keys of {@link FeatureSparsityOptions}, checked against it at compile time. @internal */
export const FEATURE_SPARSITY_OPTION_KEYS: OptionKeys<FeatureSparsityOptions> =
  optionKeys<FeatureSparsityOptions>()(...FEATURE_OPTION_KEYS, 'threshold');

/** How sparse each feature direction is in the neuron (preferred) basis. */
export interface FeatureSparsity {
  /** Fraction of components with |W_ik| <= threshold * max_k |W_ik| (1 for a zero feature). */
  nearZeroFraction: Float64Array;
  /** Hoyer sparsity (sqrt(d) - ||w||_1 / ||w||_2) / (sqrt(d) - 1): 0 dense and flat, 1 one-hot (0 for a zero feature; 1 when d = 1). */
  hoyer: Float64Array;
  /** Participation ratio (sum w_k^2)^2 / sum w_k^4: effective number of components used, in [1, d] (0 for a zero feature). */
  participationRatio: Float64Array;
  /** The threshold used. */
  threshold: number;
}

/**
 * Per-feature sparsity of the directions in the neuron basis, for a model with a preferred
 * basis (Elhage et al. 2022, "Toy Models of Superposition", sections on privileged bases and
 * computation in superposition): near-zero fraction (relative threshold), Hoyer sparsity
 * (Hoyer, JMLR 2004) and participation ratio.
 *
 * All three are ratios, the same at any scale: a feature whose largest |entry| is outside
 * [2^-200, 2^200] (about 6e-61 to 1.6e60) has its sums taken on entries scaled by a power of
 * two, so that fourth powers neither overflow nor underflow.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: O(nd) time, O(n) memory.
 *
 * @param W - feature matrix view.
 * @param options - orientation and `threshold`.
 * @returns {@link FeatureSparsity}.
 * @example
 * ```ts
 * // feature 0 one-hot, feature 1 flat over 4 neurons
 * const s = featureSparsity({ data: Float64Array.of(1, 0.5, 0, 0.5, 0, 0.5, 0, 0.5), rows: 4, cols: 2 });
 * [s.hoyer[0], s.hoyer[1], s.participationRatio[1]]; // returns [1, 0, 4]
 * ```
 */
export function featureSparsity(
  W: MatrixLike,
  options: FeatureSparsityOptions = {},
): FeatureSparsity {
  const fn = 'featureSparsity';
  checkKeys(fn, 'options', options, FEATURE_SPARSITY_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  const threshold = checkReal(fn, 'options.threshold', options.threshold ?? 0.01, 0, 1);
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const nearZeroFraction = new Float64Array(n);
  const hoyer = new Float64Array(n);
  const participationRatio = new Float64Array(n);
  const sd = Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    let max = 0;
    let l1 = 0;
    let l2 = 0;
    let l4 = 0;
    for (let k = 0, t = i * fs; k < d; k++, t += cs) {
      const a = Math.abs(data[t]);
      if (a > max) max = a;
      l1 += a;
      l2 += a * a;
      l4 += a * a * a * a;
    }
    if (max === 0) {
      nearZeroFraction[i] = 1;
      continue;
    }
    if (max > EXTREME || max < 1 / EXTREME) {
      // Fourth powers of such entries overflow or underflow: the sums again on the entries
      // times a power of two near 1 / max (exact; both ratios below ignore the scale).
      const f = pow2Scale(max);
      l1 = 0;
      l2 = 0;
      l4 = 0;
      for (let k = 0, t = i * fs; k < d; k++, t += cs) {
        const a = Math.abs(data[t]) * f;
        l1 += a;
        l2 += a * a;
        l4 += a * a * a * a;
      }
    }
    let near = 0;
    for (let k = 0, t = i * fs; k < d; k++, t += cs)
      if (Math.abs(data[t]) <= threshold * max) near++;
    nearZeroFraction[i] = near / d;
    hoyer[i] = d === 1 ? 1 : Math.min(1, Math.max(0, (sd - l1 / Math.sqrt(l2)) / (sd - 1)));
    participationRatio[i] = (l2 * l2) / l4;
  }
  return { nearZeroFraction, hoyer, participationRatio, threshold };
}
