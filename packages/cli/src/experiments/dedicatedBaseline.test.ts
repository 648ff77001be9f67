import { describe, expect, it } from 'vitest';
import { dedicatedBaselineLoss } from './dedicatedBaseline.js';

describe('dedicatedBaselineLoss', () => {
  it('gives the paper’s exact S = 0 loss for n = 5, m = 2, I = 0.9^i', () => {
    const I = [0, 1, 2, 3, 4].map((i) => 0.9 ** i);
    expect(dedicatedBaselineLoss(I, 1, 2)).toBeCloseTo((0.9 ** 2 + 0.9 ** 3 + 0.9 ** 4) / 60, 12);
  });
  it('keeps the most important features whatever their order', () => {
    expect(dedicatedBaselineLoss([0.1, 1, 0.5], 1, 1)).toBeCloseTo(
      ((0.1 + 0.5) * (1 / 12)) / 3,
      12,
    );
  });
  it('is (n - d)/n (p/3 - p^2/4) for constant importance, and 0 when d >= n', () => {
    const p = 0.01;
    expect(dedicatedBaselineLoss(new Array(1000).fill(1), p, 64)).toBeCloseTo(
      (936 / 1000) * (p / 3 - (p * p) / 4),
      14,
    );
    expect(dedicatedBaselineLoss([1, 1], 0.5, 3)).toBe(0);
  });
  it('rejects bad input with a message naming the argument', () => {
    expect(() => dedicatedBaselineLoss([], 0.5, 1)).toThrow(
      /importance expected a non-empty array/,
    );
    expect(() => dedicatedBaselineLoss([1], 1.5, 1)).toThrow(
      /featureProbability expected a number in \[0, 1\], got 1.5/,
    );
    expect(() => dedicatedBaselineLoss([1], 0.5, -1)).toThrow(/d expected an integer >= 0, got -1/);
  });
});
