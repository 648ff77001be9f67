import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { expectedBundleSimilarity } from '../theory/bundleSimilarity.js';
import { randomSimilarityMoments } from '../theory/atomSimilarity.js';
import { majorityAgreement } from '../theory/majority.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { BSC } from './bsc.js';
import { createModel, MODEL_NAMES } from './createModel.js';
import { FHRR } from './fhrr.js';
import { HRR } from './hrr.js';
import { MAP } from './map.js';

// Statistical laws with fixed seeds. Each tolerance is about 4 standard errors of the
// statistic (computed in the comment next to it), so a correct implementation fails with
// probability below 1e-4 and the seeds are fixed anyway.

const DIM = 1000;
const PAIRS = 400;

describe.each(MODEL_NAMES)('%s: similarity of independent random atoms', (name: ModelName) => {
  it('has the theoretical mean and variance (4 sigma)', () => {
    const blockSize = 8;
    const m = createModel(name, { dim: DIM, blockSize });
    const x = m.random(2 * PAIRS, { rng: createRng(`atoms-${name}`) });
    const sims = new Float64Array(PAIRS);
    for (let i = 0; i < PAIRS; i++) sims[i] = m.similarity(m.row(x, 2 * i), m.row(x, 2 * i + 1))[0];
    const { mean, variance } = randomSimilarityMoments({ model: name, dim: DIM, blockSize });
    let mu = 0;
    for (const s of sims) mu += s / PAIRS;
    let v = 0;
    for (const s of sims) v += (s - mu) ** 2 / (PAIRS - 1);
    // Standard error of the mean: sqrt(var / n); of the sample variance: var * sqrt(2 / (n - 1)).
    expect(Math.abs(mu - mean)).toBeLessThan(4 * Math.sqrt(variance / PAIRS));
    expect(Math.abs(v - variance)).toBeLessThan(4 * variance * Math.sqrt(2 / (PAIRS - 1)));
  });
});

describe('MAP-B: d * cosine of bipolar atoms is an even integer (d even)', () => {
  it('for 200 pairs at d = 1000', () => {
    const m = MAP({ dim: DIM, variant: 'B' });
    const x = m.random(201, { rng: createRng(4) });
    const sims = m.similarity(m.row(x, 0), x.subarray(DIM));
    for (const s of sims) {
      const k = Math.round(s * DIM);
      expect(Math.abs(s * DIM - k)).toBeLessThan(1e-3);
      expect(Math.abs(k % 2)).toBe(0);
    }
  });
});

describe('bundles', () => {
  it('MAP-I integer sum: cosine of a member with the bundle -> 1/sqrt(K)', () => {
    const d = 10_000;
    const m = MAP({ dim: d, variant: 'I' });
    for (const K of [4, 16, 64]) {
      const x = m.random(K, { rng: createRng(K) });
      const sims = m.similarity(m.bundle(x), x);
      const mean = sims.reduce((s, v) => s + v, 0) / K;
      // Each cosine is 1/sqrt(K) plus cross-talk of sd about 1/sqrt(d) relative: 4 sigma < 0.04 / sqrt(K).
      expect(Math.abs(mean - 1 / Math.sqrt(K))).toBeLessThan(0.04 / Math.sqrt(K));
      expect(expectedBundleSimilarity({ model: 'MAP-I', bundleSize: K })).toBeCloseTo(
        1 / Math.sqrt(K),
        12,
      );
    }
  });

  it.each([
    [3, 0.003],
    [10, 0.002],
    [100, 0.0007],
  ])(
    'MAP-C clipped sum of K = %i: mean member cosine over 16 bundles at d = 8192 as predicted (4 sigma = %f)',
    (K, tol) => {
      // Measured with 64 bundles: the mean of one bundle's member cosines has sd 2.8e-3 (K = 3),
      // 2.0e-3 (K = 10), 6.2e-4 (K = 100), so 16 bundles have a standard error of a quarter of
      // that; the large-K limit sqrt(2 / (pi K)) is off by 0.093, 0.032 and 0.0036.
      const m = MAP({ dim: 8192, variant: 'C' });
      const rng = createRng(`map-c-bundle-${K}`);
      let mean = 0;
      for (let t = 0; t < 16; t++) {
        const x = m.random(K, { rng });
        for (const s of m.similarity(m.bundle(x), x)) mean += s / (16 * K);
      }
      expect(
        Math.abs(mean - expectedBundleSimilarity({ model: 'MAP-C', bundleSize: K })),
      ).toBeLessThan(tol);
    },
  );

  it.each([
    [3, 0.75],
    [5, 0.6875],
    [7, 0.65625],
  ])(
    'BSC majority of K = %i: each bit agrees with a member with probability %f (4 sigma)',
    (K, p) => {
      expect(majorityAgreement(K)).toBeCloseTo(p, 14);
      const d = 20_000;
      const m = BSC({ dim: d });
      const x = m.random(K, { rng: createRng(100 + K) });
      const sims = m.similarity(m.bundle(x), x);
      // 1 - Hamming/d is the agreement fraction: Binomial(d, p)/d, sd = sqrt(p (1 - p) / d) <= 0.0035.
      const sd = Math.sqrt((p * (1 - p)) / d);
      for (const s of sims) expect(Math.abs(s - p)).toBeLessThan(4 * sd);
    },
  );

  it.each([3, 5, 7])(
    'MAP-B sign bundle of K = %i: cosine 2p - 1 with the majority p (4 sigma)',
    (K) => {
      const d = 20_000;
      const m = MAP({ dim: d, variant: 'B' });
      const x = m.random(K, { rng: createRng(200 + K) });
      const sims = m.similarity(m.bundle(x), x);
      const p = majorityAgreement(K);
      // cosine = 2 * agreement - 1: sd = 2 sqrt(p (1 - p) / d).
      for (const s of sims)
        expect(Math.abs(s - (2 * p - 1))).toBeLessThan(8 * Math.sqrt((p * (1 - p)) / d));
      expect(expectedBundleSimilarity({ model: 'MAP-B', bundleSize: K })).toBe(2 * p - 1);
    },
  );

  it('BSC with an even count breaks ties like an extra random vector: K = 4 agrees like K = 5', () => {
    const d = 20_000;
    const m = BSC({ dim: d });
    const x = m.random(4, { rng: createRng(44) });
    const p = majorityAgreement(4);
    expect(p).toBeCloseTo(0.6875, 14);
    for (const s of m.similarity(m.bundle(x, { rng: createRng(1) }), x)) {
      expect(Math.abs(s - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / d));
    }
  });
});

