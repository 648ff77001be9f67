import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { DEAD_NORM, normsAndWeights, unitRows } from '../core/normalize.js';
import {
  PAIR_OPTION_KEYS,
  randomPartner,
  resolveMethod,
  type PairOptions,
} from '../core/sampling.js';
import { PARALLEL_OPTION_KEYS, type ParallelOptions } from '../dense/absCosDistribution.js';
import { checkKeys, optionKeys, type OptionKeys } from '../errors.js';
import { createPermutation, matmulNT, nativeKernels } from '@hyperposition/hypervector';
import { resolveKernel, type TileKernel } from '../kernels/forEachBlock.js';
import { rowDot } from '../kernels/gramBlock.js';
import { mergeLanes, newLanes, planMetrics, runMetricsSync } from '../parallel/metricsPass.js';
import { float32, float64, resolveWorkers, runMetrics, workerThreads } from '../parallel/pool.js';

/** Options of {@link featureMetrics}: orientation and how pairs are visited. */
export interface FeatureMetricsOptions extends FeatureOptions, PairOptions {}

/** The keys of {@link FeatureMetricsOptions}, checked against it at compile time. @internal */
export const FEATURE_METRICS_OPTION_KEYS: OptionKeys<FeatureMetricsOptions> =
  optionKeys<FeatureMetricsOptions>()(...FEATURE_OPTION_KEYS, ...PAIR_OPTION_KEYS);

/** The keys of the options of {@link featureMetricsAsync}. @internal */
export const FEATURE_METRICS_ASYNC_OPTION_KEYS: OptionKeys<
  FeatureMetricsOptions & ParallelOptions
> = optionKeys<FeatureMetricsOptions & ParallelOptions>()(
  ...FEATURE_METRICS_OPTION_KEYS,
  ...PARALLEL_OPTION_KEYS,
);

/** Per-feature metrics of Elhage et al. (2022), one entry per feature. */
export interface FeatureMetrics {
  /** Number of features n. */
  nFeatures: number;
  /** Dimension m (or d) of the shared space. */
  dim: number;
  /** `'exact'` (all pairs) or `'sampled'` (random partners per feature). */
  method: 'exact' | 'sampled';
  /** Partners looked at per feature: n - 1 when exact, `samples` when sampled. */
  partners: number;
  /** ||W_i||. */
  norms: Float64Array;
  /** Interference sum_{j != i} (W_i_hat . W_j)^2: the paper's superposition measure (colours its norm bars). */
  interference: Float64Array;
  /** sqrt(interference): the colour scale of the reference notebook. */
  superposition: Float64Array;
  /** Feature dimensionality D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2 (j = i included); 0 for a dead feature. */
  dimensionality: Float64Array;
  /** max_{j != i} |cos(W_i, W_j)| (over the sampled partners when sampled: a lower bound). */
  maxAbsCos: Float64Array;
  /** Mean |cos(W_i, W_j)| over the other features j (a dead feature counts as |cos| = 0); 0 for a dead feature or n = 1. */
  meanAbsCos: Float64Array;
  /** Monte-Carlo standard error of `interference` (zeros when exact). */
  interferenceStdError: Float64Array;
}

