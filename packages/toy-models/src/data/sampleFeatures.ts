import type { Rng } from '@hyperposition/hypervector';
import type { ResolvedToyModelConfig } from '../model/config.js';

/**
 * The two random streams behind the synthetic data: `mask` decides which features are
 * active, `value` draws their magnitudes. Keeping them apart means the set of active
 * features does not depend on the value range, and both states go into checkpoints.
 */
export interface FeatureRngs {
  /** Stream for presence (which features are active). */
  mask: Rng;
  /** Stream for the values of active features. */
  value: Rng;
}

/**
 * A batch of synthetic features for every instance, in two layouts that hold the same numbers:
 * - sparse (CSR): sample s of instance i owns entries `offsets[i * batchSize + s]` up to
 *   `offsets[i * batchSize + s + 1]` of `indices` (feature index) and `values`;
 * - dense: `dense` row-major [nInstances, batchSize, nFeatures], zeros where inactive.
 */
export interface FeatureBatch {
  nInstances: number;
  batchSize: number;
  nFeatures: number;
  /** Length nInstances * batchSize + 1. */
  offsets: Int32Array;
  /** Feature index of each active entry. */
  indices: Int32Array;
  /** Value of each active entry. */
  values: Float32Array;
  /** Row-major [nInstances, batchSize, nFeatures]. */
  dense: Float32Array;
}

/**
 * Draw a batch of sparse synthetic features (Elhage et al. 2022, section 2: each feature is
 * active with probability p = 1 - S, independently, with a value uniform on `valueRange`).
 *
 * The cost is O(batch * active features), not O(batch * nFeatures) for the draws: the gap to
 * the next active feature is drawn from the geometric distribution, so at n = 10^5 and
 * p = 0.01 only about 1,000 draws are made per sample. Correlated groups share one presence
 * draw; anticorrelated groups activate at most one member. The dense copy is filled from the
 * sparse one, so both layouts see identical data.
 *
 * @param config - resolved model config (per-instance p, groups, value range).
 * @param batchSize - B, samples per instance.
 * @param rngs - one pair of presence and value streams per instance (advanced in place).
 * @returns the batch in CSR and dense layouts.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const config = resolveConfig({ nFeatures: 5, nHidden: 2, sparsity: 0.9 });
 * const rng = createRng(1);
 * const batch = sampleFeatures(config, 4, [{ mask: rng.fork(), value: rng.fork() }]);
 * batch.dense.length; // returns 20
 * ```
 */
export function sampleFeatures(
  config: ResolvedToyModelConfig,
  batchSize: number,
  rngs: readonly FeatureRngs[],
): FeatureBatch {
  const { nInstances, nFeatures, featureGroups, featureProbability } = config;
  const [lo, hi] = config.valueRange;
  const span = hi - lo;
  const grouped = new Uint8Array(nFeatures);
  for (const g of featureGroups) for (const f of g.features) grouped[f] = 1;
  const free: number[] = [];
  for (let f = 0; f < nFeatures; f++) if (!grouped[f]) free.push(f);
  const nFree = free.length;

  const rows = nInstances * batchSize;
  const offsets = new Int32Array(rows + 1);
  let cap = Math.max(16, Math.ceil(rows * (nFeatures * Math.max(...featureProbability) + 4)));
  let indices = new Int32Array(cap);
  let count = 0;
  const push = (f: number): void => {
    if (count === cap) {
      cap *= 2;
      const next = new Int32Array(cap);
      next.set(indices);
      indices = next;
    }
    indices[count++] = f;
  };
  let values = new Float32Array(0);
  for (let i = 0; i < nInstances; i++) {
    const { mask, value } = rngs[i];
    const first = count;
    const p = featureProbability[i];
    const logQ = Math.log1p(-p);
    for (let s = 0; s < batchSize; s++) {
      const row = i * batchSize + s;
      if (p >= 1) {
        for (let k = 0; k < nFree; k++) push(free[k]);
      } else if (p > 0) {
        let pos = -1;
        while (true) {
          // Geometric gap: number of inactive features before the next active one.
          const u = mask.nextFloat();
          pos += 1 + Math.floor(Math.log1p(-u) / logQ);
          if (pos >= nFree) break;
          push(free[pos]);
        }
      }
      for (const g of featureGroups) {
        const k = g.features.length;
        if (g.kind === 'correlated') {
          if (mask.nextFloat() < p) for (const f of g.features) push(f);
        } else if (mask.nextFloat() < Math.min(1, k * p)) {
          push(g.features[k === 1 ? 0 : mask.nextInt(k)]);
        }
      }
      offsets[row + 1] = count;
    }
    if (values.length < cap) {
      const next = new Float32Array(cap);
      next.set(values.subarray(0, first));
      values = next;
    }
    for (let e = first; e < count; e++) values[e] = lo + span * value.nextFloat();
  }
  indices = indices.slice(0, count);
  values = values.slice(0, count);
  const dense = new Float32Array(rows * nFeatures);
  for (let r = 0; r < rows; r++) {
    const base = r * nFeatures;
    for (let e = offsets[r]; e < offsets[r + 1]; e++) dense[base + indices[e]] = values[e];
  }
  return { nInstances, batchSize, nFeatures, offsets, indices, values, dense };
}
