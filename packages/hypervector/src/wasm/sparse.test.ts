import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../random/rng.js';
import {
  addTransposed,
  createWasmWorkspace,
  csrMatmul,
  csrTransposeMatmul,
  denseToCsr,
  setSparseScalarForTesting,
  transposeMatrix,
  weightedSquaredErrorGrad,
} from './sparse.js';

function normals(rng: Rng, len: number): Float32Array {
  const out = new Float32Array(len);
  for (let i = 0; i < len; i++) out[i] = rng.nextNormal();
  return out;
}

interface Csr {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/**
 * A random CSR matrix [rows, cols] with each entry present with probability p (distinct
 * columns per row), `lead` unused entries before the first row (absolute offsets).
 */
function randomCsr(rng: Rng, rows: number, cols: number, p: number, lead = 0): Csr {
  const idx: number[] = [];
  const val: number[] = [];
  for (let e = 0; e < lead; e++) {
    idx.push(0);
    val.push(99);
  }
  const offsets = new Int32Array(rows + 1);
  offsets[0] = lead;
  for (let s = 0; s < rows; s++) {
    for (let f = 0; f < cols; f++) {
      if (rng.nextFloat() < p) {
        idx.push(f);
        val.push(rng.nextNormal());
      }
    }
    offsets[s + 1] = idx.length;
  }
  return { offsets, indices: Int32Array.from(idx), values: Float32Array.from(val) };
}

/** Float64 X·B and Σ|x·b| per element (for the rounding bound). */
function refSpmm(x: Csr, b: Float32Array, rows: number, n: number): [Float64Array, Float64Array] {
  const c = new Float64Array(rows * n);
  const abs = new Float64Array(rows * n);
  for (let s = 0; s < rows; s++)
    for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++)
      for (let j = 0; j < n; j++) {
        const t = x.values[e] * b[x.indices[e] * n + j];
        c[s * n + j] += t;
        abs[s * n + j] += Math.abs(t);
      }
  return [c, abs];
}

/** Float64 Xᵀ·A and Σ|x·a| per element. */
function refSpmmT(
  x: Csr,
  a: Float32Array,
  rows: number,
  k: number,
  n: number,
): [Float64Array, Float64Array] {
  const c = new Float64Array(k * n);
  const abs = new Float64Array(k * n);
  for (let s = 0; s < rows; s++)
    for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++)
      for (let j = 0; j < n; j++) {
        const t = x.values[e] * a[s * n + j];
        c[x.indices[e] * n + j] += t;
        abs[x.indices[e] * n + j] += Math.abs(t);
      }
  return [c, abs];
}

/**
 * A float32 sum of E products (recursive, in order) is within (E + 1) · 2^-24 · Σ|terms| of
 * the exact sum; with at most about 40 terms per element here (k = 300 at density 0.1, or
 * twice ~20 for accumulate), 4e-6 · Σ|terms| (plus 1e-30 for empty sums) bounds it with
 * margin, while a wrong element is off by O(Σ|terms|).
 */
function expectWithinSumBound(got: Float32Array, want: Float64Array, abs: Float64Array): void {
  expect(got.length).toBeGreaterThanOrEqual(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i] - want[i]) / (4e-6 * abs[i] + 1e-30));
  }
  expect(worst).toBeLessThanOrEqual(1);
}

// rows, k (columns of X), n (dense width): odd widths exercise the 32-, 4- and 1-column
// passes; density 0.1 leaves some rows empty.
const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [7, 13, 33],
  [29, 203, 37],
  [5, 50, 130],
  [17, 64, 4],
  [40, 300, 3],
];

