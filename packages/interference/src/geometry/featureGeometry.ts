import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { checkKeys, checkReal, optionKeys, type OptionKeys } from '../errors.js';
import { jacobiEigenvalues } from '../kernels/jacobiEigen.js';
import { tridiagonalEigenvalues } from '../kernels/tridiagonalEigen.js';
import { featureMetricsAs } from '../paper/featureMetrics.js';

/** The configurations Elhage et al. (2022) found, plus generic families. */
export type ConfigurationKind =
  | 'dedicated'
  | 'antipodal-pair'
  | 'triangle'
  | 'tetrahedron'
  | 'pentagon'
  | 'square-antiprism'
  | 'polygon'
  | 'simplex'
  | 'other';

/** One connected component of the interference graph of represented features. */
export interface FeatureConfiguration {
  /** The configuration's name, from its size and rank. */
  kind: ConfigurationKind;
  /** Feature indices in the component, ascending. */
  features: number[];
  /** Number of features k. */
  size: number;
  /** Dimensions the component spans (numerical rank of its direction Gram matrix). */
  rank: number;
  /** D_i of each feature, in the order of `features`. */
  dimensionality: number[];
  /** rank / size: the dimensionality every feature has in a uniform configuration. */
  expectedDimensionality: number;
  /** Whether every D_i is within `tolerance` of rank / size. */
  uniform: boolean;
}

/** Options of {@link featureGeometry}. */
export interface FeatureGeometryOptions extends FeatureOptions {
  /** Represented when ||W_i|| > normThreshold (default 0.5). */
  normThreshold?: number;
  /** Two represented features interfere (share an edge) when |cos| > cosThreshold (default 0.1). */
  cosThreshold?: number;
  /** Tolerance on D_i for `uniform` (default 0.05). */
  tolerance?: number;
}

/** The keys of {@link FeatureGeometryOptions}, checked against it at compile time. @internal */
export const FEATURE_GEOMETRY_OPTION_KEYS: OptionKeys<FeatureGeometryOptions> =
  optionKeys<FeatureGeometryOptions>()(
    ...FEATURE_OPTION_KEYS,
    'normThreshold',
    'cosThreshold',
    'tolerance',
  );

/** The geometry of a feature matrix. */
export interface FeatureGeometry {
  /** Components of the interference graph of represented features, largest first. */
  configurations: FeatureConfiguration[];
  /** Count of each kind. */
  counts: Record<ConfigurationKind, number>;
  /** Features not represented (norm <= normThreshold). */
  unrepresented: number[];
}

function kindOf(size: number, rank: number, uniform: boolean): ConfigurationKind {
  if (size === 1) return 'dedicated';
  if (!uniform) return 'other';
  if (size === 2 && rank === 1) return 'antipodal-pair';
  if (size === 3 && rank === 2) return 'triangle';
  if (size === 4 && rank === 3) return 'tetrahedron';
  if (size === 5 && rank === 2) return 'pentagon';
  if (size === 8 && rank === 3) return 'square-antiprism';
  if (rank === 2 && size > 3) return 'polygon';
  if (rank === size - 1) return 'simplex';
  return 'other';
}

/**
 * Group represented features into the geometric configurations of Elhage et al. (2022,
 * "Toy Models of Superposition", section "The geometry of superposition"): dedicated
 * dimension (D = 1), antipodal pair (1/2), triangle (2/3), tetrahedron (3/4), pentagon (2/5),
 * square antiprism (3/8), and generic polygons / simplices. Features connect when their
 * directions have |cos| > cosThreshold; each connected component (orthogonal components form
 * the paper's tegum products) is named from its size k and the rank r it spans when every
 * member has the uniform dimensionality r / k (within `tolerance`), and is `'other'` when not
 * (a dedicated feature is `'dedicated'` whatever its D).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: n^2 d flops for the metrics plus the pairwise graph (n^2 d on represented features),
 * and per component of k features O(k^3) for its rank up to 64 features, O(min(k, d)^3 +
 * k d min(k, d)) beyond; O(nd + min(k, d)^2) memory. n = 2,000 random directions in d = 500
 * (one component) take a few seconds.
 *
 * @param W - feature matrix view.
 * @param options - orientation and thresholds.
 * @returns {@link FeatureGeometry}.
 * @example
 * ```ts
 * // a pentagon in 2-D
 * const data = new Float64Array(10);
 * for (let i = 0; i < 5; i++) { data[i] = Math.cos(0.4 * Math.PI * i); data[5 + i] = Math.sin(0.4 * Math.PI * i); }
 * featureGeometry({ data, rows: 2, cols: 5 }).configurations[0].kind; // returns 'pentagon'
 * ```
 */
