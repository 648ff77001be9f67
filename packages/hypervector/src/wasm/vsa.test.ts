import { afterEach, describe, expect, it } from 'vitest';
import { BSC } from '../models/bsc.js';
import { FHRR } from '../models/fhrr.js';
import { HRR } from '../models/hrr.js';
import { MAP } from '../models/map.js';
import { createFFT } from '../kernels/fft.js';
import { cosineFusedKernel, dotKernel, inverseNorms, rowNorms } from '../kernels/dot.js';
import { orderRevealingInt32, orderRevealingRows } from '../kernels/sumOrder.testkit.js';
import { createRng } from '../random/rng.js';
import { setVsaScalarForTesting, vsaSimdActive } from './vsa.js';

// The WebAssembly SIMD kernels of bind and bundle against the scalar JavaScript kernels they
// replace: every result must be bit-identical (the float kernels do the same Float64, or
// for complex products Float32, operations in the same order), for odd sizes (not multiples of 2, 4 or 16), batches, broadcast operands, an
// output aliasing an input, inputs large enough to be copied in several chunks, and row
// counts that cross the kernels' internal groupings (16 float rows, 256 byte rows).

afterEach(() => setVsaScalarForTesting(false));

/** Run `f` on the SIMD path and on the scalar path; returns both results. */
function both<T>(f: () => T): [T, T] {
  setVsaScalarForTesting(false);
  const simd = f();
  setVsaScalarForTesting(true);
  const scalar = f();
  setVsaScalarForTesting(false);
  return [simd, scalar];
}

/** Index of the first element that differs (Object.is, so -0 and NaN count), or -1. */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Int8 values over the whole range (not only +-1), seeded. */
function anyInt8(n: number, seed: number): Int8Array {
  const rng = createRng(seed);
  const x = new Int8Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.nextUint32() & 255;
  return x;
}

const DIMS = [1, 15, 16, 17, 63, 255, 257, 1001, 10_000];

it('the SIMD kernels are active in this engine (Node has WebAssembly SIMD)', () => {
  expect(vsaSimdActive()).toBe(true);
});

