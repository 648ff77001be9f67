import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { jacobiEigenvalues } from '../kernels/jacobiEigen.js';
import { polygon, simplex, squareAntiprism } from '../test.fixtures.js';
import { featureGeometry } from './featureGeometry.js';

/** n features in d dimensions, row-major [d, n], spanning the first r coordinates only (seeded). */
function randomInSubspace(d: number, n: number, r: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float64Array(d * n);
  // scaled by 10: every norm is far above the 0.5 of "represented"
  for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) data[k * n + i] = 10 * rng.nextNormal();
  return { data, rows: d, cols: n };
}

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

  describe('components larger than 64 features (the tridiagonal method)', () => {
    it('150 random directions in d = 200: one component of rank 150, as Jacobi finds', () => {
      const W = randomInSubspace(200, 150, 200, 11);
      const g = featureGeometry(W);
      expect(g.configurations).toHaveLength(1);
      const [c] = g.configurations;
      expect(c.size).toBe(150);
      expect(c.kind).toBe('other');
      // Jacobi on the same unit-direction Gram matrix gives the same rank
      const units = Array.from({ length: 150 }, (_, i) => {
        const v = Array.from({ length: 200 }, (_, k) => W.data[k * 150 + i]);
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
      const G = new Float64Array(150 * 150);
      for (let i = 0; i < 150; i++)
        for (let j = 0; j < 150; j++)
          G[i * 150 + j] = units[i].reduce((s, x, k) => s + x * units[j][k], 0);
      const rank = jacobiEigenvalues(G, 150).filter((v) => v > 1e-6 * 150).length;
      expect(rank).toBe(150);
      expect(c.rank).toBe(rank);
    });

    it('300 directions in a 3-dimensional subspace of d = 50: rank 3 (k > d: the d x d moments)', () => {
      const g = featureGeometry(randomInSubspace(50, 300, 3, 12));
      expect(g.configurations).toHaveLength(1);
      expect(g.configurations[0]).toMatchObject({
        size: 300,
        rank: 3,
        expectedDimensionality: 0.01,
      });
      expect(g.unrepresented).toEqual([]);
    });

    it('400 random directions in d = 40: rank 40, the dimension they fill', () => {
      const g = featureGeometry(randomInSubspace(40, 400, 40, 13));
      expect(g.configurations.map((c) => [c.size, c.rank])).toEqual([[400, 40]]);
    });
  });
  it('names the components of many features along one direction: rank 1 (Gram and moment paths)', () => {
    // 100 features on hidden unit 0 of d = 100, alternating signs: one antipodal-like family
    const d = 100;
    for (const n of [100, 200]) {
      const data = new Float64Array(d * n);
      for (let i = 0; i < n; i++) data[i] = i % 2 ? -1 : 1;
      const g = featureGeometry({ data, rows: d, cols: n });
      expect(g.configurations.map((c) => [c.size, c.rank])).toEqual([[n, 1]]);
    }
    // 200 features along (1, ..., 1)/sqrt(100): k > d, the d x d moment matrix
    const n = 200;
    const data = new Float64Array(d * n).fill(1 / Math.sqrt(d));
    const g = featureGeometry({ data, rows: d, cols: n });
    expect(g.configurations.map((c) => [c.size, c.rank])).toEqual([[n, 1]]);
  });
});