describe('sparse kernels (WebAssembly SIMD)', () => {
  afterEach(() => setSparseScalarForTesting(false));

  it.each(shapes)('csrMatmul equals the float64 reference at rows=%i k=%i n=%i', (rows, k, n) => {
    const rng = createRng(rows * 1000 + n);
    const x = randomCsr(rng, rows, k, 0.1, 3);
    const b = normals(rng, k * n);
    const [want, abs] = refSpmm(x, b, rows, n);
    const got = csrMatmul(x.offsets, x.indices, x.values, b, rows, k, n);
    expectWithinSumBound(got, want, abs);
    // accumulate adds onto what out holds
    const base = normals(rng, rows * n);
    const acc = csrMatmul(x.offsets, x.indices, x.values, b, rows, k, n, base.slice(), true);
    const wantAcc = want.map((v, i) => v + base[i]);
    const absAcc = abs.map((v, i) => v + Math.abs(base[i]));
    expectWithinSumBound(acc, wantAcc, absAcc);
  });

  it.each(shapes)(
    'csrTransposeMatmul equals the float64 reference at rows=%i k=%i n=%i',
    (rows, k, n) => {
      const rng = createRng(rows * 1000 + n + 1);
      const x = randomCsr(rng, rows, k, 0.1);
      const a = normals(rng, rows * n);
      const [want, abs] = refSpmmT(x, a, rows, k, n);
      const out = new Float32Array(k * n).fill(7); // overwritten
      expectWithinSumBound(
        csrTransposeMatmul(x.offsets, x.indices, x.values, a, rows, k, n, out),
        want,
        abs,
      );
      const acc = csrTransposeMatmul(x.offsets, x.indices, x.values, a, rows, k, n, out, true);
      expectWithinSumBound(
        acc,
        want.map((v) => 2 * v),
        abs.map((v) => 2 * v),
      );
    },
  );

  const tShapes: [number, number][] = [
    [1, 1],
    [3, 5],
    [4, 8],
    [33, 65],
    [37, 203],
    [64, 40],
    [2, 131],
  ];

  it.each(tShapes)('transposeMatrix and addTransposed are exact at rows=%i cols=%i', (r, c) => {
    const rng = createRng(r * 7 + c);
    const a = normals(rng, r * c);
    const at = transposeMatrix(a, r, c);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) expect(at[j * r + i]).toBe(a[i * c + j]);
    const base = normals(rng, r * c);
    const sum = addTransposed(a, r, c, base.slice());
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++)
        // one float32 add: exactly fround(x + y)
        expect(sum[j * r + i]).toBe(Math.fround(base[j * r + i] + a[i * c + j]));
  });

  it.each([
    [1, 1],
    [3, 5],
    [17, 33],
    [8, 64],
    [40, 7],
  ])('denseToCsr lists the non-zero entries in order at rows=%i cols=%i', (rows, cols) => {
    const rng = createRng(rows * 100 + cols);
    // about 30% non-zero, -0 (zero) sprinkled in
    const a = Float32Array.from({ length: rows * cols }, () => {
      const u = rng.nextFloat();
      return u < 0.3 ? rng.nextNormal() : u < 0.4 ? -0 : 0;
    });
    const want: [number, number, number][] = [];
    for (let s = 0; s < rows; s++)
      for (let j = 0; j < cols; j++) if (a[s * cols + j] !== 0) want.push([s, j, a[s * cols + j]]);
    for (const scalar of [false, true]) {
      setSparseScalarForTesting(scalar);
      const x = denseToCsr(a, rows, cols);
      expect(x.nonzero).toBe(want.length);
      const got: [number, number, number][] = [];
      for (let s = 0; s < rows; s++)
        for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++)
          got.push([s, x.indices[e], x.values[e]]);
      expect(got).toEqual(want);
      expect(x.offsets[0]).toBe(0);
    }
    setSparseScalarForTesting(false);
    // into a workspace: in place, and a product from it equals the dense product
    const ws = createWasmWorkspace({
      a: ['f32', rows * cols],
      off: ['i32', rows + 1],
      idx: ['i32', want.length],
      val: ['f32', want.length],
    });
    const v = ws.arrays();
    v.a.set(a);
    const x = denseToCsr(v.a, rows, cols, { offsets: v.off, indices: v.idx, values: v.val });
    expect(x.indices).toBe(v.idx);
    expect(x.nonzero).toBe(want.length);
    const b = normals(rng, cols * 3);
    const dense = new Float64Array(rows * 3);
    const abs = new Float64Array(rows * 3);
    for (let s = 0; s < rows; s++)
      for (let j = 0; j < cols; j++)
        for (let t = 0; t < 3; t++) {
          dense[s * 3 + t] += a[s * cols + j] * b[j * 3 + t];
          abs[s * 3 + t] += Math.abs(a[s * cols + j] * b[j * 3 + t]);
        }
    expectWithinSumBound(csrMatmul(v.off, v.idx, v.val, b, rows, cols, 3), dense, abs);
    if (want.length > 0) {
      expect(() =>
        denseToCsr(a, rows, cols, {
          offsets: new Int32Array(rows + 1),
          indices: new Int32Array(want.length - 1),
          values: new Float32Array(want.length),
        }),
      ).toThrow(new RegExp(`must hold at least ${want.length} entries`));
    }
    ws.free();
  });

  const lossCases = [
    { relu: true, absTarget: false },
    { relu: false, absTarget: false },
    { relu: true, absTarget: true },
  ];

  it.each(lossCases)(
    'weightedSquaredErrorGrad equals the float64 reference (relu $relu, abs $absTarget)',
    ({ relu, absTarget }) => {
      for (const [rows, n] of [
        [1, 1],
        [3, 7],
        [29, 203],
        [8, 64],
      ]) {
        const rng = createRng(rows + 31 * n);
        const o = normals(rng, rows * n);
        const bias = normals(rng, n).map((v) => 0.3 * v);
        const weight = Float32Array.from({ length: n }, (_, f) => 0.99 ** f);
        const t = randomCsr(rng, rows, n, 0.2, 2);
        const gb0 = normals(rng, n);
        const scale = 2 / (rows * n);
        // reference in float64
        let sse = 0;
        let nonzero = 0;
        const g = new Float64Array(rows * n);
        const gb = Float64Array.from(gb0);
        for (let s = 0; s < rows; s++) {
          const tr = new Float64Array(n);
          for (let e = t.offsets[s]; e < t.offsets[s + 1]; e++)
            tr[t.indices[e]] = absTarget ? Math.abs(t.values[e]) : t.values[e];
          for (let f = 0; f < n; f++) {
            const x = o[s * n + f] + bias[f];
            const d = (relu ? Math.max(0, x) : x) - tr[f];
            sse += weight[f] * d * d;
            const gv = relu && !(x > 0) ? 0 : scale * weight[f] * d;
            g[s * n + f] = gv;
            gb[f] += gv;
            if (gv !== 0) nonzero++;
          }
        }
        const got = o.slice();
        const gotGb = gb0.slice();
        const r = weightedSquaredErrorGrad(
          got,
          bias,
          weight,
          t.offsets,
          t.indices,
          t.values,
          rows,
          n,
          {
            relu,
            absTarget,
            scale,
            gradBias: gotGb,
          },
        );
        // Float32 terms: each within ~4 roundings (2^-22 relative); the sum in float64.
        expect(Math.abs(r.sse - sse)).toBeLessThanOrEqual(1e-6 * sse + 1e-12);
        expect(r.nonzero).toBe(nonzero);
        let gmax = 0;
        for (const v of g) gmax = Math.max(gmax, Math.abs(v));
        for (let i = 0; i < rows * n; i++)
          expect(Math.abs(got[i] - g[i])).toBeLessThanOrEqual(1e-6 * gmax);
        // gb: rows float32 adds of gradients onto O(1) values
        for (let f = 0; f < n; f++)
          expect(Math.abs(gotGb[f] - gb[f])).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(gb[f])));
      }
    },
  );

  it('SIMD and the scalar fallback agree within float rounding', () => {
    const [rows, k, n] = [23, 97, 45];
    const rng = createRng(99);
    const x = randomCsr(rng, rows, k, 0.15);
    const b = normals(rng, k * n);
    const a = normals(rng, rows * n);
    const o = normals(rng, rows * k);
    const bias = normals(rng, k);
    const w = normals(rng, k).map(Math.abs);
    const run = () => ({
      c: csrMatmul(x.offsets, x.indices, x.values, b, rows, k, n),
      ct: csrTransposeMatmul(x.offsets, x.indices, x.values, a, rows, k, n),
      t: transposeMatrix(b, k, n),
      g: o.slice(),
      r: { sse: 0, nonzero: 0 },
    });
    const simd = run();
    simd.r = weightedSquaredErrorGrad(simd.g, bias, w, x.offsets, x.indices, x.values, rows, k, {
      relu: true,
    });
    setSparseScalarForTesting(true);
    const scalar = run();
    scalar.r = weightedSquaredErrorGrad(
      scalar.g,
      bias,
      w,
      x.offsets,
      x.indices,
      x.values,
      rows,
      k,
      {
        relu: true,
      },
    );
    setSparseScalarForTesting(false);
    const close = (p: Float32Array, q: Float32Array, tol: number) => {
      for (let i = 0; i < p.length; i++) expect(Math.abs(p[i] - q[i])).toBeLessThanOrEqual(tol);
    };
    close(simd.c, scalar.c, 1e-5);
    close(simd.ct, scalar.ct, 1e-5);
    expect(simd.t).toEqual(scalar.t);
    close(simd.g, scalar.g, 1e-5);
    expect(simd.r.nonzero).toBe(scalar.r.nonzero);
    expect(simd.r.sse).toBeCloseTo(scalar.r.sse, 4);
  });

  it('works in place on workspace arrays, also on a block of rows of a larger CSR matrix', () => {
    const [rows, k, n] = [12, 40, 9];
    const rng = createRng(5);
    const x = randomCsr(rng, 2 * rows, k, 0.2);
    const ws = createWasmWorkspace({
      off: ['i32', x.offsets.length],
      idx: ['i32', x.indices.length],
      val: ['f32', x.values.length],
      b: ['f32', k * n],
      c: ['f32', rows * n],
      ct: ['f32', k * n],
      bt: ['f32', k * n],
    });
    const v = ws.arrays();
    expect(Array.from(v.c)).toEqual(new Array(rows * n).fill(0));
    v.off.set(x.offsets);
    v.idx.set(x.indices);
    v.val.set(x.values);
    v.b.set(normals(rng, k * n));
    // the second block of rows: absolute offsets
    const block = v.off.subarray(rows, 2 * rows + 1);
    const xs = { offsets: x.offsets.subarray(rows), indices: x.indices, values: x.values };
    expect(csrMatmul(block, v.idx, v.val, v.b, rows, k, n, v.c)).toBe(v.c);
    expectWithinSumBound(v.c, ...refSpmm(xs, v.b, rows, n));
    csrTransposeMatmul(block, v.idx, v.val, v.c, rows, k, n, v.ct);
    expectWithinSumBound(v.ct, ...refSpmmT(xs, v.c, rows, k, n));
    transposeMatrix(v.b, k, n, v.bt);
    expect(v.bt[1]).toBe(v.b[n]);
    // the same block from plain arrays (copied and rebased) gives the same bits
    const plain = csrMatmul(x.offsets.subarray(rows), x.indices, x.values, v.b.slice(), rows, k, n);
    expect(plain).toEqual(v.c);
    expect(() => transposeMatrix(v.b, k, n, v.b)).toThrow(/out must not overlap a/);
    ws.free();
    expect(() => ws.arrays()).toThrow(/freed/);
  });

  it('workspace arrays survive memory growth (rebuilt views, same contents)', () => {
    const ws = createWasmWorkspace({ a: ['f32', 5] });
    ws.arrays().a.set([1, 2, 3, 4, 5]);
    // a large plain operand makes the kernels grow their memory (detaching old views)
    const big = new Float32Array(1 << 22);
    big[3] = 2;
    transposeMatrix(big, 1 << 11, 1 << 11);
    expect(Array.from(ws.arrays().a)).toEqual([1, 2, 3, 4, 5]);
    ws.free();
  });

  it('rejects bad input with errors that name the argument', () => {
    const x = {
      offsets: Int32Array.of(0, 1, 2),
      indices: Int32Array.of(0, 3),
      values: Float32Array.of(1, 1),
    };
    const b = new Float32Array(8);
    expect(() =>
      csrMatmul([0, 1] as unknown as Int32Array, x.indices, x.values, b, 2, 4, 2),
    ).toThrow(/csrMatmul: offsets must be an Int32Array, got Array/);
    expect(() => csrMatmul(x.offsets, x.indices, x.values, b, 2, 3, 2)).toThrow(
      /csrMatmul: indices\[1\] = 3 is outside \[0, 3\)/,
    );
    expect(() => csrMatmul(Int32Array.of(0, 2, 1), x.indices, x.values, b, 2, 4, 2)).toThrow(
      /offsets must be non-decreasing/,
    );
    expect(() =>
      csrTransposeMatmul(x.offsets, x.indices, x.values, b, 2, 4, 2, new Float32Array(3)),
    ).toThrow(/csrTransposeMatmul: out must hold at least 8 floats, got length 3/);
    expect(() => csrMatmul(x.offsets, x.indices, x.values, b, 2.5, 4, 2)).toThrow(
      /rows must be a non-negative integer, got 2.5/,
    );
    expect(() => transposeMatrix(new Float64Array(4) as unknown as Float32Array, 2, 2)).toThrow(
      /transposeMatrix: a must be a Float32Array, got Float64Array/,
    );
    expect(() => addTransposed(new Float32Array(4), 2, 2, new Float32Array(3))).toThrow(RangeError);
    expect(() =>
      weightedSquaredErrorGrad(
        new Float32Array(4),
        new Float32Array(2),
        new Float32Array(2),
        x.offsets,
        x.indices,
        x.values,
        2,
        2,
        {
          scale: Number.NaN,
        },
      ),
    ).toThrow(/weightedSquaredErrorGrad: indices\[1\] = 3 is outside/);
    expect(() =>
      weightedSquaredErrorGrad(
        new Float32Array(4),
        new Float32Array(2),
        new Float32Array(2),
        Int32Array.of(0, 0, 0),
        x.indices,
        x.values,
        2,
        2,
        {
          scale: Number.NaN,
        },
      ),
    ).toThrow(/options.scale must be a finite number/);
    expect(() => createWasmWorkspace({ a: ['f64', 3] } as never)).toThrow(/layout.a must be/);
    expect(() => createWasmWorkspace({ a: ['f32', -1] })).toThrow(RangeError);
  });

  it('the committed bytes are assembled from sparse.wat (scripts/build-wasm.mjs --check)', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    expect(() =>
      execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});
