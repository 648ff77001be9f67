import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { absCosDistribution } from '../dense/absCosDistribution.js';
import { gaussianRows } from '../test.fixtures.js';
import { randomAbsCosMean } from '../theory/randomAbsCos.js';
import { featureSparsity } from './featureSparsity.js';
import { interferenceBySparsity } from './interferenceBySparsity.js';
import { sparseRandomAbsCos } from './sparseRandomAbsCos.js';
import { sparseRandomDirections } from './sparseRandomDirections.js';

describe('featureSparsity', () => {
  it('one-hot, flat and half-support features; a zero feature is defined', () => {
    // columns: one-hot, flat over 4, two of 4, zero
    const W = {
      data: Float64Array.of(1, 0.5, 1, 0, 0, 0.5, 1, 0, 0, 0.5, 0, 0, 0, 0.5, 0, 0),
      rows: 4,
      cols: 4,
    };
    const s = featureSparsity(W);
    expect(Array.from(s.nearZeroFraction)).toEqual([0.75, 0, 0.5, 1]);
    expect(s.hoyer[0]).toBeCloseTo(1, 14);
    expect(s.hoyer[1]).toBeCloseTo(0, 14);
    expect(s.hoyer[2]).toBeCloseTo((2 - Math.SQRT2) / (2 - 1), 14);
    expect(s.hoyer[3]).toBe(0);
    expect(Array.from(s.participationRatio)).toEqual([1, 4, 2, 0]);
    expect(s.threshold).toBe(0.01);
  });

  it.each([1e-100, 1e-300, 1e160, 1e300])(
    'scale %d: the same near-zero fraction, Hoyer sparsity and participation ratio as at 1',
    (s) => {
      const data = Float64Array.of(1, 0.5, 0.3, -0.2, 0.1, 0.9, 0.4, -0.7);
      const ref = featureSparsity({ data, rows: 2, cols: 4 });
      const got = featureSparsity({ data: data.map((x) => x * s), rows: 2, cols: 4 });
      expect(Array.from(got.nearZeroFraction)).toEqual(Array.from(ref.nearZeroFraction));
      for (let i = 0; i < 4; i++) {
        // the entries times s round once: relative error about 1e-16
        expect(Math.abs(got.participationRatio[i] / ref.participationRatio[i] - 1)).toBeLessThan(
          1e-12,
        );
        expect(Math.abs(got.hoyer[i] - ref.hoyer[i])).toBeLessThan(1e-12);
      }
    },
  );

  it('the near-zero threshold is relative to the largest component', () => {
    const W = { data: Float64Array.of(1, 0.05, 0.001), rows: 3, cols: 1 };
    expect(featureSparsity(W).nearZeroFraction[0]).toBeCloseTo(1 / 3, 14);
    expect(featureSparsity(W, { threshold: 0.1 }).nearZeroFraction[0]).toBeCloseTo(2 / 3, 14);
  });
});

describe('sparseRandomDirections', () => {
  it('rows are unit vectors with exactly k non-zeros, reproducible by seed', () => {
    for (const values of ['sign', 'gaussian'] as const) {
      const S = sparseRandomDirections(50, 40, 6, { rng: createRng(3), values });
      for (let i = 0; i < 50; i++) {
        const row = S.data.subarray(i * 40, (i + 1) * 40);
        expect(row.filter((x) => x !== 0).length).toBe(6);
        expect(row.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 6);
      }
      expect(sparseRandomDirections(50, 40, 6, { rng: createRng(3), values }).data).toEqual(S.data);
    }
  });

  it('throws without a generator or with k > d', () => {
    expect(() => sparseRandomDirections(2, 4, 5, { rng: createRng(1) })).toThrow(
      'sparseRandomDirections: k expected an integer in [1, 4], got 5',
    );
    expect(() => sparseRandomDirections(2, 4, 2, {} as never)).toThrow(TypeError);
  });
});

