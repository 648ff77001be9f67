import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { gaussianRows, identity, naiveAbsCos, polygon, rowsOf, simplex } from '../test.fixtures.js';
import { sortedQuantile } from '../theory/orderStatistics.js';
import { randomAbsCosMean, randomAbsCosStd } from '../theory/randomAbsCos.js';
import { randomCoherence } from '../theory/randomCoherence.js';
import { welchBound } from '../theory/welchBound.js';
import { absCosDistribution } from './absCosDistribution.js';
import { coherence } from './coherence.js';
import { compareToRandom } from './compareToRandom.js';
import { gramBlocks } from './gramBlocks.js';
import { randomAbsCosStats } from './randomAbsCosStats.js';

describe('absCosDistribution: exact, blocked == naive', () => {
  it.each([
    [150, 20, 16],
    [67, 9, 64],
  ])('n = %d, d = %d, block %d: mean, coherence, quantiles', (n, d, block) => {
    const W = gaussianRows(n, d, n);
    const ref = naiveAbsCos(rowsOf(W));
    const r = absCosDistribution(W, {
      features: 'rows',
      method: 'exact',
      block,
      quantiles: [0, 0.5, 0.9, 1],
    });
    expect(r.pairs).toBe((n * (n - 1)) / 2);
    expect(r.mean).toBeCloseTo(ref.reduce((s, x) => s + x, 0) / ref.length, 7);
    expect(r.coherence).toBeCloseTo(ref[ref.length - 1], 7);
    for (const q of r.quantiles) {
      expect(q.value).toBeCloseTo(sortedQuantile(ref, q.p), 7);
      expect(q.lower).toBe(q.value);
    }
    expect(r.histogram.counts.reduce((s, x) => s + x, 0) + r.histogram.overflow).toBe(r.pairs);
  });

  it('above 2^22 pairs, every quantile lies in its reported histogram bin', () => {
    const W = gaussianRows(3000, 6, 5); // 4,498,500 pairs
    const r = absCosDistribution(W, {
      features: 'rows',
      method: 'exact',
      quantiles: [0.1, 0.5, 0.99],
    });
    const ref = naiveAbsCos(rowsOf(W));
    for (const q of r.quantiles) {
      const exact = sortedQuantile(ref, q.p);
      expect(q.lower).toBeLessThanOrEqual(exact + 1e-7);
      expect(q.upper).toBeGreaterThanOrEqual(exact - 1e-7);
      expect(q.upper - q.lower).toBeLessThan(1e-4);
    }
  });

  it('coherence(W) reports the pair attaining it', () => {
    const W = identity(5);
    W.data[2 * 5 + 3] = 1; // feature 3 now (0, 0, 1, 1, 0) / sqrt(2): cos with feature 2 = 0.7071
    const c = coherence(W);
    expect(c.coherence).toBeCloseTo(Math.SQRT1_2, 7);
    expect(c.pair).toEqual([2, 3]);
    expect(c.exceedance).toBe(0);
  });
});

describe('absCosDistribution: random unit vectors follow the exact law (seeded; ~4 sigma tolerances)', () => {
  const d = 64;
  const n = 600;
  const r = absCosDistribution(gaussianRows(n, d, 21), { features: 'rows', method: 'exact' });
  const N = r.pairs;

  it('mean |cos| = Gamma(d/2)/(sqrt(pi) Gamma((d+1)/2)) within 4 standard errors', () => {
    // The pairwise |cos| are a U-statistic whose first-order projection is constant (by
    // symmetry E[|cos| | x] does not depend on x), so its standard error is std/sqrt(N).
    const se = randomAbsCosStd(d) / Math.sqrt(N);
    expect(Math.abs(r.mean - randomAbsCosMean(d))).toBeLessThan(4 * se);
  });

  it('spread of |cos| and mean cos^2 = 1/d within a few per cent', () => {
    expect(r.std / randomAbsCosStd(d)).toBeCloseTo(1, 1);
    expect(r.meanSquare * d).toBeCloseTo(1, 1);
  });

  it('coherence is near the approximate expectation for n random vectors and above Welch', () => {
    const expected = randomCoherence(n, d).mean;
    expect(Math.abs(r.coherence - expected) / expected).toBeLessThan(0.15);
    expect(r.coherence).toBeGreaterThanOrEqual(welchBound(n, d));
  });

  it('histogram fractions match the law bin by bin (each within 4 binomial sigma of N)', () => {
    const law = randomAbsCosStats(n, d, { edges: r.histogram.edges });
    for (let b = 0; b < law.fractions.length; b++) {
      const p = law.fractions[b];
      // pairs are not independent; 4 sigma of an independent sample, doubled for safety
      expect(Math.abs(r.histogram.fractions[b] - p)).toBeLessThan(
        8 * Math.sqrt((p * (1 - p)) / N) + 1e-9,
      );
    }
  });
});

