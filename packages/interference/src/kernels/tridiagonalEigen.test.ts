import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { jacobiEigenvalues } from './jacobiEigen.js';
import { tridiagonalEigenvalues } from './tridiagonalEigen.js';

/** A random symmetric k x k matrix with N(0, 1) entries (seeded). */
function randomSymmetric(k: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const A = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.nextNormal();
      A[i * k + j] = v;
      A[j * k + i] = v;
    }
  }
  return A;
}

/** The Gram matrix of k random unit vectors in r dimensions: rank min(k, r). */
function gramOfRank(k: number, r: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const V = Array.from({ length: k }, () => {
    const v = Array.from({ length: r }, () => rng.nextNormal());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const G = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) G[i * k + j] = V[i].reduce((s, x, t) => s + x * V[j][t], 0);
  return G;
}

describe('tridiagonalEigenvalues', () => {
  it('agrees with the Jacobi eigenvalues to 1e-12 of the largest, for sizes 1 to 40 and 97', () => {
    for (const k of [...Array.from({ length: 40 }, (_, i) => i + 1), 97]) {
      const A = randomSymmetric(k, k);
      const want = jacobiEigenvalues(A.slice(), k);
      const got = tridiagonalEigenvalues(A.slice(), k);
      const scale = Math.max(...want.map(Math.abs));
      got.forEach((v, i) =>
        expect(Math.abs(v - want[i]) / scale, `k = ${k}, i = ${i}`).toBeLessThan(1e-12),
      );
    }
  });

  it('keeps the trace and the Frobenius norm (sum of eigenvalues and of their squares)', () => {
    const k = 60;
    const A = randomSymmetric(k, 7);
    let trace = 0;
    let fro = 0;
    for (let i = 0; i < k; i++) trace += A[i * k + i];
    for (const v of A) fro += v * v;
    const ev = tridiagonalEigenvalues(A.slice(), k);
    expect(Math.abs(ev.reduce((s, v) => s + v, 0) - trace)).toBeLessThan(1e-10);
    expect(Math.abs(ev.reduce((s, v) => s + v * v, 0) / fro - 1)).toBeLessThan(1e-12);
    // sorted descending
    for (let i = 1; i < k; i++) expect(ev[i]).toBeLessThanOrEqual(ev[i - 1]);
  });

  it('finds the rank of Gram matrices: k - r eigenvalues within 1e-12 k of zero', () => {
    for (const [k, r] of [
      [80, 3],
      [120, 50],
      [30, 30],
    ]) {
      const ev = tridiagonalEigenvalues(gramOfRank(k, r, k + r), k);
      const rank = ev.filter((v) => v > 1e-6 * k).length;
      expect(rank).toBe(Math.min(k, r));
      for (let i = rank; i < k; i++) expect(Math.abs(ev[i])).toBeLessThan(1e-12 * k);
      // the trace of a Gram matrix of unit vectors is k
      expect(ev.reduce((s, v) => s + v, 0)).toBeCloseTo(k, 9);
    }
  });

  it('converges on rank-deficient Grams: all-ones (one direction) for every k up to 300, a few shared directions', () => {
    // the all-ones k x k matrix: eigenvalues k, then k - 1 zeros
    for (let k = 1; k <= 300; k++) {
      const ev = tridiagonalEigenvalues(new Float64Array(k * k).fill(1), k);
      expect(ev[0], `k = ${k}`).toBeCloseTo(k, 9);
      for (let i = 1; i < k; i++) expect(Math.abs(ev[i]), `k = ${k}`).toBeLessThan(1e-12 * k);
    }
    // antipodal pairs: +-1 entries, rank 1
    const k = 100;
    const A = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) A[i * k + j] = (i + j) % 2 ? -1 : 1;
    const ev = tridiagonalEigenvalues(A, k);
    expect(ev[0]).toBeCloseTo(k, 9);
    expect(ev.filter((v) => v > 1e-6 * k)).toHaveLength(1);
    // k features spread over r shared directions (duplicates): rank r
    for (const [kk, r] of [
      [65, 1],
      [120, 2],
      [200, 5],
    ]) {
      const rng = createRng(kk);
      const dirs = Array.from({ length: r }, () => {
        const v = Array.from({ length: 8 }, () => rng.nextNormal());
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
      const G = new Float64Array(kk * kk);
      for (let i = 0; i < kk; i++)
        for (let j = 0; j < kk; j++)
          G[i * kk + j] = dirs[i % r].reduce((s, x, t) => s + x * dirs[j % r][t], 0);
      const e = tridiagonalEigenvalues(G, kk);
      expect(
        e.filter((v) => v > 1e-6 * kk),
        `k = ${kk}, r = ${r}`,
      ).toHaveLength(r);
      expect(e.reduce((s, v) => s + v, 0)).toBeCloseTo(kk, 8);
    }
  });

  it('handles diagonal, zero and already tridiagonal input', () => {
    expect(
      Array.from(tridiagonalEigenvalues(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3)),
    ).toEqual([3, 2, -1]);
    expect(Array.from(tridiagonalEigenvalues(new Float64Array(16), 4))).toEqual([0, 0, 0, 0]);
    // the path graph's Laplacian on 4 nodes: 2 - 2 cos(pi j / 4)
    const L = Float64Array.of(1, -1, 0, 0, -1, 2, -1, 0, 0, -1, 2, -1, 0, 0, -1, 1);
    const want = [3, 2, 1, 0].map((j) => 2 - 2 * Math.cos((Math.PI * j) / 4));
    tridiagonalEigenvalues(L, 4).forEach((v, i) => expect(v).toBeCloseTo(want[i], 13));
    expect(tridiagonalEigenvalues(new Float64Array(0), 0)).toHaveLength(0);
  });
});
