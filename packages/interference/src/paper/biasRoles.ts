import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import {
  checkKeys,
  checkReal,
  describe,
  failWith,
  optionKeys,
  type OptionKeys,
} from '../errors.js';
import { featureMetricsAs } from './featureMetrics.js';

/** The role a feature's bias plays in a ReLU-output toy model. */
export type BiasRole = 'dedicated' | 'superposed' | 'off';

/** Options of {@link biasRoles}. */
export interface BiasRolesOptions extends FeatureOptions {
  /** Feature density p = 1 - S (probability a feature is non-zero). When given, an off feature's ideal bias p/2 is reported. */
  density?: number;
  /** A feature is represented when ||W_i|| > normThreshold (default 0.5). */
  normThreshold?: number;
  /** A represented feature is superposed when its interference exceeds this (default 0.01). */
  interferenceThreshold?: number;
}

/** The keys of {@link BiasRolesOptions}, checked against it at compile time. @internal */
export const BIAS_ROLES_OPTION_KEYS: OptionKeys<BiasRolesOptions> = optionKeys<BiasRolesOptions>()(
  ...FEATURE_OPTION_KEYS,
  'density',
  'normThreshold',
  'interferenceThreshold',
);

/** Per-feature bias analysis. */
export interface BiasRoles {
  /** 'off' (not represented: output is the constant ReLU(b_i)), 'dedicated' or 'superposed'. */
  roles: BiasRole[];
  /** The biases b_i, copied to Float64. */
  bias: Float64Array;
  /** p/2, the MSE-optimal constant output of an off feature (x_i uniform on [0, 1] with probability p); null without `density`. */
  offBiasTarget: number | null;
  /** b_i - p/2 for off features, 0 for the others (all 0 without `density`). */
  offBiasError: Float64Array;
  /** ||W_i||^2 + b_i: about 1 for superposed features of a trained pentagon (SCIENCE.md). */
  normSquaredPlusBias: Float64Array;
  /** Counts of each role. */
  counts: { dedicated: number; superposed: number; off: number };
  /** Fraction of superposed features whose bias is negative (the paper: negative biases filter interference); 0 when none is superposed. */
  superposedNegativeBiasFraction: number;
}

/**
 * What the biases do (Elhage et al. 2022, "Toy Models of Superposition", intro figure and
 * section "Basic results"): features that are not represented output a constant, ideally
 * b_i = E[x_i] = p/2; features in superposition get negative biases that cut the small
 * positive interference off through the ReLU.
 *
 * Shapes: `W` row-major `[nHidden, nFeatures]` (default orientation); `b` length nFeatures.
 * Cost: as {@link featureMetrics} exact (n^2 m flops), O(n) memory beyond it.
 *
 * @param W - feature matrix view.
 * @param b - biases, one per feature.
 * @param options - orientation, `density` p, thresholds.
 * @returns {@link BiasRoles}.
 * @example
 * ```ts
 * // S = 0, n = 5, m = 2: two dedicated features, three off with b = p/2 = 0.5
 * const W = { data: Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0, 0, 0), rows: 2, cols: 5 };
 * biasRoles(W, Float64Array.of(0, 0, 0.5, 0.5, 0.5), { density: 1 }).roles;
 * // returns ['dedicated', 'dedicated', 'off', 'off', 'off']
 * ```
 */
export function biasRoles(
  W: MatrixLike,
  b: ArrayLike<number>,
  options: BiasRolesOptions = {},
): BiasRoles {
  const fn = 'biasRoles';
  checkKeys(fn, 'options', options, BIAS_ROLES_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  const n = F.nFeatures;
  if (b === null || typeof b !== 'object' || typeof b.length !== 'number' || b.length !== n) {
    failWith(fn, 'b', `${n} biases (one per feature)`, describe(b));
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(b[i]))
      failWith(fn, 'b', 'finite numbers', `${String(b[i])} at index ${i}`);
  }
  const p =
    options.density === undefined ? null : checkReal(fn, 'options.density', options.density, 0, 1);
  const normThreshold = checkReal(
    fn,
    'options.normThreshold',
    options.normThreshold ?? 0.5,
    0,
    Infinity,
    'max',
  );
  const interferenceThreshold = checkReal(
    fn,
    'options.interferenceThreshold',
    options.interferenceThreshold ?? 0.01,
    0,
    Infinity,
    'max',
  );
  const m = featureMetricsAs(fn, W, { features: options.features, method: 'exact' });
  const roles: BiasRole[] = [];
  const bias = Float64Array.from(b);
  const offBiasError = new Float64Array(n);
  const normSquaredPlusBias = new Float64Array(n);
  const counts = { dedicated: 0, superposed: 0, off: 0 };
  let negative = 0;
  for (let i = 0; i < n; i++) {
    normSquaredPlusBias[i] = m.norms[i] * m.norms[i] + bias[i];
    let role: BiasRole;
    if (m.norms[i] <= normThreshold) {
      role = 'off';
      if (p !== null) offBiasError[i] = bias[i] - p / 2;
    } else if (m.interference[i] > interferenceThreshold) {
      role = 'superposed';
      if (bias[i] < 0) negative++;
    } else role = 'dedicated';
    counts[role]++;
    roles.push(role);
  }
  return {
    roles,
    bias,
    offBiasTarget: p === null ? null : p / 2,
    offBiasError,
    normSquaredPlusBias,
    counts,
    superposedNegativeBiasFraction: counts.superposed === 0 ? 0 : negative / counts.superposed,
  };
}
