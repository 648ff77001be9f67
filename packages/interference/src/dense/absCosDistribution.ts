import { featureMatrix, type FeatureOptions, type MatrixLike } from '../core/featureMatrix.js';
import { liveUnitRows, squaredNorms } from '../core/normalize.js';
import { randomPartner, resolveMethod, type PairOptions } from '../core/sampling.js';
import { checkInt, checkReal, fail } from '../errors.js';
import { rowDot } from '../kernels/gramBlock.js';
import { forEachUpperBlock } from '../kernels/forEachBlock.js';
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

const FINE_BINS = 65536;
const STORE_LIMIT = 2 ** 22;

/**
 * The distribution of |cos| between all pairs of feature directions: coherence, mean, spread,
 * quantiles and a histogram, computed without an n x n matrix. The dense-superposition regime
 * (n >> d >> 1; Elhage et al. 2022, "Toy Models of Superposition", section on
 * Johnson-Lindenstrauss and compressed sensing) compares these with random directions
 * ({@link randomAbsCosStats}) and the Welch bound ({@link welchBound}).
 *
 * Exact: streams the upper block triangle of the Gram matrix of Float32 unit rows (block^2
 * scratch); quantiles are exact when there are at most 2^22 pairs (values kept and sorted),
 * otherwise read from a 65536-bin histogram with `[lower, upper]` = the bin that holds the
 * exact value (width 1.5e-5). Sampled: `samples` uniform random pairs from `rng`, mean with its
 * standard error, quantiles with order-statistic confidence intervals, DKW band, and for the
 * coherence an exceedance bound.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: exact, d n^2 flops (5.1e12, i.e. 2.6e12 multiply-adds, at n = 1e5, d = 512), memory 4nd + 8 block^2 + 512 KiB
 * (+ 8 pairs bytes when pairs <= 2^22); sampled, 2 d samples flops + O(samples log samples),
 * memory 4nd + 8 samples. Dead features (norm <= 1e-9) are left out; fewer than two live
 * features give pairs = 0 and every statistic 0.
 *
 * @param W - feature matrix view.
 * @param options - orientation, method, samples, rng, quantiles, bins, histogramMax, confidence.
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
  return absCosDistributionAs('absCosDistribution', W, options);
}

/** {@link absCosDistribution} with the calling public function's name in error messages. @internal */
export function absCosDistributionAs(
  fn: string,
  W: MatrixLike,
  options: AbsCosOptions,
): AbsCosDistribution {
  const F = featureMatrix(W, options, fn);
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
  const n2 = squaredNorms(F);
  const { U, live } = liveUnitRows(F, n2);
  const L = live.length;
  const pairs = (L * (L - 1)) / 2;
  const { method, samples, rng, block } = resolveMethod(fn, Math.max(L, 2), d, options, 1_000_000);
  const counts = new Float64Array(bins);
  let overflow = 0;
  const scale = bins / hMax;
  const base = {
    nFeatures: F.nFeatures,
    dim: d,
    liveFeatures: L,
    pairs,
    confidence,
  };
  if (pairs === 0) {
    return {
      ...base,
      method,
      pairsExamined: 0,
      mean: 0,
      meanStdError: 0,
      std: 0,
      meanSquare: 0,
      coherence: 0,
      coherencePair: [-1, -1],
      coherenceExceedance: 0,
      quantiles: probs.map((p) => ({ p, value: 0, lower: 0, upper: 0 })),
      dkwEpsilon: 0,
      histogram: histogram(counts, hMax, 0, 0),
    };
  }
  if (method === 'exact') {
    const fine = new Float64Array(FINE_BINS);
    const stored = pairs <= STORE_LIMIT ? new Float64Array(pairs) : null;
    let nStored = 0;
    let sum = 0;
    let sumSq = 0;
    let max = -1;
    let mi = -1;
    let mj = -1;
    forEachUpperBlock(U, L, d, block, (i0, i1, j0, j1, G) => {
      const w = j1 - j0;
      let s = 0;
      let s2 = 0;
      for (let i = i0; i < i1; i++) {
        for (let j = Math.max(j0, i + 1), o = (i - i0) * w - j0; j < j1; j++) {
          const a = Math.abs(G[o + j]);
          s += a;
          s2 += a * a;
          if (a > max) {
            max = a;
            mi = i;
            mj = j;
          }
          fine[a >= 1 ? FINE_BINS - 1 : Math.floor(a * FINE_BINS)]++;
          const b = Math.floor(a * scale);
          if (b < bins) counts[b]++;
          else overflow++;
          if (stored !== null) stored[nStored++] = a;
        }
      }
      sum += s;
      sumSq += s2;
    });
    const mean = sum / pairs;
    const meanSquare = sumSq / pairs;
    let quantiles: QuantileEstimate[];
    if (stored !== null) {
      stored.sort();
      quantiles = probs.map((p) => {
        const value = sortedQuantile(stored, p);
        return { p, value, lower: value, upper: value };
      });
    } else {
      quantiles = probs.map((p) => fineQuantile(fine, pairs, p));
    }
    return {
      ...base,
      method,
      pairsExamined: pairs,
      mean,
      meanStdError: 0,
      std: Math.sqrt(Math.max(0, meanSquare - mean * mean)),
      meanSquare,
      coherence: max,
      coherencePair: [live[mi], live[mj]],
      coherenceExceedance: 0,
      quantiles,
      dkwEpsilon: 0,
      histogram: histogram(counts, hMax, overflow, pairs),
    };
  }
  const r = rng!;
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
    ...base,
    method,
    pairsExamined: samples,
    mean,
    meanStdError: Math.sqrt(variance / samples),
    std: Math.sqrt(Math.max(0, meanSquare - mean * mean)),
    meanSquare,
    coherence: max,
    coherencePair: [live[mi], live[mj]],
    coherenceExceedance: -Math.log(1 - confidence) / samples,
    quantiles: probs.map((p) => ({ p, ...quantileInterval(values, p, confidence) })),
    dkwEpsilon: dkwEpsilon(samples, confidence),
    histogram: histogram(counts, hMax, overflow, samples),
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