/**
 * The paper's per-feature metrics in one streamed pass over the Gram matrix: norms,
 * interference (superposition measure), its square root, feature dimensionality and the
 * largest |cos| with any other feature.
 *
 * Formulas (Elhage et al. 2022, "Toy Models of Superposition", sections on superposition and
 * feature dimensionality): with W_i_hat = W_i / ||W_i||,
 * interference_i = sum_{j != i} (W_i_hat . W_j)^2,
 * D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2 = ||W_i||^2 / (||W_i||^2 + interference_i).
 * A dead feature (||W_i|| <= 1e-9) has no direction: interference 0, D_i = 0, never NaN.
 *
 * Shape: `W` row-major; `[nHidden, nFeatures]` with `features: 'columns'` (default), or
 * `[n, d]` with `features: 'rows'`.
 *
 * Cost: exact, d n^2 flops (the upper block triangle: 2.6e12 multiply-adds, 5.1e12 flops, at n = 1e5, d = 512)
 * and O(nd + block * 2048) memory (a Float32 copy of the unit rows, never an n x n matrix, and
 * 24 n bytes for each of min(16, n / block) lanes: the lanes make the result the same as
 * {@link featureMetricsAsync} on any number of workers);
 * sampled, O(n * samples * d) time with a standard error per feature: the features are
 * shuffled into blocks of 128 that share one uniform draw of `samples` partners, gathered and
 * multiplied as tiles (n = 1e5, d = 512, 1,000 partners: 1.5 s natively on one core of the
 * project's 2-core machine, where a gather per pair took about 2 minutes). Each feature's
 * estimate is exactly as with draws of its own (iid partners among the others, a partner that
 * is the feature itself redrawn for it): unbiased, with a valid standard error. Estimates in
 * one block are correlated, though (a shared partner of large norm moves all 128), so a sum
 * or mean over features is noisier than independent standard errors would say (about 5-7
 * times the standard deviation at n = 2048 with very unequal norms, less as n / 128 blocks
 * grow): for aggregates prefer `method: 'exact'`, more samples, or blocks as the clusters of
 * the error bar. Cosines come from
 * unit rows normalised in Float64 and stored in Float32; exact passes multiply them with
 * `matmulNT` of `@hyperposition/hypervector`: native (C++ with fused multiply-adds, four
 * accumulated chunks of the dimension per tile) where `nativeKernels()` loads, else WebAssembly
 * SIMD (`native: false` forces it); Float32 accumulation either way, |error| <= (d/4 + 4)
 * 2^-24, about 1e-7 sqrt(d) typically, so the two paths agree within twice that. Sampled
 * passes multiply plain row-major unit rows with `matmulNT` (native or WebAssembly, the same
 * draws either way), also accumulating in Float32 (a redrawn partner's cosine in Float64).
 *
 * @param W - feature matrix view (see {@link featureMatrix}).
 * @param options - orientation, `method` ('exact' | 'sampled' | 'auto'), `samples` (partners
 *   per feature, default 256: relative standard error about sqrt(2/256) = 9% for random-like sets), `rng`, `block`,
 *   `native` (default true: the native tile kernel where available).
 * @returns {@link FeatureMetrics} (plain Float64Arrays of length n).
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * // a regular pentagon in 2-D: five features, each D_i = 2/5
 * const W = { data: new Float64Array(10), rows: 2, cols: 5 };
 * for (let i = 0; i < 5; i++) {
 *   W.data[i] = Math.cos((2 * Math.PI * i) / 5);
 *   W.data[5 + i] = Math.sin((2 * Math.PI * i) / 5);
 * }
 * featureMetrics(W).dimensionality; // returns Float64Array [0.4, 0.4, 0.4, 0.4, 0.4]
 * featureMetrics(W, { method: 'sampled', samples: 4, rng: createRng(1) }).method; // 'sampled'
 * ```
 */
export function featureMetrics(W: MatrixLike, options: FeatureMetricsOptions = {}): FeatureMetrics {
  checkKeys('featureMetrics', 'options', options, FEATURE_METRICS_OPTION_KEYS);
  return featureMetricsAs('featureMetrics', W, options);
}

/**
 * {@link featureMetrics} with the exact pass shared between worker threads (Node's
 * `worker_threads`, the unit rows in a SharedArrayBuffer). The tile kernel (native
 * `matmulNT` or WebAssembly, see {@link featureMetrics}) is chosen once on the calling thread
 * and every worker loads the same one. Panels of `block` rows go to at most 16 lanes (panel p to lane p mod the
 * lane count), a lane runs on one thread into its own accumulators, and the lanes are summed
 * in lane order: the result is identical, bit for bit, to {@link featureMetrics}'s whatever the
 * number of workers. Sampled passes, passes under 2^28 flops, `workers: 1` and runtimes without
 * `worker_threads` (browsers) run on the calling thread.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: as {@link featureMetrics}, divided by up to `workers` in wall-clock time, plus about
 * 50 ms to start the workers; memory 4nd + 24 n * lanes bytes on SharedArrayBuffers.
 *
 * @param W - feature matrix view.
 * @param options - as {@link featureMetrics}, plus `workers` (default min(2, cores) in Node, 1 in browsers).
 * @returns a promise of the {@link FeatureMetrics}.
 * @throws RangeError / TypeError (as a rejected promise) for bad input, naming the argument.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(4);
 * const data = Float32Array.from({ length: 10_000 * 64 }, () => rng.nextNormal());
 * const m = await featureMetricsAsync({ data, rows: 10_000, cols: 64 }, { features: 'rows', method: 'exact', workers: 2 });
 * m.interference[0]; // about 9999 ((n - 1) / d * ||W_j||^2 = 9999 / 64 * 64 for these rows)
 * ```
 */
