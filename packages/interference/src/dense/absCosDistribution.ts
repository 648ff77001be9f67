import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { DEAD_NORM, featureNormsOf, liveUnitRows } from '../core/normalize.js';
import {
  PAIR_OPTION_KEYS,
  randomPartner,
  resolveMethod,
  type PairOptions,
} from '../core/sampling.js';
import { checkInt, checkKeys, checkReal, fail, optionKeys, type OptionKeys } from '../errors.js';
import type { TileKernel } from '../kernels/forEachBlock.js';
import { rowDot } from '../kernels/gramBlock.js';
import {
  FINE_BINS,
  planPass,
  runPassSync,
  type PassConfig,
  type PassResult,
} from '../parallel/absCosPass.js';
import { float32, float64, resolveWorkers, runPass, workerThreads } from '../parallel/pool.js';
import { dkwEpsilon, quantileInterval, sortedQuantile } from '../theory/orderStatistics.js';

/** Options of {@link absCosDistribution}. */
export interface AbsCosOptions extends FeatureOptions, PairOptions {
  /** Probabilities of the reported quantiles (default [0.5, 0.9, 0.99, 0.999]). */
  quantiles?: number[];
  /** Number of histogram bins (default 64). */
  bins?: number;
  /** Upper edge of the histogram (default min(1, 8 / sqrt(d)), rounded up to 0.01); larger values count in `overflow`. */
  histogramMax?: number;
  /** Confidence level of the error bars (default 0.95). */
  confidence?: number;
}

/** The keys of {@link AbsCosOptions}, checked against it at compile time. @internal */
export const ABS_COS_OPTION_KEYS: OptionKeys<AbsCosOptions> = optionKeys<AbsCosOptions>()(
  ...FEATURE_OPTION_KEYS,
  ...PAIR_OPTION_KEYS,
  'quantiles',
  'bins',
  'histogramMax',
  'confidence',
);

/** The option of the `...Async` pair metrics: how many threads share an exact pass. */
export interface ParallelOptions {
  /**
   * Worker threads for an exact pass (integer in [1, 64]). Default: min(2, available
   * parallelism) in Node, 1 where `worker_threads` is missing (browsers). With 1, or for passes
   * under 2^28 flops, or when workers cannot start, the pass runs on the calling thread. The
   * result does not depend on the number of workers.
   */
  workers?: number;
}

/** The keys of {@link ParallelOptions}, checked against it at compile time. @internal */
export const PARALLEL_OPTION_KEYS: OptionKeys<ParallelOptions> =
  optionKeys<ParallelOptions>()('workers');

/** The keys of the options of {@link absCosDistributionAsync} (and the other `...Async` pair metrics). @internal */
export const ABS_COS_ASYNC_OPTION_KEYS: OptionKeys<AbsCosOptions & ParallelOptions> = optionKeys<
  AbsCosOptions & ParallelOptions
>()(...ABS_COS_OPTION_KEYS, ...PARALLEL_OPTION_KEYS);

/** A quantile with its interval: exact value when lower = upper. */
export interface QuantileEstimate {
  /** Probability. */
  p: number;
  /** Estimate (type-7 interpolation of the order statistics). */
  value: number;
  /** Lower end of the interval that holds the exact quantile (confidence interval when sampled; bin edge when exact on a histogram). */
  lower: number;
  /** Upper end of that interval. */
  upper: number;
}

/** Histogram of |cos| over [0, max]. */
export interface AbsCosHistogram {
  /** bins + 1 edges. */
  edges: Float64Array;
  /** Pairs (exact) or samples (sampled) per bin. */
  counts: Float64Array;
  /** counts / pairs examined. */
  fractions: Float64Array;
  /** Pairs or samples above the last edge. */
  overflow: number;
}

