import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { rotateBits } from './bits.js';

describe('rotateBits', () => {
  it('equals a bit-by-bit cyclic shift at a row offset, for every shift of several d', () => {
    const rng = createRng(11);
    for (const d of [1, 31, 32, 33, 64, 95, 96, 97, 200, 319]) {
      const words = Math.ceil(d / 32);
      const off = 2 * words;
      const a = new Uint32Array(4 * words);
      for (let i = 0; i < a.length; i++) a[i] = rng.nextUint32();
      if (d % 32 !== 0) a[off + words - 1] &= (1 << (d % 32)) - 1;
      for (let s = 0; s < d; s++) {
        const o = new Uint32Array(4 * words).fill(0xdeadbeef);
        rotateBits(a, off, d, s, o);
        for (let j = 0; j < d; j++) {
          const src = (a[off + (j >>> 5)] >>> (j & 31)) & 1;
          const t = (j + s) % d;
          if (((o[off + (t >>> 5)] >>> (t & 31)) & 1) !== src) {
            expect.fail(`d = ${d}, s = ${s}: bit ${t} differs`);
          }
        }
        // Padding bits stay zero; words outside the row are untouched.
        if (d % 32 !== 0) expect(o[off + words - 1] >>> (d % 32)).toBe(0);
        expect(o[off - 1]).toBe(0xdeadbeef);
        expect(o[off + words]).toBe(0xdeadbeef);
      }
    }
  });

  it('shifts d = 10,000 by 1 like the bit-by-bit definition', () => {
    const d = 10_000;
    const rng = createRng(3);
    const a = new Uint32Array(313);
    for (let i = 0; i < 313; i++) a[i] = rng.nextUint32();
    a[312] &= 0xffff;
    for (const s of [1, 31, 32, 33, 4_999, 9_999]) {
      const o = new Uint32Array(313);
      rotateBits(a, 0, d, s, o);
      const want = new Uint32Array(313);
      for (let j = 0; j < d; j++) {
        const t = (j + s) % d;
        if (((a[j >>> 5] >>> (j & 31)) & 1) === 1) want[t >>> 5] |= 1 << (t & 31);
      }
      expect(Array.from(o)).toEqual(Array.from(want));
    }
  });
});
