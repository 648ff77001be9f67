import { describe, expect, it } from 'vitest';
import { createModel } from '../models/index.js';
import { createRng } from '../random/rng.js';
import { FractionalPowerEncoder, type FPEKernel } from './fractionalPower.js';

const fhrr = createModel('FHRR', { dim: 10_000 });

/**
 * Standard deviation of the mean of d cosines cos(theta_k t), t = b delta:
 * var = ((1 + k(2t)) / 2 - k(t)^2) / d with k the kernel (characteristic function).
 */
function sigma(k: (t: number) => number, t: number, d: number): number {
  return Math.sqrt(Math.max(0, (1 + k(2 * t)) / 2 - k(t) ** 2) / d);
}

const sinc = (t: number): number => (t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t));
const gauss = (t: number): number => Math.exp((-t * t) / 2);

describe.each([
  ['sinc', sinc],
  ['gaussian', gauss],
] as [FPEKernel, (t: number) => number][])(
  'FractionalPowerEncoder, %s kernel, d = 10,000',
  (kernel, k) => {
    it.each([1, 2.5])(
      'matches the kernel against simulation at bandwidth %s (4 sigma)',
      (bandwidth) => {
        const fpe = new FractionalPowerEncoder(fhrr, { kernel, bandwidth, rng: createRng(17) });
        const x0 = 0.37;
        const base = fpe.encode(x0);
        for (const delta of [0, 0.1, 0.25, 0.5, 0.8, 1, 1.5, 2, 3.3]) {
          const got = fhrr.similarity(base, fpe.encode(x0 + delta))[0];
          const t = bandwidth * delta;
          expect(fpe.expectedSimilarity(delta)).toBeCloseTo(k(t), 12);
          expect(Math.abs(got - k(t))).toBeLessThanOrEqual(4 * sigma(k, t, fhrr.dim) + 1e-6);
        }
      },
    );

    it('encodes vectors with the product kernel over dimensions', () => {
      const fpe = new FractionalPowerEncoder(fhrr, { kernel, inputDim: 2, rng: createRng(5) });
      const a = fpe.encode([0.1, -0.4]);
      const delta = [0.3, 0.6];
      const b = fpe.encode([0.1 + delta[0], -0.4 + delta[1]]);
      const expected = k(delta[0]) * k(delta[1]);
      expect(fpe.expectedSimilarity(delta)).toBeCloseTo(expected, 12);
      // Per component cos(theta1 d1 + theta2 d2): same variance formula with k2(t) = k(t d1) k(t d2).
      const k2 = (t: number): number => k(t * delta[0]) * k(t * delta[1]);
      expect(Math.abs(fhrr.similarity(a, b)[0] - expected)).toBeLessThanOrEqual(
        4 * sigma(k2, 1, fhrr.dim),
      );
    });
  },
);

describe('FractionalPowerEncoder algebra', () => {
  const small = createModel('FHRR', { dim: 64 });
  const fpe = new FractionalPowerEncoder(small, { inputDim: 2, rng: createRng(2) });
  it('binding encodings adds their arguments: enc(x) ⊗ enc(y) = enc(x + y)', () => {
    const lhs = small.bind(fpe.encode([0.3, 1.2]), fpe.encode([-0.5, 0.25]));
    const rhs = fpe.encode([-0.2, 1.45]);
    for (let i = 0; i < lhs.length; i++) expect(lhs[i]).toBeCloseTo(rhs[i], 5);
  });
  it('enc(0) is the identity and encodeBatch equals encode row by row', () => {
    const e0 = fpe.encode([0, 0]);
    expect(Array.from(e0)).toEqual(Array.from(small.identity()));
    const batch = fpe.encodeBatch([1, 2, 3, 4]);
    expect(Array.from(batch.subarray(0, 128))).toEqual(Array.from(fpe.encode([1, 2])));
    expect(Array.from(batch.subarray(128))).toEqual(Array.from(fpe.encode([3, 4])));
  });
  it('rejects non-FHRR models and bad inputs', () => {
    expect(
      () => new FractionalPowerEncoder(createModel('HRR', { dim: 8 }), { rng: createRng(1) }),
    ).toThrow(
      'FractionalPowerEncoder: model expected an FHRR model (phasor components), got "HRR"',
    );
    expect(
      () => new FractionalPowerEncoder(small, { kernel: 'cauchy' as never, rng: createRng(1) }),
    ).toThrow(/options.kernel expected "sinc" or "gaussian", got "cauchy"/);
    expect(() => new FractionalPowerEncoder(small, { bandwidth: 0, rng: createRng(1) })).toThrow(
      /options.bandwidth expected/,
    );
    expect(() => fpe.encode(1)).toThrow(
      'FractionalPowerEncoder.encode: x expected 2 numbers, got 1',
    );
    expect(() => fpe.encode([1, Number.NaN])).toThrow(/x expected finite values/);
    expect(() => fpe.encodeBatch([1, 2, 3])).toThrow(
      /xs expected a non-empty array of length a multiple of 2, got Array\(3\)/,
    );
  });
});