/** Distribution of |cos| over the pairs of live features. */
export interface AbsCosDistribution {
  /** Number of features n. */
  nFeatures: number;
  /** Dimension d. */
  dim: number;
  /** Features with a direction (norm > 1e-9); dead ones are left out of every pair statistic. */
  liveFeatures: number;
  /** Number of pairs L(L - 1)/2 among live features. */
  pairs: number;
  /** How the pairs were visited. */
  method: 'exact' | 'sampled';
  /** Pairs looked at (all of them when exact). */
  pairsExamined: number;
  /** Confidence level of every interval. */
  confidence: number;
  /** Mean |cos|. */
  mean: number;
  /** Monte-Carlo standard error of `mean` (0 when exact). */
  meanStdError: number;
  /** Standard deviation of |cos| over pairs. */
  std: number;
  /** Mean cos^2 (1/d for random directions). */
  meanSquare: number;
  /** Coherence max |cos|: exact, or the largest sampled value (a lower bound). */
  coherence: number;
  /** The pair (original indices, i < j) attaining `coherence`; [-1, -1] without pairs. */
  coherencePair: [number, number];
  /** Sampled: with the stated confidence, at most this fraction of all pairs exceeds `coherence` (-ln(1 - confidence) / N). 0 when exact. */
  coherenceExceedance: number;
  /** Requested quantiles with their intervals. */
  quantiles: QuantileEstimate[];
  /** Sampled: DKW half-width, the whole empirical CDF is within it with the stated confidence. 0 when exact. */
  dkwEpsilon: number;
  /** Histogram of |cos|. */
  histogram: AbsCosHistogram;
}

const STORE_LIMIT = 2 ** 22;

/**
 * The distribution of |cos| between all pairs of feature directions: coherence, mean, spread,
 * quantiles and a histogram, computed without an n x n matrix. The dense-superposition regime
 * (n >> d >> 1; Elhage et al. 2022, "Toy Models of Superposition", section on
 * Johnson-Lindenstrauss and compressed sensing) compares these with random directions
 * ({@link randomAbsCosStats}) and the Welch bound ({@link welchBound}).
 *
 * Exact: streams the upper triangle of the Gram matrix of unit rows (normalised in Float64,
 * stored in Float32) in tiles of `block` rows x about 1024 columns (2048 native), each one
 * `matmulNT` of `@hyperposition/hypervector`: native (`nativeKernels()`, C++ with fused
 * multiply-adds over four accumulated chunks of the dimension) where it loads, else WebAssembly
 * SIMD (`native: false` forces it, as does `HYPERPOSITION_NATIVE=0`). Float32 accumulation on
 * either: every cosine within (d/4 + 4) 2^-24 of the exact one, 7.9e-6 at d = 512, about 1e-7
 * sqrt(d) typically, so the two paths agree within twice that; quantiles are exact (over those
 * cosines) when there are at most 2^22 pairs (values kept and sorted), otherwise read from a
 * 65536-bin histogram with `[lower, upper]` = the bin that holds the value (width 1.5e-5).
 * Among equal largest values the coherence pair is the smallest (i, j). On several threads:
 * {@link absCosDistributionAsync}, same result. Sampled: `samples` uniform random pairs from
 * `rng`, mean with its standard error, quantiles with order-statistic confidence intervals,
 * DKW band, and for the coherence an exceedance bound.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: exact, d n^2 flops (5.1e12, i.e. 2.6e12 multiply-adds, at n = 1e5, d = 512), memory 4nd + 4 block * 1024 (8 block * 1024 native) + 512 KiB
 * (+ 8 pairs bytes when pairs <= 2^22); sampled, 2 d samples flops + O(samples log samples),
 * memory 4nd + 8 samples. Dead features (norm <= 1e-9) are left out; fewer than two live
 * features give pairs = 0 and every statistic 0.
 *
 * @param W - feature matrix view.
 * @param options - orientation, method, samples, rng, quantiles, bins, histogramMax, confidence,
 *   `block`, `native` (default true: the native tile kernel where available).
 * @returns {@link AbsCosDistribution}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(7);
 * const data = Float32Array.from({ length: 2000 * 64 }, () => rng.nextNormal());
 * const dist = absCosDistribution({ data, rows: 2000, cols: 64 }, { features: 'rows' });
 * dist.mean; // about 0.100 (random law: randomAbsCosMean(64) = 0.1001)
 * absCosDistribution({ data, rows: 2000, cols: 64 }, { features: 'rows', method: 'sampled', samples: 10_000, rng }).meanStdError; // about 0.0007
 * ```
 */
