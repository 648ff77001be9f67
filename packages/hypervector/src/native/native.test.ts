import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { matmulNN, matmulNT } from '../wasm/matmul.js';
import { adamUpdate, type AdamUpdateArgs } from '../wasm/optim.js';
import { weightedSquaredErrorGrad } from '../wasm/sparse.js';
import { nativeAddon, nativeKernels, nativeKernelsInfo, setNativeIsaForTesting } from './native.js';

const info = nativeKernelsInfo();
const kernels = nativeKernels();

function randn(len: number, seed: number, shared = false): Float32Array {
  const rng = createRng(seed);
  const out = shared ? new Float32Array(new SharedArrayBuffer(len * 4)) : new Float32Array(len);
  for (let i = 0; i < len; i++) out[i] = rng.nextNormal();
  return out;
}

/**
 * The exact product (float64) and, per element, the rounding bound of a float32 dot product
 * of length k: |fl(c) - c| <= k * u * sum_p |a_ip b_pj| with u = 2^-24 (Higham, Thm 3.1).
 */
function reference(
  get: (i: number, p: number) => number,
  bget: (p: number, j: number) => number,
  m: number,
  n: number,
  k: number,
): { exact: Float64Array; bound: Float64Array } {
  const exact = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const t = get(i, p) * bget(p, j);
        s += t;
        abs += Math.abs(t);
      }
      exact[i * n + j] = s;
      bound[i * n + j] = k * 2 ** -24 * abs + 1e-30;
    }
  }
  return { exact, bound };
}

describe('nativeKernelsInfo', () => {
  it('reports a consistent state', () => {
    expect(info.available).toBe(kernels !== null);
    if (info.available) {
      expect(['avx512', 'avx2']).toContain(info.isa);
      expect(info.reason).toBe('');
      expect(kernels?.isa).toBe(info.isa);
    } else {
      expect(info.isa).toBeNull();
      expect(info.reason.length).toBeGreaterThan(0);
    }
  });

  // CI builds the kernels (the machine has a compiler): there they must load.
  it.runIf(process.env.HYPERPOSITION_NATIVE_REQUIRED === '1')('is available where required', () => {
    expect(info.reason).toBe('');
    expect(info.available).toBe(true);
  });
});

const sameBits = (x: Float32Array, y: Float32Array): boolean =>
  x.length === y.length &&
  Buffer.compare(
    new Uint8Array(x.buffer, x.byteOffset, x.byteLength),
    new Uint8Array(y.buffer, y.byteOffset, y.byteLength),
  ) === 0;

// Both builds where the CPU has both (AVX-512 machines run the AVX2 build too).
const isas = kernels === null ? [] : kernels.isa === 'avx512' ? ['avx512', 'avx2'] : ['avx2'];

