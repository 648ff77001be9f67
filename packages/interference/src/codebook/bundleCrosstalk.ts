import { expectedRetrievalAccuracy, type ModelName, type Rng } from '@hyperposition/hypervector';
import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { featureNormsOf, liveUnitRows } from '../core/normalize.js';
import { checkInt, checkKeys, fail, optionKeys, type OptionKeys } from '../errors.js';
import { absCosDistributionAs } from '../dense/absCosDistribution.js';

/** Options of {@link bundleCrosstalk}. */
export interface BundleCrosstalkOptions extends FeatureOptions {
  /** Number of items K summed into each bundle (integer in [1, n - 1]). */
  bundleSize: number;
  /** Seeded generator for the random bundles (and for sampling pairs when n is large). */
  rng: Rng;
  /** Number of random bundles (default 100). */
  trials?: number;
  /** Bundling rule whose effective dimension the expected accuracy uses (default 'MAP-I', plain sums). */
  model?: ModelName;
}

/** The keys of {@link BundleCrosstalkOptions}, checked against it at compile time. @internal */
export const BUNDLE_CROSSTALK_OPTION_KEYS: OptionKeys<BundleCrosstalkOptions> =
  optionKeys<BundleCrosstalkOptions>()(
    ...FEATURE_OPTION_KEYS,
    'bundleSize',
    'rng',
    'trials',
    'model',
  );

/** Crosstalk statistics of a codebook's bundles: scores are dot products of unit items with the sum of K unit items. */
export interface BundleCrosstalk {
  /** Items n (live rows). */
  items: number;
  /** Dimension d. */
  dim: number;
  /** Bundle size K. */
  bundleSize: number;
  /** Mean cos^2 between distinct items (exact, or sampled for large codebooks). */
  meanSquareCos: number;
  /** 1 / meanSquareCos: the dimension in which random vectors would cross-talk as much (d for random items). */
  effectiveDim: number;
  /** Theory from the codebook's mean cos^2 rho^2, treating cross terms as independent. */
  expected: {
    /** 1 (the item itself). */
    memberMean: number;
    /** sqrt((K - 1) rho^2). */
    memberStd: number;
    /** 0. */
    nonMemberMean: number;
    /** sqrt(K rho^2). */
    nonMemberStd: number;
    /** expectedRetrievalAccuracy({ dim: round(effectiveDim), bundleSize: K, items: n - K + 1, model }) (Frady et al. 2018), from @hyperposition/hypervector. */
    accuracy: number;
  };
  /** Measured over `trials` random bundles. */
  measured: {
    memberMean: number;
    memberStd: number;
    nonMemberMean: number;
    nonMemberStd: number;
    /** Fraction of (bundle, member) pairs whose score beats every non-member's. */
    accuracy: number;
    /** Binomial standard error of `accuracy` (pairs within a bundle treated as independent). */
    accuracyStdError: number;
  };
}

/** Models whose bundle crosstalk the Gaussian theory covers (not SBC). */
const GAUSSIAN_MODELS: readonly ModelName[] = ['MAP-B', 'MAP-I', 'MAP-C', 'BSC', 'HRR', 'FHRR'];

/**
 * Expected and measured crosstalk when K items of a codebook share a bundle (superposition in
 * a VSA; Frady, Kleyko and Sommer 2018, Neural Computation 30(6); the dense-superposition
 * reading of Elhage et al. 2022): a member scores 1 plus the sum of K - 1 cross terms, a
 * non-member the sum of K cross terms, so their spreads are sqrt((K - 1) rho^2) and
 * sqrt(K rho^2) with rho^2 the codebook's mean cos^2 (1/d for random items). Retrieval of a
 * member against the n - K non-members is compared with the capacity formula of
 * `@hyperposition/hypervector` evaluated at the codebook's effective dimension 1/rho^2.
 *
 * Shape: codebook row-major `[n, d]` with `features: 'rows'` (or `[d, n]` with the default
 * `'columns'`). Cost: mean cos^2 as {@link absCosDistribution} ('auto'), then
 * trials * (n d + K d) flops; memory 4nd + 8(n + d).
 *
 * @param codebook - item matrix view.
 * @param options - `bundleSize` K, `rng`, `trials`, `model`, orientation.
 * @returns {@link BundleCrosstalk}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(11);
 * const C = { data: Float32Array.from({ length: 1000 * 256 }, () => (rng.nextFloat() < 0.5 ? -1 : 1)), rows: 1000, cols: 256 };
 * const x = bundleCrosstalk(C, { features: 'rows', bundleSize: 10, rng });
 * [x.expected.nonMemberStd, x.measured.nonMemberStd]; // both about sqrt(10 / 256) = 0.198
 * ```
 */
