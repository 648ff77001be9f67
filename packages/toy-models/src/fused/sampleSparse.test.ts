import { describe, expect, it } from 'vitest';
import { createRng } from '@hyperposition/hypervector';
import { sampleFeatures, type FeatureRngs } from '../data/sampleFeatures.js';
import { resolveConfig, type ToyModelConfig } from '../model/config.js';
import { createSparseSampler } from './sampleSparse.js';

const streams = (seed: number, n: number): FeatureRngs[] => {
  const root = createRng(seed);
  return Array.from({ length: n }, () => ({ mask: root.fork(), value: root.fork() }));
};

const cases: { name: string; config: ToyModelConfig; batch: number }[] = [
  {
    name: 'n = 5, p from 1 down to 0.05 (threshold gaps)',
    config: {
      nInstances: 10,
      nFeatures: 5,
      nHidden: 2,
      featureProbability: Array.from({ length: 10 }, (_, i) => 20 ** (-i / 9)),
    },
    batch: 300,
  },
  {
    name: 'n = 40, p = 0.5 and 0, values in [-1, 1] (abs model)',
    config: {
      model: 'abs',
      nInstances: 2,
      nFeatures: 40,
      nHidden: 3,
      featureProbability: [0.5, 0],
    },
    batch: 64,
  },
  {
    name: 'n = 3000, p = 0.01 (logarithm gaps)',
    config: { nInstances: 1, nFeatures: 3000, nHidden: 10, featureProbability: 0.01 },
    batch: 50,
  },
  {
    name: 'feature groups (falls back to sampleFeatures)',
    config: {
      nInstances: 2,
      nFeatures: 6,
      nHidden: 2,
      sparsity: 0.7,
      featureGroups: [{ kind: 'anticorrelated', features: [0, 1] }],
    },
    batch: 40,
  },
];

describe.each(cases)('createSparseSampler: $name', ({ config, batch }) => {
  it('draws exactly the batches of sampleFeatures, three in a row, and leaves the streams in the same state', () => {
    const resolved = resolveConfig(config);
    const a = streams(5, resolved.nInstances);
    const b = streams(5, resolved.nInstances);
    const sampler = createSparseSampler(resolved, batch);
    let active = 0;
    for (let k = 0; k < 3; k++) {
      const want = sampleFeatures(resolved, batch, a);
      const got = sampler.sample(b);
      expect(Array.from(got.offsets)).toEqual(Array.from(want.offsets));
      expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
      expect(Array.from(got.values)).toEqual(Array.from(want.values));
      active += want.indices.length;
    }
    expect(active).toBeGreaterThan(0);
    for (let i = 0; i < resolved.nInstances; i++) {
      expect(b[i].mask.state()).toEqual(a[i].mask.state());
      expect(b[i].value.state()).toEqual(a[i].value.state());
    }
  });
});