describe.each(isas)('native matrix products (%s)', (isa) => {
  const k = kernels!;
  beforeAll(() => {
    expect(setNativeIsaForTesting(isa as 'avx512' | 'avx2')).toBe(isa);
  });
  afterAll(() => {
    setNativeIsaForTesting(kernels!.isa);
  });
  // Odd sizes cross every edge of the 12 x 32 (or 6 x 16) tiles and the 256-deep k blocks.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [13, 33, 257],
    [26, 70, 600],
    [40, 65, 31],
  ];

  it.each(shapes)(
    'A·B, A·Bᵀ and Aᵀ·B at m=%i, n=%i, k=%i lie within the float32 rounding bound',
    (m, n, kk) => {
      const a = randn(m * kk, 1);
      const b = randn(kk * n, 2);
      const cases = [
        {
          c: k.matmulNN(a, b, m, n, kk),
          ga: (i: number, p: number) => a[i * kk + p],
          gb: (p: number, j: number) => b[p * n + j],
        },
        {
          c: k.matmulNT(a, b, m, n, kk),
          ga: (i: number, p: number) => a[i * kk + p],
          gb: (p: number, j: number) => b[j * kk + p],
        },
        {
          c: k.matmulTN(a, b, m, n, kk),
          ga: (i: number, p: number) => a[p * m + i],
          gb: (p: number, j: number) => b[p * n + j],
        },
      ];
      for (const { c, ga, gb } of cases) {
        const { exact, bound } = reference(ga, gb, m, n, kk);
        for (let i = 0; i < m * n; i++)
          expect(Math.abs(c[i] - exact[i])).toBeLessThanOrEqual(bound[i]);
      }
    },
  );

  it('agrees with the WebAssembly products within twice the rounding bound', () => {
    const [m, n, kk] = [37, 90, 300];
    const a = randn(m * kk, 3);
    const b = randn(kk * n, 4);
    const nn = reference(
      (i, p) => a[i * kk + p],
      (p, j) => b[p * n + j],
      m,
      n,
      kk,
    );
    const wasmNN = matmulNN(a, b, m, n, kk);
    const natNN = k.matmulNN(a, b, m, n, kk);
    for (let i = 0; i < m * n; i++)
      expect(Math.abs(natNN[i] - wasmNN[i])).toBeLessThanOrEqual(2 * nn.bound[i]);
    const nt = reference(
      (i, p) => a[i * kk + p],
      (p, j) => b[j * kk + p],
      m,
      n,
      kk,
    );
    const wasmNT = matmulNT(a, b, m, n, kk);
    const natNT = k.matmulNT(a, b, m, n, kk);
    for (let i = 0; i < m * n; i++)
      expect(Math.abs(natNT[i] - wasmNT[i])).toBeLessThanOrEqual(2 * nt.bound[i]);
  });

  it('gives the same bits on 1, 2 and 3 threads (splits along columns and along rows)', () => {
    for (const [m, n, kk] of [
      [64, 700, 300],
      [700, 64, 300],
    ] as const) {
      const a = randn(m * kk, 5);
      const b = randn(kk * n, 6);
      const one = k.matmulNN(a, b, m, n, kk, undefined, { threads: 1 });
      for (const threads of [2, 3]) {
        expect(sameBits(k.matmulNN(a, b, m, n, kk, undefined, { threads }), one)).toBe(true);
      }
      const oneT = k.matmulTN(a, b, m, n, kk, undefined, { threads: 1 });
      expect(sameBits(k.matmulTN(a, b, m, n, kk, undefined, { threads: 2 }), oneT)).toBe(true);
    }
  });

  it('accumulates into out when asked, and overwrites otherwise', () => {
    const [m, n, kk] = [9, 40, 20];
    const a = randn(m * kk, 7);
    const b = randn(kk * n, 8);
    const ab = k.matmulNN(a, b, m, n, kk);
    const start = randn(m * n, 9);
    const acc = k.matmulNN(a, b, m, n, kk, start.slice(), { accumulate: true });
    for (let i = 0; i < m * n; i++) expect(acc[i]).toBeCloseTo(start[i] + ab[i], 4);
    expect(k.matmulNN(a, b, m, n, kk, start.slice())).toEqual(ab);
  });

  it('works in place on SharedArrayBuffers and on views with an offset', () => {
    const [m, n, kk] = [20, 50, 70];
    const a = randn(m * kk, 10, true);
    const b = randn(kk * n, 11, true);
    const plain = k.matmulNN(a.slice(), b.slice(), m, n, kk);
    const out = new Float32Array(new SharedArrayBuffer((m * n + 8) * 4)).subarray(8);
    k.matmulNN(a, b, m, n, kk, out, { threads: 2 });
    expect(out).toEqual(plain);
    const big = new Float32Array(m * kk + 3);
    big.set(a, 3);
    expect(k.matmulNN(big.subarray(3), b, m, n, kk)).toEqual(plain);
  });

  it('gives zeros for k = 0 and nothing for m = 0', () => {
    const out = new Float32Array(6).fill(5);
    expect(Array.from(k.matmulNN(new Float32Array(0), new Float32Array(0), 2, 3, 0, out))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(k.matmulNN(new Float32Array(0), new Float32Array(12), 0, 3, 4).length).toBe(0);
  });

  it('rejects bad input with errors that name the argument', () => {
    const a = new Float32Array(6);
    expect(() => k.matmulNN([1, 2] as unknown as Float32Array, a, 1, 1, 2)).toThrow(
      /matmulNN: a must be a Float32Array, got Array/,
    );
    expect(() => k.matmulNT(a, new Float64Array(6) as unknown as Float32Array, 2, 3, 3)).toThrow(
      TypeError,
    );
    expect(() => k.matmulNN(a, a, 2, 3, 3)).toThrow(/b must hold at least 9 floats, got length 6/);
    expect(() => k.matmulNN(a, a, 2, 2, 3, new Float32Array(3))).toThrow(RangeError);
    expect(() => k.matmulNN(a, a, 2, 2, 3, new Float32Array(3))).toThrow(
      /out must hold at least 4/,
    );
    expect(() => k.matmulNN(a, a, -1, 2, 3)).toThrow(/m must be a non-negative integer, got -1/);
    expect(() => k.matmulNN(a, a, 2, 1, 3, undefined, { threads: 0 })).toThrow(
      /options.threads must be an integer from 1 to 16, got 0/,
    );
    // out may not share bytes with an operand (a and b may: a Gram tile reads one matrix twice)
    const buf = new Float32Array(20);
    expect(() =>
      k.matmulNT(buf.subarray(0, 6), buf.subarray(0, 6), 2, 2, 3, buf.subarray(4, 8)),
    ).toThrow(/out and a must not overlap in memory/);
    expect(
      k.matmulNT(buf.subarray(0, 6), buf.subarray(0, 6), 2, 2, 3, buf.subarray(8, 12)).length,
    ).toBe(4);
    // the raw function checks its strides itself (no overflow in its size checks)
    const raw = nativeAddon() as unknown as { sgemm: (...args: unknown[]) => void };
    const huge = 2 ** 62 + 2 ** 40;
    const f3 = new Float32Array(3);
    expect(() => raw.sgemm(0, 0, 3, 1, 1, f3, huge, new Float32Array(1), 1, f3, 1, 0, 1)).toThrow(
      /row strides must be 32-bit integers/,
    );
  });
});

