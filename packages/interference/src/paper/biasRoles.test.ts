import { describe, expect, it } from 'vitest';
import { polygon } from '../test.fixtures.js';
import { biasRoles } from './biasRoles.js';

describe('biasRoles', () => {
  it('S = 0 solution (paper intro figure): two dedicated features, three off at b = p/2', () => {
    const W = { data: Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0, 0, 0), rows: 2, cols: 5 };
    const r = biasRoles(W, Float64Array.of(0, 0, 0.5, 0.5, 0.48), { density: 1 });
    expect(r.roles).toEqual(['dedicated', 'dedicated', 'off', 'off', 'off']);
    expect(r.offBiasTarget).toBe(0.5);
    expect(Array.from(r.offBiasError).map((x) => +x.toFixed(12))).toEqual([0, 0, 0, 0, -0.02]);
    expect(r.counts).toEqual({ dedicated: 2, superposed: 0, off: 3 });
    expect(r.superposedNegativeBiasFraction).toBe(0);
  });

  it('pentagon at S = 0.9: all superposed, negative biases, ||W_i||^2 + b_i about 1', () => {
    const W = polygon(5, 0, Math.sqrt(1.2));
    const b = new Float64Array(5).fill(-0.2);
    const r = biasRoles(W, b, { density: 0.1 });
    expect(r.roles.every((x) => x === 'superposed')).toBe(true);
    expect(r.superposedNegativeBiasFraction).toBe(1);
    for (const x of r.normSquaredPlusBias) expect(x).toBeCloseTo(1, 12);
    expect(Array.from(r.offBiasError)).toEqual([0, 0, 0, 0, 0]);
  });

  it('without density there is no off target', () => {
    const r = biasRoles(polygon(3), [0, 0, 0]);
    expect(r.offBiasTarget).toBeNull();
  });

  it('throws when b does not have one bias per feature or is not finite', () => {
    expect(() => biasRoles(polygon(5), Float64Array.of(0, 0))).toThrow(
      new RangeError('biasRoles: b expected 5 biases (one per feature), got Float64Array(2)'),
    );
    expect(() => biasRoles(polygon(2), [0, NaN])).toThrow(
      'biasRoles: b expected finite numbers, got NaN at index 1',
    );
    expect(() => biasRoles(polygon(2), [0, 0], { density: 2 })).toThrow(
      'biasRoles: options.density expected a finite number in [0, 1], got 2',
    );
  });
});
