import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@hyperposition/hypervector';
import { sampleFeatures, type FeatureRngs } from '../data/sampleFeatures.js';
import { resolveConfig, type ToyModelConfig } from '../model/config.js';
import { createFusedModel, fusedLossAndGrads, type FusedModel } from './fusedModel.js';
import { createFusedSampler, FusedStream, gapThresholds } from './fusedSampleStep.js';
import { createSparseSampler } from './sampleSparse.js';

const streams = (seed: number, n: number): FeatureRngs[] => {
  const root = createRng(seed);
  return Array.from({ length: n }, () => ({ mask: root.fork(), value: root.fork() }));
};

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function maxAbs(a: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]));
  return d;
}

function randomModel(config: ToyModelConfig, seed: number): FusedModel {
  const resolved = resolveConfig(config);
  const { nInstances: I, nHidden: m, nFeatures: n } = resolved;
  const rng = createRng(seed);
  const W = Float32Array.from({ length: I * m * n }, () => rng.nextNormal() * 0.5);
  const b = Float32Array.from({ length: I * n }, () => rng.nextNormal() * 0.2);
  return createFusedModel(resolved, { W, b, Wdec: null }, new Map(), 0);
}

const gapOf = (r: number, p: number): number =>
  Math.floor(Math.log1p(-r / 4294967296) / Math.log1p(-p));

describe('gapThresholds', () => {
  it('puts a threshold no draw reaches at 2^32', () => {
    const t = gapThresholds(0.995, 8)!;
    expect(t[8]).toBe(4294967296);
    expect(gapOf(4294967295, 0.995)).toBeLessThan(8);
  });

  it.each([0.9, 0.5, 20 ** (-1 / 9), 0.05, 1e-3])(
    'gap(r) >= k exactly when r >= t[k], at and around each threshold and at random draws (p = %f)',
    (p) => {
      const t = gapThresholds(p, 6)!;
      expect(t).not.toBeNull();
      const rng = createRng(3);
      for (let k = 1; k <= 6; k++) {
        expect(t[k]).toBeGreaterThanOrEqual(t[k - 1]);
        for (let r = Math.max(0, t[k] - 200); r < Math.min(4294967296, t[k] + 200); r++) {
          expect(gapOf(r, p) >= k).toBe(r >= t[k]);
        }
      }
      for (let j = 0; j < 2000; j++) {
        const r = rng.nextUint32();
        let g = 0;
        while (g < 6 && r >= t[g + 1]) g++;
        expect(g).toBe(Math.min(6, gapOf(r, p)));
      }
    },
  );
});

const cases: { name: string; config: ToyModelConfig; batch: number; l1W: number }[] = [
  {
    name: 'relu-output n = 5, m = 2, p from 1 down to 0.05 (the small benchmark model)',
    config: {
      nInstances: 10,
      nFeatures: 5,
      nHidden: 2,
      featureProbability: Array.from({ length: 10 }, (_, i) => 20 ** (-i / 9)),
      importance: { kind: 'geometric', ratio: 0.9 },
    },
    batch: 256,
    l1W: 0,
  },
  {
    // At p = 0.995 no draw reaches a gap of 5 or more: thresholds at 2^32.
    name: 'relu-output n = 8, m = 3, p in {0, 0.6, 0.2, 1, 0.995}, values on [0.5, 2], weight penalty',
    config: {
      nInstances: 5,
      nFeatures: 8,
      nHidden: 3,
      featureProbability: [0, 0.6, 0.2, 1, 0.995],
      valueRange: [0.5, 2],
    },
    batch: 100,
    l1W: 1e-3,
  },
  {
    name: 'linear n = 6, m = 4, p in {0.9, 0.3, 0.02}',
    config: {
      model: 'linear',
      nInstances: 3,
      nFeatures: 6,
      nHidden: 4,
      featureProbability: [0.9, 0.3, 0.02],
      importance: { kind: 'geometric', ratio: 0.7 },
    },
    batch: 128,
    l1W: 0,
  },
];

describe.each(cases)('createFusedSampler: $name', ({ config, batch, l1W }) => {
  it('gives the loss and gradients of sampleFeatures + fusedLossAndGrads, three steps in a row, and leaves the streams in the same state', () => {
    const resolved = resolveConfig(config);
    const I = resolved.nInstances;
    const a = streams(8, I);
    const b = streams(8, I);
    const ref = randomModel(config, 1);
    const got = randomModel(config, 1);
    const sampler = createFusedSampler(resolved, batch)!;
    expect(sampler).not.toBeNull();
    const pen = { l1W, l1Hidden: 0 };
    for (let k = 0; k < 3; k++) {
      fusedLossAndGrads(ref, sampleFeatures(resolved, batch, a), pen);
      expect(sampler.run(got, b, pen)).toBe(true);
      // Both sum in float64, in different orders: agreement to ~1e-12 relative.
      expect(maxAbsDiff(got.loss, ref.loss)).toBeLessThan(1e-10 * maxAbs(ref.loss) + 1e-14);
      expect(maxAbsDiff(got.gW, ref.gW)).toBeLessThan(1e-6 * maxAbs(ref.gW) + 1e-12);
      expect(maxAbsDiff(got.gb, ref.gb)).toBeLessThan(1e-6 * maxAbs(ref.gb) + 1e-12);
      expect(maxAbs(got.gW)).toBeGreaterThan(0);
    }
    for (let i = 0; i < I; i++) {
      expect(b[i].mask.state()).toEqual(a[i].mask.state());
      expect(b[i].value.state()).toEqual(a[i].value.state());
    }
  });
});

