import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { circularBasis } from './circularBasis.js';
import { levelBasis } from './levelBasis.js';
import { thermometerBasis } from './thermometerBasis.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 2048, blockSize: 8 } : { dim: 4096 });

/** Similarity on the cosine scale: BSC's 1 - Hamming/d maps to 2s - 1. */
const cosScale = (name: ModelName, s: number): number => (name === 'BSC' ? 2 * s - 1 : s);

/**
 * Tolerance for one similarity of the basis: exact constructions (flips, segment moves) are
 * off only by rounding (2 units of 1/d); interpolations between two atoms scatter with a
 * standard deviation below 1.5/sqrt(d) (replaced units: 1/sqrt(d) cross term; kept units:
 * the spread of their energy share), and we allow 4 sigma.
 */
const tolerance = (name: ModelName, model: VSAModel<HVArray>): number =>
  ['MAP-C', 'HRR', 'FHRR'].includes(name)
    ? (4 * 1.5) / Math.sqrt(model.dim)
    : 2 / model.units + 1e-6;

describe.each(MODEL_NAMES)('levelBasis over %s', (name) => {
  const model = make(name);
  const L = 9;
  const basis = levelBasis(model, L, { rng: createRng(7) });

  it('follows the similarity law 1 - |i - j| / (L - 1)', () => {
    const sims = model.similarity(basis, basis);
    // SBC overlap is already linear with end point 0; the others are on the cosine scale.
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        const expected = 1 - Math.abs(i - j) / (L - 1);
        expect(Math.abs(cosScale(name, sims[i * L + j]) - expected)).toBeLessThanOrEqual(
          tolerance(name, model),
        );
      }
    }
  });

  it('is reproducible from its seed and differs between seeds', () => {
    expect(Array.from(levelBasis(model, L, { rng: createRng(7) }))).toEqual(Array.from(basis));
    expect(Array.from(levelBasis(model, L, { rng: createRng(8) }))).not.toEqual(Array.from(basis));
  });
});

describe.each(MODEL_NAMES)('circularBasis over %s', (name) => {
  const model = make(name);
  it('follows 1 - 2c/L with c the circular distance, for even and odd L', () => {
    for (const L of [12, 7]) {
      const basis = circularBasis(model, L, { rng: createRng(9) });
      const sims = model.similarity(basis, basis);
      for (let i = 0; i < L; i++) {
        for (let j = 0; j < L; j++) {
          const c = Math.min(Math.abs(i - j), L - Math.abs(i - j));
          expect(Math.abs(cosScale(name, sims[i * L + j]) - (1 - (2 * c) / L))).toBeLessThanOrEqual(
            tolerance(name, model),
          );
        }
      }
    }
  });
});

describe.each(MODEL_NAMES)('thermometerBasis over %s', (name) => {
  const model = make(name);
  it('is deterministic with linear similarity from +1 to the opposite end', () => {
    const L = 5;
    const t = thermometerBasis(model, L);
    const sims = model.similarity(t, t);
    for (let i = 0; i < L; i++) {
      for (let j = 0; j < L; j++) {
        // Cosine-scale models span [-1, 1]; BSC and SBC (overlap) span [0, 1].
        const linear = name === 'BSC' || name === 'SBC';
        const expected = 1 - (linear ? 1 : 2) * (Math.abs(i - j) / (L - 1));
        expect(sims[i * L + j]).toBeCloseTo(expected, 5);
      }
    }
    expect(Array.from(thermometerBasis(model, L))).toEqual(Array.from(t));
  });
});

describe('basis errors', () => {
  const model = createModel('MAP-B', { dim: 64 });
  it('rejects fewer than 2 levels and a missing generator', () => {
    expect(() => levelBasis(model, 1, { rng: createRng(1) })).toThrow(
      'levelBasis: levels expected an integer >= 2, got 1',
    );
    expect(() => circularBasis(model, 2.5, { rng: createRng(1) })).toThrow(
      /circularBasis: levels expected an integer >= 2, got 2.5/,
    );
    expect(() => thermometerBasis(model, 0)).toThrow(RangeError);
    expect(() => levelBasis(model, 4, {} as never)).toThrow(
      /levelBasis: options.rng expected an Rng/,
    );
    expect(() => levelBasis({} as never, 4, { rng: createRng(1) })).toThrow(
      /levelBasis: model expected a VSAModel/,
    );
  });
});