describe('the Welch bound is never beaten', () => {
  it.each([
    ['random 50 x 8', gaussianRows(50, 8, 1), 'rows'],
    ['random 9 x 3', gaussianRows(9, 3, 2), 'rows'],
    ['pentagon', polygon(5), 'columns'],
    ['heptagon', polygon(7), 'columns'],
  ] as const)('%s', (_, W, features) => {
    const c = coherence(W, { features });
    const n = features === 'rows' ? W.rows : W.cols;
    const d = features === 'rows' ? W.cols : W.rows;
    expect(c.coherence).toBeGreaterThanOrEqual(welchBound(n, d) - 1e-7);
  });

  it('the triangle and the tetrahedron meet it', () => {
    expect(coherence(polygon(3)).coherence).toBeCloseTo(welchBound(3, 2), 7);
    expect(coherence(simplex(4)).coherence).toBeCloseTo(welchBound(4, 3), 7);
  });
});

describe('absCosDistribution: sampled estimates lie within their error bars', () => {
  const W = gaussianRows(1000, 32, 8);
  const exact = absCosDistribution(W, {
    features: 'rows',
    method: 'exact',
    quantiles: [0.5, 0.9, 0.99],
  });
  const sampled = absCosDistribution(W, {
    features: 'rows',
    method: 'sampled',
    samples: 20_000,
    rng: createRng(99),
    quantiles: [0.5, 0.9, 0.99],
    confidence: 0.9999, // ~3.9 sigma intervals
  });

  it('mean within 4 Monte-Carlo standard errors', () => {
    expect(Math.abs(sampled.mean - exact.mean)).toBeLessThan(4 * sampled.meanStdError);
    expect(sampled.pairsExamined).toBe(20_000);
  });

  it('each exact quantile inside its order-statistic interval', () => {
    sampled.quantiles.forEach((q, k) => {
      expect(q.lower).toBeLessThanOrEqual(exact.quantiles[k].value);
      expect(q.upper).toBeGreaterThanOrEqual(exact.quantiles[k].value);
    });
  });

  it('the empirical CDF within the DKW band at the histogram edges', () => {
    let ce = 0;
    let cs = 0;
    for (let b = 0; b < exact.histogram.counts.length; b++) {
      ce += exact.histogram.fractions[b];
      cs += sampled.histogram.fractions[b];
      expect(Math.abs(ce - cs)).toBeLessThan(sampled.dkwEpsilon);
    }
  });

  it('sampled coherence is a lower bound, with the fraction of pairs above it bounded', () => {
    expect(sampled.coherence).toBeLessThanOrEqual(exact.coherence);
    const ref = naiveAbsCos(rowsOf(W));
    let above = 0;
    for (const x of ref) if (x > sampled.coherence + 1e-9) above++;
    expect(above / ref.length).toBeLessThanOrEqual(sampled.coherenceExceedance);
  });

  it('same seed, same estimate', () => {
    const again = absCosDistribution(W, {
      features: 'rows',
      method: 'sampled',
      samples: 20_000,
      rng: createRng(99),
      quantiles: [0.5, 0.9, 0.99],
      confidence: 0.9999,
    });
    expect(again.mean).toBe(sampled.mean);
  });
});

describe('absCosDistribution: degenerate input', () => {
  it('a single feature has no pairs: every statistic 0, no NaN', () => {
    const r = absCosDistribution({ data: Float64Array.of(1, 2), rows: 2, cols: 1 });
    expect([r.pairs, r.mean, r.std, r.coherence]).toEqual([0, 0, 0, 0]);
    expect(r.coherencePair).toEqual([-1, -1]);
    expect(r.quantiles.every((q) => q.value === 0)).toBe(true);
  });

  it('dead features are left out of the pairs', () => {
    const W = polygon(3);
    const Z = { data: new Float64Array(8), rows: 2, cols: 4 };
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) Z.data[r * 4 + c] = W.data[r * 3 + c];
    const r = absCosDistribution(Z);
    expect([r.liveFeatures, r.pairs]).toEqual([3, 3]);
    expect(r.mean).toBeCloseTo(0.5, 7);
  });

  it('n < d: an orthonormal set has coherence 0', () => {
    const W = { data: new Float64Array(3 * 10), rows: 3, cols: 10 };
    for (let i = 0; i < 3; i++) W.data[i * 10 + i * 2] = 1;
    expect(coherence(W, { features: 'rows' }).coherence).toBe(0);
  });

  it('rejects bad quantiles', () => {
    expect(() => absCosDistribution(polygon(3), { quantiles: [2] })).toThrow(
      'absCosDistribution: options.quantiles[0] expected a finite number in [0, 1], got 2',
    );
  });
});

