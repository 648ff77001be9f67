import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { projectionNormalization } from './check.js';
import { ItemMemory } from './itemMemory.js';
import { softCleanup } from './attention.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 128, blockSize: 16 } : { dim: 1024 });

/** The item bundled with two random vectors at weight 0.7 each: a noisy copy, still nearest to the item. */
function noisy<V extends HVArray>(model: VSAModel<V>, x: V, seed: number): V {
  const rows = model.alloc(3);
  rows.set(x, 0);
  rows.set(model.random(2, { rng: createRng(seed) }), model.length);
  return model.bundle(rows, {
    weights: [1, 0.7, 0.7],
    normalize: projectionNormalization(model.name),
    rng: createRng(seed + 1),
  });
}

describe.each(MODEL_NAMES)('softCleanup over %s', (name) => {
  const model = make(name);
  const mem = ItemMemory.random(model, ['a', 'b', 'c', 'd', 'e', 'f'], { rng: createRng(21) });
  const q = noisy(model, mem.get('d'), 5);

  it('weights are a softmax: positive, summing to 1, uniform at beta = 0', () => {
    const { weights } = softCleanup(mem, q, { beta: 3 });
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    for (const w of weights) expect(w).toBeGreaterThan(0);
    const flat = softCleanup(mem, q, { beta: 0 }).weights;
    for (const w of flat) expect(w).toBeCloseTo(1 / 6, 12);
    // Hand check of the softmax against the similarities.
    const sims = mem.similarities(q);
    const z = Array.from(sims).reduce((s, x) => s + Math.exp(3 * x), 0);
    sims.forEach((s, i) => expect(weights[i]).toBeCloseTo(Math.exp(3 * s) / z, 6));
  });

  it('tends to arg-max clean-up as beta grows, and equals it at beta = Infinity', () => {
    const best = mem.query(q).index;
    expect(best).toBe(3);
    let previous = 0;
    for (const beta of [0, 1, 10, 100, 1000]) {
      const w = softCleanup(mem, q, { beta }).weights[best];
      expect(w).toBeGreaterThanOrEqual(previous);
      previous = w;
    }
    expect(previous).toBeGreaterThan(1 - 1e-12);
    for (const beta of [1e6, Infinity]) {
      const { weights, vector } = softCleanup(mem, q, { beta });
      expect(Array.from(weights)).toEqual([0, 0, 0, 1, 0, 0]);
      // Exact for integer models; float32 phasor renormalisation may move the last ulp.
      const item = mem.get('d');
      let diff = 0;
      for (let k = 0; k < item.length; k++) diff = Math.max(diff, Math.abs(vector[k] - item[k]));
      expect(diff).toBeLessThanOrEqual(vector instanceof Float32Array ? 1e-6 : 0);
    }
  });

  it('at moderate beta the output is closer to the best item than the query was', () => {
    const { vector } = softCleanup(mem, q, { beta: 100 });
    const before = mem.similarities(q)[3];
    const after = mem.similarities(vector)[3];
    expect(after).toBeGreaterThan(before);
  });
});

describe('softCleanup errors', () => {
  const model = createModel('MAP-B', { dim: 64 });
  const mem = ItemMemory.random(model, ['a'], { rng: createRng(1) });
  it('rejects a negative beta, an empty memory and a foreign vector', () => {
    expect(() => softCleanup(mem, mem.get('a'), { beta: -1 })).toThrow(
      /softCleanup: options.beta expected a number in \[0, Infinity\], got -1/,
    );
    expect(() => softCleanup(new ItemMemory(model), mem.get('a'))).toThrow(
      /softCleanup: memory expected at least one stored item/,
    );
    expect(() => softCleanup(mem, new Int32Array(64) as unknown as Int8Array)).toThrow(TypeError);
  });

  it('rejects a memory that is not an ItemMemory, naming it', () => {
    const notMemory = { vectors: mem.vectors, size: 1 } as unknown as ItemMemory<Int8Array>;
    expect(() => softCleanup(notMemory, mem.get('a'))).toThrow(
      new TypeError('softCleanup: memory expected an ItemMemory, got object'),
    );
    expect(() => softCleanup(undefined as unknown as ItemMemory<Int8Array>, mem.get('a'))).toThrow(
      new TypeError('softCleanup: memory expected an ItemMemory, got undefined'),
    );
  });
});
