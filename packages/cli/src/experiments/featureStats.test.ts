import { createRng } from '@hyperposition/hypervector';
import { AUTO_EXACT_LIMIT, randomAbsCosMean } from '@hyperposition/interference';
import { describe, expect, it } from 'vitest';
import {
  directionStats,
  EXPERIMENT_EXACT_PAIRS,
  experimentPairMethod,
  randomCosineDensity,
  sampleCosines,
} from './featureStats.js';

function gaussian(m: number, n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: m * n }, () => rng.nextNormal() / Math.sqrt(m));
}

describe('directionStats', () => {
  it('gives the random-direction mean |cos| for Gaussian columns (4 sigma of the pair mean)', () => {
    const s = directionStats(gaussian(16, 300, 1), 16, 300, 0)!;
    expect(s.method).toBe('exact');
    // std of |cos| is about 0.15 at d = 16; 44,850 correlated pairs: 0.01 is a loose 4 sigma.
    expect(Math.abs(s.meanAbsCos - randomAbsCosMean(16))).toBeLessThan(0.01);
    expect(s.coherence).toBeGreaterThanOrEqual(s.welch);
  });
  it('samples pairs (with a seeded generator) when there are too many for an exact pass', () => {
    const s = directionStats(gaussian(600, 4000, 2), 600, 4000, 0)!;
    expect(s.method).toBe('sampled');
    expect(Math.abs(s.meanAbsCos - randomAbsCosMean(600)) / randomAbsCosMean(600)).toBeLessThan(
      0.05,
    );
  });
  it("keeps the published results' rule: exact up to 2^32 multiply-adds, whatever auto does", () => {
    expect(EXPERIMENT_EXACT_PAIRS).toBe(2 ** 32);
    // 4096 * 4095 / 2 * 512 = 2^32 - 2^20
    expect(experimentPairMethod(4096, 512)).toBe('exact');
    expect(experimentPairMethod(4097, 512)).toBe('sampled');
    // the interference package's 'auto' is exact up to 2^34 (faster there), the experiments not
    expect(AUTO_EXACT_LIMIT).toBeGreaterThan(EXPERIMENT_EXACT_PAIRS);
    expect(experimentPairMethod(4000, 600)).toBe('sampled');
  });
  it('returns null when fewer than two features are represented', () => {
    expect(directionStats(new Float32Array(8 * 10), 8, 10)).toBeNull();
  });
});

describe('randomCosineDensity and sampleCosines', () => {
  it('is uniform on [-1, 1] in 3 dimensions and integrates to 1 in 64', () => {
    expect(randomCosineDensity(0.3, 3)).toBeCloseTo(0.5, 12);
    let s = 0;
    for (let i = 0; i < 2000; i++) s += randomCosineDensity(-1 + (i + 0.5) / 1000, 64) / 1000;
    expect(s).toBeCloseTo(1, 6);
  });
  it('draws seeded cosines of random directions with variance about 1/d', () => {
    const c = sampleCosines(gaussian(32, 200, 3), 32, 200, 2000, 'x', 0);
    expect(c).toEqual(sampleCosines(gaussian(32, 200, 3), 32, 200, 2000, 'x', 0));
    const v = c.reduce((a, x) => a + x * x, 0) / c.length;
    // Var(cos) = 1/32; 2000 draws give a relative standard error of about 3%: 15% is ~4 sigma.
    expect(Math.abs(v * 32 - 1)).toBeLessThan(0.15);
  });
});