export function featureGeometry(
  W: MatrixLike,
  options: FeatureGeometryOptions = {},
): FeatureGeometry {
  const fn = 'featureGeometry';
  checkKeys(fn, 'options', options, FEATURE_GEOMETRY_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  const normThreshold = checkReal(
    fn,
    'options.normThreshold',
    options.normThreshold ?? 0.5,
    0,
    Infinity,
    'max',
  );
  const cosThreshold = checkReal(fn, 'options.cosThreshold', options.cosThreshold ?? 0.1, 0, 1);
  const tolerance = checkReal(fn, 'options.tolerance', options.tolerance ?? 0.05, 0, 1);
  const metrics = featureMetricsAs(fn, W, { features: options.features, method: 'exact' });
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const represented: number[] = [];
  const unrepresented: number[] = [];
  for (let i = 0; i < n; i++)
    (metrics.norms[i] > normThreshold ? represented : unrepresented).push(i);
  // The unit direction of each represented feature, one contiguous row of d each.
  const row = new Map<number, number>(represented.map((i, r) => [i, r * d]));
  const units = new Float64Array(represented.length * d);
  represented.forEach((i, r) => {
    for (let k = 0; k < d; k++) units[r * d + k] = data[i * fs + k * cs] / metrics.norms[i];
  });
  const cos = (i: number, j: number): number => {
    const a = row.get(i)!;
    const b = row.get(j)!;
    let s = 0;
    for (let k = 0; k < d; k++) s += units[a + k] * units[b + k];
    return s;
  };
  // Union-find over represented features.
  const parent = new Map<number, number>(represented.map((i) => [i, i]));
  const find = (i: number): number => {
    let r = i;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(i, r);
    return r;
  };
  for (let a = 0; a < represented.length; a++) {
    for (let b = a + 1; b < represented.length; b++) {
      const i = represented[a];
      const j = represented[b];
      if (Math.abs(cos(i, j)) > cosThreshold) parent.set(find(i), find(j));
    }
  }
  const groups = new Map<number, number[]>();
  for (const i of represented) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const counts: Record<ConfigurationKind, number> = {
    dedicated: 0,
    'antipodal-pair': 0,
    triangle: 0,
    tetrahedron: 0,
    pentagon: 0,
    'square-antiprism': 0,
    polygon: 0,
    simplex: 0,
    other: 0,
  };
  const configurations: FeatureConfiguration[] = [];
  for (const features of groups.values()) {
    const k = features.length;
    const ev = componentEigenvalues(features, d, cos, units, row);
    let rank = 0;
    for (let t = 0; t < k; t++) if (ev[t] > 1e-6 * k) rank++;
    const dimensionality = features.map((i) => metrics.dimensionality[i]);
    const expectedDimensionality = rank / k;
    const uniform = dimensionality.every((x) => Math.abs(x - expectedDimensionality) <= tolerance);
    const kind = kindOf(k, rank, uniform);
    counts[kind]++;
    configurations.push({
      kind,
      features,
      size: k,
      rank,
      dimensionality,
      expectedDimensionality,
      uniform,
    });
  }
  configurations.sort((x, y) => y.size - x.size || x.features[0] - y.features[0]);
  return { configurations, counts, unrepresented };
}

/**
 * Up to this many features, a component's rank comes from the Jacobi eigenvalues of its
 * direction Gram matrix (relative accuracy for the small ones; the paper's configurations have
 * at most a few dozen features). Larger components, such as the one that random directions in
 * many dimensions form, use the tridiagonal QL method on the smaller of the k x k Gram matrix
 * and the d x d matrix of second moments (the same nonzero eigenvalues): O(min(k, d)^3 +
 * k d min(k, d)) instead of about 60 k^3. n = 2,000 features in d = 500 took 190 s with
 * Jacobi on the 2,000 x 2,000 Gram matrix.
 */
const JACOBI_MAX_COMPONENT = 64;

/**
 * The eigenvalues of the Gram matrix of a component's unit directions (descending; for
 * k > d, the d eigenvalues of sum_a u_a u_a^T, which are its nonzero ones). @internal
 */
function componentEigenvalues(
  features: readonly number[],
  d: number,
  cos: (i: number, j: number) => number,
  units: Float64Array,
  row: ReadonlyMap<number, number>,
): Float64Array {
  const k = features.length;
  if (k <= JACOBI_MAX_COMPONENT || k <= d) {
    const G = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        const c = a === b ? 1 : cos(features[a], features[b]);
        G[a * k + b] = c;
        G[b * k + a] = c;
      }
    }
    return k <= JACOBI_MAX_COMPONENT ? jacobiEigenvalues(G, k) : tridiagonalEigenvalues(G, k);
  }
  const C = new Float64Array(d * d);
  for (const i of features) {
    const o = row.get(i)!;
    for (let p = 0; p < d; p++) {
      const up = units[o + p];
      if (up === 0) continue;
      for (let q = 0; q <= p; q++) C[p * d + q] += up * units[o + q];
    }
  }
  for (let p = 0; p < d; p++) for (let q = 0; q < p; q++) C[q * d + p] = C[p * d + q];
  return tridiagonalEigenvalues(C, d);
}
