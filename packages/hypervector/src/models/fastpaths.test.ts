import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { BSC } from './bsc.js';
import { FHRR } from './fhrr.js';
import { HRR } from './hrr.js';
import { MAP } from './map.js';

// The fast paths of bind and bundle (monomorphic byte products, SWAR byte sums, bit-sliced
// majority, mixed-radix real FFT convolution, unrolled complex products) against the
// straightforward definitions, with fixed seeds.

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('HRR.bind is the circular convolution', () => {
  it.each([1, 2, 10, 12, 97, 100, 1000, 1009])('d = %i (naive O(d^2) reference)', (d) => {
    const hrr = HRR({ dim: d });
    const x = hrr.random(3, { rng: createRng(d) });
    const a = hrr.row(x, 1);
    const b = hrr.row(x, 2);
    const want = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[j] * b[(k - j + d) % d];
      want[k] = s;
    }
    // Atoms have entries of size 1/sqrt(d); the convolution's entries are of size 1/sqrt(d).
    expect(maxAbsDiff(hrr.bind(a, b), want)).toBeLessThan(1e-6);
    // Batches, one side broadcast, and in place.
    const batch = hrr.bind(x, b);
    expect(maxAbsDiff(batch.subarray(d, 2 * d), want)).toBeLessThan(1e-6);
    const copy = a.slice();
    hrr.bind(copy, b, copy);
    expect(maxAbsDiff(copy, want)).toBeLessThan(1e-6);
  });

  it('still rejects a NaN input (naming it) and an overflow to infinity', () => {
    for (const d of [12, 101]) {
      const hrr = HRR({ dim: d });
      const a = hrr.random(1, { rng: createRng(1) });
      const b = a.slice();
      b[5] = NaN;
      expect(() => hrr.bind(a, b)).toThrow(
        `HRR.bind: b expected finite values, got NaN at index 5`,
      );
      const big = new Float32Array(d).fill(1e30);
      expect(() => hrr.bind(big, big)).toThrow(RangeError);
    }
  });

  it('d = 10,000 (the benchmark size) agrees with the naive sum at sampled indices', () => {
    const d = 10_000;
    const hrr = HRR({ dim: d });
    const x = hrr.random(2, { rng: createRng(42) });
    const a = hrr.row(x, 0);
    const b = hrr.row(x, 1);
    const got = hrr.bind(a, b);
    for (const k of [0, 1, 2, 4_999, 5_000, 9_998, 9_999]) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[j] * b[(k - j + d) % d];
      expect(Math.abs(got[k] - s)).toBeLessThan(1e-6);
    }
  });
});

describe('MAP-B bind (monomorphic Int8 products)', () => {
  it('equals the element-wise Int8 product, including non-bipolar values and in place', () => {
    const d = 1_000;
    const map = MAP({ dim: d, variant: 'B' });
    const x = map.random(2, { rng: createRng(5) });
    const a = map.row(x, 0).slice();
    const b = map.row(x, 1).slice();
    // Zeros and other values wrap around like Int8 products.
    a[3] = 0;
    b[517] = 5;
    a[998] = -128;
    b[998] = -1;
    const want = new Int8Array(d);
    for (let i = 0; i < d; i++) want[i] = a[i] * b[i];
    expect(Array.from(map.bind(a, b))).toEqual(Array.from(want));
    const inPlace = a.slice();
    map.bind(inPlace, b, inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(want));
    const inPlaceB = b.slice();
    map.bind(a, inPlaceB, inPlaceB);
    expect(Array.from(inPlaceB)).toEqual(Array.from(want));
  });

  it('equals the element-wise product for misaligned views and odd d', () => {
    for (const d of [7, 33, 1_001]) {
      const map = MAP({ dim: d, variant: 'B' });
      const x = map.random(3, { rng: createRng(d) });
      const a = map.row(x, 1);
      const b = map.row(x, 2);
      const want = new Int8Array(d);
      for (let i = 0; i < d; i++) want[i] = a[i] * b[i];
      expect(Array.from(map.bind(a, b))).toEqual(Array.from(want));
    }
  });
});

describe('MAP-B bundle (SWAR byte sums)', () => {
  it.each([1, 2, 3, 100, 257, 600])(
    'equals the sign of the plain sum with the same tie draws (one per tied group of 32), n = %i',
    (n) => {
      const d = 400;
      const map = MAP({ dim: d, variant: 'B' });
      const rows = map.random(n, { rng: createRng(n) });
      const got = map.bundle(rows, { rng: createRng(77) });
      const tie = createRng(77);
      // One draw per group of 32 positions with a tie; bit j & 31 breaks the tie at j.
      let group = -1;
      let draw = 0;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += rows[r * d + j];
        if (s === 0 && j >>> 5 !== group) {
          group = j >>> 5;
          draw = tie.nextUint32();
        }
        const want = s > 0 ? 1 : s < 0 ? -1 : ((draw >>> (j & 31)) & 1) === 1 ? 1 : -1;
        expect(got[j]).toBe(want);
      }
    },
  );
});

