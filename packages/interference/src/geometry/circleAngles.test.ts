import { describe, expect, it } from 'vitest';
import { polygon, simplex } from '../test.fixtures.js';
import { circleAngles } from './circleAngles.js';

describe('circleAngles', () => {
  it('a pentagon has five gaps of 72 degrees', () => {
    const r = circleAngles(polygon(5, 1));
    expect(r.features).toHaveLength(5);
    for (const g of r.gapsDegrees) expect(g).toBeCloseTo(72, 10);
    expect(r.gapsDegrees.reduce((s, x) => s + x, 0)).toBeCloseTo(360, 10);
  });

  it('two antipodal pairs (S = 0.8 solution) sit at 90 degree gaps; unrepresented features are left out', () => {
    // features 0..3 on the axes, feature 4 not embedded
    const W = { data: Float64Array.of(1, -1, 0, 0, 0.1, 0, 0, 1, -1, 0), rows: 2, cols: 5 };
    const r = circleAngles(W);
    expect(r.features).toEqual([0, 2, 1, 3]);
    expect(Array.from(r.anglesDegrees)).toEqual([0, 90, 180, 270]);
    expect(Array.from(r.gapsDegrees)).toEqual([90, 90, 90, 90]);
  });

  it('throws for a space that is not 2-D', () => {
    expect(() => circleAngles(simplex(3))).toThrow(
      new RangeError('circleAngles: W expected features in 2 dimensions (m = 2), got 3'),
    );
  });
});
