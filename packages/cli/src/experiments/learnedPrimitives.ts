import * as tf from '@tensorflow/tfjs';
import { createRng, expectedRetrievalAccuracy, type Rng } from '@hyperposition/hypervector';
import { openCellStore, stableHash } from './cellStore.js';
import { hadamardByFourUnits, type SmoothActivation } from './hadamardConstruction.js';
import { finishExperiment, throwIfAborted } from './runtime.js';
import type { ExperimentContext, ExperimentOutput, ExperimentScale } from './types.js';

/** Settings of the learned-primitives study. */
export interface LearnedPrimitivesConfig {
  /** (a) dimensions of the linear add / permute layers. */
  linearDims: number[];
  /** (a) and (b) bundle sizes K of the inputs. */
  bundleSizes: number[];
  /** (a) training steps of each linear layer. */
  linearSteps: number;
  /** (b) dimension of the Hadamard MLP. */
  productDim: number;
  /** (b) hidden units per dimension (width = this * d). */
  widthsPerDim: number[];
  /** (b) activations of the learned MLP. */
  activations: ('gelu' | 'swish' | 'relu')[];
  /** (b) training steps of each MLP. */
  productSteps: number;
  /** (b) kinds of second factor: a bipolar key, and/or a second bundle (both factors real-valued). */
  productFactors: ProductFactors[];
  /** (b) lambda values of the analytic four-unit construction. */
  constructionLambdas: number[];
  /** (c) dimensions of the attention clean-up. */
  cleanupDims: number[];
  /** (c) item-memory sizes N. */
  cleanupItems: number[];
  /** (c) bundle sizes K (query = target + K - 1 random bipolar vectors, as an unbound record). */
  cleanupBundleSizes: number[];
  /** (c) training steps of the temperature. */
  cleanupSteps: number;
  /** Samples per step. */
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Held-out test samples per cell. */
  testSamples: number;
  /** Item-memory size of the downstream retrieval checks of (a) and (b). */
  memoryItems: number;
}

/**
 * Scale presets (`paper`: about 10 minutes on 2 shared cores).
 *
 * @example
 * ```ts
 * LEARNED_PRIMITIVES_SCALES.small.activations; // returns ['gelu', 'relu']
 * ```
 */
export const LEARNED_PRIMITIVES_SCALES: Record<ExperimentScale, LearnedPrimitivesConfig> = {
  small: {
    linearDims: [32],
    bundleSizes: [1, 8],
    linearSteps: 200,
    productDim: 16,
    widthsPerDim: [4],
    activations: ['gelu', 'relu'],
    productSteps: 300,
    productFactors: ['bipolar-key'],
    constructionLambdas: [1, 0.1],
    cleanupDims: [64],
    cleanupItems: [64],
    cleanupBundleSizes: [2, 8],
    cleanupSteps: 100,
    batchSize: 128,
    lr: 1e-2,
    testSamples: 512,
    memoryItems: 64,
  },
  paper: {
    linearDims: [64, 256],
    bundleSizes: [1, 16],
    linearSteps: 400,
    productDim: 32,
    widthsPerDim: [1, 4, 8],
    activations: ['gelu', 'swish', 'relu'],
    productSteps: 1000,
    productFactors: ['bipolar-key', 'two-bundles'],
    constructionLambdas: [1, 0.3, 0.1, 0.03],
    cleanupDims: [64, 256],
    cleanupItems: [100, 1000],
    cleanupBundleSizes: [2, 4, 8, 16, 32],
    cleanupSteps: 200,
    batchSize: 128,
    lr: 1e-2,
    testSamples: 1024,
    memoryItems: 256,
  },
  large: {
    linearDims: [256, 1024],
    bundleSizes: [1, 4, 16, 64],
    linearSteps: 3000,
    productDim: 256,
    widthsPerDim: [1, 2, 4, 8, 16],
    activations: ['gelu', 'swish', 'relu'],
    productSteps: 10000,
    productFactors: ['bipolar-key', 'two-bundles'],
    constructionLambdas: [1, 0.3, 0.1, 0.03, 0.01],
    cleanupDims: [256, 1024, 4096],
    cleanupItems: [100, 1000, 10000],
    cleanupBundleSizes: [2, 4, 8, 16, 32, 64, 128],
    cleanupSteps: 1000,
    batchSize: 256,
    lr: 3e-3,
    testSamples: 4096,
    memoryItems: 1000,
  },
};

