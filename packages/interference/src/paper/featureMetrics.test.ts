import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import {
  gaussianRows,
  identity,
  naiveFeatureMetrics,
  polygon,
  rowsOf,
  simplex,
  squareAntiprism,
} from '../test.fixtures.js';
import { AUTO_EXACT_LIMIT } from '../core/sampling.js';
import { coherence } from '../dense/coherence.js';
import { featureGeometry } from '../geometry/featureGeometry.js';
import { featureMetrics } from './featureMetrics.js';
import { featureNorms } from './featureNorms.js';
import { featureDimensionality } from './featureDimensionality.js';
import { featureInterference } from './featureInterference.js';

// Cosines come from Float32 unit rows accumulated in Float64: absolute error ~1e-7.
const TOL = 1e-6;

function expectAll(values: ArrayLike<number>, expected: number, tol = TOL): void {
  for (let i = 0; i < values.length; i++) expect(Math.abs(values[i] - expected)).toBeLessThan(tol);
}

describe('featureMetrics: hand-computed configurations (Elhage et al. 2022)', () => {
  it.each([
    ['orthonormal basis (d = 6)', identity(6), 1, 0],
    ['antipodal pair in 1-D', { data: Float64Array.of(1, -1), rows: 1, cols: 2 }, 1 / 2, 1],
    ['regular triangle in 2-D', polygon(3), 2 / 3, 0.5],
    ['regular pentagon in 2-D', polygon(5, 0.3), 2 / 5, 1.5],
    ['regular tetrahedron', simplex(4), 3 / 4, 1 / 3],
    ['square antiprism (tight frame)', squareAntiprism(), 3 / 8, 5 / 3],
  ])('%s: D_i = %d, interference = %d', (_, W, D, interference) => {
    const m = featureMetrics(W);
    expectAll(m.dimensionality, D);
    expectAll(m.interference, interference);
    expectAll(m.superposition, Math.sqrt(interference));
    expectAll(m.norms, 1);
  });

  it('scaling one feature changes D_i as ||W_i||^2 / (||W_i||^2 + interference)', () => {
    const W = polygon(5);
    for (let r = 0; r < 2; r++) W.data[r * 5] *= 2; // feature 0 at norm 2
    const m = featureMetrics(W);
    // feature 0 sees the other four at norm 1: 2 cos^2(72) + 2 cos^2(144) = 1.5
    expect(m.interference[0]).toBeCloseTo(1.5, 6);
    expect(m.dimensionality[0]).toBeCloseTo(4 / 5.5, 6);
  });

  it('a zero-norm feature has dimensionality 0, interference 0 and no NaN anywhere', () => {
    const W = polygon(3);
    W.data[1] = 0;
    W.data[4] = 0;
    const m = featureMetrics(W);
    expect(m.dimensionality[1]).toBe(0);
    expect(m.interference[1]).toBe(0);
    expect(m.norms[1]).toBe(0);
    for (const arr of [m.dimensionality, m.interference, m.superposition, m.maxAbsCos]) {
      expect(arr.every((x) => Number.isFinite(x))).toBe(true);
    }
    // the two live features at 0 and 240 degrees: cos = -1/2
    expect(m.dimensionality[0]).toBeCloseTo(1 / 1.25, 6);
  });

  it('a single feature is dedicated: D = 1, interference 0', () => {
    const m = featureMetrics({ data: Float64Array.of(0.3, -0.4), rows: 2, cols: 1 });
    expect(Array.from(m.dimensionality)).toEqual([1]);
    expect(Array.from(m.interference)).toEqual([0]);
    expect(m.norms[0]).toBeCloseTo(0.5, 12);
  });

  it('n < d: features in general position keep D_i < 1 and sum D_i <= n', () => {
    const W = gaussianRows(5, 20, 9);
    const D = featureDimensionality(W, { features: 'rows' });
    expect(D.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(5 + TOL);
  });

  it.each([
    [20, 5, 1],
    [200, 20, 2],
    [50, 7, 3],
    [3, 10, 4],
  ])('identity sum_i D_i <= m for any W (n = %d, m = %d, seed %d)', (n, m, seed) => {
    const W = gaussianRows(m, n, seed); // [m, n], features as columns
    const rng = createRng(seed);
    for (let i = 0; i < n; i++)
      if (rng.nextFloat() < 0.3) for (let r = 0; r < m; r++) W.data[r * n + i] *= 5;
    const sum = featureDimensionality(W).reduce((s, x) => s + x, 0);
    expect(sum).toBeLessThanOrEqual(m * (1 + TOL));
    expect(sum).toBeGreaterThan(0);
  });

  it.each([
    ['heptagon', polygon(7), 2],
    ['5-simplex (spans 4 dimensions)', simplex(5), 4],
    ['square antiprism', squareAntiprism(), 3],
  ])('tight frames attain sum_i D_i = rank: %s', (_, W, rank) => {
    {
      const sum = featureDimensionality(W).reduce((s, x) => s + x, 0);
      expect(Math.abs(sum - rank)).toBeLessThan(10 * TOL);
    }
  });
});

describe('norms and metrics at any finite scale (the reviewer W, 2 x 4)', () => {
  const base = Float64Array.of(1, 0.5, 0.3, -0.2, 0.1, 0.9, 0.4, -0.7);
  const at = (s: number) => ({ data: base.map((x) => x * s), rows: 2, cols: 4 });
  const ref = featureMetrics(at(1));

  it.each([1e-200, 1e-100, 1e150, 1e160, 1e300])('featureNorms scale with W (scale %d)', (s) => {
    const want = featureNorms(at(1));
    const got = featureNorms(at(s));
    for (let i = 0; i < 4; i++) expect(Math.abs(got[i] / s / want[i] - 1)).toBeLessThan(1e-14);
  });

  it.each([1e150, 1e160, 1e300])(
    'scale %d: coherence, D_i, max |cos| as at scale 1; interference scaled by s^2',
    (s) => {
      expect(coherence(at(s)).coherence).toBeCloseTo(coherence(at(1)).coherence, 6);
      expect(coherence(at(s)).pair).toEqual(coherence(at(1)).pair);
      const m = featureMetrics(at(s));
      for (let i = 0; i < 4; i++) {
        expect(m.dimensionality[i]).toBeCloseTo(ref.dimensionality[i], 6);
        expect(m.maxAbsCos[i]).toBeCloseTo(ref.maxAbsCos[i], 6);
        expect(Math.abs(m.superposition[i] / s / ref.superposition[i] - 1)).toBeLessThan(1e-6);
        // s^2 times a value near 1: finite at 1e150, beyond Float64 (Infinity) above.
        const inter = ref.interference[i] * s * s;
        if (inter < Infinity) expect(Math.abs(m.interference[i] / inter - 1)).toBeLessThan(1e-6);
        else expect(m.interference[i]).toBe(Infinity);
      }
      const geometry = (w: ReturnType<typeof at>) =>
        featureGeometry(w, { normThreshold: 0 }).configurations.map((c) => [c.kind, c.features]);
      expect(geometry(at(s))).toEqual(geometry(at(1)));
    },
  );

  it('at 1e-100 every feature is dead (norm <= DEAD_NORM, an absolute threshold), without NaN', () => {
    const m = featureMetrics(at(1e-100));
    expect(Array.from(m.dimensionality)).toEqual([0, 0, 0, 0]);
    expect(coherence(at(1e-100)).coherence).toBe(0);
    expect(m.norms[0]).toBeCloseTo(1.004987562112089e-100, 112);
  });
});

describe('featureMetrics: blocked streaming equals the naive definition', () => {
  it.each([
    [203, 37, 16],
    [64, 8, 64],
    [130, 5, 4],
  ])('n = %d, d = %d, block = %d', (n, d, block) => {
    const W = gaussianRows(n, d, n + d);
    // make a few features dead and a few large
    for (let k = 0; k < d; k++) W.data[7 * d + k] = 0;
    for (let k = 0; k < d; k++) W.data[11 * d + k] *= 3;
    const m = featureMetrics(W, { features: 'rows', method: 'exact', block });
    const ref = naiveFeatureMetrics(rowsOf(W));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(m.interference[i] - ref.interference[i])).toBeLessThan(
        1e-6 * (1 + ref.interference[i]),
      );
      expect(Math.abs(m.dimensionality[i] - ref.dimensionality[i])).toBeLessThan(TOL);
      expect(Math.abs(m.maxAbsCos[i] - ref.maxAbsCos[i])).toBeLessThan(TOL);
      expect(Math.abs(m.meanAbsCos[i] - ref.meanAbsCos[i])).toBeLessThan(TOL);
    }
    expect(m.method).toBe('exact');
    expect(m.partners).toBe(n - 1);
  });

  it('columns and rows orientations of the same directions agree', () => {
    const R = gaussianRows(40, 6, 1);
    const C = { data: new Float32Array(240), rows: 6, cols: 40 };
    for (let i = 0; i < 40; i++) for (let k = 0; k < 6; k++) C.data[k * 40 + i] = R.data[i * 6 + k];
    expect(featureInterference(C)).toEqual(featureInterference(R, { features: 'rows' }));
  });
});

