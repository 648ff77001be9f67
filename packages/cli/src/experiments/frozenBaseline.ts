import * as tf from '@tensorflow/tfjs';
import { createRng } from '@hyperposition/hypervector';
import {
  resolveConfig,
  sampleFeatures,
  type FeatureBatch,
  type FeatureRngs,
} from '@hyperposition/toy-models';

/** A toy-model layer given as plain arrays: `W` row-major [nHidden, nFeatures] (column j is feature j's direction), `b` length nFeatures. */
export interface ReluOutputWeights {
  /** Encoder = decoder weights, row-major [nHidden, nFeatures]. */
  W: Float32Array;
  /** Output bias, length nFeatures. */
  b: Float32Array;
  /** Multiplies W^T W (the frozen baseline's trained scale); default 1. */
  scale?: number;
  /** n. */
  nFeatures: number;
  /** m. */
  nHidden: number;
}

function transpose(W: Float32Array, m: number, n: number): Float32Array {
  const WT = new Float32Array(n * m);
  for (let k = 0; k < m; k++) for (let j = 0; j < n; j++) WT[j * m + k] = W[k * n + j];
  return WT;
}

/** h = W x for every row of a sparse batch (only active features are touched). Returns row-major [B, m]. */
function hiddenOf(batch: FeatureBatch, WT: Float32Array, m: number): Float32Array {
  const B = batch.batchSize;
  const h = new Float32Array(B * m);
  for (let r = 0; r < B; r++) {
    const o = r * m;
    for (let t = batch.offsets[r]; t < batch.offsets[r + 1]; t++) {
      const f = batch.indices[t];
      const v = batch.values[t];
      const w = f * m;
      for (let k = 0; k < m; k++) h[o + k] += v * WT[w + k];
    }
  }
  return h;
}

function denseOf(batch: FeatureBatch, n: number, out: Float32Array): Float32Array {
  out.fill(0);
  for (let r = 0; r < batch.batchSize; r++) {
    for (let t = batch.offsets[r]; t < batch.offsets[r + 1]; t++)
      out[r * n + batch.indices[t]] = batch.values[t];
  }
  return out;
}

function streams(seed: number | string): FeatureRngs[] {
  const root = createRng(seed);
  return [{ mask: root.fork(), value: root.fork() }];
}

/**
 * Importance-1 loss of a ReLU-output toy model x' = ReLU(s W^T W x + b) (Elhage et al. 2022)
 * on fresh seeded data: mean over samples and features of (x - x')^2. Two models evaluated
 * with the same seed see the same samples. The encoder runs on the active features only, so
 * this is cheap at n = 10^4 and p = 0.01.
 *
 * @param model - W row-major [nHidden, nFeatures], b length nFeatures, optional scale s.
 * @param featureProbability - p = 1 - S.
 * @param options - `samples` (default 4096) and data `seed` (default 0).
 * @returns the mean loss.
 * @example
 * ```ts
 * const W = new Float32Array(2 * 5); // no feature represented
 * const b = new Float32Array(5).fill(0.05); // optimal constant p/2 at p = 0.1
 * evaluateReluOutput({ W, b, nFeatures: 5, nHidden: 2 }, 0.1, { seed: 1 }); // about 0.0308 (= 0.1/3 - 0.01/4)
 * ```
 */
export function evaluateReluOutput(
  model: ReluOutputWeights,
  featureProbability: number,
  options: { samples?: number; seed?: number | string } = {},
): number {
  const { nFeatures: n, nHidden: m } = model;
  const config = resolveConfig({ nFeatures: n, nHidden: m, featureProbability });
  const rngs = streams(options.seed ?? 0);
  const total = options.samples ?? 4096;
  const chunk = Math.max(1, Math.min(total, Math.floor(2_000_000 / n)));
  const WT = transpose(model.W, m, n);
  const target = new Float32Array(chunk * n);
  const Wt = tf.tensor2d(model.W, [m, n]);
  const bt = tf.tensor1d(model.b);
  let sum = 0;
  try {
    for (let done = 0; done < total; done += chunk) {
      const B = Math.min(chunk, total - done);
      const batch = sampleFeatures(config, B, rngs);
      const h = hiddenOf(batch, WT, m);
      const x = denseOf(batch, n, target).subarray(0, B * n);
      const s = tf.tidy(() => {
        const out = tf.relu(
          tf.add(tf.mul(tf.matMul(tf.tensor2d(h, [B, m]), Wt), model.scale ?? 1), bt),
        );
        return tf.sum(tf.square(tf.sub(tf.tensor2d(x, [B, n]), out)));
      });
      sum += s.dataSync()[0];
      s.dispose();
    }
  } finally {
    Wt.dispose();
    bt.dispose();
  }
  return sum / (total * n);
}

