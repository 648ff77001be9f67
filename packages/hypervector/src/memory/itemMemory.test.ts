import { describe, expect, it } from 'vitest';
import { createModel, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { membershipThreshold } from './chance.js';
import { projectionNormalization } from './check.js';
import { ItemMemory } from './itemMemory.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 256, blockSize: 16 } : { dim: 2048 });
const labels = Array.from({ length: 20 }, (_, i) => `item${i}`);

describe.each(MODEL_NAMES)('ItemMemory over %s', (name) => {
  const model = make(name);
  const mem = ItemMemory.random(model, labels, { rng: createRng(11) });

  it('query(item) returns that item with similarity 1', () => {
    for (let i = 0; i < mem.size; i++) {
      const m = mem.query(mem.at(i));
      expect(m.index).toBe(i);
      expect(m.label).toBe(labels[i]);
      expect(m.similarity).toBeCloseTo(1, 5);
    }
  });

  it('queryBatch equals query row by row', () => {
    const q = mem.vectors.slice(3 * model.length, 7 * model.length) as HVArray;
    const got = mem.queryBatch(q);
    expect(got.map((m) => m.index)).toEqual([3, 4, 5, 6]);
  });

  it('topK of a bundle of 5 items returns those 5 first, in order of similarity', () => {
    const members = [2, 5, 9, 13, 17];
    const rows = model.alloc(members.length);
    members.forEach((m, i) => rows.set(mem.at(m), i * model.length));
    const s = model.bundle(rows, { normalize: projectionNormalization(name), rng: createRng(3) });
    const top = mem.topK(s, 5);
    expect(top.map((m) => m.index).sort((a, b) => a - b)).toEqual(members);
    for (let i = 1; i < top.length; i++)
      expect(top[i].similarity).toBeLessThanOrEqual(top[i - 1].similarity);
    // The chance threshold (false-positive rate 1e-4, 3.7 sigma) admits exactly the members.
    const hits = mem.threshold(s, membershipThreshold(model));
    expect(hits.map((m) => m.index).sort((a, b) => a - b)).toEqual(members);
  });

  it('cleanup returns a copy of the best item', () => {
    const c = mem.cleanup(mem.at(4));
    expect(Array.from(c)).toEqual(Array.from(mem.at(4)));
    expect(c.buffer).not.toBe(mem.vectors.buffer);
  });
});

describe('ItemMemory bookkeeping and errors', () => {
  const model = createModel('MAP-B', { dim: 64 });
  it('grows past its initial capacity and keeps labels in order', () => {
    const mem = new ItemMemory(model);
    const atoms = model.random(10, { rng: createRng(1) });
    for (let i = 0; i < 10; i++) mem.add(`x${i}`, model.row(atoms, i));
    expect(mem.size).toBe(10);
    expect(mem.labels).toEqual(Array.from({ length: 10 }, (_, i) => `x${i}`));
    expect(Array.from(mem.vectors)).toEqual(Array.from(atoms));
    expect(mem.indexOf('x7')).toBe(7);
    expect(mem.indexOf('nope')).toBe(-1);
    expect(mem.has('x0')).toBe(true);
  });

  it('throws on an empty memory, k out of range, bad arrays and labels', () => {
    const empty = new ItemMemory(model);
    const q = model.random(1, { rng: createRng(2) });
    expect(() => empty.query(q)).toThrow(
      'ItemMemory.query: memory expected at least one stored item, got an empty ItemMemory',
    );
    const mem = ItemMemory.random(model, ['a', 'b', 'c'], { rng: createRng(3) });
    expect(() => mem.topK(q, 4)).toThrow(
      /ItemMemory.topK: k expected an integer in \[1, 3\], got 4/,
    );
    expect(() => mem.topK(q, 0)).toThrow(RangeError);
    expect(() => mem.query(new Float32Array(64) as unknown as Int8Array)).toThrow(
      /ItemMemory.query: query expected Int8Array\(64\).*got Float32Array\(64\)/,
    );
    expect(() => mem.query(model.random(2, { rng: createRng(4) }))).toThrow(
      /query expected one Int8Array\(64\)/,
    );
    expect(() => mem.add('a', q)).toThrow(
      /ItemMemory.add: label expected a label not yet stored, got "a"/,
    );
    expect(() => mem.get('zzz')).toThrow(
      /ItemMemory.get: label expected a stored label, got "zzz"/,
    );
    expect(() => mem.addMany(['d', 'd'], model.random(2, { rng: createRng(5) }))).toThrow(
      /not repeated/,
    );
    expect(() => mem.addMany(['e'], model.random(2, { rng: createRng(5) }))).toThrow(
      /vectors expected 1 rows/,
    );
    expect(() => mem.threshold(q, Number.NaN)).toThrow(/threshold expected a finite number/);
    expect(() => ItemMemory.random(model, ['a'], {} as never)).toThrow(TypeError);
  });
});

describe('ItemMemory rejects non-finite items', () => {
  const model = createModel('MAP-C', { dim: 8 });
  it('add, addMany and the constructor name the label', () => {
    const bad = model.random(2, { rng: createRng(1) });
    bad[8 + 3] = NaN;
    const mem = new ItemMemory(model);
    expect(() => mem.add('x', model.row(bad, 1))).toThrow(
      new RangeError(
        'ItemMemory.add: vector expected finite values, got NaN at index 3 (label "x")',
      ),
    );
    expect(() => mem.addMany(['p', 'q'], bad)).toThrow(
      new RangeError(
        'ItemMemory.addMany: vectors expected finite values, got NaN at index 11 (row 1, label "q")',
      ),
    );
    bad[8 + 3] = -Infinity;
    expect(() => new ItemMemory(model, ['p', 'q'], bad)).toThrow(
      new RangeError(
        'ItemMemory: vectors expected finite values, got -Infinity at index 11 (row 1, label "q")',
      ),
    );
    expect(mem.size).toBe(0);
  });

  it('at on an empty memory says it is empty', () => {
    expect(() => new ItemMemory(model).at(0)).toThrow(
      new RangeError(
        'ItemMemory.at: index expected a row of a non-empty memory (this ItemMemory is empty), got 0',
      ),
    );
  });
});