describe('featureMetrics: sampled estimates', () => {
  const W = gaussianRows(400, 16, 3);
  const exact = featureMetrics(W, { features: 'rows', method: 'exact' });
  const sampled = featureMetrics(W, {
    features: 'rows',
    method: 'sampled',
    samples: 200,
    rng: createRng(1),
  });

  it('lie within 4 standard errors of the exact interference for all but a few features', () => {
    // Each estimate is a mean of 200 draws: a 4-sigma miss has probability ~6e-5 per feature
    // under normality; the summands are skewed, so allow 1% of features outside.
    let outside = 0;
    for (let i = 0; i < 400; i++) {
      const z =
        Math.abs(sampled.interference[i] - exact.interference[i]) / sampled.interferenceStdError[i];
      if (!(z <= 4)) outside++;
    }
    expect(outside).toBeLessThanOrEqual(4);
    expect(sampled.method).toBe('sampled');
    expect(sampled.partners).toBe(200);
  });

  it('are reproducible with the same seed and give a lower bound on max |cos|', () => {
    const again = featureMetrics(W, {
      features: 'rows',
      method: 'sampled',
      samples: 200,
      rng: createRng(1),
    });
    expect(again.interference).toEqual(sampled.interference);
    // cosines accumulate in Float32 (matmulNT) either way: within (d/4 + 4) 2^-24 = 4.8e-7
    // of the true value at d = 16
    for (let i = 0; i < 400; i++)
      expect(sampled.maxAbsCos[i]).toBeLessThanOrEqual(exact.maxAbsCos[i] + 1e-6);
  });

  it('estimate mean |cos| per feature within 4 standard errors', () => {
    // sd of |cos| for random directions at d = 16 is 0.15 (randomAbsCosStd(16)); 200 partners
    for (let i = 0; i < 400; i++)
      expect(Math.abs(sampled.meanAbsCos[i] - exact.meanAbsCos[i])).toBeLessThan(
        (4 * 0.15) / Math.sqrt(200),
      );
  });

  it('share partners within a block, never a feature with itself, each a uniform draw of the others', () => {
    // a regular pentagon: every pair has |cos| 0.309 or 0.809, never 1 (itself)
    const P = { data: new Float64Array(10), rows: 2, cols: 5 };
    for (let i = 0; i < 5; i++) {
      P.data[i] = Math.cos((2 * Math.PI * i) / 5);
      P.data[5 + i] = Math.sin((2 * Math.PI * i) / 5);
    }
    const m = featureMetrics(P, { method: 'sampled', samples: 4000, rng: createRng(2) });
    for (let i = 0; i < 5; i++) {
      expect(m.maxAbsCos[i]).toBeCloseTo(Math.cos(Math.PI / 5), 6);
      // two partners at 0.309 and two at 0.809: a uniform draw of the four averages 0.559
      // (sd of one draw 0.25: 4 standard errors of 4000 draws is 0.016)
      expect(Math.abs(m.meanAbsCos[i] - 0.559017)).toBeLessThan(0.016);
      // interference: 2 (0.309^2 + 0.809^2) = 1.5 exactly, estimated within 4 standard errors
      expect(Math.abs(m.interference[i] - 1.5)).toBeLessThan(4 * m.interferenceStdError[i] + 1e-9);
    }
  });

  it('standard errors that are calibrated: z-scores against the exact values have sd about 1', () => {
    const big = gaussianRows(3000, 32, 5);
    const ex = featureMetrics(big, { features: 'rows', method: 'exact' });
    const sm = featureMetrics(big, {
      features: 'rows',
      method: 'sampled',
      samples: 300,
      rng: createRng(6),
    });
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < 3000; i++) {
      const z = (sm.interference[i] - ex.interference[i]) / sm.interferenceStdError[i];
      s1 += z;
      s2 += z * z;
    }
    const mean = s1 / 3000;
    const sd = Math.sqrt(s2 / 3000 - mean * mean);
    // unbiased per feature (the mean z of 3000 correlated-by-block estimates stays near 0) and
    // the standard error of the right size (skewed summands: sd of z a little off 1)
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(sd).toBeGreaterThan(0.85);
    expect(sd).toBeLessThan(1.15);
  });

  it('are the same draws natively and on WebAssembly, equal within Float32 accumulation', () => {
    const a = featureMetrics(W, {
      features: 'rows',
      method: 'sampled',
      samples: 200,
      rng: createRng(1),
      native: true,
    });
    const b = featureMetrics(W, {
      features: 'rows',
      method: 'sampled',
      samples: 200,
      rng: createRng(1),
      native: false,
    });
    for (let i = 0; i < 400; i++) {
      expect(Math.abs(a.interference[i] - b.interference[i])).toBeLessThan(
        1e-5 * (1 + b.interference[i]),
      );
      expect(Math.abs(a.maxAbsCos[i] - b.maxAbsCos[i])).toBeLessThan(1e-6);
    }
  });

  it('exact has zero standard errors', () => {
    expect(exact.interferenceStdError.every((x) => x === 0)).toBe(true);
  });

  it("'auto' is exact for small problems", () => {
    expect(featureMetrics(W, { features: 'rows' }).method).toBe('exact');
  });

  it("'auto' is exact up to 2^34 multiply-adds and sampled beyond (with its rng)", () => {
    expect(AUTO_EXACT_LIMIT).toBe(2 ** 34);
    // n(n - 1)/2 * d: 8,192 features in d = 512 is 2^34 - 2^21, just under the limit: exact
    const at = { data: new Float32Array(8192 * 512).fill(1), rows: 8192, cols: 512 };
    expect(((8192 * 8191) / 2) * 512).toBeLessThanOrEqual(AUTO_EXACT_LIMIT);
    expect(featureMetrics(at, { features: 'rows' }).method).toBe('exact');
    // 8,193 features: past it, so 'auto' samples, and asks for its generator
    const past = { data: new Float32Array(8193 * 512).fill(1), rows: 8193, cols: 512 };
    expect(((8193 * 8192) / 2) * 512).toBeGreaterThan(AUTO_EXACT_LIMIT);
    expect(() => featureMetrics(past, { features: 'rows' })).toThrow(
      new TypeError(
        "featureMetrics: options.rng expected a seeded Rng (createRng(seed)): 'auto' samples above " +
          "2^34 multiply-adds (n = 8193, d = 512: 17181966336), or pass method: 'exact', got undefined",
      ),
    );
    expect(featureMetrics(past, { features: 'rows', samples: 2, rng: createRng(1) }).method).toBe(
      'sampled',
    );
  });

  it('throws clear errors for sampling without a generator and bad options', () => {
    expect(() => featureMetrics(W, { features: 'rows', method: 'sampled' })).toThrow(
      new TypeError(
        "featureMetrics: options.rng expected a seeded Rng (createRng(seed)) for method 'sampled', got undefined",
      ),
    );
    expect(() => featureMetrics(W, { method: 'fast' as never })).toThrow(
      `featureMetrics: options.method expected 'exact', 'sampled' or 'auto', got "fast"`,
    );
    expect(() => featureMetrics(W, { method: 'sampled', samples: 0, rng: createRng(1) })).toThrow(
      'featureMetrics: options.samples expected an integer >= 1, got 0',
    );
    expect(() => featureMetrics(W, { block: 2 })).toThrow(
      'featureMetrics: options.block expected an integer in [4, 4096], got 2',
    );
  });
});