/** A cell of part (a): a linear layer trained to add two bundles or to permute one. */
export interface LinearCell {
  part: 'add' | 'permute';
  /** d. */
  dim: number;
  /** K atoms per input bundle. */
  bundleSize: number;
  /** Held-out relative error ||y - t||^2 / ||t||^2. */
  relativeError: number;
  /** Fraction of the bundle's atoms found among the top-K' items of the output (K' = atoms present), learned layer. */
  recallLearned: number;
  /** The same for the exact operation. */
  recallExact: number;
  seconds: number;
}

/** A cell of part (b): an MLP (or the analytic construction) for the Hadamard product. */
export interface ProductCell {
  /** `'learned'` MLP or the `'construction'` of Lin, Tegmark and Rolnick. */
  kind: 'learned' | 'construction';
  /** v is a bipolar key (a product with +-1 is piecewise linear) or a second real-valued bundle. */
  factors: ProductFactors;
  activation: 'gelu' | 'swish' | 'relu';
  /** Hidden units per dimension (4 for the construction). */
  widthPerDim: number;
  /** Input scale lambda (construction only; NaN for learned). */
  lambda: number;
  /** d. */
  dim: number;
  /** K of the bundle u (v is a bipolar key). */
  bundleSize: number;
  /** Held-out relative error of u * v. */
  relativeError: number;
  /** Unbind (multiply by v again) and clean up: fraction of u's atoms among the top K items. */
  unbindRecall: number;
  /** The same with the exact product. */
  unbindRecallExact: number;
  seconds: number;
}

/** A cell of part (c): attention over an item memory as clean-up. */
export interface CleanupCell {
  dim: number;
  items: number;
  bundleSize: number;
  /** Accuracy of the attention read-out (nearest item to the output is the target). */
  accuracyAttention: number;
  /** Accuracy of arg-max clean-up on the same queries. */
  accuracyArgmax: number;
  /** Frady, Kleyko and Sommer (2018) prediction for arg-max clean-up (MAP-I). */
  accuracyTheory: number;
  /** Mean cosine of the attention output with the target. */
  meanCosAttention: number;
  /** Learned inverse temperature beta (on cosine similarities). */
  beta: number;
  seconds: number;
}

/** The cells of all three parts. */
export type LearnedPrimitivesCell =
  | ({ part: 'add' | 'permute' } & LinearCell)
  | ({ part: 'product' } & ProductCell)
  | ({ part: 'cleanup' } & CleanupCell);

/** Summary of the study. */
export interface LearnedPrimitivesSummary {
  /** Largest relative error of any linear cell. */
  maxLinearError: number;
  /** Best learned relative error per activation at the widest MLP, v a bipolar key. */
  productErrorAtWidest: Record<string, number>;
  /** The same with two real-valued bundles as factors (empty when not run). */
  productErrorAtWidestTwoBundles: Record<string, number>;
  /** Best construction error per activation. */
  constructionBestError: Record<string, number>;
  /** Largest |accuracy attention - accuracy arg-max| over cleanup cells. */
  maxAttentionArgmaxGap: number;
  /** Largest |accuracy arg-max - theory| over cleanup cells. */
  maxArgmaxTheoryGap: number;
}

/** The results.json of `hyperposition experiment learned-primitives`. */
export type LearnedPrimitivesOutput = ExperimentOutput<
  LearnedPrimitivesConfig,
  LearnedPrimitivesCell,
  LearnedPrimitivesSummary
>;

/** Random bipolar atoms, row-major [N, d] as floats. */
function atoms(N: number, d: number, rng: Rng): Float32Array {
  const a = new Float32Array(N * d);
  for (let i = 0; i < a.length; i++) a[i] = rng.nextUint32() & 1 ? 1 : -1;
  return a;
}

/** B bundles of K distinct atoms each, scaled by 1/sqrt(K): rows [B, d] and the members. */
function bundles(
  mem: Float32Array,
  N: number,
  d: number,
  B: number,
  K: number,
  rng: Rng,
): { x: Float32Array; members: Int32Array } {
  const x = new Float32Array(B * d);
  const members = new Int32Array(B * K);
  const s = 1 / Math.sqrt(K);
  for (let r = 0; r < B; r++) {
    for (let k = 0; k < K; k++) {
      let a: number;
      do a = rng.nextInt(N);
      while (members.subarray(r * K, r * K + k).includes(a));
      members[r * K + k] = a;
      for (let j = 0; j < d; j++) x[r * d + j] += s * mem[a * d + j];
    }
  }
  return { x, members };
}

