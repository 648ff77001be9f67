import { describe, expect, it } from 'vitest';
import { createModel } from '../models/createModel.js';
import { createRng } from '../random/rng.js';
import type { BundleNormalization, ModelName } from '../types.js';
import { randomSimilarityMoments } from './atomSimilarity.js';
import { clippedEdgeworth, clippedExact, expectedBundleSimilarity } from './bundleSimilarity.js';
import { majorityAgreement } from './majority.js';
import { erf, erfc, normalCdf, normalPdf } from './normal.js';
import { capacity, expectedRetrievalAccuracy } from './retrieval.js';

describe('normal distribution', () => {
  // Reference values from Abramowitz and Stegun table 7.1 and high-precision evaluation.
  it.each([
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [-1.5, -0.9661051464753108],
  ])('erf(%f) = %f to 1e-13', (x, want) => {
    expect(Math.abs(erf(x) - want)).toBeLessThan(1e-13);
  });

  it.each([
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [10, 2.088487583762545e-45],
  ])('erfc(%f) = %e to 1e-11 relative (upper tail)', (x, want) => {
    expect(Math.abs(erfc(x) / want - 1)).toBeLessThan(1e-11);
  });

  it.each([
    [2, 0.004677734981047265],
    [2.5, 0.0004069520174449589],
    [2.95, 3.020304206413823e-5],
    [3.5, 7.430983723414128e-7],
  ])('erfc(%f) = %e to 1e-12 relative, also below 3', (x, want) => {
    expect(Math.abs(erfc(x) / want - 1)).toBeLessThan(1e-12);
  });

  it('erf near 0 keeps its digits: 2x/sqrt(pi) (1 - x^2/3)', () => {
    for (const x of [1e-20, 1e-10, -1e-10, 1e-5]) {
      const want = (2 / Math.sqrt(Math.PI)) * x * (1 - (x * x) / 3);
      expect(Math.abs(erf(x) / want - 1), String(x)).toBeLessThan(1e-15);
    }
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
  });

  it('is continuous where the method switches (x = 2)', () => {
    expect(Math.abs(erfc(2 - 1e-9) - erfc(2)) / erfc(2)).toBeLessThan(1e-7);
    expect(erfc(2 - 1e-9)).toBeGreaterThan(erfc(2));
  });

  it('normalCdf names itself for a non-number', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(/^normalCdf: x expected a number, got NaN/);
  });

  it('normalCdf: quantiles and tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(Math.abs(normalCdf(1.959963984540054) - 0.975)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-10) / 7.619853024160527e-24 - 1)).toBeLessThan(1e-10);
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });
});

describe('majorityAgreement', () => {
  it('1/2 + C(K-1, (K-1)/2)/2^K for odd K', () => {
    expect(majorityAgreement(1)).toBe(1);
    expect(majorityAgreement(3)).toBeCloseTo(0.75, 14);
    expect(majorityAgreement(5)).toBeCloseTo(0.6875, 14);
    expect(majorityAgreement(7)).toBeCloseTo(0.65625, 14);
  });

  it('an even K with random ties equals K + 1', () => {
    for (const K of [2, 4, 10, 100])
      expect(majorityAgreement(K)).toBeCloseTo(majorityAgreement(K + 1), 14);
  });

  it('tends to 1/2 + 1/sqrt(2 pi K) for large K', () => {
    const K = 100001;
    expect(
      Math.abs(majorityAgreement(K) - 0.5 - 1 / Math.sqrt(2 * Math.PI * K)) * Math.sqrt(K),
    ).toBeLessThan(1e-3);
  });
});

