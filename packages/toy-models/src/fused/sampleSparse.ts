import { restoreRng, type Rng } from '@hyperposition/hypervector';
import { sampleFeatures, type FeatureBatch, type FeatureRngs } from '../data/sampleFeatures.js';
import type { ResolvedToyModelConfig } from '../model/config.js';
import { ownStream } from './fusedSampleStep.js';

const EMPTY = new Float32Array(0);
// Where u is this close to a precomputed gap threshold, the gap is computed exactly instead.
const MARGIN = 1e-9;

/** Reusable buffers of {@link sampleSparse}. @internal */
export interface SparseSampler {
  sample(rngs: FeatureRngs[]): FeatureBatch;
}

/**
 * The data sampler of the fused engine: draws exactly the batches of `sampleFeatures` (the
 * same geometric-gap draws from the same streams, so the same active features and values),
 * but only in the sparse CSR layout (`dense` is empty), into reused buffers, with the
 * xoshiro128** state held in local integers. For a few features the gap is read off
 * precomputed thresholds u_K = 1 - q^K instead of a logarithm per draw, falling back to the
 * logarithm where u lies within 1e-9 of a threshold, so the result is unchanged.
 *
 * Generators that are not the library's own, and feature groups, go through `sampleFeatures`.
 * Advances the streams, replacing each `mask` and `value` generator by one in the new state.
 * @internal
 */
export function createSparseSampler(
  config: ResolvedToyModelConfig,
  batchSize: number,
): SparseSampler {
  const { nInstances, nFeatures, featureProbability } = config;
  const [lo, hi] = config.valueRange;
  const span = hi - lo;
  const rows = nInstances * batchSize;
  const offsets = new Int32Array(rows + 1);
  let indices = new Int32Array(
    Math.max(16, Math.ceil(rows * (nFeatures * Math.max(...featureProbability) + 4))),
  );
  let values = new Float32Array(indices.length);
  const useThresholds = nFeatures <= 64;
  const thresholds = featureProbability.map((p) => {
    const t = new Float64Array(nFeatures + 2);
    const logQ = Math.log1p(-p);
    for (let k = 0; k < t.length; k++) t[k] = k === 0 ? 0 : -Math.expm1(k * logQ);
    return t;
  });

  const fast = (rngs: FeatureRngs[]): boolean =>
    config.featureGroups.length === 0 && rngs.every((r) => ownStream(r.mask) && ownStream(r.value));

  return {
    sample(rngs: FeatureRngs[]): FeatureBatch {
      if (!fast(rngs)) return sampleFeatures(config, batchSize, rngs);
      let count = 0;
      for (let i = 0; i < nInstances; i++) {
        const p = featureProbability[i];
        const logQ = Math.log1p(-p);
        const t = thresholds[i];
        const ms = rngs[i].mask.state();
        let a = ms[0] | 0;
        let b = ms[1] | 0;
        let c = ms[2] | 0;
        let d = ms[3] | 0;
        const first = count;
        const need = count + batchSize * nFeatures;
        if (need > indices.length) {
          const grow = Math.max(need, indices.length * 2);
          const ni = new Int32Array(grow);
          ni.set(indices.subarray(0, count));
          indices = ni;
          const nv = new Float32Array(grow);
          nv.set(values.subarray(0, count));
          values = nv;
        }
        // Locals, not the closure's variables, in the hot loops.
        const idx = indices;
        const val = values;
        for (let s = 0; s < batchSize; s++) {
          const row = i * batchSize + s;
          if (p >= 1) {
            for (let f = 0; f < nFeatures; f++) idx[count++] = f;
          } else if (p > 0) {
            let pos = -1;
            for (;;) {
              // xoshiro128** step, as Rng.nextUint32.
              const m5 = Math.imul(b, 5);
              const r = Math.imul((m5 << 7) | (m5 >>> 25), 9) >>> 0;
              const sh = b << 9;
              c ^= a;
              d ^= b;
              b ^= c;
              a ^= d;
              c ^= sh;
              d = (d << 11) | (d >>> 21);
              const u = r / 4294967296;
              let gap: number;
              if (useThresholds) {
                const rem = nFeatures - 1 - pos;
                // gap = rem + 1 already ends the row, so the scan stops there.
                gap = 0;
                while (gap <= rem && u >= t[gap + 1]) gap++;
                if ((gap <= rem && t[gap + 1] - u < MARGIN) || (gap > 0 && u - t[gap] < MARGIN)) {
                  gap = Math.floor(Math.log1p(-u) / logQ);
                }
              } else {
                gap = Math.floor(Math.log1p(-u) / logQ);
              }
              pos += 1 + gap;
              if (pos >= nFeatures) break;
              idx[count++] = pos;
            }
          }
          offsets[row + 1] = count;
        }
        rngs[i].mask = restoreRng([a >>> 0, b >>> 0, c >>> 0, d >>> 0, ms[4]]);
        const vs = rngs[i].value.state();
        a = vs[0] | 0;
        b = vs[1] | 0;
        c = vs[2] | 0;
        d = vs[3] | 0;
        for (let e = first; e < count; e++) {
          const m5 = Math.imul(b, 5);
          const r = Math.imul((m5 << 7) | (m5 >>> 25), 9) >>> 0;
          const sh = b << 9;
          c ^= a;
          d ^= b;
          b ^= c;
          a ^= d;
          c ^= sh;
          d = (d << 11) | (d >>> 21);
          val[e] = lo + span * (r / 4294967296);
        }
        rngs[i].value = restoreRng([a >>> 0, b >>> 0, c >>> 0, d >>> 0, vs[4]]) as Rng;
      }
      return {
        nInstances,
        batchSize,
        nFeatures,
        offsets,
        indices: indices.subarray(0, count),
        values: values.subarray(0, count),
        dense: EMPTY,
      };
    },
  };
}
