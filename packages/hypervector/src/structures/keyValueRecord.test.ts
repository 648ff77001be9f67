import { describe, expect, it } from 'vitest';
import { ItemMemory } from '../memory/itemMemory.js';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { KeyValueRecord } from './keyValueRecord.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 1024, blockSize: 16 } : { dim: 2048 });

describe.each(MODEL_NAMES)('KeyValueRecord over %s', (name) => {
  const model = make(name);
  const rng = createRng(42);
  const keys = ItemMemory.random(model, ['name', 'age', 'city', 'job', 'pet', 'car'], { rng });
  const values = ItemMemory.random(
    model,
    Array.from({ length: 30 }, (_, i) => `v${i}`),
    { rng },
  );
  const rec = new KeyValueRecord(keys, values, { rng: createRng(1) });
  const pairs: [string, string][] = [
    ['name', 'v3'],
    ['age', 'v17'],
    ['city', 'v8'],
    ['job', 'v29'],
    ['pet', 'v0'],
    ['car', 'v12'],
  ];
  const r = rec.encode(pairs);

  it('retrieves every value of a 6-pair record by its key', () => {
    for (const [k, v] of pairs) expect(rec.get(r, k).label).toBe(v);
  });

  it('a one-pair record unbinds to its value exactly for models with exact unbinding', () => {
    const one = rec.encode([['city', 'v5']]);
    const sim = rec.get(one, 'city').similarity;
    if (name === 'MAP-C' || name === 'HRR') {
      // Approximate unbinding: cosine about sqrt(5)/3 (MAP-C) or 1/sqrt(2) (HRR involution); 4 sigma below.
      expect(sim).toBeGreaterThan(0.6);
    } else {
      expect(sim).toBeCloseTo(1, 5);
    }
  });

  it('rejects unknown labels and empty records', () => {
    expect(() => rec.encode([['name', 'nope']])).toThrow(
      'KeyValueRecord.encode: pairs[0][1] expected a label stored in values, got "nope"',
    );
    expect(() => rec.encode([])).toThrow(
      /KeyValueRecord.encode: pairs expected an array of at least 1 element, got Array\(0\)/,
    );
    expect(() => rec.get(r, 'zip')).toThrow(
      'KeyValueRecord.get: key expected a label stored in keys, got "zip"',
    );
  });
});

describe('KeyValueRecord errors', () => {
  it('rejects memories of different models and foreign records', () => {
    const a = ItemMemory.random(createModel('MAP-B', { dim: 64 }), ['k'], { rng: createRng(1) });
    const b = ItemMemory.random(createModel('BSC', { dim: 64 }), ['v'], { rng: createRng(1) });
    expect(() => new KeyValueRecord(a, b as never)).toThrow(
      /KeyValueRecord: values expected a memory of the same model \(MAP-B, dim 64\)/,
    );
    const rec = new KeyValueRecord(a, a);
    expect(() => rec.get(new Int8Array(32), 'k')).toThrow(
      /KeyValueRecord.get: record expected Int8Array of length a positive multiple of 64, got Int8Array\(32\)/,
    );
  });
});
