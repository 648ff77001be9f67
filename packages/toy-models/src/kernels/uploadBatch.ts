import * as tf from '@tensorflow/tfjs';
import type { FeatureBatch } from '../data/sampleFeatures.js';
import type { ToyModelKind } from '../model/config.js';
import type { BatchTensors } from './lossAndGrads.js';

/**
 * Move a sampled batch to the device; call inside `tf.tidy`. With `sparse`, the CSR batch is
 * kept on the host for the sparse encoder.
 * @internal
 */
export function uploadBatch(
  kind: ToyModelKind,
  batch: FeatureBatch,
  importance: tf.Tensor3D,
  sparse: boolean,
): BatchTensors {
  const { nInstances, batchSize, nFeatures } = batch;
  const x = tf.tensor3d(batch.dense, [nInstances, batchSize, nFeatures]);
  const target = kind === 'abs' ? tf.abs(x) : x;
  if (!sparse) return { x, target, importance, sparse: null };
  return { x, target, importance, sparse: batch };
}
