import * as tf from '@tensorflow/tfjs';
import type { FeatureBatch } from '../data/sampleFeatures.js';
import type { ToyModelKind } from '../model/config.js';
import { sparseEncode, sparseEncoderGrad } from './sparseEncoder.js';

/** Parameters of nInstances toy models. W, Wdec: [nInstances, nHidden, nFeatures]; b: [nInstances, nFeatures]. */
export interface ParamTensors {
  W: tf.Tensor3D;
  b: tf.Tensor2D;
  Wdec: tf.Tensor3D | null;
}

/** A batch on the device. x, target, importance broadcast over [nInstances, batch, nFeatures]. */
export interface BatchTensors {
  /** Dense input, [nInstances, batch, nFeatures]. */
  x: tf.Tensor3D;
  /** Target, [nInstances, batch, nFeatures] (x, or |x| for the absolute-value model). */
  target: tf.Tensor3D;
  /** Importance, [nInstances, 1, nFeatures]. */
  importance: tf.Tensor3D;
  /** When set, the encoder runs on the host over the active features only (CSR batch). */
  sparse: FeatureBatch | null;
}

/** Penalty weights: lambda * sum |W| and lambda * mean over batch of sum |h|. */
export interface Penalties {
  l1W: number;
  l1Hidden: number;
}

/** Per-instance loss [nInstances] and, when asked, the gradient of its sum. */
export interface LossAndGrads {
  loss: tf.Tensor1D;
  grads: ParamTensors | null;
}

/**
 * Forward pass and hand-written backward pass of the toy models. Must run inside `tf.tidy`.
 *
 * The gradient is written out rather than taken by autodiff for two reasons: on the wasm
 * backend `matMul` with `transposeA` or `transposeB` is many times slower than an explicit
 * transpose followed by a plain `matMul` (autodiff uses both); and with sparse inputs the
 * encoder and its gradient touch only the active features. Finite-difference tests check it
 * against a float64 reference.
 *
 * The sparse path computes the encoder on the host (tfjs `gather` is very slow on wasm), which
 * reads W and the hidden gradient back from the device once per step: right for wasm and cpu,
 * a stall on webgl.
 * @internal
 */
export function lossAndGrads(
  kind: ToyModelKind,
  params: ParamTensors,
  batch: BatchTensors,
  pen: Penalties,
  wantGrads: boolean,
): LossAndGrads {
  const { W, b, Wdec } = params;
  const [nInstances, nHidden, nFeatures] = W.shape;
  const [, batchSize] = batch.x.shape;
  // W^T, [nInstances, nFeatures, nHidden], made once and only when needed: by the dense
  // encoder and, when tied, by the hidden gradient.
  let WTcache: tf.Tensor3D | null = null;
  const WT = (): tf.Tensor3D => (WTcache ??= tf.transpose(W, [0, 2, 1]));
  let hpre: tf.Tensor3D;
  if (batch.sparse) {
    const host = sparseEncode(W.dataSync() as Float32Array, batch.sparse, nHidden);
    hpre = tf.tensor3d(host, [nInstances, batchSize, nHidden]);
  } else {
    hpre = tf.matMul(batch.x, WT());
  }
  const reluHidden = kind === 'relu-hidden' || kind === 'abs';
  const h = reluHidden ? tf.relu(hpre) : hpre;
  const Wd = Wdec ?? W;
  const opre = tf.add(tf.matMul(h, Wd), tf.expandDims(b, 1));
  const out = kind === 'linear' ? opre : tf.relu(opre);
  const diff = tf.sub(out, batch.target);
  const scale = 1 / (batchSize * nFeatures);
  let loss = tf.mul(
    tf.sum(tf.mul(batch.importance, tf.square(diff)), [1, 2]),
    scale,
  ) as tf.Tensor1D;
  if (pen.l1W > 0) {
    let absW = tf.sum(tf.abs(W), [1, 2]);
    if (Wdec) absW = tf.add(absW, tf.sum(tf.abs(Wdec), [1, 2]));
    loss = tf.add(loss, tf.mul(absW, pen.l1W));
  }
  if (pen.l1Hidden > 0) {
    loss = tf.add(loss, tf.mul(tf.sum(tf.abs(h), [1, 2]), pen.l1Hidden / batchSize));
  }
  if (!wantGrads) return { loss, grads: null };

  const gOut = tf.mul(tf.mul(batch.importance, diff), 2 * scale);
  const gOpre = kind === 'linear' ? gOut : tf.mul(gOut, tf.step(opre, 0));
  const gb = tf.sum(gOpre, 1) as tf.Tensor2D;
  const gWd = tf.matMul(tf.transpose(h, [0, 2, 1]), gOpre) as tf.Tensor3D;
  let gh = tf.matMul(gOpre, Wdec ? tf.transpose(Wdec, [0, 2, 1]) : WT());
  if (pen.l1Hidden > 0) gh = tf.add(gh, tf.mul(tf.sign(h), pen.l1Hidden / batchSize));
  const gHpre = reluHidden ? tf.mul(gh, tf.step(hpre, 0)) : gh;
  let gWe: tf.Tensor3D;
  if (batch.sparse) {
    const g = gHpre.dataSync() as Float32Array;
    gWe = tf.tensor3d(sparseEncoderGrad(g, batch.sparse, nHidden), [
      nInstances,
      nHidden,
      nFeatures,
    ]);
  } else {
    gWe = tf.matMul(tf.transpose(gHpre, [0, 2, 1]), batch.x);
  }
  let gW: tf.Tensor3D = Wdec ? gWe : tf.add(gWe, gWd);
  let gWdec: tf.Tensor3D | null = Wdec ? gWd : null;
  if (pen.l1W > 0) {
    gW = tf.add(gW, tf.mul(tf.sign(W), pen.l1W)) as tf.Tensor3D;
    if (Wdec && gWdec) gWdec = tf.add(gWdec, tf.mul(tf.sign(Wdec), pen.l1W)) as tf.Tensor3D;
  }
  return { loss, grads: { W: gW, b: gb, Wdec: gWdec } };
}
