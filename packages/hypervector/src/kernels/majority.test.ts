import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { majorityPacked } from './majority.js';

// The straightforward bitwise majority: count each bit position row by row, compare twice the
// count with n; a word with tied positions takes one draw, whose bit b breaks the tie at bit b.
// The bit-sliced kernel must agree bit for bit and make the same tie draws in the same order.
function reference(
  rows: Uint32Array,
  n: number,
  L: number,
  lastMask: number,
  tie: () => number,
): Uint32Array {
  const out = new Uint32Array(L);
  for (let w = 0; w < L; w++) {
    let bits = 0;
    const tied: number[] = [];
    const mask = w === L - 1 ? lastMask : -1;
    for (let b = 0; b < 32; b++) {
      if (((mask >>> b) & 1) === 0) continue;
      let c = 0;
      for (let r = 0; r < n; r++) c += (rows[r * L + w] >>> b) & 1;
      const s = 2 * c - n;
      if (s > 0) bits |= 1 << b;
      else if (s === 0) tied.push(b);
    }
    if (tied.length > 0) {
      const draw = tie();
      for (const b of tied) if (((draw >>> b) & 1) === 1) bits |= 1 << b;
    }
    out[w] = bits >>> 0;
  }
  return out;
}

/** Rows with bits set with probability p (p near 1/2 makes ties common for even n). */
function makeRows(n: number, L: number, seed: number, p: number): Uint32Array {
  const rng = createRng(seed);
  const x = new Uint32Array(n * L);
  for (let i = 0; i < x.length; i++) {
    let v = 0;
    for (let b = 0; b < 32; b++) if (rng.nextFloat() < p) v |= 1 << b;
    x[i] = v >>> 0;
  }
  return x;
}

describe('majorityPacked', () => {
  it.each([1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 48, 100, 101, 255, 256, 300])(
    'equals the per-bit majority with the same tie draws (one per tied word) for n = %i rows',
    (n) => {
      for (const [L, lastMask] of [
        [1, 0xffffffff],
        [3, 0x0000ffff],
        [5, 0x1],
      ] as const) {
        for (const p of [0.5, 0.2, 0.8]) {
          const rows = makeRows(n, L, n * 31 + L, p);
          const drawsA: number[] = [];
          const drawsB: number[] = [];
          const rngA = createRng(9);
          const rngB = createRng(9);
          const want = reference(rows, n, L, lastMask, () => {
            const t = rngA.nextUint32();
            drawsA.push(t);
            return t;
          });
          const got = new Uint32Array(L);
          majorityPacked(rows, n, L, lastMask, got, () => {
            const t = rngB.nextUint32();
            drawsB.push(t);
            return t;
          });
          expect(Array.from(got)).toEqual(Array.from(want));
          expect(drawsB).toEqual(drawsA);
        }
      }
    },
  );

  it('breaks ties exactly where half the rows are set, one draw per word (n = 2: a XOR b)', () => {
    const rows = Uint32Array.of(0b1100, 0, 0b1010, 0);
    const draws: number[] = [];
    const out = new Uint32Array(2);
    // Two rows of two words; the second word has no tie, so it takes no draw.
    majorityPacked(rows, 2, 2, 0xffffffff, out, () => {
      draws.push(1);
      return 0b0100;
    });
    // Bits 1 and 2 tie (one row each): the draw sets bit 2 only; bit 3 is set in both rows.
    expect(out[0]).toBe(0b1100);
    expect(out[1]).toBe(0);
    expect(draws.length).toBe(1);
  });

  it('ignores and clears padding bits of the last word', () => {
    const rows = Uint32Array.of(0xffffffff, 0xffffffff, 0xffffffff);
    const out = new Uint32Array(1);
    majorityPacked(rows, 3, 1, 0xff, out, () => 0);
    expect(out[0]).toBe(0xff);
  });
});
