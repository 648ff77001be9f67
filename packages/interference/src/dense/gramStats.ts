import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { featureNormsOf, liveUnitRows } from '../core/normalize.js';
import { checkInt, checkKeys, checkReal, optionKeys, type OptionKeys } from '../errors.js';
import { defaultBlock, resolveKernel } from '../kernels/forEachBlock.js';
import { planPass } from '../parallel/absCosPass.js';
import { float32, resolveWorkers, runPass, workerThreads } from '../parallel/pool.js';
import {
  PARALLEL_OPTION_KEYS,
  type AbsCosHistogram,
  type ParallelOptions,
} from './absCosDistribution.js';

/** Options of {@link gramStatsParallel}. */
export interface GramStatsOptions extends FeatureOptions, ParallelOptions {
  /** Rows of a tile (default 128, a tile of `block` rows x about 1024 columns; 480 on the native kernels, x about 2048 columns): performance only. */
  block?: number;
  /** First feature of the band of rows (default 0). */
  rowStart?: number;
  /** End (exclusive) of the band (default n). */
  rowEnd?: number;
  /** Bins of the histogram (default 64). */
  bins?: number;
  /** Upper edge of the histogram (default min(1, 8 / sqrt(d)), rounded up to 0.01). */
  histogramMax?: number;
  /**
   * Use the native `matmulNT` of `@hyperposition/hypervector` for the tiles when it is
   * available (default `true`; see `nativeKernels()`), on the calling thread and on every
   * worker; `false` forces WebAssembly. Decided once per call, so the result stays the same,
   * bit for bit, for any number of workers; the two kernels agree within (d/4 + 4) 2^-24 per
   * cosine. `HYPERPOSITION_NATIVE=0` turns the native kernels off for the whole process.
   */
  native?: boolean;
}

/** The keys of {@link GramStatsOptions}, checked against it at compile time. @internal */
export const GRAM_STATS_OPTION_KEYS: OptionKeys<GramStatsOptions> = optionKeys<GramStatsOptions>()(
  ...FEATURE_OPTION_KEYS,
  ...PARALLEL_OPTION_KEYS,
  'block',
  'rowStart',
  'rowEnd',
  'bins',
  'histogramMax',
  'native',
);

/** |cos| statistics of the pairs (i, j), i < j, both live, i in the band. */
export interface GramStats {
  /** Number of features n. */
  nFeatures: number;
  /** Dimension d. */
  dim: number;
  /** Features with a direction (norm > 1e-9); dead ones are left out. */
  liveFeatures: number;
  /** The band of rows [rowStart, rowEnd) (feature indices). */
  rowStart: number;
  rowEnd: number;
  /** Pairs visited. */
  pairs: number;
  /** Sum of |cos| over the pairs. */
  sum: number;
  /** Sum of cos^2 over the pairs. */
  sumSquares: number;
  /** sum / pairs (0 without pairs). */
  mean: number;
  /** sumSquares / pairs (0 without pairs). */
  meanSquare: number;
  /** Largest |cos| (0 without pairs). */
  max: number;
  /** The pair attaining it (feature indices, i < j; the smallest among ties); [-1, -1] without pairs. */
  maxPair: [number, number];
  /** Histogram of |cos| over [0, histogramMax]. */
  histogram: AbsCosHistogram;
  /** Flops of the Gram tiles (2 d per computed entry, tiles on the diagonal counted whole). */
  flops: number;
  /** Tiles computed. */
  tiles: number;
  /** Threads that computed it (1: the calling thread). */
  workers: number;
}