/** A random CSR matrix [rows, n] with about `density` of its entries set (seeded). */
function randomCsr(rows: number, n: number, density: number, seed: number) {
  const rng = createRng(seed);
  const offsets = new Int32Array(rows + 1);
  const idx: number[] = [];
  const vals: number[] = [];
  for (let s = 0; s < rows; s++) {
    for (let f = 0; f < n; f++) {
      if (rng.nextFloat() < density) {
        idx.push(f);
        vals.push(rng.nextFloat());
      }
    }
    offsets[s + 1] = idx.length;
  }
  return { offsets, indices: Int32Array.from(idx), values: Float32Array.from(vals) };
}

describe.skipIf(kernels === null)('native sparse products', () => {
  const k = kernels!;
  const [rows, m, n] = [37, 29, 300];
  const x = randomCsr(rows, n, 0.05, 21);
  const w = randn(m * n, 22);
  const g = randn(rows * m, 23);
  for (let i = 0; i < g.length; i += 3) g[i] = 0; // zeros are skipped

  it('csrMatmulNT equals X·Wᵀ within the rounding bound, the same on 1 and 3 threads', () => {
    const dense = (s: number, f: number): number => {
      for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++)
        if (x.indices[e] === f) return x.values[e];
      return 0;
    };
    const { exact, bound } = reference(dense, (f, i) => w[i * n + f], rows, m, n);
    const out = k.csrMatmulNT(x.offsets, x.indices, x.values, rows, w, m, n);
    for (let i = 0; i < rows * m; i++)
      expect(Math.abs(out[i] - exact[i])).toBeLessThanOrEqual(bound[i]);
    const three = k.csrMatmulNT(x.offsets, x.indices, x.values, rows, w, m, n, undefined, {
      threads: 3,
    });
    expect(sameBits(three, out)).toBe(true);
  });

  it('matmulTNCsr adds gᵀ·X to out within the rounding bound, the same on 1 and 3 threads', () => {
    const dense = (s: number, f: number): number => {
      for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++)
        if (x.indices[e] === f) return x.values[e];
      return 0;
    };
    const start = randn(m * n, 24);
    const { exact, bound } = reference((i, s) => g[s * m + i], dense, m, n, rows);
    const out = k.matmulTNCsr(g, x.offsets, x.indices, x.values, rows, m, n, start.slice());
    for (let i = 0; i < m * n; i++) {
      expect(Math.abs(out[i] - (start[i] + exact[i]))).toBeLessThanOrEqual(
        bound[i] + 2 ** -23 * Math.abs(start[i] + exact[i]),
      );
    }
    const three = k.matmulTNCsr(g, x.offsets, x.indices, x.values, rows, m, n, start.slice(), {
      threads: 3,
    });
    expect(sameBits(three, out)).toBe(true);
  });

  it('rejects bad sparse input with errors that name the argument', () => {
    const bad = Int32Array.from(x.indices);
    bad[0] = n;
    expect(() => k.csrMatmulNT(x.offsets, bad, x.values, rows, w, m, n)).toThrow(
      /csrMatmulNT: every index must lie in \[0, n\)/,
    );
    expect(() =>
      k.csrMatmulNT(
        Array.from(x.offsets) as unknown as Int32Array,
        x.indices,
        x.values,
        rows,
        w,
        m,
        n,
      ),
    ).toThrow(/offsets must be an Int32Array, got Array/);
    expect(() => k.csrMatmulNT(x.offsets, x.indices, x.values, rows + 5, w, m, n)).toThrow(
      /offsets must hold rows \+ 1/,
    );
    expect(() =>
      k.matmulTNCsr(g, x.offsets, x.indices, x.values, rows, m, n, new Float32Array(5)),
    ).toThrow(/out must hold at least/);
    const down = Int32Array.from(x.offsets);
    down[2] = down[1] - 1;
    expect(() =>
      k.matmulTNCsr(g, down, x.indices, x.values, rows, m, n, new Float32Array(m * n)),
    ).toThrow(/offsets must be non-decreasing/);
  });
});

