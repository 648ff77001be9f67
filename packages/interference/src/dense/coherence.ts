import {
  FEATURE_OPTION_KEYS,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { PAIR_OPTION_KEYS, type PairOptions } from '../core/sampling.js';
import { planPass, runPassSync, type PassConfig, type PassResult } from '../parallel/absCosPass.js';
import { resolveWorkers, runPass, workerThreads } from '../parallel/pool.js';
import { checkKeys, optionKeys, type OptionKeys } from '../errors.js';
import {
  PARALLEL_OPTION_KEYS,
  emptyResult,
  prepare,
  sampledResult,
  type AbsCosDistribution,
  type ParallelOptions,
  type Prepared,
} from './absCosDistribution.js';

/**
 * Options of {@link coherence}: which pairs are visited (as for {@link absCosDistribution}) and
 * the confidence of a sampled bound. The histogram and quantile options of
 * {@link AbsCosOptions} do not apply, so they are refused rather than ignored.
 *
 * @example
 * ```ts
 * const o: CoherenceOptions = { features: 'rows', method: 'sampled', samples: 10_000, confidence: 0.99 };
 * ```
 */
export interface CoherenceOptions extends FeatureOptions, PairOptions {
  /** Confidence level of `exceedance` when sampled (default 0.95). */
  confidence?: number;
}

/** The keys of {@link CoherenceOptions}, checked against it at compile time. @internal */
export const COHERENCE_OPTION_KEYS: OptionKeys<CoherenceOptions> = optionKeys<CoherenceOptions>()(
  ...FEATURE_OPTION_KEYS,
  ...PAIR_OPTION_KEYS,
  'confidence',
);

/** The keys of the options of {@link coherenceAsync}. @internal */
export const COHERENCE_ASYNC_OPTION_KEYS: OptionKeys<CoherenceOptions & ParallelOptions> =
  optionKeys<CoherenceOptions & ParallelOptions>()(
    ...COHERENCE_OPTION_KEYS,
    ...PARALLEL_OPTION_KEYS,
  );

/** Coherence of a feature set, with where it is attained and how sure it is. */
export interface Coherence {
  /** max_{i != j} |cos(W_i, W_j)| over live features (sampled: the largest sampled value, a lower bound). */
  coherence: number;
  /** The pair attaining it (original indices, i < j); [-1, -1] without pairs. */
  pair: [number, number];
  /** How pairs were visited. */
  method: 'exact' | 'sampled';
  /** Pairs looked at. */
  pairsExamined: number;
  /** Sampled: with the stated confidence, at most this fraction of pairs exceeds `coherence`. 0 when exact. */
  exceedance: number;
}

/**
 * Coherence: the largest |cos| between two feature directions, the quantity the Welch bound
 * limits from below (see {@link welchBound}) and that decides how much features interfere in
 * the worst case (dense superposition, Elhage et al. 2022, "Toy Models of Superposition").
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: as {@link absCosDistribution} (exact: d n^2 flops, memory O(nd + block^2), no n x n matrix).
 *
 * @param W - feature matrix view.
 * @param options - orientation, pair method and confidence ({@link CoherenceOptions}).
 * @returns {@link Coherence}.
 * @example
 * ```ts
 * // a regular triangle meets the Welch bound: coherence 1/2
 * const a = (2 * Math.PI) / 3;
 * coherence({ data: Float64Array.of(1, Math.cos(a), Math.cos(2 * a), 0, Math.sin(a), Math.sin(2 * a)), rows: 2, cols: 3 }).coherence; // returns 0.5
 * ```
 */
export function coherence(W: MatrixLike, options: CoherenceOptions = {}): Coherence {
  checkKeys('coherence', 'options', options, COHERENCE_OPTION_KEYS);
  const p = prepare('coherence', W, { ...options, quantiles: [] }, false);
  if (p.pairs === 0) return fromDistribution(emptyResult(p));
  if (p.method === 'sampled') return fromDistribution(sampledResult(p));
  const plan = planPass(p.L, p.d, p.block, 0, p.L, p.kernel);
  return fromPass(p, runPassSync(p.U, plan, MAX_ONLY, null));
}

/**
 * {@link coherence} with the exact pass shared between worker threads (see
 * {@link absCosDistributionAsync}): the same result, bit for bit, whatever `workers` is.
 * Among equal largest values the pair is the smallest (i, j).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: exact, d n^2 flops shared by up to `workers` threads (n = 1e5, d = 512: 5.1e12 flops),
 * memory 4nd (shared) + a few MB per worker.
 *
 * @param W - feature matrix view.
 * @param options - orientation, pair method, `workers` (default min(2, cores) in Node, 1 in browsers).
 * @returns a promise of the {@link Coherence}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(5);
 * const data = Float32Array.from({ length: 20_000 * 64 }, () => rng.nextNormal());
 * const c = await coherenceAsync({ data, rows: 20_000, cols: 64 }, { features: 'rows', method: 'exact', workers: 2 });
 * c.coherence; // about 0.66 (randomCoherence(20_000, 64).mean = 0.656), equal to coherence(..., { features: 'rows', method: 'exact' }).coherence
 * ```
 */
export async function coherenceAsync(
  W: MatrixLike,
  options: CoherenceOptions & ParallelOptions = {},
): Promise<Coherence> {
  const fn = 'coherenceAsync';
  checkKeys(fn, 'options', options, COHERENCE_ASYNC_OPTION_KEYS);
  const workers = await resolveWorkers(fn, options.workers);
  const shared = workers > 1 && (await workerThreads()) !== null;
  const p = prepare(fn, W, { ...options, quantiles: [] }, shared);
  if (p.pairs === 0) return fromDistribution(emptyResult(p));
  if (p.method === 'sampled') return fromDistribution(sampledResult(p));
  const plan = planPass(p.L, p.d, p.block, 0, p.L, p.kernel);
  return fromPass(p, (await runPass(p.U, plan, MAX_ONLY, null, workers)).result);
}

/** The exact coherence pass keeps only the maximum (no histogram, no sums). */
const MAX_ONLY: PassConfig = { bins: 1, scale: 1, fine: false, maxOnly: true };

function fromPass(p: Prepared, r: PassResult): Coherence {
  return {
    coherence: r.max,
    pair: [p.live[r.mi], p.live[r.mj]],
    method: 'exact',
    pairsExamined: p.pairs,
    exceedance: 0,
  };
}

function fromDistribution(r: AbsCosDistribution): Coherence {
  return {
    coherence: r.coherence,
    pair: r.coherencePair,
    method: r.method,
    pairsExamined: r.pairsExamined,
    exceedance: r.coherenceExceedance,
  };
}
