import { describe, expect, it } from 'vitest';
import { createRng, drawBitsAt, drawSignsAt, restoreRng, type Rng } from './rng.js';

describe('createRng', () => {
  it('is deterministic per seed, numeric or string', () => {
    const draw = (seed: number | string): number[] => {
      const r = createRng(seed);
      return Array.from({ length: 5 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw('atoms')).toEqual(draw('atoms'));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 32 + 42)).toEqual(draw(42));
  });

  it('nextFloat lies in [0, 1)', () => {
    const r = createRng(1);
    for (let i = 0; i < 10_000; i++) {
      const x = r.nextFloat();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('fork gives a deterministic, different stream', () => {
    const a = createRng(5).fork();
    const b = createRng(5).fork();
    const parent = createRng(5);
    parent.nextUint32();
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(a.nextUint32()).not.toBe(parent.nextUint32());
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow(
      new TypeError('createRng: seed expected a finite number or a string, got NaN'),
    );
  });

  it('rejects a non-integer seed instead of truncating it', () => {
    for (const seed of [0.5, 1e-300, 1.0000001, -2.5]) {
      expect(() => createRng(seed)).toThrow(
        new RangeError(
          `createRng: seed expected an integer (taken modulo 2^32) or a string, got ${seed}`,
        ),
      );
    }
  });

  it('takes any integer seed modulo 2^32, negative or beyond 2^53', () => {
    const draw = (seed: number): number[] => {
      const r = createRng(seed);
      return Array.from({ length: 3 }, () => r.nextUint32());
    };
    expect(draw(-1)).toEqual(draw(2 ** 32 - 1));
    expect(draw(-0)).toEqual(draw(0));
    expect(draw(2 ** 60 + 2 ** 32 * 5 + 512)).toEqual(draw(512)); // exact: a multiple of 2^8
    expect(draw(1e300)).toEqual(draw(0)); // 1e300 is a multiple of 2^32
  });
});

describe('restoreRng', () => {
  it('continues the stream exactly, including a cached normal', () => {
    const a = createRng(7);
    a.nextFloat();
    a.nextNormal(); // leaves a spare normal cached
    const b = restoreRng(a.state());
    expect([b.nextNormal(), b.nextUint32(), b.nextNormal()]).toEqual([
      a.nextNormal(),
      a.nextUint32(),
      a.nextNormal(),
    ]);
  });

  it('rejects a malformed or all-zero state', () => {
    expect(() => restoreRng([1, 2, 3])).toThrow(TypeError);
    expect(() => restoreRng([0, 0, 0, 0, Number.NaN])).toThrow(
      'restoreRng: state expected a non-zero generator state, got all zeros',
    );
  });

  it('checks the cached normal: a finite number, NaN, or null as JSON writes NaN', () => {
    const a = createRng(3);
    a.nextNormal(); // a spare cached
    const s = a.state();
    expect(restoreRng(JSON.parse(JSON.stringify(s)) as number[]).nextNormal()).toBe(
      restoreRng(s).nextNormal(),
    );
    const fresh = createRng(3).state(); // no spare: NaN, null in JSON
    expect(JSON.stringify(fresh)).toContain('null');
    expect(restoreRng(JSON.parse(JSON.stringify(fresh)) as number[]).nextNormal()).toBe(
      createRng(3).nextNormal(),
    );
    for (const bad of ['abc', {}, Infinity, undefined]) {
      expect(() => restoreRng([1, 2, 3, 4, bad as number])).toThrow(
        /^restoreRng: state\[4\] expected the cached normal \(a finite number, NaN or null for none\), got /,
      );
    }
  });
});

describe('nextInt', () => {
  it('is unbiased: chi-square over 7 buckets, 70,000 draws, below the 1e-4 quantile (27.86, 6 df)', () => {
    const r = createRng('chi');
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.nextInt(7)]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.86);
  });

  it('covers [0, n) for n = 1 and n = 2^32', () => {
    const r = createRng(3);
    expect(r.nextInt(1)).toBe(0);
    const x = r.nextInt(2 ** 32);
    expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
  });

  it('rejects n outside [1, 2^32]', () => {
    expect(() => createRng(1).nextInt(0)).toThrow(
      'Rng.nextInt: n expected an integer in [1, 2^32], got 0',
    );
  });
});

describe('nextNormal', () => {
  it('has mean 0, variance 1 and skewness 0 (4 sigma over 100,000 draws)', () => {
    const r = createRng('normal');
    const n = 100_000;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.nextNormal();
      m1 += x / n;
      m2 += (x * x) / n;
      m3 += (x * x * x) / n;
    }
    // sd of the sample mean 1/sqrt(n); of the second moment sqrt(2/n); of the third sqrt(15/n).
    expect(Math.abs(m1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(4 * Math.sqrt(15 / n));
  });
});

describe('tie-breaking draws without a call per draw', () => {
  /** A generator of the same stream that is not the package's class (the generic path). */
  const wrapped = (seed: number): Rng => {
    const inner = createRng(seed);
    return {
      nextUint32: () => inner.nextUint32(),
      nextFloat: () => inner.nextFloat(),
      nextNormal: () => inner.nextNormal(),
      nextInt: (n) => inner.nextInt(n),
      fork: () => inner.fork(),
      state: () => inner.state(),
    };
  };

  it('drawSignsAt takes one nextUint32 per group of 32 positions with a tie, bit p & 31 for p', () => {
    for (const seed of [0, 1, 7, 123456789]) {
      const pos = Int32Array.from({ length: 1000 }, (_, t) => 3 * t + (t % 3));
      const fast = new Int8Array(3000);
      const slow = new Int8Array(3000);
      const a = createRng(seed);
      const b = createRng(seed);
      a.nextNormal(); // a cached spare must survive as well
      b.nextNormal();
      drawSignsAt(a, fast, pos, 1000);
      // The straightforward rule: for each group of 32 positions, one draw if any is tied.
      let draws = 0;
      for (let g = 0; g * 32 < 3000; g++) {
        const tied = Array.from(pos).filter((p) => p >>> 5 === g);
        if (tied.length === 0) continue;
        const r = b.nextUint32();
        draws++;
        for (const p of tied) slow[p] = r & (2 ** (p % 32)) ? 1 : -1;
      }
      expect(Array.from(fast)).toEqual(Array.from(slow));
      expect(a.state()).toEqual(b.state());
      // 1,000 ties over positions 0..2,999: every group of 32 holds one.
      expect(draws).toBe(94);
      // Both signs occur, about half each (1,000 fair draws: within 5 standard deviations).
      const ones = Array.from(pos).filter((p) => fast[p] === 1).length;
      expect(Math.abs(ones - 500)).toBeLessThan(5 * Math.sqrt(250));
      // A generator of another class takes the per-call path, with the same result.
      const other = new Int8Array(3000);
      const c = wrapped(seed);
      c.nextNormal();
      drawSignsAt(c, other, pos, 1000);
      expect(Array.from(other)).toEqual(Array.from(slow));
    }
  });

  it('drawBitsAt sets the tied bits from one nextUint32 per word with a tie', () => {
    const src = createRng(99);
    const L = 300;
    const ties = Uint32Array.from({ length: L }, (_, w) => (w % 5 === 0 ? 0 : src.nextUint32()));
    ties[1] = 0x80000001; // the top bit (a negative int32) and the lowest
    const base = Uint32Array.from({ length: L }, () => src.nextUint32());
    for (let w = 0; w < L; w++) base[w] &= ~ties[w];
    const fast = base.slice();
    const slow = base.slice();
    const a = createRng(5);
    const b = createRng(5);
    drawBitsAt(a, fast, ties, L);
    for (let w = 0; w < L; w++) {
      const t = ties[w];
      if (t === 0) continue;
      const draw = b.nextUint32();
      let bits = slow[w];
      for (let k = 0; k < 32; k++)
        if (((t >>> k) & 1) === 1 && ((draw >>> k) & 1) === 1) bits |= 1 << k;
      slow[w] = bits >>> 0;
    }
    expect(Array.from(fast)).toEqual(Array.from(slow));
    expect(a.state()).toEqual(b.state());
    expect(fast.some((x, w) => x !== base[w])).toBe(true);
    const other = base.slice();
    drawBitsAt(wrapped(5), other, ties, L);
    expect(Array.from(other)).toEqual(Array.from(slow));
  });
});