describe('MAP-B bind and unbind', () => {
  it.each(DIMS)('d = %i: batches, broadcast either side, any Int8 values', (d) => {
    const m = MAP({ dim: d, variant: 'B' });
    const rng = createRng(d);
    const x = m.random(3, { rng });
    const y = m.random(3, { rng });
    const one = m.random(1, { rng });
    const wild = anyInt8(3 * d, d + 1);
    for (const [a, b] of [
      [x, y],
      [x, one],
      [one, y],
      [one, one],
      [wild, x],
      [one, wild],
      [wild, wild],
    ] as [Int8Array, Int8Array][]) {
      const [s, t] = both(() => m.bind(a, b));
      expect(firstDiff(s, t)).toBe(-1);
      const [u, v] = both(() => m.unbind(a, b));
      expect(firstDiff(u, v)).toBe(-1);
    }
    // Wrap-around: 127 * 127 = 16129 = 1 (mod 256), -128 * -1 = 128 = -128.
    const big = new Int8Array(d).fill(127);
    expect(m.bind(big, big)[0]).toBe(1);
    expect(m.bind(new Int8Array(d).fill(-128), new Int8Array(d).fill(-1))[0]).toBe(-128);
  });

  it('an output aliasing an operand', () => {
    const d = 1001;
    const m = MAP({ dim: d, variant: 'B' });
    const x = m.random(4, { rng: createRng(7) });
    const y = m.random(1, { rng: createRng(8) });
    const want = both(() => m.bind(x, y))[1];
    const a = x.slice();
    m.bind(a, y, a);
    expect(firstDiff(a, want)).toBe(-1);
    const b = y.slice();
    m.bind(m.row(x, 0), b, b);
    expect(firstDiff(b, want.subarray(0, d))).toBe(-1);
  });

  it('an output over part of an operand: refused in one buffer, the loops over another object (as FHRR binding)', () => {
    // out a few elements past a (the loops read a[i + 5] after writing it as out[i]).
    const d = 1001;
    const e = 500;
    // The operands in one buffer; out over it, or, with shared memory, over a clone of the
    // SharedArrayBuffer (another object over the same bytes, as after a trip through a
    // worker), which JavaScript cannot relate to the operands' buffer.
    const buffers = (bytes: number, shared: boolean): [ArrayBuffer, ArrayBuffer] => {
      const sab = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
      const other = shared
        ? (structuredClone(sab) as unknown as ArrayBuffer)
        : (sab as ArrayBuffer);
      return [sab as ArrayBuffer, other];
    };
    const setup = (shared: boolean) => {
      const [one, two] = buffers(2 * d + 16, shared);
      const buf = new Int8Array(one);
      buf.set(anyInt8(buf.length, 11));
      const view = new Int8Array(two);
      const [fa, fb] = buffers(4 * (4 * e + 8), shared);
      const f = new Float32Array(fa);
      f.set(FHRR({ dim: 2 * e }).random(1, { rng: createRng(12) }));
      const fv = new Float32Array(fb);
      return {
        buf,
        f,
        mapB: () =>
          MAP({ dim: d, variant: 'B' }).bind(
            buf.subarray(0, d),
            buf.subarray(d, 2 * d),
            view.subarray(5, d + 5),
          ),
        fhrr: () =>
          FHRR({ dim: e }).bind(
            f.subarray(0, 2 * e),
            f.subarray(2 * e, 4 * e),
            fv.subarray(6, 2 * e + 6),
          ),
      };
    };
    // One buffer object: a RangeError naming out and a on both paths, nothing written.
    for (const scalar of [false, true]) {
      setVsaScalarForTesting(scalar);
      const t = setup(false);
      const before = [t.buf.slice(), t.f.slice()];
      expect(t.mapB).toThrow(
        new RangeError(
          'MAP-B.bind: out expected the array a itself (in place) or one that does not overlap a, got an array that partly overlaps a',
        ),
      );
      expect(t.fhrr).toThrow(
        new RangeError(
          'FHRR.bind: out expected the array a itself (in place) or one that does not overlap a, got an array that partly overlaps a',
        ),
      );
      expect(firstDiff(t.buf, before[0])).toBe(-1);
      expect(firstDiff(t.f, before[1])).toBe(-1);
    }
    setVsaScalarForTesting(false);
    // Two SharedArrayBuffer objects: the SIMD kernels stand aside (they copy the operands in)
    // and both paths run the loops, in their order.
    const [simd, scalar] = both(() => {
      const t = setup(true);
      t.mapB();
      t.fhrr();
      return [t.buf.slice(), t.f.slice()];
    });
    expect(firstDiff(simd[0], scalar[0])).toBe(-1);
    expect(firstDiff(simd[1], scalar[1])).toBe(-1);
    // The MAP-B loop's order, written out: out[i] = a[i] * b[i] for i = 0, 1, ..., where a[i]
    // for i >= 5 is out[i - 5], already written.
    const want = setup(false).buf;
    for (let i = 0; i < d; i++) want[5 + i] = want[i] * want[d + i];
    expect(firstDiff(simd[0], want)).toBe(-1);
  });

  it('inputs copied in several chunks (1.5 MB, and 150 rows with a broadcast row)', () => {
    const d = 10_000;
    const m = MAP({ dim: d, variant: 'B' });
    const x = m.random(150, { rng: createRng(1) });
    const y = m.random(150, { rng: createRng(2) });
    const one = m.random(1, { rng: createRng(3) });
    for (const [a, b] of [
      [x, y],
      [x, one],
      [one, y],
    ] as [Int8Array, Int8Array][]) {
      const [s, t] = both(() => m.bind(a, b));
      expect(firstDiff(s, t)).toBe(-1);
    }
  });
});

