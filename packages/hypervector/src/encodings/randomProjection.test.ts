import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { ModelName } from '../types.js';
import { RandomProjection } from './randomProjection.js';

const n = 20;
function pairAtCosine(c: number, seed: number): [Float64Array, Float64Array] {
  const rng = createRng(seed);
  const u = Float64Array.from({ length: n }, () => rng.nextNormal());
  const w = Float64Array.from({ length: n }, () => rng.nextNormal());
  // Gram-Schmidt: w orthogonal to u, both unit; x' = c u + sqrt(1 - c^2) w.
  const nu = Math.hypot(...u);
  u.forEach((v, i) => (u[i] = v / nu));
  const dot = w.reduce((s, v, i) => s + v * u[i], 0);
  w.forEach((v, i) => (w[i] = v - dot * u[i]));
  const nw = Math.hypot(...w);
  w.forEach((v, i) => (w[i] = v / nw));
  return [u, u.map((v, i) => c * v + Math.sqrt(1 - c * c) * w[i])];
}

describe.each(['gaussian', 'sign'] as const)('RandomProjection.project (%s)', (distribution) => {
  it('keeps squared norms: ||y||^2 / ||x||^2 within 4 sigma of 1, sigma = sqrt(2/k)', () => {
    const model = createModel('HRR', { dim: 2048 });
    const rp = new RandomProjection(model, { inputDim: n, distribution, rng: createRng(3) });
    for (let t = 0; t < 5; t++) {
      const rng = createRng(40 + t);
      const x = Float64Array.from({ length: n }, () => rng.nextNormal());
      const y = rp.project(x);
      const ratio = y.reduce((s, v) => s + v * v, 0) / x.reduce((s, v) => s + v * v, 0);
      expect(Math.abs(ratio - 1)).toBeLessThan(4 * Math.sqrt(2 / rp.outputDim));
    }
  });
});

/** Expected cosine-scale similarity of two codes of inputs at cosine c, and its standard deviation. */
function law(name: ModelName, c: number, d: number): { mean: number; std: number } {
  const theta = Math.acos(c);
  if (name === 'MAP-B' || name === 'MAP-I' || name === 'BSC') {
    // Charikar (2002): codes agree per component with probability 1 - theta/pi.
    const p = 1 - theta / Math.PI;
    return { mean: 2 * p - 1, std: 2 * Math.sqrt((p * (1 - p)) / d) };
  }
  if (name === 'FHRR') {
    // Phases of correlated circular complex Gaussians: E cos(dphi) = (pi/4) c 2F1(1/2, 1/2; 2; c^2);
    // each component's cosine has variance at most 1/2.
    let term = 1;
    let sum = 1;
    for (let k = 0; k < 5000; k++) {
      term *= ((k + 0.5) ** 2 / ((k + 2) * (k + 1))) * c * c;
      sum += term;
    }
    return { mean: (Math.PI / 4) * c * sum, std: Math.sqrt(0.5 / d) };
  }
  // Real codes keep the cosine (sample correlation spread (1 - c^2)/sqrt(d)); MAP-C's
  // clipping bends it slightly, so allow 0.06 extra there.
  const extra = name === 'MAP-C' ? 0.06 : 0;
  return { mean: c, std: (1 - c * c) / Math.sqrt(d) + extra / 4 };
}

describe.each(MODEL_NAMES.filter((m) => m !== 'SBC'))('RandomProjection.encode into %s', (name) => {
  it('maps input cosine to code similarity by the quantiser law (4 sigma)', () => {
    const model = createModel(name, { dim: 4096 });
    const rp = new RandomProjection(model, { inputDim: n, rng: createRng(11) });
    for (const c of [0.95, 0.7, 0.3, 0, -0.5]) {
      const [x, y] = pairAtCosine(c, 100 + Math.round(c * 100));
      const s = model.similarity(rp.encode(x), rp.encode(y))[0];
      const got = name === 'BSC' ? 2 * s - 1 : s;
      const { mean, std } = law(name, c, model.dim);
      expect(Math.abs(got - mean)).toBeLessThan(4 * std);
    }
  });
});

describe('RandomProjection into sparse block codes', () => {
  it('winner-take-all codes: similar inputs share more winners than dissimilar ones', () => {
    const model = createModel('SBC', { segments: 512, blockSize: 8 });
    const rp = new RandomProjection(model, { inputDim: n, rng: createRng(12) });
    const sims = [0.95, 0.5, 0].map((c) => {
      const [x, y] = pairAtCosine(c, 7);
      return model.similarity(rp.encode(x), rp.encode(y))[0];
    });
    expect(sims[0]).toBeGreaterThan(sims[1]);
    expect(sims[1]).toBeGreaterThan(sims[2]);
    // Orthogonal inputs: independent winners, overlap 1/B = 0.125, sd sqrt(0.125 * 0.875 / 512) = 0.0146.
    expect(Math.abs(sims[2] - 0.125)).toBeLessThan(4 * 0.0146);
  });
  it('rejects bad options and inputs', () => {
    const model = createModel('MAP-B', { dim: 64 });
    expect(() => new RandomProjection(model, { inputDim: 0, rng: createRng(1) })).toThrow(
      'RandomProjection: options.inputDim expected an integer >= 1, got 0',
    );
    expect(
      () =>
        new RandomProjection(model, {
          inputDim: 2,
          distribution: 'cauchy' as never,
          rng: createRng(1),
        }),
    ).toThrow(/distribution expected "gaussian" or "sign"/);
    const rp = new RandomProjection(model, { inputDim: 2, rng: createRng(1) });
    // Each method names itself.
    expect(() => rp.encode([1, 2, 3])).toThrow(
      new RangeError('RandomProjection.encode: x expected 2 numbers, got Array(3)'),
    );
    expect(() => rp.encode([Number.NaN, 1])).toThrow(
      'RandomProjection.encode: x expected finite values, got "NaN at index 0"',
    );
    expect(() => rp.project([1, 2, 3])).toThrow(
      'RandomProjection.project: x expected 2 numbers, got Array(3)',
    );
    expect(() => rp.project([1, Infinity])).toThrow(
      'RandomProjection.project: x expected finite values, got "Infinity at index 1"',
    );
  });
});
