import { describe, expect, it } from 'vitest';
import { measureRecordCapacity } from './recordCapacity.js';

describe('examples/recordCapacity', () => {
  it('reads small records back perfectly, and fails more often as records grow', () => {
    const [point] = measureRecordCapacity([3], { dim: 1000, items: 200, trials: 2 });
    expect(point.measured).toBe(1);
    expect(point.theory).toBeGreaterThan(0.999);
    const [small, large] = measureRecordCapacity([20, 200], { dim: 500, items: 100, trials: 1 });
    expect(large.measured).toBeLessThan(small.measured);
    expect(large.theory).toBeLessThan(small.theory);
  });

  describe.each(['MAP-I', 'MAP-B', 'BSC'] as const)('%s', (model) => {
    it('matches the Frady-Kleyko-Sommer theory within 4 sigma', () => {
      for (const p of measureRecordCapacity([40, 120], {
        model,
        dim: 500,
        items: 200,
        trials: 3,
        seed: 2,
      })) {
        // Binomial standard error of a fraction over p.reads reads (reads within a record are
        // correlated, so we allow an extra 0.05 on top of 4 sigma).
        const sigma = Math.sqrt((p.theory * (1 - p.theory)) / p.reads);
        expect(Math.abs(p.measured - p.theory)).toBeLessThan(4 * sigma + 0.05);
      }
    });
  });
});