describe('MAP-B bundle (exact sums, sign, seeded ties in position order)', () => {
  it.each([1, 17, 257, 1001, 10_000])('d = %i', (d) => {
    const m = MAP({ dim: d, variant: 'B' });
    for (const n of [1, 2, 3, 16, 17, 100, 255, 256, 257, 600]) {
      const rows = m.random(n, { rng: createRng(d * 1000 + n) });
      // A zero row and a row of 127s and -128s: sums of any Int8 values stay exact.
      if (n >= 3) {
        rows.fill(0, 0, d);
        for (let j = 0; j < d; j++) rows[d + j] = j % 3 === 0 ? 127 : -128;
      }
      const rngs: ReturnType<typeof createRng>[] = [];
      const [s, t] = both(() => {
        const rng = createRng(99);
        rngs.push(rng);
        return m.bundle(rows, { rng });
      });
      expect(firstDiff(s, t)).toBe(-1);
      // The same number of coins was drawn.
      expect(rngs[0].nextUint32()).toBe(rngs[1].nextUint32());
    }
  });

  it('ties take one draw per group of 32 positions, bit j & 31 for position j', () => {
    const d = 1001;
    const m = MAP({ dim: d, variant: 'B' });
    const x = m.random(1, { rng: createRng(4) });
    const rows = new Int8Array(2 * d);
    rows.set(x, 0);
    for (let j = 0; j < d; j++) rows[d + j] = j % 2 === 0 ? -x[j] : x[j];
    const got = m.bundle(rows, { rng: createRng(5) });
    const coins = createRng(5);
    let draw = 0;
    for (let j = 0; j < d; j++) {
      // Every even position ties, so every group of 32 takes a draw at its first position.
      if ((j & 31) === 0) draw = coins.nextUint32();
      const want = j % 2 === 0 ? (((draw >>> (j & 31)) & 1) === 1 ? 1 : -1) : x[j];
      expect(got[j]).toBe(want);
    }
  });

  it('an output aliasing the first row', () => {
    const d = 257;
    const m = MAP({ dim: d, variant: 'B' });
    const rows = m.random(5, { rng: createRng(6) });
    const want = both(() => m.bundle(rows, { rng: createRng(1) }))[1];
    const copy = rows.slice();
    m.bundle(copy, { rng: createRng(1), out: m.row(copy, 0) });
    expect(firstDiff(copy.subarray(0, d), want)).toBe(-1);
  });
});

describe('BSC bundle (bit-sliced counters; ties broken by the same draws, in word order)', () => {
  it.each([
    [16, 2048],
    [17, 1000],
    [2, 10_000],
    [3, 33_000],
    // At or above the kernel's 1,024 words of rows: one and two rows, and even counts
    // n = 2 mod 4 (ties where the counters' lowest planes carry).
    [1, 40_000],
    [2, 40_000],
    [6, 8_000],
    [14, 4_096],
    [18, 2_048],
    [34, 1_100],
    [100, 1001],
    [100, 10_000],
    [255, 160],
    [256, 129],
    [257, 100],
    [1000, 33],
  ])('n = %i rows, d = %i', (n, d) => {
    const m = BSC({ dim: d });
    const [simd, scalar] = both(() => {
      const rows = m.random(n, { rng: createRng(n * 7 + d) });
      const rng = createRng(d);
      const out = m.bundle(rows, { rng });
      // The generator's next draw: the same number of draws were made.
      return [out, Uint32Array.of(rng.nextUint32())];
    });
    expect(firstDiff(simd[0], scalar[0])).toBe(-1);
    expect(simd[1][0]).toBe(scalar[1][0]);
  });

  it('an output over part of a row: refused in one buffer, the loops over another object', () => {
    const m = BSC({ dim: 1000 });
    const L = 32;
    // out 5 words into row 40 (the loops would write word w there before they read it as
    // word w + 5 of row 40).
    const at = 40 * L + 5;
    for (const scalar of [false, true]) {
      setVsaScalarForTesting(scalar);
      const rows = m.random(64, { rng: createRng(3) });
      const before = rows.slice();
      expect(() => m.bundle(rows, { rng: createRng(4), out: rows.subarray(at, at + L) })).toThrow(
        new RangeError(
          'BSC.bundle: out expected a row of rows itself (in place) or an array that does not overlap rows, got an array that partly overlaps a row of rows',
        ),
      );
      expect(firstDiff(rows, before)).toBe(-1);
    }
    setVsaScalarForTesting(false);
    // With shared memory, out lies over another SharedArrayBuffer object with the same bytes
    // (as after a trip through a worker), which JavaScript cannot tell apart: the SIMD
    // counters stand aside and both paths run the loops, in their order.
    const [simd, scalar] = both(() => {
      const r = m.random(64, { rng: createRng(3) });
      const sab = new SharedArrayBuffer(r.byteLength);
      const rows = new Uint32Array(sab);
      rows.set(r);
      const outs = new Uint32Array(structuredClone(sab) as unknown as ArrayBuffer);
      m.bundle(rows, { rng: createRng(4), out: outs.subarray(at, at + L) });
      return rows.slice();
    });
    expect(firstDiff(simd, scalar)).toBe(-1);
    // Into row 40 itself: computed, the same on both paths and as into a fresh array.
    const [inRow, inRowScalar] = both(() => {
      const rows = m.random(64, { rng: createRng(3) });
      m.bundle(rows, { rng: createRng(4), out: m.row(rows, 40) });
      return rows.slice();
    });
    expect(firstDiff(inRow, inRowScalar)).toBe(-1);
    const fresh = m.bundle(m.random(64, { rng: createRng(3) }), { rng: createRng(4) });
    expect(firstDiff(m.row(inRow, 40), fresh)).toBe(-1);
  });
});

