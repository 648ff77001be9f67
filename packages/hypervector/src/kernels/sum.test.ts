import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { sumRowsFloat32, sumRowsInt32, sumRowsInt8 } from './sum.js';

// The straightforward loop the unrolled kernels must agree with: row after row into Float64.
function reference(x: ArrayLike<number>, n: number, L: number, w?: ArrayLike<number>): number[] {
  const acc = new Array<number>(L).fill(0);
  for (let r = 0; r < n; r++) for (let j = 0; j < L; j++) acc[j] += (w ? w[r] : 1) * x[r * L + j];
  return acc;
}

const rng = createRng(7);
const kinds = [
  {
    name: 'Int8',
    make: (len: number) => Int8Array.from({ length: len }, () => rng.nextInt(255) - 127),
    run: sumRowsInt8 as (x: never, n: number, L: number, w: never, acc: Float64Array) => void,
    exact: true,
  },
  {
    name: 'Int32',
    make: (len: number) => Int32Array.from({ length: len }, () => rng.nextInt(2001) - 1000),
    run: sumRowsInt32 as (x: never, n: number, L: number, w: never, acc: Float64Array) => void,
    exact: true,
  },
  {
    name: 'Float32',
    make: (len: number) => Float32Array.from({ length: len }, () => rng.nextNormal()),
    run: sumRowsFloat32 as (x: never, n: number, L: number, w: never, acc: Float64Array) => void,
    exact: false,
  },
];

describe.each(kinds)('sumRows$name', ({ make, run, exact }) => {
  it.each([1, 3, 4, 5, 8, 16, 17, 25, 101])(
    'equals the row-by-row sum for n = %i rows (unweighted and weighted)',
    (n) => {
      const L = 37;
      const x = make(n * L);
      const w = Array.from({ length: n }, (_, r) => (r % 3) - 0.5);
      for (const weights of [undefined, w]) {
        const acc = new Float64Array(L + 3).fill(99);
        run(x as never, n, L, weights as never, acc);
        const want = reference(x, n, L, weights);
        for (let j = 0; j < L; j++) {
          // Integers sum exactly in Float64; float rows differ only in the order of
          // additions: a few ulps of Float64 on sums of order sqrt(n).
          if (exact) expect(acc[j]).toBe(want[j]);
          else expect(Math.abs(acc[j] - want[j])).toBeLessThan(1e-12);
        }
        expect(acc[L]).toBe(99);
      }
    },
  );
});

describe('sumRowsInt8, word-level path (L a multiple of 4, aligned)', () => {
  it.each([1, 3, 4, 255, 256, 257, 600])(
    'equals the row-by-row sum over the full Int8 range for n = %i rows',
    (n) => {
      const L = 40;
      const r = createRng(n);
      const x = Int8Array.from({ length: n * L }, () => r.nextInt(256) - 128);
      x[0] = -128;
      x[1] = 127;
      const acc = new Float64Array(L + 1).fill(99);
      sumRowsInt8(x, n, L, undefined, acc);
      expect(Array.from(acc.subarray(0, L))).toEqual(reference(x, n, L));
      expect(acc[L]).toBe(99);
    },
  );

  it('takes the byte path for a misaligned view and gives the same sums', () => {
    const L = 8;
    const n = 5;
    const buf = Int8Array.from({ length: n * L + 1 }, (_, i) => ((i * 37) % 255) - 127);
    const x = buf.subarray(1);
    const acc = new Float64Array(L);
    sumRowsInt8(x, n, L, undefined, acc);
    expect(Array.from(acc)).toEqual(reference(x, n, L));
  });
});