describe('sparseRandomAbsCos: the |cos| law of random k-sparse directions', () => {
  it('is exact for hand cases: d = 4, k = 1 and dense sign vectors with d = 4', () => {
    expect(sparseRandomAbsCos(4, 1)).toEqual({
      mean: expect.closeTo(0.25, 12),
      meanSquare: expect.closeTo(0.25, 12),
      zeroProbability: expect.closeTo(0.75, 12),
      meanStdError: 0,
      exact: true,
    });
    // k = d = 4: sum of four signs is 0, +-2, +-4 with probabilities 6/16, 8/16, 2/16
    expect(sparseRandomAbsCos(4, 4).mean).toBeCloseTo((2 * 8 + 4 * 2) / 16 / 4, 12);
  });

  it('has E[cos^2] = 1/d for every k; dense sign vectors approach the sphere law', () => {
    for (const k of [1, 5, 32, 100])
      expect(sparseRandomAbsCos(100, k).meanSquare).toBeCloseTo(0.01, 12);
    expect(sparseRandomAbsCos(512, 512).mean / randomAbsCosMean(512)).toBeCloseTo(1, 2);
  });

  it('matches the exact law on simulated directions (seeded; 4 sigma)', () => {
    const d = 64;
    const k = 8;
    const law = sparseRandomAbsCos(d, k);
    const S = sparseRandomDirections(400, d, k, { rng: createRng(12) });
    const r = absCosDistribution(S, { features: 'rows', method: 'exact' });
    // U-statistic with constant first-order projection: SE = sd / sqrt(pairs)
    const sd = Math.sqrt(law.meanSquare - law.mean ** 2);
    expect(Math.abs(r.mean - law.mean)).toBeLessThan((4 * sd) / Math.sqrt(r.pairs));
  });

  it('simulates Gaussian values with a standard error (seeded; 4 sigma)', () => {
    const sim = sparseRandomAbsCos(64, 64, {
      values: 'gaussian',
      rng: createRng(8),
      samples: 20_000,
    });
    expect(sim.exact).toBe(false);
    expect(Math.abs(sim.mean - randomAbsCosMean(64))).toBeLessThan(4 * sim.meanStdError);
    const sparse = sparseRandomAbsCos(64, 4, {
      values: 'gaussian',
      rng: createRng(9),
      samples: 20_000,
    });
    // disjoint supports: P(overlap = 0) = C(60, 4) / C(64, 4)
    const p0 = (60 * 59 * 58 * 57) / (64 * 63 * 62 * 61);
    expect(Math.abs(sparse.zeroProbability - p0)).toBeLessThan(
      4 * Math.sqrt((p0 * (1 - p0)) / 20_000),
    );
  });

  it('needs a generator to simulate', () => {
    expect(() => sparseRandomAbsCos(8, 2, { values: 'gaussian' })).toThrow(
      "sparseRandomAbsCos: options.rng expected a seeded Rng (createRng(seed)) for values 'gaussian', got undefined",
    );
  });
});

describe('interferenceBySparsity', () => {
  it('puts k-sparse sign directions in one Hoyer bin, with interference near the random baseline', () => {
    const S = sparseRandomDirections(300, 64, 4, { rng: createRng(5) });
    const r = interferenceBySparsity(S, { features: 'rows', bins: 10 });
    const hoyer = (8 - 2) / 7; // (sqrt(64) - sqrt(4)) / (sqrt(64) - 1)
    const b = Math.floor(hoyer * 10);
    expect(r.count[b]).toBe(300);
    expect(r.count.reduce((s, x) => s + x, 0)).toBe(300);
    expect(r.meanSparsity[b]).toBeCloseTo(hoyer, 6);
    // E[interference] = 299 / 64 for random unit directions; the mean over 300 features of a
    // sum of 299 cos^2 terms has a spread of a few per cent
    expect(r.randomInterference[b]).toBeCloseTo(299 / 64, 6);
    expect(Math.abs(r.meanInterference[b] / r.randomInterference[b] - 1)).toBeLessThan(0.1);
    // the bin's mean |cos| against the exact k-sparse law (participation ratio = k = 4);
    // U-statistic over 44,850 pairs: SE = sd / sqrt(pairs), 4 sigma
    expect(r.meanParticipationRatio[b]).toBeCloseTo(4, 6);
    const law = sparseRandomAbsCos(64, 4);
    expect(r.sparseRandomAbsCos[b]).toBe(law.mean);
    const sd = Math.sqrt(law.meanSquare - law.mean ** 2);
    expect(Math.abs(r.meanAbsCos[b] - law.mean)).toBeLessThan((4 * sd) / Math.sqrt(44_850));
  });

  it('separates dense and sparse halves', () => {
    const dense = gaussianRows(100, 64, 1);
    const sparse = sparseRandomDirections(100, 64, 1, { rng: createRng(2) });
    const data = new Float32Array(200 * 64);
    data.set(dense.data);
    data.set(sparse.data, 100 * 64);
    const r = interferenceBySparsity({ data, rows: 200, cols: 64 }, { features: 'rows', bins: 4 });
    expect(r.count[0] + r.count[1]).toBe(100);
    expect(r.count[3]).toBe(100);
  });
});
