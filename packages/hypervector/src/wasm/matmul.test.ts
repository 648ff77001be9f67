import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { matmulNN, matmulNT, setMatmulScalarForTesting, simdMatmulAvailable } from './matmul.js';

function normals(seed: number, len: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(len);
  for (let i = 0; i < len; i++) out[i] = rng.nextNormal();
  return out;
}

/** Float64 reference of A Bᵀ (bt = true) or A B. */
function reference(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  bt: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * (bt ? b[j * k + l] : b[l * n + j]);
      c[i * n + j] = s;
    }
  return c;
}

/**
 * Float32 sums of k products of unit normals: each rounding is at most 2^-24 relative, so
 * the error is below k * 2^-24 * sum |a_l b_l| (about k * 6e-8 * k * 0.64); we allow
 * 4e-7 * k * sqrt(k) + 1e-6, well above the typical error and far below any wrong element.
 */
function expectClose(got: Float32Array, want: Float64Array, k: number): void {
  const tol = 4e-7 * k * Math.sqrt(k) + 1e-6;
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThan(tol);
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 2, 4],
  [5, 9, 13],
  [8, 16, 64],
  [13, 17, 33],
  [37, 300, 50], // more than one 256-row block of B
  [9, 6, 601], // long k: blocks of 256 accumulated
  [260, 20, 9], // more than one 256-row block of A
];

describe('matmul (WebAssembly SIMD)', () => {
  afterEach(() => setMatmulScalarForTesting(false));

  it('is available on Node 20', () => {
    expect(simdMatmulAvailable()).toBe(true);
  });

  it.each(shapes)('matmulNT equals the float64 reference at m=%i n=%i k=%i', (m, n, k) => {
    const a = normals(1, m * k);
    const b = normals(2, n * k);
    expectClose(matmulNT(a, b, m, n, k), reference(a, b, m, n, k, true), k);
  });

  it.each(shapes)('matmulNN equals the float64 reference at m=%i n=%i k=%i', (m, n, k) => {
    const a = normals(3, m * k);
    const b = normals(4, k * n);
    expectClose(matmulNN(a, b, m, n, k), reference(a, b, m, n, k, false), k);
  });

  it('SIMD and scalar fallback agree within float rounding, and repeat bit for bit', () => {
    const [m, n, k] = [29, 31, 70];
    const a = normals(5, m * k);
    const b = normals(6, n * k);
    const simd = matmulNT(a, b, m, n, k);
    expect(matmulNT(a, b, m, n, k)).toEqual(simd);
    setMatmulScalarForTesting(true);
    const scalar = matmulNT(a, b, m, n, k);
    const nnScalar = matmulNN(a, b, m, n, k);
    setMatmulScalarForTesting(false);
    expectClose(simd, Float64Array.from(scalar), k);
    expectClose(matmulNN(a, b, m, n, k), Float64Array.from(nnScalar), k);
  });

  it('Gram identity: A Aᵀ is symmetric and its diagonal holds the squared row norms', () => {
    const [n, k] = [21, 40];
    const a = normals(7, n * k);
    const g = matmulNT(a, a, n, n, k);
    for (let i = 0; i < n; i++) {
      let sq = 0;
      for (let l = 0; l < k; l++) sq += a[i * k + l] ** 2;
      expect(g[i * n + i]).toBeCloseTo(sq, 3);
      for (let j = 0; j < n; j++) expect(g[i * n + j]).toBe(g[j * n + i]);
    }
  });

  it('(A B)ᵀ = Bᵀ Aᵀ: matmulNN against matmulNT on transposed operands', () => {
    const [m, n, k] = [6, 11, 10];
    const a = normals(8, m * k);
    const b = normals(9, k * n);
    const bt = new Float32Array(n * k);
    for (let l = 0; l < k; l++) for (let j = 0; j < n; j++) bt[j * k + l] = b[l * n + j];
    expectClose(matmulNN(a, b, m, n, k), Float64Array.from(matmulNT(a, bt, m, n, k)), k);
  });

  it('writes into out, leaves operands untouched, and handles empty shapes', () => {
    const a = Float32Array.of(1, 2, 3, 4, 5, 6);
    const b = Float32Array.of(1, 0, 1, 0, 1, 0);
    const out = new Float32Array(4).fill(99);
    expect(matmulNT(a, b, 2, 2, 3, out)).toBe(out);
    expect(Array.from(out)).toEqual([4, 2, 10, 5]);
    expect(Array.from(a)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      Array.from(matmulNN(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), 2, 2, 2)),
    ).toEqual([19, 22, 43, 50]);
    expect(matmulNT(new Float32Array(0), new Float32Array(12), 0, 3, 4)).toHaveLength(0);
    expect(Array.from(matmulNN(new Float32Array(0), new Float32Array(0), 2, 2, 0))).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('rejects bad input with errors that name the argument', () => {
    const a = new Float32Array(6);
    expect(() => matmulNT([1, 2] as unknown as Float32Array, a, 1, 1, 2)).toThrow(
      /matmulNT: a must be a Float32Array, got Array/,
    );
    expect(() => matmulNT(a, a, 2, 2, 4)).toThrow(RangeError);
    expect(() => matmulNT(a, a, 2, 2, 4)).toThrow(/a must hold at least 8 floats, got length 6/);
    expect(() => matmulNN(a, a, 1.5, 1, 1)).toThrow(
      /matmulNN: m must be a non-negative integer, got 1.5/,
    );
    expect(() => matmulNN(a, a, 2, 3, 1, new Float32Array(2))).toThrow(
      /out must hold at least 6 floats/,
    );
  });

  it('the committed bytes are assembled from matmul.wat (scripts/build-wasm.mjs --check)', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    expect(() =>
      execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});