describe('FHRR bind and unbind (complex products in Float32 arithmetic)', () => {
  it('are the Float32 products: each real product rounded, then the sum (both paths)', () => {
    const d = 4099;
    const m = FHRR({ dim: d });
    const rng = createRng(17);
    // Magnitudes spread over decades, with near-cancelling pairs, where Float32 products
    // and a Float64 product rounded once differ in the last bits.
    const a = new Float32Array(2 * d);
    const b = new Float32Array(2 * d);
    for (let i = 0; i < 2 * d; i++) {
      a[i] = rng.nextNormal() * 10 ** ((i % 9) - 4);
      b[i] = i % 3 === 0 ? a[i ^ 1] * (1 + 1e-3 * rng.nextNormal()) : rng.nextNormal();
    }
    const f = Math.fround;
    const bind = new Float32Array(2 * d);
    const unbind = new Float32Array(2 * d);
    let differsFromF64 = 0;
    for (let k = 0; k < 2 * d; k += 2) {
      const [ar, ai, br, bi] = [a[k], a[k + 1], b[k], b[k + 1]];
      bind[k] = f(f(ar * br) - f(ai * bi));
      bind[k + 1] = f(f(ar * bi) + f(ai * br));
      unbind[k] = f(f(ar * br) + f(ai * bi));
      unbind[k + 1] = f(f(ai * br) - f(ar * bi));
      if (bind[k] !== f(ar * br - ai * bi)) differsFromF64++;
    }
    // The reference is not the Float64 formula in disguise.
    expect(differsFromF64).toBeGreaterThan(100);
    for (const got of both(() => m.bind(a, b))) expect(firstDiff(got, bind)).toBe(-1);
    for (const got of both(() => m.unbind(a, b))) expect(firstDiff(got, unbind)).toBe(-1);
  });

  it.each(DIMS)('d = %i: batches, broadcast either side, conjugate', (d) => {
    const m = FHRR({ dim: d });
    const rng = createRng(d);
    const x = m.random(3, { rng });
    const y = m.random(3, { rng });
    const one = m.random(1, { rng });
    // Non-unit magnitudes too.
    const z = x.map((v, i) => v * (1 + (i % 7)));
    for (const [a, b] of [
      [x, y],
      [z, one],
      [one, z],
      [one, one],
    ] as [Float32Array, Float32Array][]) {
      const [s, t] = both(() => m.bind(a, b));
      expect(firstDiff(s, t)).toBe(-1);
      const [u, v] = both(() => m.unbind(a, b));
      expect(firstDiff(u, v)).toBe(-1);
    }
  });

  it('an output aliasing an operand, and chunked copies (20 rows of d = 10,000)', () => {
    const m = FHRR({ dim: 10_000 });
    const x = m.random(20, { rng: createRng(1) });
    const y = m.random(20, { rng: createRng(2) });
    const one = m.random(1, { rng: createRng(3) });
    for (const b of [y, one]) {
      const want = both(() => m.bind(x, b))[1];
      const a = x.slice();
      m.bind(a, b, a);
      expect(firstDiff(a, want)).toBe(-1);
    }
    const w = both(() => m.unbind(one, x))[1];
    const c = x.slice();
    m.unbind(one, c, c);
    expect(firstDiff(c, w)).toBe(-1);
  });

  it('keeps the errors: a NaN input is named, an overflow is reported', () => {
    const d = 1001;
    const m = FHRR({ dim: d });
    const a = m.random(1, { rng: createRng(1) });
    const b = a.slice();
    b[7] = NaN;
    expect(() => m.bind(a, b)).toThrow('FHRR.bind: b expected finite values, got NaN at index 7');
    const big = new Float32Array(2 * d).fill(3e38);
    expect(() => m.bind(big, big)).toThrow(
      'FHRR.bind: result expected finite values, got an overflow (inputs too large)',
    );
    // Large but finite products pass.
    const large = new Float32Array(2 * d).fill(1e19);
    expect(m.bind(large, a)[0]).toBeCloseTo(1e19 * a[0] - 1e19 * a[1], -14);
  });
});

