import * as tf from '@tensorflow/tfjs';
import type { ToyModelKind } from '../model/config.js';

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
  /** Active features only: flat row index i * nFeatures + f, [nInstances * batch * K], and values [nInstances, batch, K]. */
  sparse: { flatIndex: tf.Tensor1D; values: tf.Tensor3D } | null;
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
 * backend the autodiff weight gradient uses `matMul(transposeA)`, about 11x slower than an
 * explicit transpose; and with sparse inputs the encoder gradient is a segment sum over the
 * active features only. Finite-difference tests check it against a float64 reference.
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
  let hpre: tf.Tensor3D;
  if (batch.sparse) {
    const WT = tf.reshape(tf.transpose(W, [0, 2, 1]), [nInstances * nFeatures, nHidden]);
    const K = batch.sparse.values.shape[2];
    const cols = tf.reshape(tf.gather(WT, batch.sparse.flatIndex), [
      nInstances,
      batchSize,
      K,
      nHidden,
    ]);
    hpre = tf.sum(tf.mul(cols, tf.expandDims(batch.sparse.values, 3)), 2);
  } else {
    hpre = tf.matMul(batch.x, W, false, true);
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
  let gh = tf.matMul(gOpre, Wd, false, true);
  if (pen.l1Hidden > 0) gh = tf.add(gh, tf.mul(tf.sign(h), pen.l1Hidden / batchSize));
  const gHpre = reluHidden ? tf.mul(gh, tf.step(hpre, 0)) : gh;
  let gWe: tf.Tensor3D;
  if (batch.sparse) {
    const K = batch.sparse.values.shape[2];
    const contrib = tf.reshape(
      tf.mul(tf.expandDims(gHpre, 2), tf.expandDims(batch.sparse.values, 3)),
      [nInstances * batchSize * K, nHidden],
    );
    // scatterND sums duplicate indices (and, unlike unsortedSegmentSum, exists on wasm).
    const seg = tf.scatterND(tf.expandDims(batch.sparse.flatIndex, 1), contrib, [
      nInstances * nFeatures,
      nHidden,
    ]);
    gWe = tf.transpose(tf.reshape(seg, [nInstances, nFeatures, nHidden]), [0, 2, 1]);
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