/** Fraction of each row's members found among its top-|members| dot products with memory. */
function recall(
  y: Float32Array,
  members: Int32Array,
  per: number,
  mem: Float32Array,
  N: number,
  d: number,
): number {
  const B = y.length / d;
  let hit = 0;
  const sims = new Float64Array(N);
  const order = new Int32Array(N);
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += y[r * d + j] * mem[i * d + j];
      sims[i] = s;
      order[i] = i;
    }
    const top = Array.from(order)
      .sort((a, b) => sims[b] - sims[a])
      .slice(0, per);
    for (let k = 0; k < per; k++) if (top.includes(members[r * per + k])) hit++;
  }
  return hit / (B * per);
}

function relErr(y: Float32Array, t: Float32Array): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    e += (y[i] - t[i]) ** 2;
    s += t[i] ** 2;
  }
  return e / s;
}

function permutation(d: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Part (a): train y = A x (+ no bias) to add two bundles (x = [u; v]) or to permute one. @internal */
export function linearCell(
  part: 'add' | 'permute',
  d: number,
  K: number,
  cfg: LearnedPrimitivesConfig,
  seed: string,
): LinearCell {
  const t0 = Date.now();
  const rng = createRng(seed);
  const N = cfg.memoryItems;
  const mem = atoms(N, d, rng);
  const perm = permutation(d, rng);
  const inDim = part === 'add' ? 2 * d : d;
  const sample = (
    B: number,
  ): { x: Float32Array; t: Float32Array; members: Int32Array; per: number } => {
    if (part === 'add') {
      const a = bundles(mem, N, d, B, K, rng);
      const b = bundles(mem, N, d, B, K, rng);
      const x = new Float32Array(B * 2 * d);
      const t = new Float32Array(B * d);
      const members = new Int32Array(B * 2 * K);
      for (let r = 0; r < B; r++) {
        x.set(a.x.subarray(r * d, r * d + d), r * 2 * d);
        x.set(b.x.subarray(r * d, r * d + d), r * 2 * d + d);
        for (let j = 0; j < d; j++) t[r * d + j] = a.x[r * d + j] + b.x[r * d + j];
        members.set(a.members.subarray(r * K, r * K + K), r * 2 * K);
        members.set(b.members.subarray(r * K, r * K + K), r * 2 * K + K);
      }
      return { x, t, members, per: 2 * K };
    }
    const a = bundles(mem, N, d, B, K, rng);
    const t = new Float32Array(B * d);
    for (let r = 0; r < B; r++) for (let j = 0; j < d; j++) t[r * d + perm[j]] = a.x[r * d + j];
    return { x: a.x, t, members: a.members, per: K };
  };
  const A = tf.variable(
    tf.randomNormal([inDim, d], 0, 1 / Math.sqrt(inDim), 'float32', rng.nextUint32()),
  );
  const opt = tf.train.adam(cfg.lr);
  try {
    for (let s = 0; s < cfg.linearSteps; s++) {
      const { x, t } = sample(cfg.batchSize);
      tf.tidy(() => {
        const xt = tf.tensor2d(x, [cfg.batchSize, inDim]);
        const tt = tf.tensor2d(t, [cfg.batchSize, d]);
        opt.minimize(() => tf.mean(tf.square(tf.sub(tf.matMul(xt, A), tt))) as tf.Scalar, false, [
          A,
        ]);
      });
    }
    const test = sample(cfg.testSamples);
    const y = tf.tidy(
      () => tf.matMul(tf.tensor2d(test.x, [cfg.testSamples, inDim]), A).dataSync() as Float32Array,
    );
    // Permuted atoms are the memory of the permute task.
    let memOut = mem;
    if (part === 'permute') {
      memOut = new Float32Array(N * d);
      for (let i = 0; i < N; i++)
        for (let j = 0; j < d; j++) memOut[i * d + perm[j]] = mem[i * d + j];
    }
    return {
      part,
      dim: d,
      bundleSize: K,
      relativeError: relErr(y, test.t),
      recallLearned: recall(y, test.members, test.per, memOut, N, d),
      recallExact: recall(test.t, test.members, test.per, memOut, N, d),
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    A.dispose();
    opt.dispose();
  }
}

function act(kind: 'gelu' | 'swish' | 'relu', z: tf.Tensor): tf.Tensor {
  if (kind === 'relu') return tf.relu(z);
  if (kind === 'swish') return tf.mul(z, tf.sigmoid(z));
  // Exact GELU x Phi(x) via erf.
  return tf.mul(tf.mul(z, 0.5), tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2))));
}

