import { describe, expect, it } from 'vitest';
import { ItemMemory } from '../memory/itemMemory.js';
import { createModel, createPermutation, MODEL_NAMES } from '../models/index.js';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { ChainEncoder } from './chainEncoder.js';
import { NGramEncoder } from './ngramEncoder.js';
import { SequenceEncoder } from './sequenceEncoder.js';

const make = (name: ModelName): VSAModel<HVArray> =>
  createModel(name, name === 'SBC' ? { segments: 1024, blockSize: 16 } : { dim: 2048 });
const alphabet = [...'abcdefghijklmnopqrst'];

describe.each(MODEL_NAMES)('SequenceEncoder over %s', (name) => {
  const model = make(name);
  const items = ItemMemory.random(model, alphabet, { rng: createRng(6) });
  const seqs = new SequenceEncoder(items, { rng: createRng(7) });

  it('decodes every position of an 8-element sequence with repeats', () => {
    const word = [...'hellobag'];
    const s = seqs.encode(word);
    expect(seqs.decode(s, word.length)).toEqual(word);
  });

  it('position 0 of a one-element sequence is the element itself', () => {
    const s = seqs.encode(['q']);
    expect(seqs.at(s, 0)).toMatchObject({ label: 'q' });
    expect(seqs.at(s, 0).similarity).toBeCloseTo(1, 5);
  });
});

describe.each(MODEL_NAMES)('ChainEncoder over %s', (name) => {
  const model = make(name);
  const items = ItemMemory.random(model, alphabet, { rng: createRng(8) });
  const chains = new ChainEncoder(items, { rng: createRng(9) });

  it('follows a chain of 7 links from its first element', () => {
    const word = [...'dragonet'];
    const c = chains.encode(word);
    expect(chains.follow(c, 'd', 7)).toEqual(word);
  });
});

describe.each(MODEL_NAMES)('NGramEncoder over %s', (name) => {
  const model = make(name);
  const items = ItemMemory.random(model, alphabet, { rng: createRng(10) });
  const rho = createPermutation(model.units, { rng: createRng(19) });
  const tri = new NGramEncoder(items, 3, { rng: createRng(11), permutation: rho });

  it('builds a window as rho^2(x1) ⊗ rho(x2) ⊗ x3', () => {
    const r = (v: HVArray): HVArray => model.permuteWith(v, rho);
    const expected = model.bind(
      model.bind(r(r(items.get('c'))), r(items.get('a'))),
      items.get('t'),
    );
    expect(Array.from(tri.ngram(['c', 'a', 't']))).toEqual(Array.from(expected));
  });

  it('a profile contains its trigrams and not others, and order matters', () => {
    const text = [...'abcdefgabch'];
    const p = tri.profile(text);
    for (let s = 0; s + 3 <= text.length; s++)
      expect(tri.contains(p, text.slice(s, s + 3))).toBe(true);
    for (const absent of ['cba', 'bac', 'qrs', 'hgf', 'aaa'])
      expect(tri.contains(p, [...absent])).toBe(false);
  });
});

describe('NGramEncoder profiles', () => {
  it('texts with the same statistics have closer profiles (language identification, MAP-I)', () => {
    const model = createModel('MAP-I', { dim: 4096 });
    const items = ItemMemory.random(model, alphabet.slice(0, 8), { rng: createRng(12) });
    const tri = new NGramEncoder(items, 3);
    // Two "languages": deterministic-ish Markov chains over 8 letters with different successors.
    const speak = (shift: number, seed: number, n: number): string[] => {
      const rng = createRng(seed);
      const out = ['a'];
      for (let i = 1; i < n; i++) {
        const prev = out[i - 1].charCodeAt(0) - 97;
        const next = rng.nextFloat() < 0.8 ? (prev + shift) % 8 : rng.nextInt(8);
        out.push(String.fromCharCode(97 + next));
      }
      return out;
    };
    const a1 = tri.profile(speak(1, 1, 400));
    const a2 = tri.profile(speak(1, 2, 400));
    const b1 = tri.profile(speak(3, 3, 400));
    const sim = (x: HVArray, y: HVArray): number => model.similarity(x, y)[0];
    expect(sim(a1, a2)).toBeGreaterThan(sim(a1, b1) + 0.3);
  });
});

describe('sequence errors', () => {
  const items = ItemMemory.random(make('MAP-B'), alphabet, { rng: createRng(1) });
  it('rejects bad positions, short chains and wrong window lengths', () => {
    const seqs = new SequenceEncoder(items);
    expect(() => seqs.at(seqs.encode(['a']), -1)).toThrow(
      'SequenceEncoder.at: position expected an integer >= 0, got -1',
    );
    expect(() => new ChainEncoder(items).encode(['a'])).toThrow(
      'ChainEncoder.encode: labels expected an array of at least 2 elements, got Array(1)',
    );
    const tri = new NGramEncoder(items, 3);
    expect(() => tri.ngram(['a', 'b'])).toThrow(
      'NGramEncoder.ngram: window expected an array of 3 labels, got Array(2)',
    );
    expect(() => tri.profile(['a', 'b'])).toThrow(
      /NGramEncoder.profile: tokens expected an array of at least 3 elements/,
    );
    expect(() => tri.profile(['a', 'b', '?'])).toThrow(
      'NGramEncoder.profile: tokens[2] expected a label stored in items, got "?"',
    );
    expect(() => new NGramEncoder(items, 0)).toThrow(
      /NGramEncoder: n expected an integer >= 1, got 0/,
    );
  });
});