/**
 * The sums the sparse products document, one float32 rounding per product and per sum, in
 * their order: csrMatmulNT adds row s's entries in CSR order from 0; matmulTNCsr adds to out
 * in the order of s (and of the entries in a row), skipping zero factors of g.
 */
function sparseReference(
  x: { offsets: Int32Array; indices: Int32Array; values: Float32Array },
  rows: number,
  m: number,
  n: number,
  w: Float32Array,
  g: Float32Array,
  start: Float32Array,
) {
  const f = Math.fround;
  const nt = new Float32Array(rows * m);
  const tn = start.slice();
  for (let s = 0; s < rows; s++) {
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++)
        acc = f(acc + f(x.values[e] * w[i * n + x.indices[e]]));
      nt[s * m + i] = acc;
      const gs = g[s * m + i];
      if (gs === 0) continue;
      for (let e = x.offsets[s]; e < x.offsets[s + 1]; e++) {
        const o = i * n + x.indices[e];
        tn[o] = f(tn[o] + f(x.values[e] * gs));
      }
    }
  }
  return { nt, tn };
}

describe.skipIf(kernels === null)(
  'native sparse products: the documented order, bit for bit',
  () => {
    const k = kernels!;
    const isas = kernels === null ? [] : kernels.isa === 'avx512' ? ['avx512', 'avx2'] : ['avx2'];
    afterAll(() => {
      setNativeIsaForTesting(kernels!.isa);
    });
    // m crosses the 16-row groups and the 32-row passes; n and density give columns with 0 to
    // many entries; one case repeats a feature inside a row and one has unsorted rows (those
    // take the scalar loops for csrMatmulNT).
    const cases: { name: string; rows: number; m: number; n: number; density: number }[] = [
      { name: 'm = 45', rows: 23, m: 45, n: 211, density: 0.08 },
      { name: 'm = 64 (whole passes)', rows: 9, m: 64, n: 97, density: 0.3 },
      { name: 'm = 7 (one partial group)', rows: 31, m: 7, n: 400, density: 0.02 },
    ];
    for (const isa of isas) {
      for (const c of cases) {
        for (const variant of ['sorted', 'duplicates', 'unsorted'] as const) {
          it(`${isa}, ${c.name}, ${variant} rows: csrMatmulNT and matmulTNCsr, 1 and 3 threads`, () => {
            expect(setNativeIsaForTesting(isa as 'avx512' | 'avx2')).toBe(isa);
            const x = randomCsr(c.rows, c.n, c.density, 41);
            if (variant !== 'sorted') {
              for (let s = 0; s < c.rows; s++) {
                const a = x.offsets[s];
                const b = x.offsets[s + 1];
                if (b - a < 2) continue;
                if (variant === 'duplicates') x.indices[a + 1] = x.indices[a];
                else x.indices.subarray(a, b).reverse();
              }
            }
            const w = randn(c.m * c.n, 42);
            const g = randn(c.rows * c.m, 43);
            for (let i = 0; i < g.length; i += 4) g[i] = 0;
            g[5] = -0; // a negative zero is skipped too
            const start = randn(c.m * c.n, 44);
            const want = sparseReference(x, c.rows, c.m, c.n, w, g, start);
            for (const threads of [1, 3]) {
              const nt = k.csrMatmulNT(
                x.offsets,
                x.indices,
                x.values,
                c.rows,
                w,
                c.m,
                c.n,
                undefined,
                {
                  threads,
                },
              );
              expect(sameBits(nt, want.nt)).toBe(true);
              const tn = k.matmulTNCsr(
                g,
                x.offsets,
                x.indices,
                x.values,
                c.rows,
                c.m,
                c.n,
                start.slice(),
                {
                  threads,
                },
              );
              expect(sameBits(tn, want.tn)).toBe(true);
            }
          });
        }
      }
    }
  },
);

