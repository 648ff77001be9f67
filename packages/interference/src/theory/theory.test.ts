import { describe, expect, it } from 'vitest';
import { johnsonLindenstraussDim } from './johnsonLindenstraussDim.js';
import {
  randomAbsCosCdf,
  randomAbsCosMean,
  randomAbsCosQuantile,
  randomAbsCosStd,
  randomAbsCosTail,
} from './randomAbsCos.js';
import { randomCoherence } from './randomCoherence.js';
import { lnGamma, normalCdf, normalQuantile } from './special.js';
import { welchBound } from './welchBound.js';

describe('special functions', () => {
  it('lnGamma matches factorials and Gamma(1/2) = sqrt(pi)', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });
  it('normalCdf and normalQuantile are inverse, with Phi(1.959964) = 0.975', () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
  });
});

describe('law of |cos| for random unit vectors: cos^2 ~ Beta(1/2, (d - 1)/2)', () => {
  it('randomAbsCosMean: 1 in 1-D, 2/pi in 2-D, 1/2 in 3-D, about sqrt(2/(pi d)) for large d', () => {
    expect(randomAbsCosMean(1)).toBeCloseTo(1, 13);
    expect(randomAbsCosMean(2)).toBeCloseTo(2 / Math.PI, 13);
    expect(randomAbsCosMean(3)).toBeCloseTo(0.5, 13);
    expect(randomAbsCosMean(1e6) / Math.sqrt(2 / (Math.PI * 1e6))).toBeCloseTo(1, 6);
  });
  it('randomAbsCosMean keeps its digits for huge d: sqrt(2/(pi d)) (1 + 1/(4d) + ...) to 1e-12', () => {
    for (const d of [1e9, 1e12, 1e15, 1e17, 1e20]) {
      const leading = Math.sqrt(2 / (Math.PI * d)) * (1 + 1 / (4 * d));
      expect(Math.abs(randomAbsCosMean(d) / leading - 1), String(d)).toBeLessThan(1e-12);
    }
    // the series (d >= 1000) and the Gamma ratio (below it) meet without a step: consecutive
    // means satisfy E_d E_(d+1) = 2 / (pi d) exactly (from Gamma(x + 1) = x Gamma(x))
    for (const d of [998, 999, 1000, 1001]) {
      expect(randomAbsCosMean(d) * randomAbsCosMean(d + 1) * ((Math.PI * d) / 2)).toBeCloseTo(
        1,
        12,
      );
    }
  });
  it('randomAbsCosStd^2 + mean^2 = 1/d', () => {
    for (const d of [2, 3, 64, 512]) {
      expect(randomAbsCosStd(d) ** 2 + randomAbsCosMean(d) ** 2).toBeCloseTo(1 / d, 14);
    }
    expect(randomAbsCosStd(3)).toBeCloseTo(Math.sqrt(1 / 12), 13); // uniform on [0, 1]
  });
  it('randomAbsCosCdf: uniform |cos| in 3-D, 1 - (2/pi) arccos(t) in 2-D', () => {
    for (const t of [0, 0.1, 0.5, 0.93, 1]) {
      expect(randomAbsCosCdf(t, 3)).toBeCloseTo(t, 12);
      expect(randomAbsCosCdf(t, 2)).toBeCloseTo(1 - (2 / Math.PI) * Math.acos(t), 12);
    }
  });
  it('randomAbsCosTail = 1 - cdf, accurate deep in the tail', () => {
    expect(randomAbsCosTail(0.3, 64) + randomAbsCosCdf(0.3, 64)).toBeCloseTo(1, 14);
    // d = 3: tail(t) = 1 - t exactly, even at t near 1
    expect(randomAbsCosTail(1 - 1e-9, 3) / 1e-9).toBeCloseTo(1, 5);
    expect(randomAbsCosTail(0.25, 512)).toBeGreaterThan(0);
    expect(randomAbsCosTail(0.25, 512)).toBeLessThan(1e-7);
  });
  it('randomAbsCosQuantile inverts the cdf', () => {
    for (const d of [2, 5, 100, 10000])
      for (const p of [0.01, 0.5, 0.99])
        expect(randomAbsCosCdf(randomAbsCosQuantile(p, d), d)).toBeCloseTo(p, 9);
    expect(randomAbsCosQuantile(0.5, 2)).toBeCloseTo(Math.SQRT1_2, 10);
  });
  it('randomAbsCosMean and randomAbsCosStd are exact at d = 1 (two random unit vectors are +-1)', () => {
    expect(randomAbsCosMean(1)).toBe(1);
    expect(randomAbsCosStd(1)).toBe(0);
  });
  it('every law takes an integer dimension d >= 1, as randomAbsCosMean does', () => {
    expect(() => randomAbsCosMean(1.5)).toThrow(
      new RangeError('randomAbsCosMean: d expected an integer >= 1, got 1.5'),
    );
    expect(() => randomAbsCosMean('8' as unknown as number)).toThrow(
      new TypeError('randomAbsCosMean: d expected an integer >= 1, got "8"'),
    );
    expect(() => randomAbsCosStd(2.5)).toThrow(
      new RangeError('randomAbsCosStd: d expected an integer >= 1, got 2.5'),
    );
    expect(() => randomAbsCosCdf(0.5, 2.5)).toThrow(
      new RangeError('randomAbsCosCdf: d expected an integer >= 1, got 2.5'),
    );
    expect(() => randomAbsCosTail(0.5, 2.5)).toThrow(
      new RangeError('randomAbsCosTail: d expected an integer >= 1, got 2.5'),
    );
    expect(() => randomCoherence(10, 2.5)).toThrow(
      new RangeError('randomCoherence: d expected an integer >= 1, got 2.5'),
    );
    expect(() => welchBound(10, 2.5)).toThrow(
      new RangeError('welchBound: d expected an integer >= 1, got 2.5'),
    );
  });
  it('rejects bad arguments with clear messages', () => {
    expect(() => randomAbsCosMean(0)).toThrow(
      'randomAbsCosMean: d expected an integer >= 1, got 0',
    );
    expect(() => randomAbsCosCdf(1.5, 3)).toThrow(
      'randomAbsCosCdf: t expected a finite number in [0, 1], got 1.5',
    );
    expect(() => randomAbsCosQuantile(0.5, 2.5)).toThrow(
      'randomAbsCosQuantile: d expected an integer >= 1, got 2.5',
    );
  });
});

