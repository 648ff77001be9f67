import { featureMatrixAs, type MatrixLike } from '../core/featureMatrix.js';
import { checkInt, checkKeys, checkReal, optionKeys, type OptionKeys } from '../errors.js';
import {
  FEATURE_METRICS_OPTION_KEYS,
  featureMetricsAs,
  type FeatureMetricsOptions,
} from '../paper/featureMetrics.js';
import { featureSparsity } from './featureSparsity.js';
import { sparseRandomAbsCos } from './sparseRandomAbsCos.js';

/** Options of {@link interferenceBySparsity}. */
export interface InterferenceBySparsityOptions extends FeatureMetricsOptions {
  /** Number of equal-width Hoyer-sparsity bins on [0, 1] (default 10). */
  bins?: number;
  /** Near-zero threshold passed to {@link featureSparsity} (default 0.01). */
  threshold?: number;
}

/** The keys of {@link InterferenceBySparsityOptions}, checked against it at compile time. @internal */
export const INTERFERENCE_BY_SPARSITY_OPTION_KEYS: OptionKeys<InterferenceBySparsityOptions> =
  optionKeys<InterferenceBySparsityOptions>()(...FEATURE_METRICS_OPTION_KEYS, 'bins', 'threshold');

/** Interference summarised by sparsity bin (bins with no feature hold 0 and count 0). */
export interface InterferenceBySparsity {
  /** bins + 1 edges on Hoyer sparsity. */
  edges: Float64Array;
  /** Features per bin (dead features are left out). */
  count: Float64Array;
  /** Mean Hoyer sparsity of the features in the bin. */
  meanSparsity: Float64Array;
  /** Mean interference sum_{j != i} (W_i_hat . W_j)^2. */
  meanInterference: Float64Array;
  /** Mean of max_{j != i} |cos|. */
  meanMaxAbsCos: Float64Array;
  /** Mean feature dimensionality. */
  meanDimensionality: Float64Array;
  /** Mean over the bin's features of their mean |cos| with the other features. */
  meanAbsCos: Float64Array;
  /** Mean participation ratio (effective number of non-zero components) k of the bin's features. */
  meanParticipationRatio: Float64Array;
  /** Baseline: E|cos| of random k-sparse sign directions with k = round(meanParticipationRatio) (exact law, {@link sparseRandomAbsCos}). */
  sparseRandomAbsCos: Float64Array;
  /**
   * Baseline: mean of (||W||_F^2 - ||W_i||^2) / d, the expected interference had the
   * directions been random (dense Gaussian or random k-sparse with random signs alike, since
   * E[cos^2] = 1/d for both).
   */
  randomInterference: Float64Array;
}

/**
 * How interference depends on the sparsity of feature directions in the neuron basis: features
 * binned by Hoyer sparsity, with mean interference, mean and max |cos| and dimensionality per
 * bin beside two baselines: the expected interference of random directions and the exact mean
 * |cos| of random k-sparse directions with the bin's participation ratio k (Elhage et al. 2022, "Toy Models of Superposition",
 * privileged-basis discussion; the baseline is random k-sparse directions,
 * see {@link sparseRandomDirections} and {@link sparseRandomAbsCos}).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: that of {@link featureMetrics} (exact or sampled) plus O(nd + bins * d).
 *
 * @param W - feature matrix view.
 * @param options - orientation, pair method, `bins`, `threshold`.
 * @returns {@link InterferenceBySparsity}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const W = sparseRandomDirections(200, 64, 4, { rng: createRng(5) });
 * const r = interferenceBySparsity(W, { features: 'rows' });
 * r.count; // all 200 features in the bin of Hoyer sparsity (8 - 2) / 7 = 0.857
 * ```
 */
export function interferenceBySparsity(
  W: MatrixLike,
  options: InterferenceBySparsityOptions = {},
): InterferenceBySparsity {
  const fn = 'interferenceBySparsity';
  checkKeys(fn, 'options', options, INTERFERENCE_BY_SPARSITY_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  const bins = checkInt(fn, 'options.bins', options.bins ?? 10, 1, 10000);
  const threshold = checkReal(fn, 'options.threshold', options.threshold ?? 0.01, 0, 1);
  const sp = featureSparsity(W, { features: options.features, threshold });
  // The whole object goes on (its bins and threshold are not pair options): featureMetricsAs
  // reads only the keys it knows and leaves the key check to this entry.
  const m = featureMetricsAs(fn, W, options);
  let fro = 0;
  for (const x of m.norms) fro += x * x;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => k / bins);
  const count = new Float64Array(bins);
  const meanSparsity = new Float64Array(bins);
  const meanInterference = new Float64Array(bins);
  const meanMaxAbsCos = new Float64Array(bins);
  const meanDimensionality = new Float64Array(bins);
  const randomInterference = new Float64Array(bins);
  const meanAbsCos = new Float64Array(bins);
  const meanParticipationRatio = new Float64Array(bins);
  const sparseRandom = new Float64Array(bins);
  for (let i = 0; i < F.nFeatures; i++) {
    if (m.norms[i] <= 1e-9) continue;
    const b = Math.min(bins - 1, Math.floor(sp.hoyer[i] * bins));
    count[b]++;
    meanSparsity[b] += sp.hoyer[i];
    meanInterference[b] += m.interference[i];
    meanMaxAbsCos[b] += m.maxAbsCos[i];
    meanDimensionality[b] += m.dimensionality[i];
    meanAbsCos[b] += m.meanAbsCos[i];
    meanParticipationRatio[b] += sp.participationRatio[i];
    randomInterference[b] += (fro - m.norms[i] * m.norms[i]) / F.dim;
  }
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    meanSparsity[b] /= count[b];
    meanInterference[b] /= count[b];
    meanMaxAbsCos[b] /= count[b];
    meanDimensionality[b] /= count[b];
    meanAbsCos[b] /= count[b];
    meanParticipationRatio[b] /= count[b];
    const k = Math.min(F.dim, Math.max(1, Math.round(meanParticipationRatio[b])));
    sparseRandom[b] = sparseRandomAbsCos(F.dim, k).mean;
    randomInterference[b] /= count[b];
  }
  return {
    edges,
    count,
    meanSparsity,
    meanInterference,
    meanMaxAbsCos,
    meanDimensionality,
    meanAbsCos,
    meanParticipationRatio,
    sparseRandomAbsCos: sparseRandom,
    randomInterference,
  };
}
