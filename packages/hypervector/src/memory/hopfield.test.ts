import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { projectionNormalization } from './check.js';
import { hopfieldCleanup, hopfieldRetrieve } from './hopfield.js';
import { ItemMemory } from './itemMemory.js';

describe('hopfieldRetrieve (Ramsauer et al. 2020 update on raw patterns)', () => {
  it('hand case: at beta = 0 the first update is the mean pattern, the second changes nothing', () => {
    const patterns = { data: Float64Array.from([1, 0, 0, 0, 1, 0]), rows: 2, cols: 3 };
    const r = hopfieldRetrieve(patterns, [0.3, 0.1, 5], { beta: 0 });
    expect(Array.from(r.state)).toEqual([0.5, 0.5, 0]);
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(true);
    expect(Array.from(r.weights)).toEqual([0.5, 0.5]);
  });

  it('retrieves a stored pattern from a noisy query in one or two updates', () => {
    const rng = createRng(8);
    const n = 50;
    const D = 256;
    const data = new Float64Array(n * D);
    for (let i = 0; i < data.length; i++) data[i] = rng.nextNormal() / Math.sqrt(D);
    const target = 17;
    const query = new Float64Array(D);
    for (let k = 0; k < D; k++)
      query[k] = data[target * D + k] + (0.5 * rng.nextNormal()) / Math.sqrt(D);
    // Unit-norm patterns with |cos| about 1/16 between them: beta = 64 separates them well
    // (Ramsauer et al. theorem 3 needs beta * separation >> ln(n)).
    const r = hopfieldRetrieve({ data, rows: n, cols: D }, query, { beta: 64, tolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(3);
    expect(r.weights[target]).toBeGreaterThan(0.999);
    let err = 0;
    for (let k = 0; k < D; k++) err = Math.max(err, Math.abs(r.state[k] - data[target * D + k]));
    expect(err).toBeLessThan(1e-3);
  });

  it('at small beta converges to the metastable average instead of one pattern', () => {
    const data = Float64Array.from([1, 0, 0, 1]);
    const r = hopfieldRetrieve({ data, rows: 2, cols: 2 }, [0.6, 0.4], {
      beta: 0.1,
      tolerance: 1e-12,
    });
    expect(r.converged).toBe(true);
    // Fixed point x = y by symmetry of the update from any start (it contracts to the diagonal).
    expect(r.state[0]).toBeCloseTo(0.5, 9);
    expect(r.state[1]).toBeCloseTo(0.5, 9);
  });

  it('reports max-iterations as not converged', () => {
    const data = Float64Array.from([1, 0, 0, 1]);
    const r = hopfieldRetrieve({ data, rows: 2, cols: 2 }, [0.6, 0.4], {
      beta: 0.1,
      tolerance: 0,
      maxIterations: 2,
    });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
  });

  it('rejects mismatched shapes and bad options', () => {
    const p = { data: new Float64Array(6), rows: 2, cols: 3 };
    expect(() => hopfieldRetrieve(p, [1, 2])).toThrow(
      'hopfieldRetrieve: query expected 3 numbers (patterns.cols), got Array(2)',
    );
    expect(() =>
      hopfieldRetrieve({ data: new Float64Array(5), rows: 2, cols: 3 }, [1, 2, 3]),
    ).toThrow(/patterns.data expected 6 numbers/);
    expect(() => hopfieldRetrieve(p, [1, 2, 3], { maxIterations: 0 })).toThrow(
      /options.maxIterations expected an integer >= 1, got 0/,
    );
    expect(() => hopfieldRetrieve(p, [1, Number.NaN, 3])).toThrow(/query expected finite values/);
  });
});

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 128, blockSize: 16 } : { dim: 1024 });

describe.each(MODEL_NAMES)('hopfieldCleanup over %s', (name) => {
  const model = make(name);
  const mem = ItemMemory.random(
    model,
    Array.from({ length: 30 }, (_, i) => `p${i}`),
    { rng: createRng(31) },
  );

  it('retrieves a noisy stored pattern and reaches a fixed point', () => {
    const rows = model.alloc(3);
    rows.set(mem.at(12), 0);
    rows.set(model.random(2, { rng: createRng(9) }), model.length);
    const q = model.bundle(rows, {
      weights: [1, 0.7, 0.7],
      normalize: projectionNormalization(name),
      rng: createRng(1),
    });
    expect(mem.similarities(q)[12]).toBeLessThan(0.97);
    const r = hopfieldCleanup(mem, q, { beta: 30, tolerance: 1e-6 });
    expect(r.index).toBe(12);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(5);
    expect(mem.similarities(r.vector)[12]).toBeGreaterThan(0.999);
  });
});

describe('hopfieldCleanup errors', () => {
  it('rejects an empty memory and a wrong-model query', () => {
    const model = createModel('BSC', { dim: 64 });
    expect(() =>
      hopfieldCleanup(new ItemMemory(model), model.random(1, { rng: createRng(1) })),
    ).toThrow(/hopfieldCleanup: memory expected at least one stored item/);
    const mem = ItemMemory.random(model, ['a'], { rng: createRng(1) });
    expect(() => hopfieldCleanup(mem, new Uint32Array(3))).toThrow(
      /hopfieldCleanup: query expected Uint32Array of length a positive multiple of 2, got Uint32Array\(3\)/,
    );
  });

  it('rejects a memory that is not an ItemMemory, naming it', () => {
    const model = createModel('BSC', { dim: 64 });
    const query = model.random(1, { rng: createRng(1) });
    const notMemory = { vectors: query, size: 1 } as unknown as ItemMemory<Uint32Array>;
    expect(() => hopfieldCleanup(notMemory, query)).toThrow(
      new TypeError('hopfieldCleanup: memory expected an ItemMemory, got object'),
    );
  });
});