export async function featureMetricsAsync(
  W: MatrixLike,
  options: FeatureMetricsOptions & ParallelOptions = {},
): Promise<FeatureMetrics> {
  const fn = 'featureMetricsAsync';
  checkKeys(fn, 'options', options, FEATURE_METRICS_ASYNC_OPTION_KEYS);
  const workers = await resolveWorkers(fn, options.workers);
  const shared = workers > 1 && (await workerThreads()) !== null;
  const p = prepareMetrics(fn, W, options, shared);
  if (p.method === 'exact') {
    const plan = planMetrics(p.n, p.d, p.block, p.kernel);
    const lanes = newLanes(plan, (len) => float64(len, shared));
    await runMetrics(p.U, p.n2, plan, lanes, workers, {
      interference: p.interference,
      absSum: p.meanAbsCos,
      maxAbs: p.maxAbsCos,
    });
    return finishMetrics(p);
  }
  return featureMetricsAs(fn, W, options);
}

/**
 * {@link featureMetrics} with the calling public function's name in error messages; the option
 * keys are the caller's to check (`interferenceBySparsity` and `featureMetricsAsync` hand on
 * wider objects). @internal
 */
export function featureMetricsAs(
  fn: string,
  W: MatrixLike,
  options: FeatureMetricsOptions,
): FeatureMetrics {
  const p = prepareMetrics(fn, W, options, false);
  const { n, d, n2, U, interference, maxAbsCos, meanAbsCos, stdError, samples } = p;
  if (p.method === 'exact') {
    const plan = planMetrics(n, d, p.block, p.kernel);
    const lanes = newLanes(plan);
    runMetricsSync(U, n2, plan, lanes);
    mergeLanes(plan, lanes, interference, meanAbsCos, maxAbsCos);
    return finishMetrics(p);
  }
  // Blocks of SAMPLED_BLOCK features share one draw of partners, gathered once and multiplied
  // as a tile (a GEMM, not a gather per pair): each feature still sees `samples` partners
  // drawn uniformly from the others, with replacement (a partner that is the feature itself is
  // redrawn among the others, for that feature alone). The blocks are random sets of features
  // (a shuffle), so that the estimates' correlation within a block has no pattern in the index.
  const r = p.rng!;
  const perm = createPermutation(n, { rng: r }).forward;
  const A = new Float32Array(Math.min(SAMPLED_BLOCK, n) * d);
  const nk = p.sampledKernel === 'native' ? nativeKernels() : null;
  const partners = new Int32Array(samples);
  const chunk = Math.min(samples, SAMPLED_CHUNK);
  const G = new Float32Array(chunk * d);
  const C = new Float32Array(SAMPLED_BLOCK * chunk);
  const sum = new Float64Array(SAMPLED_BLOCK);
  const sumSq = new Float64Array(SAMPLED_BLOCK);
  const sa = new Float64Array(SAMPLED_BLOCK);
  const mx = new Float64Array(SAMPLED_BLOCK);
  for (let i0 = 0; i0 < n; i0 += SAMPLED_BLOCK) {
    const b = Math.min(SAMPLED_BLOCK, n - i0);
    for (let k = 0; k < b; k++) {
      const i = perm[i0 + k];
      A.set(U.subarray(i * d, i * d + d), k * d);
    }
    for (let s = 0; s < samples; s++) partners[s] = r.nextInt(n);
    sum.fill(0);
    sumSq.fill(0);
    sa.fill(0);
    mx.fill(0);
    for (let s0 = 0; s0 < samples; s0 += chunk) {
      const w = Math.min(chunk, samples - s0);
      for (let s = 0; s < w; s++) {
        const j = partners[s0 + s];
        G.set(U.subarray(j * d, j * d + d), s * d);
      }
      const rows = A.subarray(0, b * d);
      const out = C.subarray(0, b * w);
      if (nk) nk.matmulNT(rows, G.subarray(0, w * d), b, w, d, out);
      else matmulNT(rows, G.subarray(0, w * d), b, w, d, out);
      for (let k = 0; k < b; k++) {
        const i = perm[i0 + k];
        let su = 0;
        let sq = 0;
        let ab = 0;
        let m = mx[k];
        for (let s = 0; s < w; s++) {
          let j = partners[s0 + s];
          let c: number;
          if (j === i) {
            j = randomPartner(r, n, i);
            c = rowDot(U, d, i, j);
          } else c = out[k * w + s];
          const v = c * c * n2[j];
          su += v;
          sq += v * v;
          const a = Math.abs(c);
          ab += a;
          if (a > m) m = a;
        }
        sum[k] += su;
        sumSq[k] += sq;
        sa[k] += ab;
        mx[k] = m;
      }
    }
    for (let k = 0; k < b; k++) {
      const i = perm[i0 + k];
      meanAbsCos[i] = sa[k] / samples;
      const mean = sum[k] / samples;
      const variance =
        samples > 1 ? Math.max(0, (sumSq[k] - samples * mean * mean) / (samples - 1)) : 0;
      interference[i] = (n - 1) * mean;
      stdError[i] = ((n - 1) * Math.sqrt(variance)) / Math.sqrt(samples);
      maxAbsCos[i] = mx[k];
    }
  }
  return finishMetrics(p);
}

