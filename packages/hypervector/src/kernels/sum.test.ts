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
  it.each([1, 3, 4, 5, 8, 101])(
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
