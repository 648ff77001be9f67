import { describe, expect, it } from 'vitest';
import { columnNorms, planarGeometry } from '../src/lib/geometry.js';

/** W [2, n] from a list of (angle in degrees, norm) columns. */
function fromPolar(columns: [number, number][]): {
  data: Float64Array;
  rows: number;
  cols: number;
} {
  const n = columns.length;
  const data = new Float64Array(2 * n);
  columns.forEach(([deg, r], j) => {
    data[j] = r * Math.cos((deg * Math.PI) / 180);
    data[n + j] = r * Math.sin((deg * Math.PI) / 180);
  });
  return { data, rows: 2, cols: n };
}

describe('planarGeometry', () => {
  it('reads a regular pentagon as five features 72 degrees apart', () => {
    const g = planarGeometry(
      fromPolar([0, 144, 72, 288, 216].map((a) => [a + 10, 1.1] as [number, number])),
    );
    expect(g.represented).toBe(5);
    for (const gap of g.gaps) expect(gap).toBeCloseTo(72, 10);
  });

  it('reads two antipodal pairs at right angles, ignoring a feature of norm below 0.5', () => {
    const g = planarGeometry(
      fromPolar([
        [0, 1],
        [180, 1],
        [90, 1],
        [270, 1],
        [45, 0.3],
      ]),
    );
    expect(g.represented).toBe(4);
    expect(g.gaps).toEqual([90, 90, 90, 90].map((v) => expect.closeTo(v, 10)));
  });

  it('gives no gaps when fewer than two features are represented, and column norms exactly', () => {
    const W = { data: [3, 0, 0, 0, 4, 0], rows: 2, cols: 3 };
    expect(columnNorms(W)).toEqual([3, 4, 0]);
    expect(planarGeometry({ data: [1, 0, 0, 0], rows: 2, cols: 2 }).gaps).toEqual([]);
  });

  it('rejects a hidden layer that is not two-dimensional', () => {
    expect(() => planarGeometry({ data: [1, 2, 3], rows: 3, cols: 1 })).toThrow(
      'planarGeometry: W expected 2 rows (nHidden = 2), got 3',
    );
  });
});
