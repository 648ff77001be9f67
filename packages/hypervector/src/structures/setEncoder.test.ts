import { describe, expect, it } from 'vitest';
import { ItemMemory } from '../memory/itemMemory.js';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { MultisetEncoder } from './multisetEncoder.js';
import { SetEncoder } from './setEncoder.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 1024, blockSize: 16 } : { dim: 2048 });
const universe = Array.from({ length: 40 }, (_, i) => `x${i}`);

describe.each(MODEL_NAMES)('SetEncoder over %s', (name) => {
  const model = make(name);
  const items = ItemMemory.random(model, universe, { rng: createRng(3) });
  const sets = new SetEncoder(items, { rng: createRng(4) });

  it('decides membership of all 40 items for a 7-set with the theory threshold', () => {
    const members = ['x1', 'x5', 'x9', 'x22', 'x23', 'x30', 'x38'];
    const s = sets.encode(members);
    for (const x of universe) expect(sets.has(s, x)).toBe(members.includes(x));
    expect(
      sets
        .members(s)
        .map((m) => m.label)
        .sort(),
    ).toEqual([...members].sort());
  });
});

describe.each(['MAP-I', 'MAP-C', 'HRR', 'FHRR'] as ModelName[])(
  'MultisetEncoder over %s',
  (name) => {
    const model = make(name);
    const items = ItemMemory.random(model, universe, { rng: createRng(5) });
    const bags = new MultisetEncoder(items);

    it('estimates multiplicities within 4 sigma, sigma = sqrt(sum of other counts^2 / d)', () => {
      const counts: [string, number][] = [
        ['x0', 5],
        ['x1', 1],
        ['x2', 3],
        ['x3', 2],
        ['x4', 4],
      ];
      const m = bags.encode(counts);
      const total = counts.reduce((s, [, c]) => s + c * c, 0);
      // MAP-C atoms are uniform, so <x, y>/<x, x> has variance (1/d)(E x^2 E y^2)/(E x^2)^2 = 1/d too;
      // FHRR's real part of a random phasor product has variance 1/(2d).
      const perDim = name === 'FHRR' ? 0.5 : 1;
      for (const x of universe.slice(0, 10)) {
        const truth = counts.find(([l]) => l === x)?.[1] ?? 0;
        const sigma = Math.sqrt(((total - truth * truth) * perDim) / model.dim);
        expect(Math.abs(bags.count(m, x) - truth)).toBeLessThan(4 * sigma);
      }
    });
  },
);

describe('set and multiset errors', () => {
  it('rejects multisets for models whose bundle normalises, and bad counts', () => {
    for (const name of ['MAP-B', 'BSC', 'SBC'] as ModelName[]) {
      const items = ItemMemory.random(make(name), ['a'], { rng: createRng(1) });
      expect(() => new MultisetEncoder(items)).toThrow(
        `MultisetEncoder: items.model expected a model whose bundle keeps the raw sum (MAP-I, MAP-C, HRR, FHRR), got "${name}"`,
      );
    }
    const bags = new MultisetEncoder(
      ItemMemory.random(make('MAP-I'), ['a'], { rng: createRng(1) }),
    );
    expect(() => bags.encode([['a', 1.5]])).toThrow(
      'MultisetEncoder.encode: counts[0][1] expected an integer >= 0, got 1.5',
    );
    const sets = new SetEncoder(ItemMemory.random(make('BSC'), ['a'], { rng: createRng(1) }));
    expect(() => sets.encode(['b'])).toThrow(
      'SetEncoder.encode: labels[0] expected a label stored in items, got "b"',
    );
    expect(
      () =>
        new SetEncoder(ItemMemory.random(make('BSC'), ['a'], { rng: createRng(1) }), {
          falsePositiveRate: 2,
        }),
    ).toThrow(/SetEncoder: options.falsePositiveRate expected a finite number in/);
  });
});
