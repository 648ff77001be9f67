import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { chanceSimilarity, membershipThreshold, normalQuantile } from './chance.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 128, blockSize: 8 } : { dim: 1024 });

describe.each(MODEL_NAMES)('chanceSimilarity(%s)', (name) => {
  it('matches the mean and spread of similarities between independent atoms', () => {
    const model = make(name);
    const n = 2000;
    const x = model.random(1, { rng: createRng(1) });
    const atoms = model.random(n, { rng: createRng(2) });
    const sims = model.similarity(x, atoms);
    let mean = 0;
    for (const s of sims) mean += s / n;
    let v = 0;
    for (const s of sims) v += (s - mean) ** 2 / (n - 1);
    const law = chanceSimilarity(model);
    // Sample mean within 4 standard errors; sample std within 4 standard errors of a
    // std estimate (about std / sqrt(2n)), plus 10% for the normal approximation of MAP-C/HRR.
    expect(Math.abs(mean - law.mean)).toBeLessThan((4 * law.std) / Math.sqrt(n));
    expect(Math.abs(Math.sqrt(v) - law.std)).toBeLessThan(law.std * (4 / Math.sqrt(2 * n) + 0.1));
  });
});

describe('normalQuantile', () => {
  it('inverts the normal distribution at known points', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 8);
    expect(normalQuantile(1 - 1e-4)).toBeCloseTo(3.719016485, 7);
    expect(normalQuantile(1e-9)).toBeCloseTo(-5.997807015, 6);
  });
  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(
      'normalQuantile: p expected a probability in (0, 1), got 1',
    );
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

describe('membershipThreshold', () => {
  it('is mean + z sigma of the chance law', () => {
    expect(membershipThreshold(createModel('MAP-I', { dim: 10_000 }))).toBeCloseTo(0.03719, 4);
    expect(
      membershipThreshold(createModel('BSC', { dim: 10_000 }), { falsePositiveRate: 0.025 }),
    ).toBeCloseTo(0.5 + 1.96 * 0.005, 4);
  });
  it('rejects a bad false-positive rate', () => {
    expect(() =>
      membershipThreshold(createModel('BSC', { dim: 64 }), { falsePositiveRate: 0.9 }),
    ).toThrow(
      /membershipThreshold: options.falsePositiveRate expected a finite number in \[.*, 0.5\], got 0.9/,
    );
  });
});