/** What the second factor v of the product is. */
export type ProductFactors = 'bipolar-key' | 'two-bundles';

/** Sample (u, v): u a bundle of K atoms (scaled to unit variance), v a random bipolar key or a second bundle. */
function productSample(
  mem: Float32Array,
  N: number,
  d: number,
  B: number,
  K: number,
  rng: Rng,
  factors: ProductFactors,
): { x: Float32Array; u: Float32Array; v: Float32Array; t: Float32Array; members: Int32Array } {
  const a = bundles(mem, N, d, B, K, rng);
  const v = factors === 'bipolar-key' ? atoms(B, d, rng) : bundles(mem, N, d, B, K, rng).x;
  const x = new Float32Array(B * 2 * d);
  const t = new Float32Array(B * d);
  for (let r = 0; r < B; r++) {
    x.set(a.x.subarray(r * d, r * d + d), r * 2 * d);
    x.set(v.subarray(r * d, r * d + d), r * 2 * d + d);
    for (let j = 0; j < d; j++) t[r * d + j] = a.x[r * d + j] * v[r * d + j];
  }
  return { x, u: a.x, v, t, members: a.members };
}

function unbindRecall(
  prod: Float32Array,
  s: { v: Float32Array; members: Int32Array },
  K: number,
  mem: Float32Array,
  N: number,
  d: number,
): number {
  const back = new Float32Array(prod.length);
  for (let i = 0; i < prod.length; i++) back[i] = prod[i] * s.v[i];
  return recall(back, s.members, K, mem, N, d);
}