export function absCosDistribution(W: MatrixLike, options: AbsCosOptions = {}): AbsCosDistribution {
  checkKeys('absCosDistribution', 'options', options, ABS_COS_OPTION_KEYS);
  return absCosDistributionAs('absCosDistribution', W, options);
}

/**
 * {@link absCosDistribution} with the exact pass shared between worker threads (Node's
 * `worker_threads`; each worker multiplies tiles over unit rows in a SharedArrayBuffer with the
 * `matmulNT` chosen once on the calling thread: the native one, loaded by every worker, or its
 * own WebAssembly instance). The result is identical, bit for bit, to
 * {@link absCosDistribution}'s (with the same `native`) whatever the number of workers: the
 * kernel is the same for every tile, tiles are a fixed list, their
 * sums are merged in tile order, counts are exact, ties of the maximum go to the smallest pair.
 * Sampled passes, passes under 2^28 flops, `workers: 1` and runtimes without `worker_threads`
 * (browsers) run on the calling thread.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: as {@link absCosDistribution}, divided by up to `workers` in wall-clock time, plus
 * about 50 ms to start the workers; memory 4nd on a SharedArrayBuffer, and per worker
 * 4 block * 1024 bytes (8 block * 1024 native) + 512 KiB + its own WebAssembly memory (a few MB).
 *
 * @param W - feature matrix view.
 * @param options - as {@link absCosDistribution}, plus `workers` ({@link ParallelOptions}).
 * @returns a promise of the {@link AbsCosDistribution}.
 * @throws RangeError / TypeError (as a rejected promise) for bad input, naming the argument.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(7);
 * const data = Float32Array.from({ length: 20_000 * 64 }, () => rng.nextNormal());
 * const W = { data, rows: 20_000, cols: 64 };
 * const dist = await absCosDistributionAsync(W, { features: 'rows', method: 'exact', workers: 2 });
 * dist.mean; // about 0.100, equal to absCosDistribution(W, { features: 'rows', method: 'exact' }).mean
 * ```
 */
export async function absCosDistributionAsync(
  W: MatrixLike,
  options: AbsCosOptions & ParallelOptions = {},
): Promise<AbsCosDistribution> {
  checkKeys('absCosDistributionAsync', 'options', options, ABS_COS_ASYNC_OPTION_KEYS);
  return absCosDistributionAsyncAs('absCosDistributionAsync', W, options);
}

/**
 * {@link absCosDistributionAsync} with the calling public function's name in error messages;
 * the option keys are the caller's to check. @internal
 */
export async function absCosDistributionAsyncAs(
  fn: string,
  W: MatrixLike,
  options: AbsCosOptions & ParallelOptions,
): Promise<AbsCosDistribution> {
  const workers = await resolveWorkers(fn, options.workers);
  const shared = workers > 1 && (await workerThreads()) !== null;
  const p = prepare(fn, W, options, shared);
  if (p.pairs === 0) return emptyResult(p);
  if (p.method === 'sampled') return sampledResult(p);
  const { plan, cfg, stored } = exactPass(p, shared);
  const { result } = await runPass(p.U, plan, cfg, stored, workers);
  return exactResult(p, result, stored);
}

/**
 * {@link absCosDistribution} with the calling public function's name in error messages; the
 * option keys are the caller's to check (it may hand on a subset of a wider object). @internal
 */
export function absCosDistributionAs(
  fn: string,
  W: MatrixLike,
  options: AbsCosOptions,
): AbsCosDistribution {
  const p = prepare(fn, W, options, false);
  if (p.pairs === 0) return emptyResult(p);
  if (p.method === 'sampled') return sampledResult(p);
  const { plan, cfg, stored } = exactPass(p, false);
  return exactResult(p, runPassSync(p.U, plan, cfg, stored), stored);
}