describe('Float32 bundles (HRR, FHRR, MAP-C): Float64 sums grouped as the scalar kernel', () => {
  const counts = [1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 33, 100];
  it.each([1, 3, 1001, 4099, 8195])('HRR d = %i (column blocks of 4096)', (d) => {
    const m = HRR({ dim: d });
    for (const n of counts) {
      const rows = m.random(n, { rng: createRng(d + n) });
      for (const normalize of ['l2', 'none'] as const) {
        const [s, t] = both(() => m.bundle(rows, { normalize }));
        expect(firstDiff(s, t)).toBe(-1);
      }
    }
  });

  it.each([1, 1001, 2051])('FHRR d = %i', (d) => {
    const m = FHRR({ dim: d });
    for (const n of counts) {
      const rows = m.random(n, { rng: createRng(d + n) });
      for (const normalize of ['phasor', 'none'] as const) {
        const [s, t] = both(() => m.bundle(rows, { normalize, rng: createRng(3) }));
        expect(firstDiff(s, t)).toBe(-1);
      }
    }
  });

  it.each([17, 1001])('MAP-C d = %i, and sums that need more than Float32', (d) => {
    const m = MAP({ dim: d, variant: 'C' });
    for (const n of counts) {
      const rows = m.random(n, { rng: createRng(d + n) });
      // Magnitudes 2^-30 .. 2^30: Float32 sums would round, Float64 pairs of them do not.
      for (let i = 0; i < rows.length; i++) rows[i] *= 2 ** ((i % 61) - 30);
      const [s, t] = both(() => m.bundle(rows, { normalize: 'none' }));
      expect(firstDiff(s, t)).toBe(-1);
    }
  });

  it('weights keep the scalar path, and results are unchanged', () => {
    const m = HRR({ dim: 1001 });
    const rows = m.random(5, { rng: createRng(1) });
    const weights = [1, -2, 0.5, 3, 0.25];
    const [s, t] = both(() => m.bundle(rows, { weights, normalize: 'none' }));
    expect(firstDiff(s, t)).toBe(-1);
  });
});

