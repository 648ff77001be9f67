import * as tf from '@tensorflow/tfjs';
import type { FeatureBatch } from '../data/sampleFeatures.js';
import type { ToyModelKind } from '../model/config.js';
import type { BatchTensors } from './lossAndGrads.js';

/**
 * Move a sampled batch to the device; call inside `tf.tidy`. The sparse layout pads every
 * row to the longest row K (index of feature 0, value 0), which adds nothing to any sum.
 * @internal
 */
export function uploadBatch(
  kind: ToyModelKind,
  batch: FeatureBatch,
  importance: tf.Tensor3D,
  sparse: boolean,
): BatchTensors {
  const { nInstances, batchSize, nFeatures, offsets, indices, values } = batch;
  const x = tf.tensor3d(batch.dense, [nInstances, batchSize, nFeatures]);
  const target = kind === 'abs' ? tf.abs(x) : x;
  if (!sparse) return { x, target, importance, sparse: null };
  const rows = nInstances * batchSize;
  let K = 1;
  for (let r = 0; r < rows; r++) K = Math.max(K, offsets[r + 1] - offsets[r]);
  const flat = new Int32Array(rows * K);
  const vals = new Float32Array(rows * K);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / batchSize) * nFeatures;
    const o = r * K;
    flat.fill(base, o, o + K);
    for (let e = offsets[r], k = 0; e < offsets[r + 1]; e++, k++) {
      flat[o + k] = base + indices[e];
      vals[o + k] = values[e];
    }
  }
  return {
    x,
    target,
    importance,
    sparse: {
      flatIndex: tf.tensor1d(flat, 'int32'),
      values: tf.tensor3d(vals, [nInstances, batchSize, K]),
    },
  };
}
