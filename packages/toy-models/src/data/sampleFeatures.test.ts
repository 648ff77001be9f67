import { describe, expect, it } from 'vitest';
import { createRng } from '@hyperposition/hypervector';
import { resolveConfig, type ToyModelConfig } from '../model/config.js';
import { sampleFeatures, type FeatureRngs } from './sampleFeatures.js';

const streams = (seed: number, k: number): FeatureRngs[] => {
  const root = createRng(seed);
  return Array.from({ length: k }, () => ({ mask: root.fork(), value: root.fork() }));
};

describe('sampleFeatures', () => {
  it('activates each feature with probability p = 1 - S per instance (4 sigma)', () => {
    const config = resolveConfig({
      nInstances: 3,
      nFeatures: 200,
      nHidden: 2,
      featureProbability: [1, 0.3, 0.01],
    });
    const B = 500;
    const batch = sampleFeatures(config, B, streams(1, 3));
    [1, 0.3, 0.01].forEach((p, i) => {
      const count = batch.offsets[(i + 1) * B] - batch.offsets[i * B];
      const trials = B * 200;
      const sigma = Math.sqrt(trials * p * (1 - p));
      expect(Math.abs(count - trials * p)).toBeLessThanOrEqual(4 * sigma + 1e-9);
    });
  });

  it('draws values uniform on the value range, mean (lo + hi) / 2 (4 sigma)', () => {
    const config = resolveConfig({ nFeatures: 50, nHidden: 2, sparsity: 0.5, valueRange: [-1, 3] });
    const batch = sampleFeatures(config, 400, streams(2, 1));
    const v = batch.values;
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThan(3);
    const mean = v.reduce((a, x) => a + x, 0) / v.length;
    const sigma = 4 / Math.sqrt(12) / Math.sqrt(v.length);
    expect(Math.abs(mean - 1)).toBeLessThan(4 * sigma);
  });

  it('stores the same numbers in the dense and CSR layouts', () => {
    const config = resolveConfig({ nInstances: 2, nFeatures: 7, nHidden: 2, sparsity: [0.2, 0.8] });
    const b = sampleFeatures(config, 30, streams(3, 2));
    const rebuilt = new Float32Array(b.dense.length);
    for (let r = 0; r < 60; r++) {
      for (let e = b.offsets[r]; e < b.offsets[r + 1]; e++)
        rebuilt[r * 7 + b.indices[e]] = b.values[e];
    }
    expect(Array.from(rebuilt)).toEqual(Array.from(b.dense));
    expect(b.values.every((x) => x > 0)).toBe(true);
  });

  it('is deterministic for a seed, and the presence draw is independent of the value range', () => {
    const base: ToyModelConfig = { nInstances: 2, nFeatures: 20, nHidden: 2, sparsity: 0.7 };
    const a = sampleFeatures(resolveConfig(base), 16, streams(4, 2));
    const again = sampleFeatures(resolveConfig(base), 16, streams(4, 2));
    expect(again).toEqual(a);
    const scaled = sampleFeatures(
      resolveConfig({ ...base, valueRange: [0, 10] }),
      16,
      streams(4, 2),
    );
    expect(Array.from(scaled.indices)).toEqual(Array.from(a.indices));
    scaled.values.forEach((v, e) => expect(v).toBeCloseTo(10 * a.values[e], 4));
  });

  it('correlated groups are all active or all zero; anticorrelated have at most one active, each with marginal p', () => {
    const p = 0.2;
    const config = resolveConfig({
      nFeatures: 6,
      nHidden: 2,
      featureProbability: p,
      featureGroups: [
        { kind: 'correlated', features: [0, 1, 2] },
        { kind: 'anticorrelated', features: [3, 4] },
      ],
    });
    const B = 4000;
    const x = sampleFeatures(config, B, streams(5, 1)).dense;
    const counts = new Array<number>(6).fill(0);
    for (let s = 0; s < B; s++) {
      const row = x.subarray(s * 6, s * 6 + 6);
      const on = Array.from(row, (v) => v !== 0);
      expect(on[0] === on[1] && on[1] === on[2]).toBe(true);
      expect(on[3] && on[4]).toBe(false);
      on.forEach((o, f) => (counts[f] += o ? 1 : 0));
    }
    const sigma = Math.sqrt(B * p * (1 - p));
    for (const f of [0, 3, 4, 5]) expect(Math.abs(counts[f] - B * p)).toBeLessThan(4 * sigma);
  });

  it('draws O(active) presence numbers: at n = 100,000 and p = 0.001 it makes about B * (k + 1) draws', () => {
    const config = resolveConfig({ nFeatures: 100_000, nHidden: 2, featureProbability: 0.001 });
    let draws = 0;
    const [s] = streams(6, 1);
    const counting: FeatureRngs = {
      mask: { ...s.mask, nextFloat: () => (draws++, s.mask.nextFloat()) },
      value: s.value,
    };
    const batch = sampleFeatures(config, 64, [counting]);
    expect(draws).toBe(batch.indices.length + 64);
  });
});