/**
 * |cos| statistics (sum, sum of squares, maximum with its pair, histogram) over the pairs of a
 * band of rows of the cosine Gram matrix, on worker threads: the raw, mergeable numbers behind
 * {@link absCosDistributionAsync}, with a band so that a pass can be split or timed (the
 * benchmark extrapolates a full pass from one). Unit rows are normalised in Float64 and stored in
 * Float32 on a SharedArrayBuffer; each worker multiplies tiles of `block` rows x about 1024
 * columns (2048 native) with `matmulNT` of `@hyperposition/hypervector`: the native product
 * (`nativeKernels()`, loaded by each worker) where it is available, else its own WebAssembly
 * instance, as decided once on the calling thread (`native: false` forces WebAssembly). Float32
 * accumulation on either: every cosine within (d/4 + 4) 2^-24 of the exact one. Tile sums are
 * merged in tile order, so the result is the same, bit for bit, for any number of workers, and
 * equal to the statistics of {@link gramBlocks} over the same band within that tolerance. Bands are of all features; dead
 * ones (norm <= 1e-9) are skipped.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: 2 d flops per pair of the band (d n^2 for all of them), shared by `workers` threads;
 * memory 4nd on a SharedArrayBuffer + a few MB per worker; about 50 ms to start the workers.
 *
 * @param W - feature matrix view.
 * @param options - orientation, `block`, band `rowStart`/`rowEnd`, `bins`, `histogramMax`,
 *   `workers` (default min(2, cores) in Node, 1 in browsers), `native` (default true).
 * @returns a promise of the {@link GramStats}.
 * @throws RangeError / TypeError (as a rejected promise) for bad input, naming the argument.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(2);
 * const data = Float32Array.from({ length: 10_000 * 128 }, () => rng.nextNormal());
 * const s = await gramStatsParallel({ data, rows: 10_000, cols: 128 }, { features: 'rows', workers: 2 });
 * s.mean; // about 0.0707 (randomAbsCosMean(128) = 0.0707); s.max is the coherence
 * ```
 */
export async function gramStatsParallel(
  W: MatrixLike,
  options: GramStatsOptions = {},
): Promise<GramStats> {
  const fn = 'gramStatsParallel';
  checkKeys(fn, 'options', options, GRAM_STATS_OPTION_KEYS);
  const F = featureMatrixAs(fn, W, options);
  const n = F.nFeatures;
  const d = F.dim;
  const kernel = resolveKernel(fn, options.native);
  const block = checkInt(fn, 'options.block', options.block ?? defaultBlock(kernel), 4, 4096);
  const rowStart = checkInt(fn, 'options.rowStart', options.rowStart ?? 0, 0, n - 1);
  const rowEnd = checkInt(fn, 'options.rowEnd', options.rowEnd ?? n, rowStart + 1, n);
  const bins = checkInt(fn, 'options.bins', options.bins ?? 64, 1, 1e6);
  const hMax = checkReal(
    fn,
    'options.histogramMax',
    options.histogramMax ?? Math.min(1, Math.ceil((8 / Math.sqrt(d)) * 100) / 100),
    0,
    1,
    'min',
  );
  const workers = await resolveWorkers(fn, options.workers);
  const shared = workers > 1 && (await workerThreads()) !== null;
  const { U, live } = liveUnitRows(F, featureNormsOf(F), (len) => float32(len, shared), kernel);
  const L = live.length;
  // band of live rows: those whose feature index lies in [rowStart, rowEnd)
  const lower = (x: number): number => {
    let lo = 0;
    let hi = L;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (live[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const r0 = lower(rowStart);
  const r1 = lower(rowEnd);
  const cfg = { bins, scale: bins / hMax, fine: false };
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => (hMax * k) / bins);
  const base = { nFeatures: n, dim: d, liveFeatures: L, rowStart, rowEnd };
  if (r1 <= r0 || L < 2) {
    const counts = new Float64Array(bins);
    return {
      ...base,
      pairs: 0,
      sum: 0,
      sumSquares: 0,
      mean: 0,
      meanSquare: 0,
      max: 0,
      maxPair: [-1, -1],
      histogram: { edges, counts, fractions: new Float64Array(bins), overflow: 0 },
      flops: 0,
      tiles: 0,
      workers: 1,
    };
  }
  const plan = planPass(L, d, block, r0, r1, kernel);
  const { result: r, workers: used } = await runPass(U, plan, cfg, null, workers);
  const pairs = plan.pairs;
  const fractions = r.counts.map((c) => (pairs === 0 ? 0 : c / pairs));
  return {
    ...base,
    pairs,
    sum: r.sum,
    sumSquares: r.sumSq,
    mean: pairs === 0 ? 0 : r.sum / pairs,
    meanSquare: pairs === 0 ? 0 : r.sumSq / pairs,
    max: pairs === 0 ? 0 : r.max,
    maxPair: pairs === 0 ? [-1, -1] : [live[r.mi], live[r.mj]],
    histogram: { edges, counts: r.counts, fractions, overflow: r.overflow },
    flops: plan.flops,
    tiles: plan.count,
    workers: used,
  };
}