describe('randomAbsCosStats: histogram edges', () => {
  it('must increase strictly within [0, 1], naming the first edge out of order', () => {
    expect(() => randomAbsCosStats(10, 64, { edges: [0.5, 0.1, 0.3] })).toThrow(
      new RangeError(
        'randomAbsCosStats: options.edges[1] expected a number above options.edges[0] = 0.5 (edges strictly increasing), got 0.1',
      ),
    );
    expect(() => randomAbsCosStats(10, 64, { edges: [0, 0.2, 0.2] })).toThrow(
      'options.edges[2] expected a number above options.edges[1] = 0.2',
    );
    expect(() => randomAbsCosStats(10, 64, { edges: [0, 1.5] })).toThrow(
      'randomAbsCosStats: options.edges[1] expected a finite number in [0, 1], got 1.5',
    );
    // increasing edges: fractions in [0, 1], the whole range summing to 1
    const r = randomAbsCosStats(10, 64, { edges: [0, 0.1, 0.3, 1] });
    for (const f of r.fractions) expect(f).toBeGreaterThanOrEqual(0);
    expect(r.fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('compareToRandom', () => {
  it('random directions are as orthogonal as chance (gains about 1, equivalent dimension about d)', () => {
    const c = compareToRandom(gaussianRows(500, 32, 3), { features: 'rows' });
    expect(c.meanAbsCosGain).toBeCloseTo(1, 1);
    expect(c.rmsCosGain).toBeCloseTo(1, 1);
    expect(Math.abs(c.equivalentRandomDim / 32 - 1)).toBeLessThan(0.05);
    expect(c.coherenceOverWelch).toBeGreaterThanOrEqual(1);
  });

  it('a regular simplex is more orthogonal than chance', () => {
    const c = compareToRandom(simplex(20)); // 20 vectors spanning 19 dims, cos = -1/19
    expect(c.learned.mean).toBeCloseTo(1 / 19, 6);
    expect(c.meanAbsCosGain).toBeGreaterThan(2);
    expect(c.coherenceGain).toBeGreaterThan(5);
    // 20 vectors in an ambient R^20: Welch allows 0, so the ratio is infinite
    expect(c.welch).toBe(0);
    expect(c.coherenceOverWelch).toBe(Infinity);
  });

  it('an orthonormal set gives infinite gains and dimension', () => {
    const c = compareToRandom(identity(4));
    expect([c.meanAbsCosGain, c.equivalentRandomDim]).toEqual([Infinity, Infinity]);
  });
});

describe('gramBlocks', () => {
  it('visits every upper pair once per band and counts flops', () => {
    const W = gaussianRows(70, 5, 4);
    let seen = 0;
    const res = gramBlocks(W, { features: 'rows', block: 16, rowStart: 16, rowEnd: 48 }, (b) => {
      for (let i = b.i0; i < b.i1; i++) for (let j = Math.max(b.j0, i + 1); j < b.j1; j++) seen++;
    });
    // rows 16..47 pair with every j > i
    let expected = 0;
    for (let i = 16; i < 48; i++) expected += 70 - 1 - i;
    expect(seen).toBe(expected);
    expect(res.blocks).toBe(4 + 3);
    expect(res.flops).toBeGreaterThan(0);
  });

  it('rejects missing options or visitor, and a bad block, naming the argument', () => {
    const W = gaussianRows(8, 4, 1);
    const call = gramBlocks as (...args: unknown[]) => unknown;
    expect(() => call(W)).toThrow(
      new TypeError(
        'gramBlocks: options expected { features, block, rowStart, rowEnd, native }, got undefined',
      ),
    );
    expect(() => call(W, { blockSize: 0 })).toThrow(
      new TypeError(
        'gramBlocks: visit expected a function (block: GramBlock) => void, got undefined',
      ),
    );
    expect(() => call(W, () => {})).toThrow(
      new TypeError(
        'gramBlocks: options expected { features, block, rowStart, rowEnd, native }, got function',
      ),
    );
    expect(() => gramBlocks(W, { features: 'rows', block: 0 }, () => {})).toThrow(
      new RangeError('gramBlocks: options.block expected an integer in [4, 4096], got 0'),
    );
  });
});