/** Options of {@link trainFrozenBaseline}. */
export interface FrozenBaselineOptions {
  /** p = 1 - S. */
  featureProbability: number;
  /** Adam steps; default 300. */
  steps?: number;
  /** Samples per step; default 256. */
  batchSize?: number;
  /** Adam learning rate of the first half; the second half uses a tenth of it. Default 0.01. */
  lr?: number;
  /** Data seed; default 0. */
  seed?: number | string;
  /** Stop early when aborted (the result is then partial). */
  signal?: AbortSignal;
}

/**
 * The frozen-directions baseline of the dense-phase study: the ReLU-output toy model
 * x' = ReLU(s W0^T W0 x + b) with W0 fixed at its random initialisation and only the scalar
 * scale s and the bias b trained (Adam, importance 1, fresh samples every step). It measures
 * how much of a trained model's loss random, untrained directions already reach.
 *
 * @param W0 - frozen weights, row-major [nHidden, nFeatures].
 * @param nHidden - m.
 * @param nFeatures - n.
 * @param options - sparsity, steps, batch, lr, seed.
 * @returns the trained scale and bias (W is W0).
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(1);
 * const W0 = Float32Array.from({ length: 32 * 400 }, () => rng.nextNormal() / Math.sqrt(32));
 * const fit = trainFrozenBaseline(W0, 32, 400, { featureProbability: 0.01, steps: 200, seed: 1 });
 * const loss = evaluateReluOutput({ W: W0, b: fit.b, scale: fit.scale, nFeatures: 400, nHidden: 32 }, 0.01);
 * loss < evaluateReluOutput({ W: new Float32Array(32 * 400), b: fit.b, nFeatures: 400, nHidden: 32 }, 0.01); // returns true
 * ```
 */
export function trainFrozenBaseline(
  W0: Float32Array,
  nHidden: number,
  nFeatures: number,
  options: FrozenBaselineOptions,
): { scale: number; b: Float32Array; steps: number } {
  const n = nFeatures;
  const m = nHidden;
  const steps = options.steps ?? 300;
  const B = options.batchSize ?? 256;
  const config = resolveConfig({
    nFeatures: n,
    nHidden: m,
    featureProbability: options.featureProbability,
  });
  const rngs = streams(options.seed ?? 0);
  const WT = transpose(W0, m, n);
  const target = new Float32Array(B * n);
  const Wt = tf.tensor2d(W0, [m, n]);
  const s = tf.variable(tf.scalar(1));
  const b = tf.variable(tf.zeros([n]));
  const lr = options.lr ?? 0.01;
  // Two phases, the second at a tenth of the rate, so that b settles instead of jittering by lr.
  let opt = tf.train.adam(lr);
  let done = 0;
  try {
    for (; done < steps; done++) {
      if (options.signal?.aborted) break;
      if (done === Math.floor(steps / 2)) {
        opt.dispose();
        opt = tf.train.adam(lr / 10);
      }
      const batch = sampleFeatures(config, B, rngs);
      const h = hiddenOf(batch, WT, m);
      const x = denseOf(batch, n, target);
      tf.tidy(() => {
        const G = tf.matMul(tf.tensor2d(h, [B, m]), Wt);
        const xt = tf.tensor2d(x, [B, n]);
        opt.minimize(
          () => tf.mean(tf.square(tf.sub(xt, tf.relu(tf.add(tf.mul(G, s), b))))) as tf.Scalar,
          false,
          [s, b],
        );
      });
    }
    return { scale: s.dataSync()[0], b: Float32Array.from(b.dataSync()), steps: done };
  } finally {
    Wt.dispose();
    s.dispose();
    b.dispose();
    opt.dispose();
  }
}