describe('FFT stages on SIMD (HRR bind, unbind, unitary, exact inverse; createFFT)', () => {
  // Smooth sizes with radix-4, 2, 3, 5 and 7 stages (even and odd strides), sizes that are
  // zero-padded (1009, 9973: prime; 10,007), and the benchmark size.
  const sizes = [64, 100, 128, 250, 600, 1000, 1009, 1024, 2048 * 3, 4096, 4410, 9973, 10_000];

  it.each(sizes)('HRR d = %i: bit-identical to the scalar stages', (d) => {
    const m = HRR({ dim: d });
    const x = m.random(3, { rng: createRng(d) });
    const a = m.row(x, 0);
    const b = m.row(x, 1);
    const ops: [string, () => Float32Array][] = [
      ['bind', () => m.bind(a, b)],
      ['bind batch', () => m.bind(x, b)],
      ['unbind', () => m.unbind(x, a)],
      ['unitary', () => m.unitary(x)],
      ['exactInverse', () => m.exactInverse(a)],
    ];
    for (const [, op] of ops) {
      const [s, t] = both(op);
      expect(firstDiff(s, t)).toBe(-1);
    }
    // In place.
    const want = both(() => m.bind(a, b))[1];
    const c = a.slice();
    m.bind(c, b, c);
    expect(firstDiff(c, want)).toBe(-1);
  });

  it('HRR keeps its errors on the SIMD path', () => {
    const d = 1000;
    const m = HRR({ dim: d });
    const a = m.random(1, { rng: createRng(1) });
    const b = a.slice();
    b[5] = NaN;
    expect(() => m.bind(a, b)).toThrow('HRR.bind: b expected finite values, got NaN at index 5');
    const big = new Float32Array(d).fill(1e30);
    expect(() => m.bind(big, big)).toThrow(
      'HRR.bind: result expected finite values, got an overflow (inputs too large)',
    );
  });

  it.each(sizes)('createFFT(%i) forward and inverse', (n) => {
    const rng = createRng(n);
    const re0 = new Float64Array(n);
    const im0 = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      re0[k] = rng.nextNormal();
      im0[k] = rng.nextNormal();
    }
    const plan = createFFT(n);
    const [s, t] = both(() => {
      const re = re0.slice();
      const im = im0.slice();
      plan.forward(re, im);
      const fr = re.slice();
      const fi = im.slice();
      plan.inverse(re, im);
      return [fr, fi, re, im];
    });
    for (let i = 0; i < 4; i++) expect(firstDiff(s[i], t[i])).toBe(-1);
    // And the round trip is the identity (up to rounding).
    let err = 0;
    for (let k = 0; k < n; k++)
      err = Math.max(err, Math.abs(s[2][k] - re0[k]), Math.abs(s[3][k] - im0[k]));
    expect(err).toBeLessThan(1e-12);
  });
});

