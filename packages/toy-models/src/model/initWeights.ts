import type { Rng } from '@hyperposition/hypervector';
import type { ResolvedToyModelConfig } from './config.js';

/**
 * The standard deviation of the initial weights for a config.
 *
 * `'xavier-notebook'` reproduces PyTorch's `xavier_normal_` on the reference notebook's
 * (instances, features, hidden) tensor: fan_in = nFeatures * nHidden and
 * fan_out = nInstances * nHidden, so std = sqrt(2 / ((nFeatures + nInstances) * nHidden)).
 * That the instance count changes the std is a quirk of the notebook (Elhage et al. 2022,
 * toy_models.ipynb), kept because the init scale decides which solution is found.
 *
 * @param config - resolved config.
 * @returns the std used by {@link initWeights}.
 * @example
 * ```ts
 * initStd(resolveConfig({ nInstances: 10, nFeatures: 5, nHidden: 2 })); // returns 0.2582 (approximately)
 * ```
 */
export function initStd(config: ResolvedToyModelConfig): number {
  if (config.init === 'xavier-notebook') {
    return Math.sqrt(2 / ((config.nFeatures + config.nInstances) * config.nHidden));
  }
  return config.init.std;
}

/**
 * Draw initial weights from seeded generators, one per instance: instance i draws its W
 * (row-major [nHidden, nFeatures]) and then, when untied, its Wdec from `rngs[i]`.
 *
 * @param config - resolved config.
 * @param rngs - one generator per instance (advanced in place).
 * @returns `W` and `Wdec` (null when tied), row-major [nInstances, nHidden, nFeatures].
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const { W } = initWeights(resolveConfig({ nFeatures: 5, nHidden: 2 }), [createRng(0)]);
 * W.length; // returns 10
 * ```
 */
export function initWeights(
  config: ResolvedToyModelConfig,
  rngs: readonly Rng[],
): { W: Float32Array; Wdec: Float32Array | null } {
  const std = initStd(config);
  const size = config.nHidden * config.nFeatures;
  const W = new Float32Array(config.nInstances * size);
  const Wdec = config.tied ? null : new Float32Array(config.nInstances * size);
  for (let i = 0; i < config.nInstances; i++) {
    const rng = rngs[i];
    for (let k = 0; k < size; k++) W[i * size + k] = std * rng.nextNormal();
    if (Wdec) for (let k = 0; k < size; k++) Wdec[i * size + k] = std * rng.nextNormal();
  }
  return { W, Wdec };
}
