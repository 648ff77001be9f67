import { describe, expect, it } from 'vitest';
import { polygon, simplex, squareAntiprism } from '../test.fixtures.js';
import { featureGeometry } from './featureGeometry.js';

/** Place blocks of features on orthogonal coordinate subspaces (a tegum product): W [m, n]. */
function tegum(...parts: { data: Float64Array; rows: number; cols: number }[]): {
  data: Float64Array;
  rows: number;
  cols: number;
} {
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const data = new Float64Array(rows * cols);
  let r0 = 0;
  let c0 = 0;
  for (const p of parts) {
    for (let r = 0; r < p.rows; r++)
      for (let c = 0; c < p.cols; c++) data[(r0 + r) * cols + c0 + c] = p.data[r * p.cols + c];
    r0 += p.rows;
    c0 += p.cols;
  }
  return { data, rows, cols };
}

describe('featureGeometry', () => {
  it.each([
    ['pentagon', polygon(5), 5, 2, 2 / 5],
    ['triangle', polygon(3), 3, 2, 2 / 3],
    ['tetrahedron', simplex(4), 4, 3, 3 / 4],
    ['square-antiprism', squareAntiprism(), 8, 3, 3 / 8],
    ['polygon', polygon(7), 7, 2, 2 / 7],
    ['simplex', simplex(6), 6, 5, 5 / 6],
  ])('recognises a %s', (kind, W, size, rank, D) => {
    const g = featureGeometry(W);
    expect(g.configurations).toHaveLength(1);
    const c = g.configurations[0];
    expect([c.kind, c.size, c.rank, c.uniform]).toEqual([kind, size, rank, true]);
    expect(c.expectedDimensionality).toBeCloseTo(D, 12);
    for (const x of c.dimensionality) expect(x).toBeCloseTo(D, 6);
  });

  it('splits a tegum product into its orthogonal parts: pentagon + antipodal pair + dedicated + unrepresented', () => {
    const antipodal = { data: Float64Array.of(1, -1), rows: 1, cols: 2 };
    const dedicated = { data: Float64Array.of(1), rows: 1, cols: 1 };
    const weak = { data: Float64Array.of(0.1), rows: 1, cols: 1 };
    const g = featureGeometry(tegum(polygon(5), antipodal, dedicated, weak));
    expect(g.configurations.map((c) => c.kind)).toEqual([
      'pentagon',
      'antipodal-pair',
      'dedicated',
    ]);
    expect(g.configurations.map((c) => c.features)).toEqual([[0, 1, 2, 3, 4], [5, 6], [7]]);
    expect(g.unrepresented).toEqual([8]);
    expect(g.counts.pentagon).toBe(1);
    expect(g.counts['antipodal-pair']).toBe(1);
    expect(g.counts.dedicated).toBe(1);
    expect(g.counts.triangle).toBe(0);
  });

  it('marks a non-uniform component: two unequal features at 60 degrees', () => {
    const W = { data: Float64Array.of(1, 0.5 * 2, 0, (Math.sqrt(3) / 2) * 2), rows: 2, cols: 2 };
    const c = featureGeometry(W).configurations[0];
    expect([c.kind, c.rank, c.uniform]).toEqual(['other', 2, false]);
  });

  it('rejects a cos threshold outside [0, 1]', () => {
    expect(() => featureGeometry(polygon(3), { cosThreshold: 2 })).toThrow(
      'featureGeometry: options.cosThreshold expected a finite number in [0, 1], got 2',
    );
  });
});