describe.skipIf(kernels === null)('native sparse products on shared offsets', () => {
  // Another thread rewrites the CSR offsets on a SharedArrayBuffer while the products run:
  // every state it leaves is a valid CSR layout, but a row read after a change can overlap
  // the row before it. The products must stay inside their arrays whatever they read (a
  // write past the regrouped copy crashed the process within a fraction of a second).
  it('survives offsets that change under it for half a second', async () => {
    const k = kernels!;
    const R = 64;
    const K = 4096;
    const off = new Int32Array(new SharedArrayBuffer((R + 1) * 4));
    off[R] = K;
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const off = new Int32Array(workerData.buffer);
       const R = workerData.R, K = workerData.K;
       for (;;) {
         for (let i = R - 1; i >= 1; i--) off[i] = K;
         for (let i = 1; i < R; i++) off[i] = 0;
       }`,
      { eval: true, workerData: { buffer: off.buffer, R, K } },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const idx = Int32Array.from({ length: K }, (_, e) => e % 16);
      const val = new Float32Array(K).fill(1);
      const [m, n] = [16, 16];
      const g = new Float32Array(R * m).fill(1);
      const out = new Float32Array(m * n);
      const w = new Float32Array(m * n).fill(1);
      const hOut = new Float32Array(R * m);
      let calls = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 500) {
        try {
          k.matmulTNCsr(g, off, idx, val, R, m, n, out);
          k.csrMatmulNT(off, idx, val, R, w, m, n, hOut);
          calls++;
        } catch (e) {
          // A change seen by the checks is refused with a RangeError; nothing else may throw.
          expect(e).toBeInstanceOf(RangeError);
        }
      }
      expect(calls).toBeGreaterThan(0);
    } finally {
      await worker.terminate();
    }
  });
});

const lossAddon = nativeAddon() as { lossIsa?: (name: string) => string } | null;
const lossBuilds =
  lossAddon?.lossIsa === undefined
    ? []
    : lossAddon.lossIsa('avx512') === 'avx512'
      ? ['avx512', 'base']
      : ['base'];

describe.skipIf(kernels === null).each(lossBuilds)('native loss pass (%s)', (build) => {
  const k = kernels!;
  beforeAll(() => {
    expect(lossAddon!.lossIsa!(build)).toBe(build);
  });
  afterAll(() => {
    lossAddon!.lossIsa!(lossBuilds[0]);
  });
  // n crosses the 16-column steps, the 4-column lanes and the n mod 4 tail; special values
  // (NaN, ±0, infinities, negatives) cross every branch of the ReLU and the count.
  for (const [rows, n] of [
    [7, 45],
    [3, 64],
    [5, 3],
    [2, 1],
  ] as [number, number][]) {
    for (const relu of [true, false]) {
      for (const absTarget of [false, true]) {
        it(`rows ${rows}, n ${n}, relu ${relu}, abs ${absTarget}: the WebAssembly kernel's results, bit for bit`, () => {
          const x = randomCsr(rows, n, 0.2, 51 + n);
          for (let e = 0; e < x.values.length; e += 3) x.values[e] = -x.values[e];
          const o = randn(rows * n, 52);
          o[0] = Number.NaN;
          o[1] = -0;
          o[2 % o.length] = 0;
          if (o.length > 4) o[4] = Number.POSITIVE_INFINITY;
          const bias = randn(n, 53);
          bias[0] = 0;
          const weight = randn(n, 54).map((v) => Math.abs(v));
          const gb0 = randn(n, 55);
          const options = { relu, absTarget, scale: 2 / (rows * n) };
          // The arguments after o, before the options.
          const rest = [bias, weight, x.offsets, x.indices, x.values, rows, n] as const;
          const oW = o.slice();
          const gbW = gb0.slice();
          const want = weightedSquaredErrorGrad(oW, ...rest, { ...options, gradBias: gbW });
          const oN = o.slice();
          const gbN = gb0.slice();
          const got = k.weightedSquaredErrorGrad(oN, ...rest, { ...options, gradBias: gbN });
          expect(sameBits(oN, oW)).toBe(true);
          expect(sameBits(gbN, gbW)).toBe(true);
          expect(got.nonzero).toBe(want.nonzero);
          expect(Object.is(got.sse, want.sse)).toBe(true);
          // Without gradBias: the same gradient and sums.
          const oN2 = o.slice();
          const again = k.weightedSquaredErrorGrad(oN2, ...rest, options);
          expect(sameBits(oN2, oW)).toBe(true);
          expect(Object.is(again.sse, want.sse)).toBe(true);
        });
      }
    }
  }

  it('a finite case with many rows sums to the WebAssembly kernel squared error exactly', () => {
    const [rows, n] = [64, 1003];
    const x = randomCsr(rows, n, 0.01, 61);
    const o = randn(rows * n, 62);
    const bias = randn(n, 63);
    const weight = randn(n, 64).map((v) => Math.abs(v));
    const oW = o.slice();
    const oN = o.slice();
    const rest = [bias, weight, x.offsets, x.indices, x.values, rows, n] as const;
    const want = weightedSquaredErrorGrad(oW, ...rest, { relu: true });
    const got = k.weightedSquaredErrorGrad(oN, ...rest, { relu: true });
    expect(Number.isFinite(want.sse) && want.sse > 0).toBe(true);
    expect(got.sse).toBe(want.sse);
    expect(got.nonzero).toBe(want.nonzero);
    expect(sameBits(oN, oW)).toBe(true);
  });

  it('checks its arguments as the WebAssembly kernel does', () => {
    const x = randomCsr(2, 5, 0.5, 71);
    expect(() =>
      k.weightedSquaredErrorGrad(
        new Float32Array(9),
        new Float32Array(5),
        new Float32Array(5),
        x.offsets,
        x.indices,
        x.values,
        2,
        5,
      ),
    ).toThrow(/nativeKernels\(\).weightedSquaredErrorGrad: o must/);
    const o = new Float32Array(10);
    expect(() =>
      k.weightedSquaredErrorGrad(
        o,
        new Float32Array(5),
        new Float32Array(5),
        x.offsets,
        x.indices,
        x.values,
        2,
        5,
        {
          gradBias: o.subarray(0, 5),
        },
      ),
    ).toThrow(/options.gradBias/);
  });
});

