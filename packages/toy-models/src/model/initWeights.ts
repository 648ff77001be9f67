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
 * Draw initial weights from a seeded generator, row-major [nInstances, nHidden, nFeatures].
 *
 * @param config - resolved config.
 * @param rng - the generator (advanced by nInstances * nHidden * nFeatures normal draws).
 * @returns a new Float32Array of initial weights.
 * @example
 * ```ts
 * const W = initWeights(resolveConfig({ nFeatures: 5, nHidden: 2 }), createRng(0));
 * W.length; // returns 10
 * ```
 */
export function initWeights(config: ResolvedToyModelConfig, rng: Rng): Float32Array {
  const std = initStd(config);
  const out = new Float32Array(config.nInstances * config.nHidden * config.nFeatures);
  for (let i = 0; i < out.length; i++) out[i] = std * rng.nextNormal();
  return out;
}
