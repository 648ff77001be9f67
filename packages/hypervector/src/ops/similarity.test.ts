import { describe, expect, it } from 'vitest';
import { BSC } from '../models/bsc.js';
import { MAP } from '../models/map.js';
import { SBC } from '../models/sbc.js';
import { createRng } from '../random/rng.js';
import { cosine } from './cosine.js';
import { dot } from './dot.js';
import { hamming } from './hamming.js';
import { hammingSimilarityPacked } from './hammingSimilarityPacked.js';
import { overlap } from './overlap.js';
import { packBipolar } from './packBipolar.js';

describe('shape rule (*, d) x (n, d) -> (*, n)', () => {
  it('dot: hand-computed [2, 2] x [3, 2] -> [2, 3]', () => {
    const q = Float32Array.of(1, 2, 0, 1);
    const c = Float32Array.of(3, 4, 1, 0, -1, 1);
    expect(Array.from(dot(q, c, 2))).toEqual([11, 1, 1, 4, 0, 1]);
  });

  it('cosine: hand-computed, a zero vector gives 0 (not NaN)', () => {
    const out = cosine(Float64Array.of(3, 4, 0, 0), Float64Array.of(3, 4, 4, -3), 2);
    expect(Array.from(out)).toEqual([1, 0, 0, 0]);
  });

  it('cosine equals each model row by row, for q = 5 queries (the 4-way block and the rest)', () => {
    const m = MAP({ dim: 37, variant: 'C' });
    const q = m.random(5, { rng: createRng(1) });
    const c = m.random(9, { rng: createRng(2) });
    const all = cosine(q, c, 37);
    for (let i = 0; i < 5; i++) {
      const one = cosine(m.row(q, i), c, 37);
      for (let j = 0; j < 9; j++) expect(all[i * 9 + j]).toBeCloseTo(one[j], 6);
    }
    expect(Array.from(m.similarity(q, c))).toEqual(Array.from(all));
  });

  it('writes into out and returns it', () => {
    const out = new Float32Array(2);
    expect(dot(Float32Array.of(1, 1), Float32Array.of(1, 2, 3, 4), 2, out)).toBe(out);
    expect(Array.from(out)).toEqual([3, 7]);
  });

  it('overlap: fraction of equal segments', () => {
    expect(
      Array.from(overlap(Uint16Array.of(1, 2, 3, 4), Uint16Array.of(1, 2, 0, 0, 1, 2, 3, 4), 4)),
    ).toEqual([0.5, 1]);
    const m = SBC({ segments: 50, blockSize: 8 });
    const x = m.random(3, { rng: createRng(3) });
    expect(Array.from(overlap(x, x, 50))).toEqual(Array.from(m.similarity(x, x)));
  });

  it('hamming: normalised distance, and BSC similarity = 1 - hamming', () => {
    expect(Array.from(hamming(Uint32Array.of(0b1011), Uint32Array.of(0b0001, 0b1011), 4))).toEqual([
      0.5, 0,
    ]);
    const m = BSC({ dim: 1000 });
    const x = m.random(6, { rng: createRng(4) });
    const h = hamming(x, x, 1000);
    const s = m.similarity(x, x);
    for (let i = 0; i < h.length; i++) expect(s[i]).toBeCloseTo(1 - h[i], 6);
  });
});

describe('padding bits above d are ignored', () => {
  it('hamming and hammingSimilarityPacked count the d bits only', () => {
    // d = 4 in one word: bits 4..31 are padding, set here in the query only.
    const q = Uint32Array.of(0b1011 | 0xfffffff0);
    expect(Array.from(hamming(q, Uint32Array.of(0b0001, 0b1011), 4))).toEqual([0.5, 0]);
    expect(Array.from(hammingSimilarityPacked(q, Uint32Array.of(0b1011), 4))).toEqual([1]);
    expect(q[0]).toBe((0b1011 | 0xfffffff0) >>> 0);
  });
});

describe('cosine of Float64 rows of any finite scale', () => {
  const base = [0.3, -0.7, 0.2, 0.5, 0.1, 0.9];
  const rows = (s: number): Float64Array => Float64Array.from(base, (x) => x * s);
  const ref = cosine(rows(1), rows(1), 3);

  it.each([1e-200, 1e-160, 1e160, 1e300])(
    'scale %d: the same cosines as at scale 1 (q = 1 and q = 4 paths)',
    (s) => {
      expect(cosine(Float64Array.of(1e-200, 1e-200), Float64Array.of(1e-200, 1e-200), 2)[0]).toBe(
        1,
      );
      // each query row against the codebook at another scale, single and batched
      for (const [qs, cs] of [
        [s, 1],
        [1, s],
        [s, s],
        [s, 1 / s],
      ]) {
        const one = cosine(rows(qs).subarray(0, 3), rows(cs), 3);
        expect(Array.from(one)).toEqual(Array.from(ref.subarray(0, 2)));
        const q4 = new Float64Array(12);
        q4.set(rows(qs));
        q4.set(rows(1), 6);
        const four = cosine(q4, rows(cs), 3);
        expect(Array.from(four.subarray(0, 4))).toEqual(Array.from(ref));
      }
    },
  );

  it('a zero row still gives 0, a NaN row is still named', () => {
    expect(
      Array.from(cosine(Float64Array.of(0, 0, 1e-200, 0), Float64Array.of(1e200, 0), 2)),
    ).toEqual([0, 1]);
    expect(() => cosine(Float64Array.of(1e-200, Number.NaN), Float64Array.of(1, 0), 2)).toThrow(
      'cosine: query expected finite values, got NaN at index 1',
    );
  });
});