describe('BSC bundle (bit-sliced majority)', () => {
  it.each([1, 2, 4, 17, 100, 101])(
    'equals the per-bit majority with the same tie draws (one per tied word), n = %i',
    (n) => {
      for (const d of [10, 64, 1_000]) {
        const bsc = BSC({ dim: d });
        const rows = bsc.random(n, { rng: createRng(n * 7 + d) });
        const L = bsc.length;
        const got = bsc.bundle(rows, { rng: createRng(3) });
        const tie = createRng(3);
        const want = new Uint32Array(L);
        // One draw per word with a tied position; its bit j & 31 breaks the tie at j.
        let tied = 0;
        for (let j = 0; j < d; j++) {
          let c = 0;
          for (let r = 0; r < n; r++) c += (rows[r * L + (j >>> 5)] >>> (j & 31)) & 1;
          const s = 2 * c - n;
          if (s > 0) want[j >>> 5] |= 1 << (j & 31);
          else if (s === 0) tied |= 1 << (j & 31);
          if ((j & 31) === 31 || j === d - 1) {
            if (tied !== 0) want[j >>> 5] |= tied & tie.nextUint32();
            tied = 0;
          }
        }
        expect(Array.from(got)).toEqual(Array.from(want));
      }
    },
  );

  it('equal weights break ties as the unweighted bundle does (same draws, same state)', () => {
    for (const d of [10, 1_000, 10_000]) {
      const bsc = BSC({ dim: d });
      const rows = bsc.random(4, { rng: createRng(d) });
      const a = createRng(11);
      const b = createRng(11);
      const plain = bsc.bundle(rows, { rng: a });
      const weighted = bsc.bundle(rows, { rng: b, weights: [2, 2, 2, 2] });
      expect(Array.from(weighted)).toEqual(Array.from(plain));
      expect(b.state()).toEqual(a.state());
      // Four rows tie at 3/8 of the positions: about d * 3/8 random bits were drawn.
      expect(a.state()).not.toEqual(createRng(11).state());
    }
  });
});

describe('FHRR bind and bundle', () => {
  it('bind and unbind equal the complex product (and with the conjugate)', () => {
    const d = 333;
    const fhrr = FHRR({ dim: d });
    const x = fhrr.random(3, { rng: createRng(8) });
    const a = fhrr.row(x, 0);
    const b = fhrr.row(x, 1);
    const bound = fhrr.bind(a, b);
    const unbound = fhrr.unbind(a, b);
    for (let k = 0; k < 2 * d; k += 2) {
      expect(bound[k]).toBeCloseTo(a[k] * b[k] - a[k + 1] * b[k + 1], 6);
      expect(bound[k + 1]).toBeCloseTo(a[k] * b[k + 1] + a[k + 1] * b[k], 6);
      expect(unbound[k]).toBeCloseTo(a[k] * b[k] + a[k + 1] * b[k + 1], 6);
      expect(unbound[k + 1]).toBeCloseTo(-a[k] * b[k + 1] + a[k + 1] * b[k], 6);
    }
    // Broadcast over a batch.
    const batch = fhrr.bind(x, b);
    expect(maxAbsDiff(batch.subarray(0, 2 * d), bound)).toBe(0);
  });

  it('bind still rejects an overflow to infinity and a NaN input', () => {
    const fhrr = FHRR({ dim: 4 });
    const a = new Float32Array(8).fill(1e30);
    expect(() => fhrr.bind(a, a)).toThrow(RangeError);
    // Float32 products (as complex64): ar br = ai bi = 2e39 overflow, so re = inf - inf
    // although the exact re is 0.
    const c = new Float32Array([2e19, 2e19, 0, 0, 0, 0, 0, 0]);
    const e = new Float32Array([1e20, 1e20, 0, 0, 0, 0, 0, 0]);
    expect(() => fhrr.bind(c, e)).toThrow(RangeError);
    const b = new Float32Array(8).fill(1);
    b[3] = NaN;
    expect(() => fhrr.bind(b, b)).toThrow(
      'FHRR.bind: a expected finite values, got NaN at index 3',
    );
  });

  it('phasor bundle equals the normalised sum, tiny sums included', () => {
    const d = 200;
    const fhrr = FHRR({ dim: d });
    const rows = fhrr.random(9, { rng: createRng(4) });
    const got = fhrr.bundle(rows);
    for (let k = 0; k < 2 * d; k += 2) {
      let x = 0;
      let y = 0;
      for (let r = 0; r < 9; r++) {
        x += rows[r * 2 * d + k];
        y += rows[r * 2 * d + k + 1];
      }
      const m = Math.hypot(x, y);
      expect(got[k]).toBeCloseTo(x / m, 6);
      expect(got[k + 1]).toBeCloseTo(y / m, 6);
    }
    // Sums whose squares underflow keep their angle (the slow, exact path).
    const small = FHRR({ dim: 2 });
    const t = small.bundle(new Float32Array(4).fill(1e-44));
    expect(t[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(t[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
