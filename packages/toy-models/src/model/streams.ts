import { createRng, type Rng } from '@hyperposition/hypervector';
import type { FeatureRngs } from '../data/sampleFeatures.js';
import type { ResolvedToyModelConfig } from './config.js';

/** Per-instance random streams: weight init and data (presence and values). @internal */
export interface InstanceStreams {
  init: Rng;
  data: FeatureRngs;
}

function fromRoot(root: Rng): InstanceStreams {
  return { init: root.fork(), data: { mask: root.fork(), value: root.fork() } };
}

/**
 * Derive every instance's streams: from `instanceSeeds[i]` when given, else from forks of
 * `createRng(seed)` taken in instance order.
 * @internal
 */
export function instanceStreams(config: ResolvedToyModelConfig): InstanceStreams[] {
  if (config.instanceSeeds) return config.instanceSeeds.map((s) => fromRoot(createRng(s)));
  const root = createRng(config.seed);
  return Array.from({ length: config.nInstances }, () => fromRoot(root.fork()));
}

/** Data streams for every instance forked from one generator. @internal */
export function dataStreamsFrom(root: Rng, nInstances: number): FeatureRngs[] {
  return Array.from({ length: nInstances }, () => fromRoot(root.fork()).data);
}