describe('dot products, cosines and norms (similarity): the scalar loops, bit for bit', () => {
  // Rows whose results show the order of additions (sumOrder.testkit.ts).
  const spiky = orderRevealingRows;
  const all = (
    q: Float32Array | Int8Array | Int32Array,
    nq: number,
    c: Float32Array | Int8Array | Int32Array,
    n: number,
    d: number,
  ) => {
    const sq = inverseNorms(q, nq, d, new Float64Array(nq));
    const cn = rowNorms(c, n, d, new Float64Array(n));
    const dots = new Float32Array(nq * n);
    dotKernel(q, nq, c, n, d, dots);
    const cos = new Float32Array(nq * n);
    dotKernel(q, nq, c, n, d, cos, sq, cn);
    const fused = new Float32Array(nq * n);
    cosineFusedKernel(q, nq, c, n, d, fused, sq);
    return [sq, cn, dots, cos, fused];
  };
  const check = (f: () => ArrayLike<number>[]) => {
    const [simd, scalar] = both(f);
    expect(simd.length).toBe(scalar.length);
    for (let i = 0; i < simd.length; i++)
      expect(firstDiff(simd[i], scalar[i]), `array ${i}`).toBe(-1);
  };

  it.each([
    [1, 4096, 1],
    [3, 1000, 5],
    [2, 300, 17],
    [4, 70, 63],
    [1, 100, 1001],
    [5, 9, 10_000],
    [110, 2, 10_000],
  ])(
    'Float32: %i queries, %i rows, d = %i (several chunks of rows, blocks of queries)',
    (nq, n, d) => {
      check(() => {
        const q = spiky(nq * d, d, d, true);
        const c = spiky(n * d, d + 1, d);
        // A zero row, a row with a NaN and one with an infinity.
        c.fill(0, 0, d);
        if (n > 3) {
          c[d + (d >> 1)] = NaN;
          c[2 * d] = Infinity;
        }
        return all(q, nq, c, n, d);
      });
    },
  );

  it.each([
    [1, 4096, 1],
    [3, 1000, 7],
    [2, 300, 33],
    [1, 100, 1027],
    [2, 300, 1027],
    [2, 3, 70_000],
  ])('Int8 (any values, rows of -128): %i queries, %i rows, d = %i', (nq, n, d) => {
    check(() => {
      const q = anyInt8(nq * d, d);
      const c = anyInt8(n * d, d + 1);
      q.fill(-128, 0, d);
      c.fill(-128, 0, d);
      if (n > 1) c.fill(0, d, 2 * d);
      return all(q, nq, c, n, d);
    });
  });

  it.each([
    [1, 600, 7],
    [3, 130, 33],
    [2, 300, 1027],
    [2, 9, 10_000],
    [110, 2, 10_000],
  ])(
    'Int32 (products past 2^53, rounded; sumOrder.testkit.ts): %i queries, %i rows, d = %i',
    (nq, n, d) => {
      check(() => {
        const c = orderRevealingInt32(n * d, d + 1, d);
        c.fill(0, 0, d);
        return all(orderRevealingInt32(nq * d, d, d, true), nq, c, n, d);
      });
    },
  );

  it('an output sharing memory with an input takes the loops (their order)', () => {
    // 24 codebook rows of 256 (above the kernels' size), out inside the last codebook row
    // (the loops write into it before they read it); on one
    // ArrayBuffer, and on a SharedArrayBuffer seen through a clone of it (two objects, the
    // same bytes, which JavaScript cannot tell apart).
    const d = 256;
    const rows = 24;
    for (const shared of [false, true]) {
      check(() => {
        const bytes = 4 * (rows + 1) * d;
        const sab = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
        const all = new Float32Array(sab as ArrayBuffer);
        all.set(spiky((rows + 1) * d, 5, d));
        const view = shared
          ? new Float32Array(structuredClone(sab) as unknown as ArrayBuffer)
          : all;
        const out = view.subarray(rows * d + 3, rows * d + 3 + rows);
        dotKernel(all.subarray(0, d), 1, all.subarray(d), rows, d, out);
        return [all.slice()];
      });
    }
  });

  it('queries over several blocks of the module (more than 4 MB of them)', () => {
    // 70 Int8 queries of 70,000 bytes: 4.9 MB, two blocks; sums past 2^31 for the -128 rows.
    check(() => {
      const d = 70_000;
      const q = anyInt8(70 * d, 5);
      const c = anyInt8(3 * d, 6);
      q.fill(-128, 69 * d);
      c.fill(-128, 2 * d);
      return all(q, 70, c, 3, d);
    });
    const q = new Int8Array(70_000).fill(-128);
    const out = new Float32Array(1);
    dotKernel(q, 1, q, 1, 70_000, out);
    expect(out[0]).toBe(Math.fround(16384 * 70_000));
  });

  it('MAP-B and HRR similarity of one query to a codebook', () => {
    const map = MAP({ dim: 2000, variant: 'B' });
    check(() => {
      const c = map.random(50, { rng: createRng(9) });
      return [map.similarity(map.row(c, 7), c), map.similarity(c.subarray(0, 3 * 2000), c)];
    });
    const hrr = HRR({ dim: 2000 });
    check(() => {
      const c = hrr.random(50, { rng: createRng(9) });
      return [hrr.similarity(hrr.row(c, 7), c), hrr.similarity(c.subarray(0, 3 * 2000), c)];
    });
  });
});
