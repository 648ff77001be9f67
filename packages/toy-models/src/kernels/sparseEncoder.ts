import type { FeatureBatch } from '../data/sampleFeatures.js';

/**
 * h[i, s, r] = sum over the active features f of sample s of W[i, r, f] * x[i, s, f], on the
 * host, in O(batch * active * nHidden). Rows of W are visited one at a time, so the random
 * reads by feature index stay inside one row (nFeatures floats) of cache.
 * W: row-major [nInstances, nHidden, nFeatures]; returns row-major [nInstances, batch, nHidden].
 * @internal
 */
export function sparseEncode(W: Float32Array, batch: FeatureBatch, nHidden: number): Float32Array {
  const { nInstances, batchSize, nFeatures, offsets, indices, values } = batch;
  const h = new Float32Array(nInstances * batchSize * nHidden);
  for (let i = 0; i < nInstances; i++) {
    for (let r = 0; r < nHidden; r++) {
      const w = (i * nHidden + r) * nFeatures;
      for (let s = 0; s < batchSize; s++) {
        const row = i * batchSize + s;
        let acc = 0;
        for (let e = offsets[row]; e < offsets[row + 1]; e++) acc += values[e] * W[w + indices[e]];
        h[row * nHidden + r] = acc;
      }
    }
  }
  return h;
}

/**
 * The encoder weight gradient gW[i, r, f] = sum over samples s with f active of
 * g[i, s, r] * x[i, s, f], on the host, in O(batch * active * nHidden).
 * g: row-major [nInstances, batch, nHidden]; returns row-major [nInstances, nHidden, nFeatures].
 * @internal
 */
export function sparseEncoderGrad(
  g: Float32Array,
  batch: FeatureBatch,
  nHidden: number,
): Float32Array {
  const { nInstances, batchSize, nFeatures, offsets, indices, values } = batch;
  const out = new Float32Array(nInstances * nHidden * nFeatures);
  for (let i = 0; i < nInstances; i++) {
    for (let r = 0; r < nHidden; r++) {
      const o = (i * nHidden + r) * nFeatures;
      for (let s = 0; s < batchSize; s++) {
        const row = i * batchSize + s;
        const gr = g[row * nHidden + r];
        if (gr === 0) continue;
        for (let e = offsets[row]; e < offsets[row + 1]; e++) out[o + indices[e]] += gr * values[e];
      }
    }
  }
  return out;
}