describe('bit-packed bipolar clean-up', () => {
  it('packBipolar: bit j set where x_j < 0', () => {
    expect(Array.from(packBipolar(Int8Array.of(1, -1, -1, 1), 4))).toEqual([6]);
    expect(Array.from(packBipolar(Float32Array.of(-1, 1, 1, 1, 1, 1, 1, -1), 4))).toEqual([1, 8]);
  });

  it('packBipolar: rejects NaN (no sign) naming its index; infinities pack by their sign', () => {
    expect(() => packBipolar(Float32Array.of(1, -1, 1, 1, -1, Number.NaN, 1, 1), 4)).toThrow(
      new RangeError('packBipolar: x expected real values (NaN has no sign), got NaN at index 5'),
    );
    expect(() => packBipolar(Float64Array.of(Number.NaN), 1)).toThrow(
      new RangeError('packBipolar: x expected real values (NaN has no sign), got NaN at index 0'),
    );
    expect(Array.from(packBipolar(Float64Array.of(-Infinity, Infinity, -0, 0), 4))).toEqual([1]);
  });

  it.each([31, 64, 1000])(
    'hammingSimilarityPacked equals the MAP-B cosine exactly (d = %i), small and large batches',
    (d) => {
      const m = MAP({ dim: d, variant: 'B' });
      for (const [nq, n] of [
        [1, 3],
        [20, 400],
      ]) {
        const q = m.random(nq, { rng: createRng(d + nq) });
        const c = m.random(n, { rng: createRng(d + n) });
        const fast = hammingSimilarityPacked(packBipolar(q, d), packBipolar(c, d), d);
        const slow = m.similarity(q, c);
        for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i], 6);
      }
    },
  );
});

describe('MAP-B similarity on large batches (the packed path)', () => {
  it('equals the float cosine, and falls back when a vector holds a 0', () => {
    const d = 1000;
    const m = MAP({ dim: d, variant: 'B' });
    const q = m.random(20, { rng: createRng(5) });
    const c = m.random(1000, { rng: createRng(6) });
    // 20 x 1000 x 1000 = 2e7 >= 2^24: packed.
    const fast = m.similarity(q, c);
    const ref = cosine(q, c, d);
    for (let i = 0; i < ref.length; i++) expect(fast[i]).toBeCloseTo(ref[i], 6);
    c.fill(0, 0, d);
    const withEmpty = m.similarity(q, c);
    expect(withEmpty[0]).toBe(0);
    expect(withEmpty[1]).toBeCloseTo(ref[1], 6);
  });
});

describe('bad input', () => {
  it('names function, argument, expectation and value', () => {
    expect(() => dot(Float32Array.of(1, 2, 3), Float32Array.of(1, 2), 2)).toThrow(
      new RangeError(
        'dot: query expected a length that is a positive multiple of 2, got Float32Array(3)',
      ),
    );
    expect(() => cosine([1, 2] as unknown as Float32Array, Float32Array.of(1, 2), 2)).toThrow(
      new TypeError(
        'cosine: query expected a real typed array (Float32Array, Int8Array, ...), got Array(2)',
      ),
    );
    expect(() => cosine(Float32Array.of(1, 2), Float32Array.of(1, 2), 0)).toThrow(
      'cosine: dim expected an integer >= 1, got 0',
    );
    expect(() => dot(Float32Array.of(1, Number.NaN), Float32Array.of(1, 2), 2)).toThrow(
      'dot: query expected finite values, got NaN at index 1',
    );
    expect(() =>
      hamming(Uint32Array.of(1), Int32Array.of(1) as unknown as Uint32Array, 32),
    ).toThrow(
      'hamming: codebook expected Uint32Array (packed bits, 1 words per row), got Int32Array(1)',
    );
    expect(() => overlap(Uint16Array.of(1), Uint16Array.of(1), 1, new Float32Array(3))).toThrow(
      'overlap: out expected Float32Array(1) for [1, 1], got Float32Array(3)',
    );
    expect(() => packBipolar(Int8Array.of(1, 1, 1), 2)).toThrow(
      'packBipolar: x expected a length that is a positive multiple of 2, got Int8Array(3)',
    );
  });
});