describe('createFusedSampler: where it does not apply', () => {
  const base: ToyModelConfig = { nInstances: 2, nFeatures: 5, nHidden: 2, sparsity: 0.8 };

  it('is null for untied, relu-hidden and abs models, feature groups and large shapes', () => {
    const off: ToyModelConfig[] = [
      { ...base, tied: false },
      { ...base, model: 'relu-hidden' },
      { ...base, model: 'abs' },
      { ...base, featureGroups: [{ kind: 'correlated', features: [0, 1] }] },
      { ...base, nFeatures: 40, nHidden: 2 },
    ];
    for (const c of off) expect(createFusedSampler(resolveConfig(c), 16)).toBeNull();
    expect(createFusedSampler(resolveConfig(base), 16)).not.toBeNull();
  });

  it('declines, drawing nothing, with the hidden-activation penalty or generators not the library own', () => {
    const resolved = resolveConfig(base);
    const sampler = createFusedSampler(resolved, 16)!;
    const model = randomModel(base, 2);
    const rngs = streams(1, 2);
    const before = rngs.map((r) => r.mask.state());
    expect(sampler.run(model, rngs, { l1W: 0, l1Hidden: 1e-3 })).toBe(false);
    const inner = createRng(4);
    const foreign: Rng = {
      nextUint32: () => inner.nextUint32(),
      nextFloat: () => inner.nextFloat(),
      nextNormal: () => inner.nextNormal(),
      nextInt: (k) => inner.nextInt(k),
      fork: () => inner.fork(),
      state: () => inner.state(),
    };
    const mixed = [rngs[0], { mask: foreign, value: rngs[1].value }];
    expect(sampler.run(model, mixed, { l1W: 0, l1Hidden: 0 })).toBe(false);
    expect(rngs.map((r) => r.mask.state())).toEqual(before);
  });
});

describe('createSparseSampler and createFusedSampler draw from the same streams', () => {
  it('a sparse batch after a fused step equals the one after a sampled batch', () => {
    const config: ToyModelConfig = { nInstances: 3, nFeatures: 5, nHidden: 2, sparsity: 0.6 };
    const resolved = resolveConfig(config);
    const a = streams(2, 3);
    const b = streams(2, 3);
    sampleFeatures(resolved, 64, a);
    createFusedSampler(resolved, 64)!.run(randomModel(config, 3), b, { l1W: 0, l1Hidden: 0 });
    const want = sampleFeatures(resolved, 64, a);
    const got = createSparseSampler(resolved, 64).sample(b);
    expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
    expect(Array.from(got.values)).toEqual(Array.from(want.values));
  });
});

describe('FusedStream', () => {
  it('continues the stream exactly: draws, state, forks, and a fused step after draws between steps', () => {
    const config: ToyModelConfig = { nInstances: 2, nFeatures: 5, nHidden: 2, sparsity: 0.5 };
    const resolved = resolveConfig(config);
    const a = streams(21, 2);
    const b = streams(21, 2);
    const sampler = createFusedSampler(resolved, 32)!;
    const ref = randomModel(config, 5);
    const got = randomModel(config, 5);
    const pen = { l1W: 0, l1Hidden: 0 };
    fusedLossAndGrads(ref, sampleFeatures(resolved, 32, a), pen);
    sampler.run(got, b, pen);
    expect(b[0].mask).toBeInstanceOf(FusedStream);
    expect(b[0].mask.state()).toEqual(a[0].mask.state());
    // Draws between steps (a cached normal included) go on from the same state.
    expect([b[0].mask.nextFloat(), b[0].mask.nextNormal()]).toEqual([
      a[0].mask.nextFloat(),
      a[0].mask.nextNormal(),
    ]);
    expect(b[1].value.nextInt(7)).toBe(a[1].value.nextInt(7));
    expect(b[0].mask.state()).toEqual(a[0].mask.state());
    expect(b[1].value.fork().nextUint32()).toBe(a[1].value.fork().nextUint32());
    for (let k = 0; k < 2; k++) {
      fusedLossAndGrads(ref, sampleFeatures(resolved, 32, a), pen);
      expect(sampler.run(got, b, pen)).toBe(true);
      expect(maxAbsDiff(got.loss, ref.loss)).toBeLessThan(1e-10 * maxAbs(ref.loss));
    }
    for (let i = 0; i < 2; i++) {
      expect(b[i].mask.state()).toEqual(a[i].mask.state());
      expect(b[i].value.state()).toEqual(a[i].value.state());
      expect(b[i].value.nextUint32()).toBe(a[i].value.nextUint32());
    }
    // sampleFeatures and the sparse sampler read it as any generator.
    const want = sampleFeatures(resolved, 32, a);
    expect(Array.from(createSparseSampler(resolved, 32).sample(b).values)).toEqual(
      Array.from(want.values),
    );
  });
});