describe('expectedBundleSimilarity: MAP-C clipped sums', () => {
  const mapC = (K: number): number => expectedBundleSimilarity({ model: 'MAP-C', bundleSize: K });

  it('K = 1 and 2 by hand: 1, and 13 sqrt(3) / (48 sqrt(11/24)) from the triangular density', () => {
    // S = x1 + x2 has density (2 - |s|) / 4: E[S^2; |S| <= 1] = 5/24, P(|S| <= 1) = 3/4,
    // E[|S|; |S| > 1] = 1/3, so the cosine is (5/24 + 1/3) / ((2 / sqrt 3) sqrt(5/24 + 1/4)).
    expect(mapC(1)).toBe(1);
    expect(mapC(2)).toBeCloseTo((13 * Math.sqrt(3)) / (48 * Math.sqrt(11 / 24)), 14);
    expect(mapC(3)).toBeCloseTo(0.5533985905, 9);
  });

  it('the Edgeworth expansion meets the exact value where they hand over (error ~ 0.01 / K^2)', () => {
    for (const [K, tol] of [
      [10, 1e-4],
      [20, 3e-5],
      [40, 1e-5],
    ] as const) {
      expect(Math.abs(clippedEdgeworth(K) / clippedExact(K) - 1)).toBeLessThan(tol);
    }
    expect(mapC(40)).toBe(clippedExact(40));
    expect(mapC(41)).toBe(clippedEdgeworth(41));
  });

  it('lies above the large-K limit sqrt(2 / (pi K)), and tends to it', () => {
    const limit = (K: number): number => Math.sqrt(2 / (Math.PI * K));
    // relative gap about 0.46 / sqrt(K) (from 1 / (sigma sqrt(2 pi)) terms): 17% at K = 3
    expect(mapC(3) / limit(3)).toBeCloseTo(1.2013, 4);
    expect(mapC(100) / limit(100)).toBeCloseTo(1.0446, 4);
    expect(mapC(1e6) / limit(1e6)).toBeCloseTo(1.0005, 4);
  });
});

describe('randomSimilarityMoments and expectedBundleSimilarity', () => {
  it('per model', () => {
    expect(randomSimilarityMoments({ model: 'MAP-B', dim: 100 })).toEqual({
      mean: 0,
      variance: 0.01,
    });
    expect(randomSimilarityMoments({ model: 'FHRR', dim: 100 })).toEqual({
      mean: 0,
      variance: 0.005,
    });
    expect(randomSimilarityMoments({ model: 'BSC', dim: 100 })).toEqual({
      mean: 0.5,
      variance: 0.0025,
    });
    expect(randomSimilarityMoments({ model: 'SBC', dim: 100, blockSize: 4 })).toEqual({
      mean: 0.25,
      variance: (0.25 * 0.75) / 25,
    });
    expect(expectedBundleSimilarity({ model: 'BSC', bundleSize: 3 })).toBeCloseTo(0.75, 14);
    expect(() => expectedBundleSimilarity({ model: 'SBC', bundleSize: 3 })).toThrow(
      'expectedBundleSimilarity: options.model expected one of MAP-B, MAP-I, MAP-C, BSC, HRR, FHRR (SBC has no closed form), got "SBC"',
    );
  });
});

describe('expectedRetrievalAccuracy', () => {
  it('N = 2 has the closed form Phi(sqrt(d/K) / sqrt 2) (quadrature to 1e-9)', () => {
    for (const [d, K] of [
      [10, 7],
      [100, 30],
      [50, 200],
    ]) {
      const want = normalCdf(Math.sqrt(d / K) / Math.SQRT2);
      expect(
        Math.abs(expectedRetrievalAccuracy({ dim: d, bundleSize: K, items: 2 }) - want),
      ).toBeLessThan(1e-9);
    }
  });

  it('one item is always right; accuracy falls with K and rises with d', () => {
    expect(expectedRetrievalAccuracy({ dim: 10, bundleSize: 100, items: 1 })).toBe(1);
    const p = (dim: number, bundleSize: number): number =>
      expectedRetrievalAccuracy({ dim, bundleSize, items: 1000 });
    expect(p(1000, 20)).toBeGreaterThan(p(1000, 40));
    expect(p(2000, 40)).toBeGreaterThan(p(1000, 40));
    // Far past capacity it tends to chance, 1/N.
    expect(p(10, 100000)).toBeLessThan(0.002);
  });

  it('effective dimensions: FHRR at d equals MAP-I at 2d; MAP-B and BSC use 2d/pi', () => {
    const a = expectedRetrievalAccuracy({ dim: 300, bundleSize: 20, items: 100, model: 'FHRR' });
    expect(a).toBeCloseTo(expectedRetrievalAccuracy({ dim: 600, bundleSize: 20, items: 100 }), 12);
    const b = expectedRetrievalAccuracy({ dim: 500, bundleSize: 20, items: 100, model: 'BSC' });
    expect(b).toBe(
      expectedRetrievalAccuracy({ dim: 500, bundleSize: 20, items: 100, model: 'MAP-B' }),
    );
    expect(b).toBeLessThan(expectedRetrievalAccuracy({ dim: 500, bundleSize: 20, items: 100 }));
    expect(() =>
      expectedRetrievalAccuracy({ dim: 500, bundleSize: 20, items: 100, model: 'SBC' }),
    ).toThrow(
      'expectedRetrievalAccuracy: options.model expected one of MAP-B, MAP-I, MAP-C, BSC, HRR, FHRR (SBC is not Gaussian), got "SBC"',
    );
  });
});

