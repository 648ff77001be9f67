import { createRng } from '@hyperposition/hypervector';
import {
  biasRoles,
  dimensionsPerFeature,
  featureGeometry,
  featureMetrics,
  representedFeatures,
  type FeatureGeometry,
} from '@hyperposition/interference';

/** One trained instance as the CLI hands it to the metrics and figures. */
export interface InstanceData {
  /** S, probability that a feature is zero. */
  sparsity: number;
  /** I_i, `[nFeatures]`. */
  importance: ArrayLike<number>;
  /** Encoder weights, row-major `[nHidden, nFeatures]`. */
  W: Float32Array | Float64Array;
  /** Biases, `[nFeatures]`. */
  b: ArrayLike<number>;
  /** Final loss of this instance. */
  loss: number;
  /** m. */
  nHidden: number;
  /** n. */
  nFeatures: number;
}

/** The metrics of one instance, as written to `metrics.json` (format version 1). */
export interface InstanceMetrics {
  /** Index of the instance in run.json's `instances`. */
  index: number;
  /** S of the instance. */
  sparsity: number;
  /** Final loss. */
  loss: number;
  /** ||W_i|| per feature, `[nFeatures]`. */
  norms: number[];
  /** Feature dimensionality D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2, 0 for a dead feature, `[nFeatures]`. */
  dimensionality: number[];
  /** sum_i D_i (at most m; trained models sit within about 1% of m). */
  dimensionalitySum: number;
  /** sum_{j != i} (W_i_hat . W_j)^2 per feature, `[nFeatures]` (the paper's superposition measure). */
  interference: number[];
  /** sqrt(interference): the colour of the norm bars in the reference notebook, `[nFeatures]`. */
  superposition: number[];
  /** Dimensions per feature D* = m / ||W||_F^2; null when W is zero (D* is then infinite). */
  dimensionsPerFeature: number | null;
  /** Features with ||W_i|| > 0.5. */
  represented: { count: number; indices: number[]; threshold: number };
  /**
   * Geometric configurations of the represented features (dedicated, antipodal pair,
   * pentagon, ...); null above {@link EXACT_METRICS_LIMIT} features.
   */
  geometry: FeatureGeometry | null;
  /** Role of each bias: dedicated, superposed or off (not represented); null above the limit. */
  biasRoles: string[] | null;
  /**
   * `'exact'` (all pairs) or `'sampled'` (when n^2 m > {@link EXACT_PAIR_FLOPS}: 1000 random
   * partners per feature, seed 0).
   */
  method: 'exact' | 'sampled';
}

/** The `format` tag of `metrics.json`. @internal */
export const METRICS_FORMAT = 'hyperposition.metrics';

/** The content of `metrics.json`. */
export interface RunMetrics {
  /** Always `'hyperposition.metrics'`. */
  format: 'hyperposition.metrics';
  /** Layout version of this file. */
  version: 1;
  /** n. */
  nFeatures: number;
  /** m. */
  nHidden: number;
  /** One entry per instance, in run.json's order. */
  instances: InstanceMetrics[];
}

/**
 * Up to this many features the geometry and the bias roles are computed (the geometry's
 * pairwise graph is n^2 m work in float64); above it they are null.
 */
export const EXACT_METRICS_LIMIT = 2000;

/**
 * The pairwise sums (interference, dimensionality) compare every pair while n^2 m is at most
 * this (2^38: n = 23,000 features at m = 500) and are estimated from 1000 random partners per
 * feature beyond. The exact pass runs on blocked SIMD kernels (n = 10,000, m = 500: 0.45 s
 * natively, 1.2 s on WebAssembly); the sampled one multiplies blocks of 128 features by a
 * shared draw of partners (n = 100,000, m = 512: about 1.5 s natively).
 */
export const EXACT_PAIR_FLOPS: number = 2 ** 38;

/**
 * How `metrics.json` computes the pairwise sums of a model of `nFeatures` x `nHidden`: every
 * pair up to {@link EXACT_METRICS_LIMIT} features or {@link EXACT_PAIR_FLOPS}, sampled beyond.
 * @internal
 */
export function pairMethod(nFeatures: number, nHidden: number): 'exact' | 'sampled' {
  return nFeatures <= EXACT_METRICS_LIMIT || nFeatures * nFeatures * nHidden <= EXACT_PAIR_FLOPS
    ? 'exact'
    : 'sampled';
}

/**
 * Compute every metric of `metrics.json` for a run's instances with
 * `@hyperposition/interference` (Elhage et al. 2022: norms, superposition, feature
 * dimensionality, dimensions per feature, represented count, geometry).
 *
 * @param instances - the trained instances; `W` row-major `[nHidden, nFeatures]`.
 * @returns the metrics document.
 * @example
 * ```ts
 * const W = Float32Array.of(1, 0, 0, 1); // two orthogonal features in 2-D
 * runMetrics([{ sparsity: 0, importance: [1, 1], W, b: [0, 0], loss: 0, nHidden: 2, nFeatures: 2 }])
 *   .instances[0].dimensionsPerFeature; // returns 1
 * ```
 */
export function runMetrics(instances: readonly InstanceData[]): RunMetrics {
  const first = instances[0];
  return {
    format: METRICS_FORMAT,
    version: 1,
    nFeatures: first?.nFeatures ?? 0,
    nHidden: first?.nHidden ?? 0,
    instances: instances.map((inst, index) => {
      const W = { data: inst.W, rows: inst.nHidden, cols: inst.nFeatures };
      const exact = inst.nFeatures <= EXACT_METRICS_LIMIT;
      const m = featureMetrics(
        W,
        pairMethod(inst.nFeatures, inst.nHidden) === 'exact'
          ? { method: 'exact' }
          : { method: 'sampled', samples: 1000, rng: createRng(0) },
      );
      const dpf = dimensionsPerFeature(W);
      const dims = Array.from(m.dimensionality);
      return {
        index,
        sparsity: inst.sparsity,
        loss: inst.loss,
        norms: Array.from(m.norms),
        dimensionality: dims,
        dimensionalitySum: dims.reduce((a, v) => a + v, 0),
        interference: Array.from(m.interference),
        superposition: Array.from(m.superposition),
        dimensionsPerFeature: Number.isFinite(dpf) ? dpf : null,
        represented: representedFeatures(W),
        geometry: exact ? featureGeometry(W) : null,
        biasRoles: exact ? biasRoles(W, inst.b, { density: 1 - inst.sparsity }).roles : null,
        method: m.method,
      };
    }),
  };
}
