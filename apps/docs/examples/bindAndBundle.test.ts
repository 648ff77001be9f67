import { describe, expect, it } from 'vitest';
import { runBindAndBundle } from './bindAndBundle.js';

describe('examples/bindAndBundle', () => {
  const result = runBindAndBundle();

  it('unbinding a MAP binding with its key recovers the value exactly', () => {
    expect(result.unboundSimilarity).toBeCloseTo(1, 6);
  });

  it('a member of a three-atom integer bundle has cosine about 1/sqrt(3) with it', () => {
    // cos = (d + X) / sqrt(d * (3d + 2Y)) with X, Y sums of +-1 cross terms: sd about 0.8/sqrt(d); 4 sigma.
    expect(Math.abs(result.memberSimilarity - 1 / Math.sqrt(3))).toBeLessThan(
      4 * (0.8 / Math.sqrt(result.dim)),
    );
  });

  it('an unrelated atom is nearly orthogonal to the bundle (|cos| < 4/sqrt(d), 4 sigma)', () => {
    expect(Math.abs(result.strangerSimilarity)).toBeLessThan(4 / Math.sqrt(result.dim));
  });

  it('is deterministic for a seed', () => {
    expect(runBindAndBundle()).toEqual(result);
    expect(runBindAndBundle(10_000, 7).memberSimilarity).not.toBe(result.memberSimilarity);
  });
});
