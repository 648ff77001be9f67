import { capacity, type ModelName, type Rng } from '@hyperposition/hypervector';
import {
  FEATURE_OPTION_KEYS,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { checkKeys, checkReal, optionKeys, type OptionKeys } from '../errors.js';
import { absCosDistributionAs } from '../dense/absCosDistribution.js';
import type { PairMethod } from '../core/sampling.js';

/** Options of {@link codebookCapacity}. */
export interface CodebookCapacityOptions extends FeatureOptions {
  /** Required read-out accuracy in (0, 1) (default 0.99). */
  accuracy?: number;
  /** Bundling rule whose effective dimension applies (default 'MAP-I'). */
  model?: ModelName;
  /** How the mean cos^2 is measured (default 'auto'). */
  method?: PairMethod;
  /** Sampled pairs when sampling (default 200000). */
  samples?: number;
  /** Seeded generator, required when sampling. */
  rng?: Rng;
}

/** The keys of {@link CodebookCapacityOptions}, checked against it at compile time. @internal */
export const CODEBOOK_CAPACITY_OPTION_KEYS: OptionKeys<CodebookCapacityOptions> =
  optionKeys<CodebookCapacityOptions>()(
    ...FEATURE_OPTION_KEYS,
    'accuracy',
    'model',
    'method',
    'samples',
    'rng',
  );

/** Capacity of a codebook. */
export interface CodebookCapacity {
  /**
   * Largest bundle size K read out at the required accuracy, at most `items`: a bundle holds
   * each codebook item at most once, so the theory's answer (which grows without bound as the
   * effective dimension does, e.g. for an orthogonal codebook) is capped at n.
   */
  capacity: number;
  /** What random items of the same dimension would hold (also capped at `items`). */
  randomCapacity: number;
  /** 1 / mean cos^2 of the codebook (d for random items). */
  effectiveDim: number;
  /** Items N. */
  items: number;
  /** Dimension d. */
  dim: number;
}

/**
 * How many items can share a bundle and still be read out by arg-max against the codebook
 * with the required accuracy, from `capacity` of `@hyperposition/hypervector` (Frady, Kleyko
 * and Sommer 2018) evaluated at the codebook's effective dimension 1 / mean cos^2: a codebook
 * more orthogonal than random holds more, a correlated one less. Both capacities are capped
 * at the number of live items n: an orthogonal codebook (effective dimension infinite)
 * reports n, not the unbounded theoretical value.
 *
 * Shape: codebook row-major `[n, d]` with `features: 'rows'`. Cost: as
 * {@link absCosDistribution} (exact d n^2 flops, or sampled), plus about 20 quadratures.
 *
 * @param codebook - item matrix view.
 * @param options - `accuracy`, `model`, pair method, orientation.
 * @returns {@link CodebookCapacity}.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const rng = createRng(4);
 * const C = { data: Float32Array.from({ length: 1000 * 1000 }, () => rng.nextNormal()), rows: 1000, cols: 1000 };
 * codebookCapacity(C, { features: 'rows', rng }).capacity; // about 30, as capacity({ dim: 1000, items: 1000, accuracy: 0.99 })
 * ```
 */
export function codebookCapacity(
  codebook: MatrixLike,
  options: CodebookCapacityOptions = {},
): CodebookCapacity {
  const fn = 'codebookCapacity';
  checkKeys(fn, 'options', options, CODEBOOK_CAPACITY_OPTION_KEYS);
  const accuracy = checkReal(fn, 'options.accuracy', options.accuracy ?? 0.99, 0, 1, 'both');
  const model = options.model ?? 'MAP-I';
  const dist = absCosDistributionAs(fn, codebook, {
    features: options.features,
    method: options.method,
    samples: options.samples ?? 200_000,
    rng: options.rng,
    quantiles: [],
  });
  const items = Math.max(1, dist.liveFeatures);
  const effectiveDim = dist.meanSquare > 0 ? 1 / dist.meanSquare : Infinity;
  const dimFor = (x: number): number => Math.max(1, Math.min(2 ** 40, Math.round(x)));
  return {
    capacity: Math.min(items, capacity({ dim: dimFor(effectiveDim), items, accuracy, model })),
    randomCapacity: Math.min(items, capacity({ dim: dist.dim, items, accuracy, model })),
    effectiveDim,
    items,
    dim: dist.dim,
  };
}