/** Checked options, unit rows and the resolved method of one call. @internal */
export interface Prepared {
  nFeatures: number;
  d: number;
  probs: number[];
  bins: number;
  hMax: number;
  confidence: number;
  U: Float32Array;
  live: Int32Array;
  L: number;
  pairs: number;
  method: 'exact' | 'sampled';
  samples: number;
  rng: AbsCosOptions['rng'];
  block: number;
  /** Tile kernel of the exact pass (`U` laid out for it). */
  kernel: TileKernel;
}

/** Validate, normalise and resolve the method (unit rows on a SharedArrayBuffer when `shared`). @internal */
export function prepare(
  fn: string,
  W: MatrixLike,
  options: AbsCosOptions,
  shared: boolean,
): Prepared {
  const F = featureMatrixAs(fn, W, options);
  const d = F.dim;
  const probs = options.quantiles ?? [0.5, 0.9, 0.99, 0.999];
  if (!Array.isArray(probs))
    fail(fn, 'options.quantiles', 'an array of probabilities', probs, 'type');
  probs.forEach((p, k) => checkReal(fn, `options.quantiles[${k}]`, p, 0, 1));
  const bins = checkInt(fn, 'options.bins', options.bins ?? 64, 1, 1e6);
  const hMax = checkReal(
    fn,
    'options.histogramMax',
    options.histogramMax ?? Math.min(1, Math.ceil((8 / Math.sqrt(d)) * 100) / 100),
    0,
    1,
    'min',
  );
  const confidence = checkReal(fn, 'options.confidence', options.confidence ?? 0.95, 0, 1, 'both');
  const norms = featureNormsOf(F);
  let L = 0;
  for (let i = 0; i < norms.length; i++) if (norms[i] > DEAD_NORM) L++;
  const { method, samples, rng, block, kernel } = resolveMethod(
    fn,
    Math.max(L, 2),
    d,
    options,
    1_000_000,
  );
  const { U, live } = liveUnitRows(
    F,
    norms,
    (len) => float32(len, shared && method === 'exact'),
    kernel,
  );
  return {
    nFeatures: F.nFeatures,
    d,
    probs,
    bins,
    hMax,
    confidence,
    U,
    live,
    L,
    pairs: (L * (L - 1)) / 2,
    method,
    samples,
    rng,
    block,
    kernel,
  };
}

function baseOf(
  p: Prepared,
): Pick<AbsCosDistribution, 'nFeatures' | 'dim' | 'liveFeatures' | 'pairs' | 'confidence'> {
  return {
    nFeatures: p.nFeatures,
    dim: p.d,
    liveFeatures: p.L,
    pairs: p.pairs,
    confidence: p.confidence,
  };
}

/** Every statistic 0 (fewer than two live features). @internal */
export function emptyResult(p: Prepared): AbsCosDistribution {
  return {
    ...baseOf(p),
    method: p.method,
    pairsExamined: 0,
    mean: 0,
    meanStdError: 0,
    std: 0,
    meanSquare: 0,
    coherence: 0,
    coherencePair: [-1, -1],
    coherenceExceedance: 0,
    quantiles: p.probs.map((q) => ({ p: q, value: 0, lower: 0, upper: 0 })),
    dkwEpsilon: 0,
    histogram: histogram(new Float64Array(p.bins), p.hMax, 0, 0),
  };
}

function exactPass(
  p: Prepared,
  shared: boolean,
): { plan: ReturnType<typeof planPass>; cfg: PassConfig; stored: Float64Array | null } {
  const store = p.pairs <= STORE_LIMIT;
  return {
    plan: planPass(p.L, p.d, p.block, 0, p.L, p.kernel),
    cfg: { bins: p.bins, scale: p.bins / p.hMax, fine: !store },
    stored: store ? float64(p.pairs, shared) : null,
  };
}

