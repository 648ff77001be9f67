import { describe, expect, it } from 'vitest';
import { createModel } from '../models/index.js';
import { thermometerBasis } from './thermometerBasis.js';

describe('thermometerBasis', () => {
  it('bounds levels by one typed array', () => {
    const m = createModel('MAP-B', { dim: 1000 });
    expect(() => thermometerBasis(m, 1e9)).toThrow(
      new RangeError(
        'thermometerBasis: levels expected at most 2147483 levels (levels * model.length = 1000000000 * 1000 must be <= 2147483647, one typed array), got 1000000000',
      ),
    );
    expect(thermometerBasis(m, 3).length).toBe(3000);
  });
});