describe('welchBound', () => {
  it('is sqrt((n - d)/(d (n - 1))): 1/2 for 3 vectors in 2-D, 0 for n <= d, toward 1/sqrt(d)', () => {
    expect(welchBound(3, 2)).toBeCloseTo(0.5, 14);
    expect(welchBound(4, 3)).toBeCloseTo(1 / 3, 14);
    expect(welchBound(5, 5)).toBe(0);
    expect(welchBound(1e9, 100)).toBeCloseTo(0.1, 6);
  });
});

describe('johnsonLindenstraussDim (Dasgupta-Gupta)', () => {
  it('is ceil(4 ln n / (eps^2/2 - eps^3/3))', () => {
    expect(johnsonLindenstraussDim(100_000, 0.5)).toBe(553); // 46.05 / 0.08333 = 552.6
    expect(johnsonLindenstraussDim(1000, 0.1)).toBe(
      Math.ceil((4 * Math.log(1000)) / (0.005 - 0.001 / 3)),
    );
    expect(() => johnsonLindenstraussDim(10, 1)).toThrow(
      'johnsonLindenstraussDim: eps expected a finite number in (0, 1), got 1',
    );
  });
});

describe('randomCoherence', () => {
  it('two vectors: the expected max is E|cos| itself', () => {
    expect(randomCoherence(2, 10).mean).toBeCloseTo(randomAbsCosMean(10), 6);
  });
  it('grows with n and shrinks with d', () => {
    expect(randomCoherence(1000, 64).mean).toBeGreaterThan(randomCoherence(100, 64).mean);
    expect(randomCoherence(1000, 256).mean).toBeLessThan(randomCoherence(1000, 64).mean);
  });
  it('the median solves P(|cos| > t) = 1 - 2^(-1/N) on the tail, also for N past 1e16 pairs', () => {
    for (const n of [1e3, 1e6, 1e9, 1e10]) {
      const { median, pairs } = randomCoherence(n, 512);
      const q = -Math.expm1(-Math.LN2 / pairs);
      expect(randomAbsCosTail(median, 512) / q, String(n)).toBeCloseTo(1, 6);
    }
    // it keeps growing with n where 2^(-1/N) has rounded to 1
    expect(randomCoherence(1e10, 512).median).toBeGreaterThan(randomCoherence(1e9, 512).median);
  });
});
