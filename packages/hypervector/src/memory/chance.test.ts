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
  it('SBC: the exact binomial count, where the normal threshold let 2.5 alpha through', () => {
    // the overlap with a random atom is Binomial(S, 1/B); its exact tail, summed from j = 0
    const tailOf = (S: number, p: number): number[] => {
      const pmf = [Math.pow(1 - p, S)];
      for (let j = 0; j < S; j++) pmf.push((pmf[j] * (S - j) * p) / ((j + 1) * (1 - p)));
      const tail = new Array<number>(S + 2).fill(0);
      for (let j = S; j >= 0; j--) tail[j] = tail[j + 1] + pmf[j];
      return tail;
    };
    for (const [S, B, alpha] of [
      [1024, 16, 1e-4],
      [1024, 16, 0.01],
      [128, 8, 1e-4],
      [4096, 32, 1e-6],
      [256, 2, 0.05],
    ]) {
      const model = createModel('SBC', { segments: S, blockSize: B });
      const tail = tailOf(S, 1 / B);
      const t = membershipThreshold(model, { falsePositiveRate: alpha });
      const k = Math.round(t * S + 0.5);
      // half a count below k: the least count whose tail is at most alpha
      expect(t * S, `S=${S} B=${B}`).toBeCloseTo(k - 0.5, 9);
      expect(tail[k], `S=${S} B=${B}`).toBeLessThanOrEqual(alpha);
      expect(tail[k - 1], `S=${S} B=${B}`).toBeGreaterThan(alpha);
    }
    // S = 1024, B = 16, alpha = 1e-4: 96 matching blocks (tail 6.6e-5); the normal
    // approximation's 0.0906 let 93 through, a tail of 2.5e-4
    const model = createModel('SBC', { segments: 1024, blockSize: 16 });
    expect(membershipThreshold(model)).toBe(95.5 / 1024);
    const law = chanceSimilarity(model);
    const normal = law.mean + normalQuantile(1 - 1e-4) * law.std;
    expect(tailOf(1024, 1 / 16)[Math.ceil(normal * 1024)] / 1e-4).toBeCloseTo(2.5, 1);
    // and measured: 20,000 random atoms against one vector at alpha = 0.01
    const rng = createRng(21);
    const x = model.random(1, { rng });
    const atoms = model.random(20_000, { rng });
    const sims = model.similarity(x, atoms);
    const t = membershipThreshold(model, { falsePositiveRate: 0.01 });
    const k = Math.round(t * 1024 + 0.5);
    const expected = tailOf(1024, 1 / 16)[k];
    const rate = sims.filter((v) => v >= t).length / 20_000;
    // within 4 standard errors of the exact tail, which is at most alpha
    expect(Math.abs(rate - expected)).toBeLessThan(
      4 * Math.sqrt((expected * (1 - expected)) / 20_000),
    );
  });
  it('any rate down to Number.MIN_VALUE: tails compared in logs, counts from exact arithmetic', async () => {
    const { binomialTailCount } = await import('./chance.js');
    // S = 1024, B = 16: the least counts from rational arithmetic (Python fractions)
    const sbc = createModel('SBC', { segments: 1024, blockSize: 16 });
    expect(membershipThreshold(sbc, { falsePositiveRate: 1e-20 }) * 1024).toBe(147.5);
    expect(membershipThreshold(sbc, { falsePositiveRate: Number.MIN_VALUE }) * 1024).toBe(511.5);
    // n = 2^26, p = 1/2: references from 40-digit arithmetic (mpmath), where a difference of
    // log-gammas was 2.6e-7 off and a subnormal tail ran for tens of seconds
    expect(binomialTailCount(2 ** 26, 0.5, 1e-320)).toBe(33711183);
    expect(binomialTailCount(2 ** 26, 0.5, Number.MIN_VALUE)).toBe(33711995);
    // S = 1, B = 2: P(overlap >= 1) = 1/2 passes alpha = 1/2
    expect(binomialTailCount(1, 0.5, 0.5)).toBe(1);
    // the normal threshold of the other models takes such rates too (1 - alpha rounds to 1)
    const map = createModel('MAP-I', { dim: 10_000 });
    expect(membershipThreshold(map, { falsePositiveRate: 1e-300 })).toBeCloseTo(
      -normalQuantile(1e-300) / 100,
      12,
    );
    expect(Number.isFinite(membershipThreshold(map, { falsePositiveRate: Number.MIN_VALUE }))).toBe(
      true,
    );
  });
  it('SBC: nothing passes where no count is rare enough', () => {
    // S = 4, B = 2: even all four blocks matching has probability 1/16 > 1e-4
    expect(membershipThreshold(createModel('SBC', { segments: 4, blockSize: 2 }))).toBeGreaterThan(
      1,
    );
  });
  it('rejects a bad false-positive rate', () => {
    expect(() =>
      membershipThreshold(createModel('BSC', { dim: 64 }), { falsePositiveRate: 0.9 }),
    ).toThrow(
      /membershipThreshold: options.falsePositiveRate expected a finite number in \[.*, 0.5\], got 0.9/,
    );
  });
});