describe.skipIf(kernels === null)('native Adam update', () => {
  const k = kernels!;
  const args = (len: number): AdamUpdateArgs => ({
    p: randn(len, 31),
    g: randn(len, 32),
    m: randn(len, 33).map((x) => 0.1 * x),
    v: randn(len, 34).map((x) => 0.01 * x * x),
    from: 3,
    to: len - 5,
    beta1: 0.9,
    beta2: 0.999,
    l2: 0.01,
    decay: 0.999,
    sbc2: Math.sqrt(1 - 0.999 ** 3),
    eps: 1e-8,
    step: 1e-3 / (1 - 0.9 ** 3),
  });

  it('gives the same bits as adamUpdate, on 1 and 3 threads', () => {
    const len = 200_003; // odd, and long enough for threads
    const ref = args(len);
    adamUpdate(ref);
    for (const threads of [1, 3]) {
      const got = args(len);
      k.adamUpdate(got, { threads });
      for (const key of ['p', 'm', 'v'] as const) expect(sameBits(got[key], ref[key])).toBe(true);
    }
  });

  it('rejects bad input as adamUpdate does', () => {
    const a = args(100);
    expect(() => k.adamUpdate({ ...a, g: [1] as unknown as Float32Array })).toThrow(
      /nativeKernels\(\)\.adamUpdate: args\.g must be a Float32Array, got Array/,
    );
    expect(() => k.adamUpdate({ ...a, to: 101 })).toThrow(RangeError);
    expect(() => k.adamUpdate({ ...a, eps: NaN })).toThrow(/args\.eps must be a finite number/);
    const one = new Float32Array(300);
    expect(() => k.adamUpdate({ ...a, m: one.subarray(0, 100), v: one.subarray(50, 150) })).toThrow(
      /args\.m and args\.v must not overlap in memory/,
    );
  });
});