function exactResult(p: Prepared, r: PassResult, stored: Float64Array | null): AbsCosDistribution {
  const { pairs, probs } = p;
  const mean = r.sum / pairs;
  const meanSquare = r.sumSq / pairs;
  let quantiles: QuantileEstimate[];
  if (stored !== null) {
    stored.sort();
    quantiles = probs.map((q) => {
      const value = sortedQuantile(stored, q);
      return { p: q, value, lower: value, upper: value };
    });
  } else {
    quantiles = probs.map((q) => fineQuantile(r.fine!, pairs, q));
  }
  return {
    ...baseOf(p),
    method: 'exact',
    pairsExamined: pairs,
    mean,
    meanStdError: 0,
    std: Math.sqrt(Math.max(0, meanSquare - mean * mean)),
    meanSquare,
    coherence: r.max,
    coherencePair: [p.live[r.mi], p.live[r.mj]],
    coherenceExceedance: 0,
    quantiles,
    dkwEpsilon: 0,
    histogram: histogram(r.counts, p.hMax, r.overflow, pairs),
  };
}

/** The sampled estimate. @internal */
export function sampledResult(p: Prepared): AbsCosDistribution {
  const { U, d, L, samples, bins, live, confidence } = p;
  const scale = bins / p.hMax;
  const counts = new Float64Array(bins);
  let overflow = 0;
  const r = p.rng!;
  const values = new Float64Array(samples);
  let sum = 0;
  let sumSq = 0;
  let max = -1;
  let mi = -1;
  let mj = -1;
  for (let s = 0; s < samples; s++) {
    const i = r.nextInt(L);
    const j = randomPartner(r, L, i);
    const a = Math.abs(rowDot(U, d, i, j));
    values[s] = a;
    sum += a;
    sumSq += a * a;
    if (a > max) {
      max = a;
      mi = Math.min(i, j);
      mj = Math.max(i, j);
    }
    const b = Math.floor(a * scale);
    if (b < bins) counts[b]++;
    else overflow++;
  }
  const mean = sum / samples;
  const meanSquare = sumSq / samples;
  const variance = samples > 1 ? Math.max(0, (sumSq - samples * mean * mean) / (samples - 1)) : 0;
  values.sort();
  return {
    ...baseOf(p),
    method: 'sampled',
    pairsExamined: samples,
    mean,
    meanStdError: Math.sqrt(variance / samples),
    std: Math.sqrt(Math.max(0, meanSquare - mean * mean)),
    meanSquare,
    coherence: max,
    coherencePair: [live[mi], live[mj]],
    coherenceExceedance: -Math.log(1 - confidence) / samples,
    quantiles: p.probs.map((q) => ({ p: q, ...quantileInterval(values, q, confidence) })),
    dkwEpsilon: dkwEpsilon(samples, confidence),
    histogram: histogram(counts, p.hMax, overflow, samples),
  };
}

function histogram(
  counts: Float64Array,
  hMax: number,
  overflow: number,
  total: number,
): AbsCosHistogram {
  const bins = counts.length;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => (hMax * k) / bins);
  const fractions = counts.map((c) => (total === 0 ? 0 : c / total));
  return { edges, counts, fractions, overflow };
}

// Type-7 quantile read from a fine histogram: order statistics floor(h) and ceil(h),
// h = (N - 1) p, lie in known bins; the estimate interpolates uniformly inside the bin.
function fineQuantile(fine: Float64Array, N: number, p: number): QuantileEstimate {
  const h = (N - 1) * p;
  const rankLo = Math.floor(h);
  const rankHi = Math.min(N - 1, rankLo + 1);
  const locate = (rank: number): { bin: number; within: number; count: number } => {
    let cum = 0;
    for (let b = 0; b < fine.length; b++) {
      if (cum + fine[b] > rank) return { bin: b, within: rank - cum, count: fine[b] };
      cum += fine[b];
    }
    return { bin: fine.length - 1, within: 0, count: 1 };
  };
  const lo = locate(rankLo);
  const hi = locate(rankHi);
  const at = (x: { bin: number; within: number; count: number }): number =>
    (x.bin + (x.within + 0.5) / x.count) / FINE_BINS;
  const vLo = at(lo);
  const vHi = at(hi);
  return {
    p,
    value: vLo + (h - rankLo) * (vHi - vLo),
    lower: lo.bin / FINE_BINS,
    upper: (hi.bin + 1) / FINE_BINS,
  };
}