export function bundleCrosstalk(
  codebook: MatrixLike,
  options: BundleCrosstalkOptions,
): BundleCrosstalk {
  const fn = 'bundleCrosstalk';
  if (options === null || typeof options !== 'object') {
    fail(fn, 'options', '{ bundleSize, rng }', options, 'type');
  }
  checkKeys(fn, 'options', options, BUNDLE_CROSSTALK_OPTION_KEYS);
  const model = options.model ?? 'MAP-I';
  // Checked before the expensive pass: the theory covers the Gaussian-crosstalk models only.
  if (!GAUSSIAN_MODELS.includes(model)) {
    fail(
      fn,
      'options.model',
      `one of ${GAUSSIAN_MODELS.join(', ')} (SBC is not Gaussian)`,
      model,
      typeof model === 'string' ? 'range' : 'type',
    );
  }
  const F = featureMatrixAs(fn, codebook, options);
  const { U, live } = liveUnitRows(F, featureNormsOf(F));
  const n = live.length;
  const d = F.dim;
  if (n < 2) fail(fn, 'codebook', 'at least 2 non-zero items', n);
  const K = checkInt(fn, 'options.bundleSize', options.bundleSize, 1, n - 1);
  const trials = checkInt(fn, 'options.trials', options.trials ?? 100, 1);
  const rng = options.rng;
  if (rng === undefined || typeof rng.nextInt !== 'function') {
    fail(fn, 'options.rng', 'a seeded Rng (createRng(seed))', rng, 'type');
  }
  const dist = absCosDistributionAs(fn, codebook, {
    features: options.features,
    quantiles: [],
    samples: 200_000,
    rng,
  });
  const rho2 = dist.meanSquare;
  const effectiveDim = rho2 > 0 ? 1 / rho2 : Infinity;
  const accuracy =
    effectiveDim === Infinity
      ? 1
      : expectedRetrievalAccuracy({
          dim: Math.max(1, Math.round(effectiveDim)),
          bundleSize: K,
          items: n - K + 1,
          model,
        });

  const bundle = new Float64Array(d);
  const scores = new Float64Array(n);
  const member = new Uint8Array(n);
  const chosen = new Int32Array(K);
  let mSum = 0;
  let mSq = 0;
  let oSum = 0;
  let oSq = 0;
  let hits = 0;
  for (let t = 0; t < trials; t++) {
    // Floyd's algorithm: K distinct items.
    member.fill(0);
    for (let j = n - K, c = 0; j < n; j++, c++) {
      const r = rng.nextInt(j + 1);
      const pick = member[r] ? j : r;
      member[pick] = 1;
      chosen[c] = pick;
    }
    bundle.fill(0);
    for (let c = 0; c < K; c++) {
      const o = chosen[c] * d;
      for (let k = 0; k < d; k++) bundle[k] += U[o + k];
    }
    let bestOther = -Infinity;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) s += U[o + k] * bundle[k];
      scores[i] = s;
      if (member[i]) {
        mSum += s;
        mSq += s * s;
      } else {
        oSum += s;
        oSq += s * s;
        if (s > bestOther) bestOther = s;
      }
    }
    for (let c = 0; c < K; c++) if (scores[chosen[c]] > bestOther) hits++;
  }
  const nm = trials * K;
  const no = trials * (n - K);
  const mMean = mSum / nm;
  const oMean = oSum / no;
  const acc = hits / nm;
  return {
    items: n,
    dim: d,
    bundleSize: K,
    meanSquareCos: rho2,
    effectiveDim,
    expected: {
      memberMean: 1,
      memberStd: Math.sqrt((K - 1) * rho2),
      nonMemberMean: 0,
      nonMemberStd: Math.sqrt(K * rho2),
      accuracy,
    },
    measured: {
      memberMean: mMean,
      memberStd: Math.sqrt(Math.max(0, mSq / nm - mMean * mMean)),
      nonMemberMean: oMean,
      nonMemberStd: Math.sqrt(Math.max(0, oSq / no - oMean * oMean)),
      accuracy: acc,
      accuracyStdError: Math.sqrt((acc * (1 - acc)) / nm),
    },
  };
}
