import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { createFFT, isSmooth, RealConvolution, smoothSize } from './fft.js';

function naiveDFT(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const angle = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k] += re[j] * Math.cos(angle) - im[j] * Math.sin(angle);
      outIm[k] += re[j] * Math.sin(angle) + im[j] * Math.cos(angle);
    }
  }
  return [outRe, outIm];
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each([1, 2, 3, 5, 7, 11, 12, 13, 17, 60, 97, 100, 128, 1000, 1001, 2310])(
  'createFFT(%i)',
  (n) => {
    const rng = createRng(n);
    const re = Float64Array.from({ length: n }, () => rng.nextNormal());
    const im = Float64Array.from({ length: n }, () => rng.nextNormal());

    it('forward matches the naive DFT (abs. error < 1e-9 · n)', () => {
      const [wantRe, wantIm] = naiveDFT(re, im);
      const r = re.slice();
      const i = im.slice();
      createFFT(n).forward(r, i);
      expect(maxDiff(r, wantRe)).toBeLessThan(1e-9 * n);
      expect(maxDiff(i, wantIm)).toBeLessThan(1e-9 * n);
    });

    it('inverse(forward(x)) = x (abs. error < 1e-12 · n), reusing the plan', () => {
      const plan = createFFT(n);
      for (let t = 0; t < 2; t++) {
        const r = re.slice();
        const i = im.slice();
        plan.forward(r, i);
        plan.inverse(r, i);
        expect(maxDiff(r, re)).toBeLessThan(1e-12 * n);
        expect(maxDiff(i, im)).toBeLessThan(1e-12 * n);
      }
    });
  },
);

it('createFFT rejects a size that is not a positive integer', () => {
  expect(() => createFFT(0)).toThrow('createFFT: n expected a positive integer, got 0');
});

// The straightforward O(d^2) circular convolution the FFT path must agree with.
function naiveConvolution(x: Float32Array, y: Float32Array): Float64Array {
  const d = x.length;
  const out = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += x[j] * y[(k - j + d) % d];
    out[k] = s;
  }
  return out;
}

describe.each([1, 2, 3, 10, 12, 15, 100, 101, 1000, 1009, 1024, 2310])(
  'RealConvolution(%i)',
  (d) => {
    it('equals the naive circular convolution (abs. error < 1e-6), at row offsets', () => {
      const rng = createRng(1000 + d);
      const x = Float32Array.from({ length: 3 * d }, () => rng.nextNormal());
      const y = Float32Array.from({ length: 2 * d }, () => rng.nextNormal());
      const want = naiveConvolution(x.subarray(2 * d), y.subarray(d));
      const conv = new RealConvolution(d);
      const out = new Float32Array(2 * d).fill(7);
      for (let t = 0; t < 2; t++) {
        conv.convolve(x, 2 * d, y, d, out, d);
        let worst = 0;
        for (let k = 0; k < d; k++) worst = Math.max(worst, Math.abs(out[d + k] - want[k]));
        // Float32 output: relative rounding of sums of size about sqrt(d).
        expect(worst).toBeLessThan(1e-5 * Math.sqrt(d));
        expect(out[d - 1]).toBe(7);
      }
    });
  },
);

it('smoothSize returns the smallest 2^a 3^b 5^c at or above n (even when asked)', () => {
  expect(smoothSize(1)).toBe(1);
  expect(smoothSize(7)).toBe(8);
  expect(smoothSize(7, true)).toBe(8);
  expect(smoothSize(19999)).toBe(20000);
  expect(smoothSize(2017)).toBe(2025);
  expect(smoothSize(2017, true)).toBe(2048);
  for (let n = 1; n < 300; n++) {
    const m = smoothSize(n);
    expect(m).toBeGreaterThanOrEqual(n);
    for (let k = n; k < m; k++) {
      let r = k;
      for (const p of [2, 3, 5]) while (r % p === 0) r /= p;
      expect(r).not.toBe(1);
    }
  }
});

it('isSmooth accepts sizes whose prime factors are at most 13', () => {
  expect(isSmooth(10_000)).toBe(true);
  expect(isSmooth(2 * 3 * 5 * 7 * 11 * 13)).toBe(true);
  expect(isSmooth(17)).toBe(false);
  expect(isSmooth(1009)).toBe(false);
});