/** Part (b): a 2d -> w d -> d MLP trained on the product, or the analytic construction. @internal */
export function productCell(
  kind: 'learned' | 'construction',
  activationKind: 'gelu' | 'swish' | 'relu',
  widthPerDim: number,
  lambda: number,
  K: number,
  cfg: LearnedPrimitivesConfig,
  seed: string,
  factors: ProductFactors = 'bipolar-key',
): ProductCell {
  const t0 = Date.now();
  const d = cfg.productDim;
  const rng = createRng(seed);
  const N = cfg.memoryItems;
  const mem = atoms(N, d, rng);
  const test = productSample(mem, N, d, cfg.testSamples, K, createRng(`${seed}:test`), factors);
  let y: Float32Array;
  if (kind === 'construction') {
    y = new Float32Array(test.t.length);
    for (let r = 0; r < cfg.testSamples; r++) {
      const m = hadamardByFourUnits(
        test.u.subarray(r * d, r * d + d),
        test.v.subarray(r * d, r * d + d),
        activationKind as SmoothActivation,
        lambda,
      );
      y.set(m, r * d);
    }
  } else {
    const h = widthPerDim * d;
    const s = rng.nextUint32();
    const W1 = tf.variable(tf.randomNormal([2 * d, h], 0, 1 / Math.sqrt(2 * d), 'float32', s));
    const b1 = tf.variable(tf.zeros([h]));
    const W2 = tf.variable(tf.randomNormal([h, d], 0, 1 / Math.sqrt(h), 'float32', s + 1));
    const b2 = tf.variable(tf.zeros([d]));
    const opt = tf.train.adam(cfg.lr / 3);
    const forward = (x: tf.Tensor2D): tf.Tensor2D =>
      tf.add(tf.matMul(act(activationKind, tf.add(tf.matMul(x, W1), b1)) as tf.Tensor2D, W2), b2);
    try {
      for (let step = 0; step < cfg.productSteps; step++) {
        const b = productSample(mem, N, d, cfg.batchSize, K, rng, factors);
        tf.tidy(() => {
          const xt = tf.tensor2d(b.x, [cfg.batchSize, 2 * d]);
          const tt = tf.tensor2d(b.t, [cfg.batchSize, d]);
          opt.minimize(() => tf.mean(tf.square(tf.sub(forward(xt), tt))) as tf.Scalar, false, [
            W1,
            b1,
            W2,
            b2,
          ]);
        });
      }
      y = tf.tidy(
        () => forward(tf.tensor2d(test.x, [cfg.testSamples, 2 * d])).dataSync() as Float32Array,
      );
    } finally {
      [W1, b1, W2, b2].forEach((v) => v.dispose());
      opt.dispose();
    }
  }
  return {
    kind,
    factors,
    activation: activationKind,
    widthPerDim,
    lambda,
    dim: d,
    bundleSize: K,
    relativeError: relErr(y, test.t),
    unbindRecall: unbindRecall(y, test, K, mem, N, d),
    unbindRecallExact: unbindRecall(test.t, test, K, mem, N, d),
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * Part (c): softmax attention over an item memory of N unit-norm bipolar atoms, with a
 * learned inverse temperature beta on cosine similarities (keys = values = the memory).
 * Queries are a target atom plus K - 1 random bipolar vectors: the statistics of a record
 * of K bound pairs unbound with one key. @internal
 */
export function cleanupCell(
  d: number,
  N: number,
  K: number,
  cfg: LearnedPrimitivesConfig,
  seed: string,
): CleanupCell {
  const t0 = Date.now();
  const rng = createRng(seed);
  const mem = atoms(N, d, rng);
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < mem.length; i++) mem[i] *= scale;
  const sample = (B: number): { q: Float32Array; target: Int32Array } => {
    const q = new Float32Array(B * d);
    const target = new Int32Array(B);
    const noise = atoms(B * (K - 1), d, rng);
    for (let r = 0; r < B; r++) {
      const a = rng.nextInt(N);
      target[r] = a;
      for (let j = 0; j < d; j++) {
        let s = mem[a * d + j] * Math.sqrt(d);
        for (let k = 0; k < K - 1; k++) s += noise[(r * (K - 1) + k) * d + j];
        q[r * d + j] = s / Math.sqrt(K * d);
      }
    }
    return { q, target };
  };
  const M = tf.tensor2d(mem, [N, d]);
  const logBeta = tf.variable(tf.scalar(Math.log(4)));
  const opt = tf.train.adam(cfg.lr * 5);
  const read = (q: tf.Tensor2D): tf.Tensor2D => {
    const sims = tf.matMul(q, M, false, true); // [B, N], cosines (unit-norm rows)
    return tf.matMul(tf.softmax(tf.mul(sims, tf.exp(logBeta))), M) as tf.Tensor2D;
  };
  try {
    for (let s = 0; s < cfg.cleanupSteps; s++) {
      const b = sample(cfg.batchSize);
      tf.tidy(() => {
        const qt = tf.tensor2d(b.q, [cfg.batchSize, d]);
        const tt = tf.gather(M, tf.tensor1d(b.target, 'int32'));
        opt.minimize(
          () => tf.mean(tf.sum(tf.square(tf.sub(read(qt), tt)), 1)) as tf.Scalar,
          false,
          [logBeta],
        );
      });
    }
    const test = sample(cfg.testSamples);
    const { outNearest, argmax, cos } = tf.tidy(() => {
      const qt = tf.tensor2d(test.q, [cfg.testSamples, d]);
      const out = read(qt);
      const outNearest = tf.argMax(tf.matMul(out, M, false, true), 1).dataSync();
      const argmax = tf.argMax(tf.matMul(qt, M, false, true), 1).dataSync();
      const tt = tf.gather(M, tf.tensor1d(test.target, 'int32'));
      const cos = tf.div(tf.sum(tf.mul(out, tt), 1), tf.norm(out, 2, 1)).dataSync();
      return {
        outNearest: Int32Array.from(outNearest),
        argmax: Int32Array.from(argmax),
        cos: Float32Array.from(cos),
      };
    });
    let hitA = 0;
    let hitM = 0;
    let cosSum = 0;
    for (let r = 0; r < cfg.testSamples; r++) {
      if (outNearest[r] === test.target[r]) hitA++;
      if (argmax[r] === test.target[r]) hitM++;
      cosSum += cos[r];
    }
    return {
      dim: d,
      items: N,
      bundleSize: K,
      accuracyAttention: hitA / cfg.testSamples,
      accuracyArgmax: hitM / cfg.testSamples,
      accuracyTheory: expectedRetrievalAccuracy({ dim: d, bundleSize: K, items: N }),
      meanCosAttention: cosSum / cfg.testSamples,
      beta: Math.exp(logBeta.dataSync()[0]),
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    M.dispose();
    logBeta.dispose();
    opt.dispose();
  }
}

/**
 * VSA primitives learned by small networks (claim 3), trained with tfjs on superposed
 * hypervectors (bundles of K random bipolar atoms): (a) a linear layer that adds two bundles
 * or applies a fixed permutation; (b) a one-hidden-layer MLP (GELU, Swish, ReLU) for the
 * Hadamard product, next to the four-units-per-dimension construction of Lin, Tegmark and
 * Rolnick (2017), with a downstream unbind-and-clean-up recall; (c) one attention layer as
 * clean-up memory with a learned temperature, against arg-max clean-up and the capacity
 * theory of Frady, Kleyko and Sommer (2018). Cells are saved as they finish.
 *
 * @param ctx - output directory, scale, seed, progress and abort signal.
 * @param override - replace parts of the scale preset.
 * @returns the results (also written to `ctx.dir/results.json`, with figures).
 * @example
 * ```ts
 * import { useBackend } from '@hyperposition/toy-models';
 * await useBackend('wasm');
 * const out = await runLearnedPrimitives({ dir: 'runs/prim', scale: 'small', seed: 1 });
 * out.summary.maxLinearError < 0.05; // returns true (a linear layer learns bundling and permutation)
 * ```
 */
export async function runLearnedPrimitives(
  ctx: ExperimentContext,
  override: Partial<LearnedPrimitivesConfig> = {},
): Promise<LearnedPrimitivesOutput> {
  const t0 = Date.now();
  const c: LearnedPrimitivesConfig = { ...LEARNED_PRIMITIVES_SCALES[ctx.scale], ...override };
  const store = openCellStore<LearnedPrimitivesCell>(
    ctx.dir,
    stableHash({ experiment: 'learned-primitives', config: c, seed: ctx.seed }),
  );
  const jobs: { key: string; run: () => LearnedPrimitivesCell }[] = [];
  for (const part of ['add', 'permute'] as const)
    for (const d of c.linearDims)
      for (const K of c.bundleSizes) {
        const key = `${part}-d${d}-K${K}`;
        jobs.push({ key, run: () => linearCell(part, d, K, c, `${ctx.seed}:${key}`) });
      }
  const Kp = c.bundleSizes[c.bundleSizes.length - 1];
  for (const factors of c.productFactors) {
    // The bipolar-key keys and seeds are those of the first version, so old cells stay valid.
    const tag = factors === 'bipolar-key' ? 'product' : 'product2';
    for (const a of c.activations)
      for (const w of c.widthsPerDim) {
        const key = `${tag}-learned-${a}-w${w}`;
        jobs.push({
          key,
          run: () => ({
            ...productCell('learned', a, w, NaN, Kp, c, `${ctx.seed}:${tag}`, factors),
            part: 'product' as const,
          }),
        });
      }
    for (const a of ['gelu', 'swish'] as const)
      for (const l of c.constructionLambdas) {
        const key = `${tag}-construction-${a}-l${l}`;
        jobs.push({
          key,
          run: () => ({
            ...productCell('construction', a, 4, l, Kp, c, `${ctx.seed}:${tag}`, factors),
            part: 'product' as const,
          }),
        });
      }
  }
  for (const d of c.cleanupDims)
    for (const N of c.cleanupItems)
      for (const K of c.cleanupBundleSizes) {
        const key = `cleanup-d${d}-N${N}-K${K}`;
        jobs.push({
          key,
          run: () => ({
            ...cleanupCell(d, N, K, c, `${ctx.seed}:${key}`),
            part: 'cleanup' as const,
          }),
        });
      }
  const cells: LearnedPrimitivesCell[] = [];
  let computed = 0;
  for (const job of jobs) {
    throwIfAborted(ctx.signal);
    let cell = store.get(job.key);
    const reused = cell !== undefined;
    if (!cell) {
      cell = job.run();
      store.put(job.key, cell);
      computed++;
      // Let an abort signal (Ctrl-C) through between cells.
      await new Promise((r) => setTimeout(r, 0));
    }
    cells.push(cell);
    ctx.onCell?.(cells.length, jobs.length, job.key, reused);
  }
  const lin = cells.filter(
    (x): x is LinearCell & { part: 'add' | 'permute' } => x.part === 'add' || x.part === 'permute',
  );
  const prod = cells.filter((x): x is ProductCell & { part: 'product' } => x.part === 'product');
  const clean = cells.filter((x): x is CleanupCell & { part: 'cleanup' } => x.part === 'cleanup');
  const wmax = Math.max(...c.widthsPerDim);
  const summary: LearnedPrimitivesSummary = {
    maxLinearError: Math.max(...lin.map((x) => x.relativeError)),
    productErrorAtWidest: Object.fromEntries(
      c.activations.map((a) => [
        a,
        Math.min(
          ...prod
            .filter(
              (x) =>
                x.kind === 'learned' &&
                x.factors !== 'two-bundles' &&
                x.activation === a &&
                x.widthPerDim === wmax,
            )
            .map((x) => x.relativeError),
        ),
      ]),
    ),
    productErrorAtWidestTwoBundles: c.productFactors.includes('two-bundles')
      ? Object.fromEntries(
          c.activations.map((a) => [
            a,
            Math.min(
              ...prod
                .filter(
                  (x) =>
                    x.kind === 'learned' &&
                    x.factors === 'two-bundles' &&
                    x.activation === a &&
                    x.widthPerDim === wmax,
                )
                .map((x) => x.relativeError),
            ),
          ]),
        )
      : {},
    constructionBestError: Object.fromEntries(
      ['gelu', 'swish'].map((a) => [
        a,
        Math.min(
          ...prod
            .filter((x) => x.kind === 'construction' && x.activation === a)
            .map((x) => x.relativeError),
        ),
      ]),
    ),
    maxAttentionArgmaxGap: Math.max(
      ...clean.map((x) => Math.abs(x.accuracyAttention - x.accuracyArgmax)),
    ),
    maxArgmaxTheoryGap: Math.max(
      ...clean.map((x) => Math.abs(x.accuracyArgmax - x.accuracyTheory)),
    ),
  };
  const figures = ctx.figures === false ? [] : await cleanupFigure(ctx.dir, clean, c);
  return finishExperiment(ctx, 'learned-primitives', c, cells, summary, figures, computed, t0);
}

/**
 * The learned-primitives figure, as an SVG file in `dir`: clean-up accuracy (attention, arg-max,
 * theory) against the number of items, from the clean-up cells among `cells`. Also what
 * `hyperposition figures results.json` redraws from a saved run.
 * @returns the file names written.
 * @internal
 */
export async function learnedPrimitivesFigures(
  dir: string,
  cells: LearnedPrimitivesCell[],
  c: LearnedPrimitivesConfig,
): Promise<string[]> {
  const clean = cells.filter((x): x is CleanupCell & { part: 'cleanup' } => x.part === 'cleanup');
  return cleanupFigure(dir, clean, c);
}

async function cleanupFigure(
  dir: string,
  cells: CleanupCell[],
  c: LearnedPrimitivesConfig,
): Promise<string[]> {
  if (cells.length === 0) return [];
  const { capacity } = await import('@hyperposition/plots');
  const { createDocument, writeSvg } = await import('@hyperposition/plots/node');
  const { join } = await import('node:path');
  const series = c.cleanupDims.flatMap((d) =>
    c.cleanupItems.map((N) => {
      const row = cells
        .filter((x) => x.dim === d && x.items === N)
        .sort((a, b) => a.bundleSize - b.bundleSize);
      return {
        model: `attention, d=${d}, N=${N}`,
        bundleSize: row.map((x) => x.bundleSize),
        accuracy: row.map((x) => x.accuracyAttention),
        theory: {
          bundleSize: row.map((x) => x.bundleSize),
          accuracy: row.map((x) => x.accuracyTheory),
        },
      };
    }),
  );
  const svg = capacity(series, {
    document: createDocument(),
    logX: true,
    title: 'Attention as clean-up memory',
    subtitle: 'learned temperature; lines: arg-max capacity theory (Frady, Kleyko and Sommer 2018)',
  });
  const name = 'learned-primitives-cleanup.svg';
  await writeSvg(join(dir, name), svg);
  return [name];
}
