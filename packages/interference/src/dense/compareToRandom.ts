import type { MatrixLike } from '../core/featureMatrix.js';
import { meanAbsCos } from '../theory/randomAbsCos.js';
import { checkKeys } from '../errors.js';
import {
  ABS_COS_ASYNC_OPTION_KEYS,
  ABS_COS_OPTION_KEYS,
  absCosDistributionAs,
  absCosDistributionAsyncAs,
  type AbsCosDistribution,
  type AbsCosOptions,
  type ParallelOptions,
} from './absCosDistribution.js';
import { randomAbsCosStats, type RandomAbsCosStats } from './randomAbsCosStats.js';

/** A learned feature set against random directions of the same n and d. */
export interface RandomComparison {
  /** The set's own |cos| distribution. */
  learned: AbsCosDistribution;
  /** The random-direction baseline (same n = live features, same d, same histogram edges). */
  random: RandomAbsCosStats;
  /** Welch bound sqrt((n - d)/(d (n - 1))), which no set beats. */
  welch: number;
  /** random mean |cos| / learned mean |cos|: above 1, more orthogonal than chance (Infinity when all pairs are orthogonal). */
  meanAbsCosGain: number;
  /** sqrt(1/d) / rms cos: the same in root-mean-square terms. */
  rmsCosGain: number;
  /** expected random coherence / learned coherence. */
  coherenceGain: number;
  /** learned coherence / Welch bound (>= 1 always; 1 for an equiangular tight frame). */
  coherenceOverWelch: number;
  /** The dimension d' in which random directions would have the learned mean |cos| (solves E|cos|(d') = mean, the formula of randomAbsCosMean taken over real d'; Infinity for an orthogonal set). */
  equivalentRandomDim: number;
}

/**
 * How much more orthogonal a learned feature set is than chance: its |cos| distribution
 * beside the exact law for random directions with the same n and d, the Welch bound, and
 * "better than random" ratios (dense superposition, n >> d >> 1; Elhage et al. 2022, "Toy
 * Models of Superposition", and the Johnson-Lindenstrauss discussion there).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: that of {@link absCosDistribution} plus O(1) special functions.
 *
 * @param W - feature matrix view.
 * @param options - as {@link absCosDistribution}.
 * @returns {@link RandomComparison}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(3);
 * const data = Float32Array.from({ length: 500 * 32 }, () => rng.nextNormal());
 * compareToRandom({ data, rows: 500, cols: 32 }, { features: 'rows' }).meanAbsCosGain; // about 1.00 (random is random)
 * ```
 */
export function compareToRandom(W: MatrixLike, options: AbsCosOptions = {}): RandomComparison {
  checkKeys('compareToRandom', 'options', options, ABS_COS_OPTION_KEYS);
  return compareLearned(absCosDistributionAs('compareToRandom', W, options));
}

/**
 * {@link compareToRandom} with the exact pass shared between worker threads (see
 * {@link absCosDistributionAsync}): the same result, bit for bit, whatever `workers` is.
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: that of {@link absCosDistributionAsync} plus O(1) special functions.
 *
 * @param W - feature matrix view.
 * @param options - as {@link absCosDistribution}, plus `workers`.
 * @returns a promise of the {@link RandomComparison}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(3);
 * const data = Float32Array.from({ length: 500 * 32 }, () => rng.nextNormal());
 * (await compareToRandomAsync({ data, rows: 500, cols: 32 }, { features: 'rows', workers: 2 })).meanAbsCosGain; // about 1.00
 * ```
 */
export async function compareToRandomAsync(
  W: MatrixLike,
  options: AbsCosOptions & ParallelOptions = {},
): Promise<RandomComparison> {
  checkKeys('compareToRandomAsync', 'options', options, ABS_COS_ASYNC_OPTION_KEYS);
  return compareLearned(await absCosDistributionAsyncAs('compareToRandomAsync', W, options));
}

function compareLearned(learned: AbsCosDistribution): RandomComparison {
  const n = Math.max(2, learned.liveFeatures);
  const d = learned.dim;
  const random = randomAbsCosStats(n, d, {
    quantiles: learned.quantiles.map((q) => q.p),
    edges: learned.histogram.edges,
  });
  const ratio = (a: number, b: number): number => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);
  return {
    learned,
    random,
    welch: random.welch,
    meanAbsCosGain: ratio(random.mean, learned.mean),
    rmsCosGain: ratio(Math.sqrt(1 / d), Math.sqrt(learned.meanSquare)),
    coherenceGain: ratio(random.coherence, learned.coherence),
    coherenceOverWelch: ratio(learned.coherence, random.welch),
    equivalentRandomDim: equivalentDim(learned.mean),
  };
}

function equivalentDim(mean: number): number {
  if (mean <= 0) return Infinity;
  if (mean >= 1) return 1;
  let lo = 0;
  let hi = Math.log(1e15);
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    // Over real d': the public randomAbsCosMean takes integer dimensions only.
    if (meanAbsCos(Math.exp(mid)) > mean) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
