import { describe, expect, it } from 'vitest';
import { principalDirections } from './principalDirections.js';

describe('principalDirections', () => {
  it('principalDirections(diagonal W) returns the hidden axes in order of variance', () => {
    const W = [
      [0, 0, 0.1],
      [2, 0, 0],
      [0, 1, 0],
    ];
    const [p1, p2] = principalDirections(W, 2);
    expect(p1[0]).toBeCloseTo(0, 10);
    expect(p1[1]).toBeCloseTo(1, 10);
    expect(p2[2]).toBeCloseTo(1, 10);
  });

  it('returns orthonormal directions spanning a rank-2 W embedded in 4-D', () => {
    // columns lie in span(u, v) for two fixed orthonormal u, v in R^4
    const u = [0.5, 0.5, 0.5, 0.5];
    const v = [0.5, -0.5, 0.5, -0.5];
    const coeffs = [
      [2, 0.1],
      [-1, 1.5],
      [0.3, -0.7],
      [1, 1],
    ];
    const W = [0, 1, 2, 3].map((a) => coeffs.map(([x, y]) => x * u[a] + y * v[a]));
    const P = principalDirections(W);
    const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);
    expect(dot(P[0], P[0])).toBeCloseTo(1, 12);
    expect(dot(P[1], P[1])).toBeCloseTo(1, 12);
    expect(dot(P[0], P[1])).toBeCloseTo(0, 12);
    // each direction lies in span(u, v): its squared projections on u and v sum to 1
    for (const p of P) expect(dot(p, u) ** 2 + dot(p, v) ** 2).toBeCloseTo(1, 10);
    // the projection keeps all of each column's norm
    for (let j = 0; j < 4; j++) {
      const col = W.map((row) => row[j]);
      expect(dot(P[0], col) ** 2 + dot(P[1], col) ** 2).toBeCloseTo(dot(col, col), 10);
    }
  });

  it('is deterministic and sign-normalised (largest component positive)', () => {
    const W = [
      [-3, 1],
      [0.5, -0.2],
      [1, 1],
    ];
    const a = principalDirections(W, 3);
    expect(principalDirections(W, 3)).toEqual(a);
    for (const p of a) {
      const big = p.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(big).toBeGreaterThan(0);
    }
  });

  it('finds the plane of a tilted pentagon although its two eigenvalues tie', () => {
    // W W^T = (5/2) P_plane: every in-plane vector is a top eigenvector, the normal has 0
    const a = [0, 1, 2, 3, 4].map((i) => (2 * Math.PI * i) / 5 + 0.3);
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const W = [a.map(Math.cos), a.map((t) => c * Math.sin(t)), a.map((t) => s * Math.sin(t))];
    const normal = [0, -s, c];
    for (const p of principalDirections(W, 2)) {
      expect(p.reduce((q, x, i) => q + x * normal[i], 0)).toBeCloseTo(0, 10);
    }
  });

  it('rejects k outside [1, nHidden]', () => {
    expect(() => principalDirections([[1, 2]], 2)).toThrow(
      'principalDirections: k expected an integer in [1, nHidden = 1], got 2',
    );
  });
});