describe('capacity', () => {
  it('SCIENCE.md: at N = 1000 and 99%, MAP-I holds about 30 pairs at d = 1000 and about 300 at d = 10,000', () => {
    expect(capacity({ dim: 1000, items: 1000, accuracy: 0.99 })).toBe(30);
    const big = capacity({ dim: 10_000, items: 1000, accuracy: 0.99 });
    expect(big).toBeGreaterThanOrEqual(290);
    expect(big).toBeLessThanOrEqual(320);
  });

  it('is the largest K meeting the accuracy', () => {
    const K = capacity({ dim: 2000, items: 500, accuracy: 0.95, model: 'MAP-B' });
    expect(
      expectedRetrievalAccuracy({ dim: 2000, bundleSize: K, items: 500, model: 'MAP-B' }),
    ).toBeGreaterThanOrEqual(0.95);
    expect(
      expectedRetrievalAccuracy({ dim: 2000, bundleSize: K + 1, items: 500, model: 'MAP-B' }),
    ).toBeLessThan(0.95);
    expect(capacity({ dim: 1, items: 1000, accuracy: 0.99 })).toBe(0);
    // no finite capacity: one item, or a target at or below chance (the limit 1/N as K grows)
    expect(capacity({ dim: 100, items: 1, accuracy: 0.99 })).toBe(Infinity);
    expect(capacity({ dim: 100, items: 2, accuracy: 0.4 })).toBe(Infinity);
    expect(capacity({ dim: 100, items: 4, accuracy: 0.25 })).toBe(Infinity);
    // just above chance the capacity is finite (accuracy falls towards 1/N)
    expect(Number.isFinite(capacity({ dim: 100, items: 4, accuracy: 0.3 }))).toBe(true);
  });

  it('rejects a bad accuracy', () => {
    expect(() => capacity({ dim: 100, items: 10, accuracy: 1.5 })).toThrow(
      'capacity: options.accuracy expected a number in (0, 1), got 1.5',
    );
  });
});

// The capacity formula against a seeded simulation: K pairs (random keys, values drawn from a
// codebook of N = 100 items) bundled into one record at d = 500, each pair read out by
// unbinding and arg-max clean-up. With q = 25·K read-outs the binomial sd of the observed
// accuracy is sqrt(p (1 - p) / q); the tolerance is 4 sd plus 0.01 for the formula's
// Gaussian approximation (read-outs from one record are weakly correlated).
// MAP-C is checked with its unnormalised record, the case its d_eff = d describes.
describe.each<[ModelName, BundleNormalization | undefined]>([
  ['MAP-I', undefined],
  ['MAP-B', undefined],
  ['MAP-C', 'none'],
  ['HRR', undefined],
  ['FHRR', 'none'],
])(
  '%s: capacity formula against simulation (d = 500, N = 100, normalize %s)',
  (name, normalize) => {
    it.each([20, 30, 40])('K = %i', (K) => {
      const d = 500;
      const N = 100;
      const records = 25;
      const m = createModel(name, { dim: d });
      const items = m.random(N, { rng: createRng(1) });
      const rng = createRng(`capacity-${name}-${K}`);
      let hits = 0;
      for (let r = 0; r < records; r++) {
        const keys = m.random(K, { rng });
        const record = m.bundle(m.bind(keys, items.subarray(0, K * m.length)), {
          rng,
          normalize,
        });
        const sims = m.similarity(m.unbind(record, keys), items);
        for (let i = 0; i < K; i++) {
          let best = 0;
          for (let j = 1; j < N; j++) if (sims[i * N + j] > sims[i * N + best]) best = j;
          if (best === i) hits++;
        }
      }
      const q = records * K;
      const p = expectedRetrievalAccuracy({ dim: d, bundleSize: K, items: N, model: name });
      expect(Math.abs(hits / q - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / q) + 0.01);
    });
  },
);