/** Features that share one draw of partners in a sampled pass (the rows of its tiles). */
const SAMPLED_BLOCK = 128;
/** Partners gathered at once in a sampled pass (the columns of its tiles). */
const SAMPLED_CHUNK = 1024;

/** Checked input, unit rows and the accumulators of one call. */
interface MetricsState {
  n: number;
  d: number;
  method: 'exact' | 'sampled';
  samples: number;
  rng: PairOptions['rng'];
  block: number;
  /** Tile kernel of the exact pass (`U` laid out for it). */
  kernel: TileKernel;
  /** Kernel of the sampled pass's tiles (`U` row-major either way). */
  sampledKernel: TileKernel;
  /** ||W_i||. */
  norms: Float64Array;
  /** Weights of the interference sums, (||W_i|| / scale)^2. */
  n2: Float64Array;
  /** A power of two: 1 unless a norm exceeds 2^450 (the sums are then of scaled squares). */
  scale: number;
  U: Float32Array;
  interference: Float64Array;
  maxAbsCos: Float64Array;
  /** Sum of |cos| while exact, until finishMetrics divides it by n - 1. */
  meanAbsCos: Float64Array;
  stdError: Float64Array;
}

function prepareMetrics(
  fn: string,
  W: MatrixLike,
  options: FeatureMetricsOptions,
  shared: boolean,
): MetricsState {
  const F = featureMatrixAs(fn, W, options);
  const n = F.nFeatures;
  const d = F.dim;
  const { method, samples, rng, block, kernel } = resolveMethod(fn, n, d, options, 256);
  const { norms, n2, scale } = normsAndWeights(F);
  const U = unitRows(F, norms, (len) => float32(len, shared && method === 'exact'), kernel);
  return {
    n,
    d,
    method,
    samples,
    rng,
    block,
    kernel,
    sampledKernel: method === 'sampled' ? resolveKernel(fn, options.native) : kernel,
    norms,
    n2,
    scale,
    U,
    interference: new Float64Array(n),
    maxAbsCos: new Float64Array(n),
    meanAbsCos: new Float64Array(n),
    stdError: new Float64Array(n),
  };
}

function finishMetrics(p: MetricsState): FeatureMetrics {
  const { n, d, method, samples, norms, n2, scale, interference, maxAbsCos, meanAbsCos } = p;
  if (method === 'exact' && n > 1) for (let i = 0; i < n; i++) meanAbsCos[i] /= n - 1;
  const superposition = new Float64Array(n);
  const dimensionality = new Float64Array(n);
  const stdError = p.stdError;
  // The sums ran on squared norms divided by scale^2 (scale 1 unless a norm exceeds 2^450):
  // D_i is a ratio of them; interference is scaled back, and is Infinity where it exceeds
  // Float64's range (norms above about 1e154).
  for (let i = 0; i < n; i++) {
    if (norms[i] <= DEAD_NORM) {
      interference[i] = 0;
      continue;
    }
    const inter = interference[i];
    superposition[i] = Math.sqrt(inter) * scale;
    const total = n2[i] + inter;
    dimensionality[i] = total > 0 ? n2[i] / total : 1;
    if (scale !== 1) {
      interference[i] = inter * scale * scale;
      stdError[i] *= scale * scale;
    }
  }
  return {
    nFeatures: n,
    dim: d,
    method,
    partners: method === 'exact' ? n - 1 : samples,
    norms,
    interference,
    superposition,
    dimensionality,
    maxAbsCos,
    meanAbsCos,
    interferenceStdError: stdError,
  };
}
