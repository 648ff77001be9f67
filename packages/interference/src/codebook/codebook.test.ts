import { capacity, createRng, expectedRetrievalAccuracy } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { gaussianRows, identity } from '../test.fixtures.js';
import { bundleCrosstalk } from './bundleCrosstalk.js';
import { codebookCapacity } from './codebookCapacity.js';

function bipolar(
  n: number,
  d: number,
  seed: number,
): { data: Float32Array; rows: number; cols: number } {
  const rng = createRng(seed);
  return {
    data: Float32Array.from({ length: n * d }, () => (rng.nextFloat() < 0.5 ? -1 : 1)),
    rows: n,
    cols: d,
  };
}

describe('bundleCrosstalk', () => {
  const C = bipolar(500, 256, 1);
  const K = 8;
  const x = bundleCrosstalk(C, { features: 'rows', bundleSize: K, rng: createRng(2), trials: 200 });

  it('the codebook effective dimension of random bipolar items is about d', () => {
    expect(Math.abs(x.effectiveDim / 256 - 1)).toBeLessThan(0.03);
  });

  it('measured member and non-member scores match 1 +- sqrt((K-1)/d) and 0 +- sqrt(K/d) (seeded; 4 sigma)', () => {
    const nm = 200 * K;
    const no = 200 * (500 - K);
    expect(Math.abs(x.measured.memberMean - 1)).toBeLessThan(
      (4 * x.expected.memberStd) / Math.sqrt(nm),
    );
    // non-member scores within one bundle share the bundle; use the bundle count for the SE
    expect(Math.abs(x.measured.nonMemberMean)).toBeLessThan(
      (4 * x.expected.nonMemberStd) / Math.sqrt(200),
    );
    expect(x.measured.memberStd / x.expected.memberStd).toBeCloseTo(1, 1);
    expect(x.measured.nonMemberStd / x.expected.nonMemberStd).toBeCloseTo(1, 1);
    expect(no).toBeGreaterThan(0);
  });

  it('measured retrieval accuracy is near the capacity formula from @hyperposition/hypervector', () => {
    const expected = expectedRetrievalAccuracy({
      dim: Math.round(x.effectiveDim),
      bundleSize: K,
      items: 500 - K + 1,
    });
    expect(x.expected.accuracy).toBe(expected);
    // members see K - 1 cross terms (the formula assumes K), so the measured accuracy sits at
    // or a little above the formula; 4 binomial sigma plus that bias
    expect(x.measured.accuracy).toBeGreaterThan(expected - 4 * x.measured.accuracyStdError);
    expect(x.measured.accuracy).toBeLessThan(expected + 4 * x.measured.accuracyStdError + 0.05);
  });

  it('an orthonormal codebook has no crosstalk and perfect retrieval', () => {
    const o = bundleCrosstalk(identity(16), { bundleSize: 5, rng: createRng(1), trials: 10 });
    expect(o.effectiveDim).toBe(Infinity);
    expect(o.measured.accuracy).toBe(1);
    expect(o.measured.memberStd).toBe(0);
  });

  it('throws on a bundle as large as the codebook or without a generator', () => {
    expect(() =>
      bundleCrosstalk(C, { features: 'rows', bundleSize: 500, rng: createRng(1) }),
    ).toThrow('bundleCrosstalk: options.bundleSize expected an integer in [1, 499], got 500');
    expect(() => bundleCrosstalk(C, { features: 'rows', bundleSize: 5 } as never)).toThrow(
      'bundleCrosstalk: options.rng expected a seeded Rng (createRng(seed)), got undefined',
    );
  });
});

describe('codebookCapacity', () => {
  it('random Gaussian items hold what the formula gives at d (within a few per cent)', () => {
    const C = gaussianRows(400, 200, 6);
    const c = codebookCapacity(C, { features: 'rows' });
    expect(c.randomCapacity).toBe(capacity({ dim: 200, items: 400, accuracy: 0.99 }));
    expect(Math.abs(c.capacity / c.randomCapacity - 1)).toBeLessThan(0.1);
  });

  it('a correlated codebook holds less than random items', () => {
    const C = gaussianRows(400, 200, 7);
    const rng = createRng(1);
    const common = Float32Array.from({ length: 200 }, () => rng.nextNormal());
    for (let i = 0; i < 400; i++)
      for (let k = 0; k < 200; k++) C.data[i * 200 + k] += 0.5 * common[k];
    const c = codebookCapacity(C, { features: 'rows' });
    expect(c.capacity).toBeLessThan(c.randomCapacity / 2);
  });
});

describe('review fixes', () => {
  it('codebookCapacity is capped at the number of items', () => {
    const c = codebookCapacity(identity(64));
    expect(c.items).toBe(64);
    expect(c.effectiveDim).toBe(Infinity);
    expect(c.capacity).toBe(64);
    expect(c.randomCapacity).toBeLessThanOrEqual(64);
  });

  it('bundleCrosstalk rejects SBC first, naming itself', () => {
    // A non-matrix codebook: the model is checked before the codebook is read.
    expect(() =>
      bundleCrosstalk(null as never, { bundleSize: 2, rng: createRng(1), model: 'SBC' }),
    ).toThrow(
      new RangeError(
        'bundleCrosstalk: options.model expected one of MAP-B, MAP-I, MAP-C, BSC, HRR, FHRR (SBC is not Gaussian), got "SBC"',
      ),
    );
  });
});