describe('unbinding fidelity', () => {
  const d = 4096;
  const n = 20;
  function fidelity(m: VSAModel<HVArray>, seed: number): number {
    const keys = m.random(n, { rng: createRng(seed) });
    const vals = m.random(n, { rng: createRng(seed + 1) });
    const rec = m.unbind(m.bind(keys, vals), keys);
    let s = 0;
    for (let i = 0; i < n; i++) s += m.similarity(m.row(rec, i), m.row(vals, i))[0] / n;
    return s;
  }

  it('HRR with the involution: about 1/sqrt(2) = 0.707', () => {
    // Per pair the cosine has sd about 1/sqrt(d) = 0.016; the mean of 20 has sd 0.004; 4 sigma = 0.016.
    expect(Math.abs(fidelity(HRR({ dim: d }) as VSAModel<HVArray>, 1) - Math.SQRT1_2)).toBeLessThan(
      0.016,
    );
  });

  it('HRR with the exact inverse: about 1', () => {
    expect(fidelity(HRR({ dim: d, inverse: 'exact' }) as VSAModel<HVArray>, 2)).toBeGreaterThan(
      0.99,
    );
  });

  it('HRR with unitary atoms and the involution: about 1', () => {
    const m = HRR({ dim: d });
    const keys = m.unitary(m.random(n, { rng: createRng(3) }));
    const vals = m.random(n, { rng: createRng(4) });
    const rec = m.unbind(m.bind(keys, vals), keys);
    for (const s of m.similarity(rec, vals).filter((_, k) => k % (n + 1) === 0))
      expect(s).toBeGreaterThan(0.999);
  });

  it('MAP-C: about sqrt(5)/3 = 0.745', () => {
    // Cosine of x (a^2 b) with b, per pair sd below 1/sqrt(d); mean of 20: 4 sigma < 0.016.
    expect(
      Math.abs(
        fidelity(MAP({ dim: d, variant: 'C' }) as unknown as VSAModel<HVArray>, 5) -
          Math.sqrt(5) / 3,
      ),
    ).toBeLessThan(0.016);
  });
});

describe('key-value records: K pairs unbound with one key', () => {
  const d = 10_000;
  const K = 9;
  it.each<[ModelName, number]>([
    ['MAP-I', 1 / Math.sqrt(K)],
    ['MAP-B', 2 * majorityAgreement(K) - 1],
    ['BSC', majorityAgreement(K)],
  ])('%s: cosine to the value about %f', (name, expected) => {
    const m = createModel(name, { dim: d });
    const keys = m.random(K, { rng: createRng(11) });
    const vals = m.random(K, { rng: createRng(12) });
    const record = m.bundle(m.bind(keys, vals), { rng: createRng(13) });
    const sims = m.similarity(m.unbind(record, keys), vals);
    let mean = 0;
    for (let i = 0; i < K; i++) mean += sims[i * K + i] / K;
    // Per pair sd about 1/sqrt(d) = 0.01 (less for BSC); mean of 9: 4 sigma = 0.014.
    expect(Math.abs(mean - expected)).toBeLessThan(0.014);
  });

  it('FHRR with an unnormalised sum: about 1/sqrt(K)', () => {
    const m = FHRR({ dim: d });
    const keys = m.random(K, { rng: createRng(21) });
    const vals = m.random(K, { rng: createRng(22) });
    const record = m.bundle(m.bind(keys, vals), { normalize: 'none' });
    const sims = m.similarity(m.unbind(record, keys), vals);
    let mean = 0;
    for (let i = 0; i < K; i++) mean += sims[i * K + i] / K;
    expect(Math.abs(mean - 1 / Math.sqrt(K))).toBeLessThan(0.014);
  });
});
