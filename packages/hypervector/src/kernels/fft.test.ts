import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { createFFT } from './fft.js';

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

describe.each([1, 2, 7, 100, 128, 1000])('createFFT(%i)', (n) => {
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
});

it('createFFT rejects a size that is not a positive integer', () => {
  expect(() => createFFT(0)).toThrow('createFFT: n expected a positive integer, got 0');
});
