import { describe, expect, it } from 'vitest';
import { createModel } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { ItemMemory } from './itemMemory.js';
import { resonate } from './resonator.js';

/** A random factorisation problem: F codebooks of D items and the product of one item of each. */
function problem<V extends HVArray>(model: VSAModel<V>, F: number, D: number, seed: number) {
  const rng = createRng(seed);
  const books = Array.from({ length: F }, (_, f) =>
    ItemMemory.random(
      model,
      Array.from({ length: D }, (_, i) => `f${f}:${i}`),
      { rng },
    ),
  );
  const truth = books.map(() => rng.nextInt(D));
  let s = books[0].at(truth[0]).slice() as V;
  for (let f = 1; f < F; f++) s = model.bind(s, books[f].at(truth[f]));
  return { books, truth, s };
}

const cases: [ModelName, Parameters<typeof createModel>[1]][] = [
  ['MAP-B', { dim: 1500 }],
  ['MAP-I', { dim: 1500 }],
  ['BSC', { dim: 1500 }],
  ['FHRR', { dim: 1000 }],
  ['SBC', { segments: 100, blockSize: 32 }],
];

describe.each(cases)('resonate over %s', (name, options) => {
  const model = createModel(name, options);

  it('factorises 3 factors of 15 items (search space 3375) with high accuracy', () => {
    // Frady et al. (2020) report near-perfect accuracy far below capacity (d = 1500 holds
    // search spaces of order 1e5 for F = 3); we require at least 19 of 20 problems exact.
    let correct = 0;
    for (let t = 0; t < 20; t++) {
      const { books, truth, s } = problem(model, 3, 15, 1000 + t);
      const r = resonate(s, books);
      const ok = r.indices.every((v, f) => v === truth[f]);
      if (ok) {
        correct++;
        expect(r.status).toBe('converged');
        expect(r.labels).toEqual(truth.map((v, f) => `f${f}:${v}`));
        expect(r.reconstruction).toBeCloseTo(1, 5);
      } else {
        expect(r.status).not.toBe('converged');
      }
      expect(r.iterations).toBeGreaterThan(0);
      expect(r.estimates).toHaveLength(3);
    }
    expect(correct).toBeGreaterThanOrEqual(19);
  });
});

describe('resonate on an overloaded problem', () => {
  it('reports cycle, max-iterations or spurious, never a wrong answer marked converged', () => {
    // d = 200 with 3 codebooks of 60 items (search space 216,000) is far beyond capacity.
    const model = createModel('MAP-B', { dim: 200 });
    const statuses = new Set<string>();
    for (let t = 0; t < 8; t++) {
      const { books, truth, s } = problem(model, 3, 60, 50 + t);
      const r = resonate(s, books, { maxIterations: 100 });
      statuses.add(r.status);
      if (r.status === 'converged') expect(r.indices).toEqual(truth);
      else expect(r.reconstruction).toBeLessThan(0.5);
    }
    expect(statuses.has('cycle') || statuses.has('max-iterations')).toBe(true);
  });

  it('detects a limit cycle with its period when restarts are off', () => {
    const model = createModel('MAP-B', { dim: 100 });
    let found = false;
    for (let t = 0; t < 30 && !found; t++) {
      const { books, s } = problem(model, 3, 60, 300 + t);
      const r = resonate(s, books, { maxIterations: 300, restarts: 0 });
      if (r.status === 'cycle') {
        found = true;
        expect(r.period).toBeGreaterThanOrEqual(2);
        expect(r.restarts).toBe(0);
      }
    }
    expect(found).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const model = createModel('MAP-B', { dim: 200 });
    const { books, s } = problem(model, 3, 40, 9);
    const a = resonate(s, books, { rng: createRng(1), maxIterations: 50 });
    const b = resonate(s, books, { rng: createRng(1), maxIterations: 50 });
    expect(a.status).toBe(b.status);
    expect(a.iterations).toBe(b.iterations);
    expect(a.indices).toEqual(b.indices);
  });
});

describe('resonate errors', () => {
  it('throws for models without exact unbinding and for bad arguments', () => {
    for (const name of ['HRR', 'MAP-C'] as ModelName[]) {
      const model = createModel(name, { dim: 64 });
      const { books, s } = problem(model, 2, 3, 1);
      expect(() => resonate(s, books)).toThrow(
        `resonate: codebooks[0].model expected a model with exact unbinding (MAP-B, MAP-I, BSC, FHRR, SBC), got "${name}"`,
      );
    }
    const model = createModel('MAP-B', { dim: 64 });
    const { books, s } = problem(model, 2, 3, 1);
    expect(() => resonate(s, [books[0]])).toThrow(
      /codebooks expected an array of at least 2 ItemMemory, got Array\(1\)/,
    );
    const other = ItemMemory.random(createModel('MAP-B', { dim: 32 }), ['x'], {
      rng: createRng(1),
    });
    expect(() => resonate(s, [books[0], other as never])).toThrow(
      /codebooks\[1\] expected a memory of the same model/,
    );
    expect(() => resonate(s, [books[0], new ItemMemory(model)])).toThrow(
      /memory expected at least one stored item/,
    );
    expect(() => resonate(new Int8Array(3), books)).toThrow(
      /resonate: composite expected Int8Array/,
    );
    expect(() => resonate(s, books, { update: 'async' as never })).toThrow(
      /options.update expected "sequential" or "parallel"/,
    );
  });
});
