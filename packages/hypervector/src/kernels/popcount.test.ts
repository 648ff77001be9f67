import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../random/rng.js';
import { readBits, rotateBits } from './bits.js';
import { hammingKernel } from './hamming.js';
import { popcount32 } from './popcount.js';
import { hammingWasm } from './wasmPopcount.js';

function naivePopcount(x: number): number {
  let c = 0;
  for (let b = 0; b < 32; b++) c += (x >>> b) & 1;
  return c;
}

describe('popcount32', () => {
  it('hand cases', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff, 0x55555555].map(popcount32)).toEqual([
      0, 1, 8, 1, 32, 16,
    ]);
  });
  it('matches bit-by-bit counting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        (x) => popcount32(x) === naivePopcount(x),
      ),
    );
  });
});

describe('Hamming kernels', () => {
  it.each([
    [1, 1, 1],
    [5, 7, 3],
    [9, 33, 313],
    [64, 300, 40],
  ])(
    'WebAssembly and JavaScript agree with naive counts: %i queries x %i items x %i words',
    (nq, n, words) => {
      const rng = createRng(nq * 1000 + n);
      const q = Uint32Array.from({ length: nq * words }, () => rng.nextUint32());
      const c = Uint32Array.from({ length: n * words }, () => rng.nextUint32());
      const js = new Float32Array(nq * n);
      const wasm = new Float32Array(nq * n);
      hammingKernel(q, nq, c, n, words, js, 2, -1);
      expect(hammingWasm(q, nq, c, n, words, wasm, 2, -1)).toBe(true);
      let mismatches = 0;
      for (let i = 0; i < nq; i++) {
        for (let j = 0; j < n; j++) {
          let h = 0;
          for (let w = 0; w < words; w++)
            h += naivePopcount((q[i * words + w] ^ c[j * words + w]) >>> 0);
          if (js[i * n + j] !== 2 * h - 1) mismatches++;
        }
      }
      expect(mismatches).toBe(0);
      expect(Array.from(wasm)).toEqual(Array.from(js));
    },
  );
});

describe('bit rotation', () => {
  it('readBits reads across a word boundary', () => {
    const x = Uint32Array.of(0xf0000000, 0x0000000f);
    expect(readBits(x, 0, 28, 8)).toBe(0xff);
    expect(readBits(x, 0, 0, 32)).toBe(0xf0000000);
  });

  it('rotateBits equals a bit-by-bit cyclic shift for any d and s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 130 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer(),
        (d, s0, seed) => {
          const s = s0 % d;
          const words = Math.ceil(d / 32);
          const rng = createRng(seed);
          const a = Uint32Array.from({ length: words }, () => rng.nextUint32());
          if (d % 32 !== 0) a[words - 1] &= (1 << (d % 32)) - 1;
          const o = new Uint32Array(words);
          rotateBits(a, 0, d, s, o);
          for (let j = 0; j < d; j++) {
            const src = (a[j >>> 5] >>> (j & 31)) & 1;
            const t = (j + s) % d;
            expect((o[t >>> 5] >>> (t & 31)) & 1).toBe(src);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
