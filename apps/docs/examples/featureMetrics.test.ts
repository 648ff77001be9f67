import { describe, expect, it } from 'vitest';
import { runFeatureMetrics } from './featureMetrics.js';

describe('examples/featureMetrics', () => {
  const out = runFeatureMetrics();

  it('gives each pentagon feature dimensionality 2/5 (a tight frame: they sum to m = 2)', () => {
    for (const d of out.dimensionality) expect(d).toBeCloseTo(0.4, 6);
  });

  it('gives interference 1.5: 2 (cos^2 72° + cos^2 144°) by hand', () => {
    const byHand = 2 * (Math.cos((2 * Math.PI) / 5) ** 2 + Math.cos((4 * Math.PI) / 5) ** 2);
    expect(byHand).toBeCloseTo(1.5, 12);
    for (const v of out.interference) expect(v).toBeCloseTo(byHand, 6);
  });

  it('has its worst pair at |cos 144°| = 0.809 and D* = 2/5', () => {
    for (const c of out.maxAbsCos) expect(c).toBeCloseTo(Math.abs(Math.cos((4 * Math.PI) / 5)), 6);
    expect(out.dimensionsPerFeature).toBeCloseTo(0.4, 12);
  });
});
