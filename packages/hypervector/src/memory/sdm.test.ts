import { describe, expect, it } from 'vitest';
import { createModel } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { radiusForActivation, SparseDistributedMemory } from './sdm.js';

/** Flip `count` distinct components (bits for BSC, signs for MAP) of a copy of x. */
function corrupt<V extends HVArray>(model: VSAModel<V>, x: V, count: number, seed: number): V {
  const rng = createRng(seed);
  const y = x.slice() as V;
  const picked = new Set<number>();
  while (picked.size < count) picked.add(rng.nextInt(model.dim));
  for (const j of picked) {
    if (model.name === 'BSC') y[j >>> 5] ^= 1 << (j & 31);
    else y[j] = -y[j];
  }
  return y;
}

function binomialCdf(d: number, r: number): number {
  let term = Math.exp(-d * Math.LN2);
  let cdf = term;
  for (let k = 0; k < r; k++) {
    term *= (d - k) / (k + 1);
    cdf += term;
  }
  return cdf;
}

describe('radiusForActivation', () => {
  it('is the smallest radius whose binomial(d, 1/2) mass reaches p', () => {
    for (const [d, p] of [
      [256, 0.025],
      [1000, 0.001],
      [64, 0.5],
    ] as const) {
      const r = radiusForActivation(d, p);
      expect(binomialCdf(d, r)).toBeGreaterThanOrEqual(p);
      expect(binomialCdf(d, r - 1)).toBeLessThan(p);
    }
    // Kanerva's (1988) example: d = 1000 and radius 451 activate about 0.1% of locations.
    expect(radiusForActivation(1000, 0.001)).toBe(451);
  });
});

describe.each(['BSC', 'MAP-B', 'MAP-I'] as ModelName[])(
  'SparseDistributedMemory over %s',
  (name) => {
    const model = createModel(name, { dim: 256 });
    const M = 2000;

    it('activates about M p locations for a random address (4 sigma, binomial)', () => {
      const sdm = new SparseDistributedMemory(model, {
        locations: M,
        activation: 0.025,
        rng: createRng(1),
      });
      const x = model.random(1, { rng: createRng(2) });
      const p = binomialCdf(256, sdm.radius);
      const got = sdm.write(x);
      expect(Math.abs(got - M * p)).toBeLessThan(4 * Math.sqrt(M * p * (1 - p)));
    });

    it('reads back 30 stored patterns exactly, also from addresses with 20 flipped bits (a quarter of capacity)', () => {
      const sdm = new SparseDistributedMemory(model, {
        locations: M,
        activation: 0.025,
        rng: createRng(1),
      });
      const pats = model.random(30, { rng: createRng(3) });
      for (let i = 0; i < 30; i++) sdm.write(model.row(pats, i));
      expect(sdm.writes).toBe(30);
      for (let i = 0; i < 30; i++) {
        const p = model.row(pats, i);
        expect(model.similarity(sdm.read(p).vector, p)[0]).toBe(1);
        const r = sdm.readIterative(corrupt(model, p, 20, 100 + i));
        expect(r.converged).toBe(true);
        expect(model.similarity(r.vector, p)[0]).toBe(1);
      }
    });

    it('degrades past capacity: 400 patterns are no longer read back exactly', () => {
      const sdm = new SparseDistributedMemory(model, {
        locations: M,
        activation: 0.025,
        rng: createRng(1),
      });
      const pats = model.random(400, { rng: createRng(3) });
      for (let i = 0; i < 400; i++) sdm.write(model.row(pats, i));
      let exact = 0;
      for (let i = 0; i < 400; i++)
        if (model.similarity(sdm.read(model.row(pats, i)).vector, model.row(pats, i))[0] === 1)
          exact++;
      expect(exact).toBeLessThan(200);
    });

    it('is reproducible from its seed', () => {
      const a = new SparseDistributedMemory(model, {
        locations: 100,
        radius: 120,
        rng: createRng(5),
      });
      const b = new SparseDistributedMemory(model, {
        locations: 100,
        radius: 120,
        rng: createRng(5),
      });
      const x = model.random(1, { rng: createRng(6) });
      expect(a.write(x)).toBe(b.write(x));
      expect(Array.from(a.read(x).vector)).toEqual(Array.from(b.read(x).vector));
    });
  },
);

describe('SparseDistributedMemory errors', () => {
  it('rejects models without a Hamming space, bad options and non-bipolar vectors', () => {
    const rng = createRng(1);
    expect(
      () => new SparseDistributedMemory(createModel('HRR', { dim: 64 }), { locations: 10, rng }),
    ).toThrow(
      'SparseDistributedMemory: model expected a binary or bipolar model (MAP-B, MAP-I or BSC) with a Hamming address space, got "HRR"',
    );
    const map = createModel('MAP-I', { dim: 64 });
    expect(() => new SparseDistributedMemory(map, { locations: 0, rng })).toThrow(
      /options.locations expected an integer >= 1, got 0/,
    );
    expect(() => new SparseDistributedMemory(map, { locations: 5, radius: 65, rng })).toThrow(
      /options.radius expected an integer in \[0, 64\]/,
    );
    expect(
      () => new SparseDistributedMemory(map, { locations: 5, radius: 3, activation: 0.1, rng }),
    ).toThrow(/either radius or activation/);
    const sdm = new SparseDistributedMemory(map, { locations: 5, radius: 30, rng });
    const bad = map.random(1, { rng });
    bad[3] = 2;
    expect(() => sdm.write(bad)).toThrow(
      'SparseDistributedMemory.write: address expected a bipolar vector (+1/-1 components), got "2 at index 3"',
    );
    expect(() => sdm.read(new Int8Array(64) as unknown as Int32Array)).toThrow(TypeError);
  });
});

describe('SparseDistributedMemory review fixes', () => {
  it('BSC ignores the padding bits above d in the last word', () => {
    const bsc = createModel('BSC', { dim: 40 });
    const sdm = new SparseDistributedMemory(bsc, { locations: 500, radius: 14, rng: createRng(3) });
    const x = bsc.random(1, { rng: createRng(4) });
    const padded = x.slice();
    padded[1] |= 0xffffff00; // bits 40..63: padding
    const clean = sdm.read(x);
    expect(sdm.write(padded)).toBe(clean.activated);
    expect(clean.activated).toBeGreaterThan(0);
    const r = sdm.read(padded);
    expect(r.activated).toBe(clean.activated);
    expect(Array.from(r.vector)).toEqual(Array.from(x));
  });

  it('bounds locations by one Int32Array of counters', () => {
    const bsc = createModel('BSC', { dim: 1000 });
    expect(
      () => new SparseDistributedMemory(bsc, { locations: 1e7, radius: 400, rng: createRng(1) }),
    ).toThrow(
      new RangeError(
        'SparseDistributedMemory: options.locations expected at most 2147483 locations (locations * dim = 10000000 * 1000 counters must be <= 2147483647, one Int32Array), got 10000000',
      ),
    );
  });
});
