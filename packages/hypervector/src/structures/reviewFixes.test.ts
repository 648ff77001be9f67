import { describe, expect, it } from 'vitest';
import { ItemMemory } from '../memory/itemMemory.js';
import { createModel } from '../models/index.js';
import { createPermutation } from '../models/permutation.js';
import { createRng } from '../random/rng.js';
import type { HVArray } from '../types.js';
import { ChainEncoder } from './chainEncoder.js';
import { POWER_CACHE_LIMIT, Powers } from './common.js';
import { GraphEncoder } from './graphEncoder.js';
import { KeyValueRecord } from './keyValueRecord.js';
import { MultisetEncoder } from './multisetEncoder.js';
import { NGramEncoder } from './ngramEncoder.js';
import { SequenceEncoder } from './sequenceEncoder.js';
import { SetEncoder } from './setEncoder.js';
import { TreeEncoder } from './treeEncoder.js';

describe('Powers', () => {
  const model = createModel('MAP-I', { dim: 64 });
  const base = createPermutation(model.units, { rng: createRng(7) });
  const x = model.random(1, { rng: createRng(8) });
  /** rho^k(x) by k single permutations. */
  const naive = (k: number): HVArray => {
    let v = x;
    for (let i = 0; i < k; i++) v = model.permuteWith(v, base);
    return v;
  };

  it('gives rho^k exactly for every k, in any order, with a bounded cache', () => {
    const powers = new Powers(base);
    const ks = [5, 1, 2, 3, 200, 64, 65, 129, 7, 1000, 999, 4];
    for (const k of ks) {
      expect(Array.from(powers.apply(model, x, k))).toEqual(Array.from(naive(k)));
      expect(Array.from(powers.apply(model, naive(k), -k))).toEqual(Array.from(x));
    }
    for (let k = 1; k <= 500; k++) powers.power(k);
    // The recent powers plus the powers of two up to 2^9 (for k = 1000).
    expect(powers.cached).toBeLessThanOrEqual(POWER_CACHE_LIMIT + 10);
  });

  it('reads a large first position without recursion (SequenceEncoder.at(v, 12000))', () => {
    const items = ItemMemory.random(model, ['a', 'b'], { rng: createRng(9) });
    const seqs = new SequenceEncoder(items, { permutation: base });
    let expected = items.get('b');
    for (let i = 0; i < 12000; i++) expected = model.permuteWith(expected, base);
    expect(seqs.at(expected, 12000).label).toBe('b');
    expect(seqs.at(expected, 12000).similarity).toBeCloseTo(1, 6);
  });
});

describe('encode with options.rng is the same on every call', () => {
  // MAP-B bundles of an even number of atoms tie on about half the positions.
  const model = createModel('MAP-B', { dim: 512 });
  const labels = ['a', 'b', 'c', 'd'];
  const items = ItemMemory.random(model, labels, { rng: createRng(1) });
  const same = (f: () => HVArray): void => {
    const first = Array.from(f());
    expect(Array.from(f())).toEqual(first);
  };
  it.each([
    [
      'SequenceEncoder',
      () => {
        const e = new SequenceEncoder(items, { rng: createRng(2) });
        return () => e.encode(['a', 'b']);
      },
    ],
    [
      'SetEncoder',
      () => {
        const e = new SetEncoder(items, { rng: createRng(2) });
        return () => e.encode(['a', 'b']);
      },
    ],
    [
      'ChainEncoder',
      () => {
        const e = new ChainEncoder(items, { rng: createRng(2) });
        return () => e.encode(['a', 'b', 'c']);
      },
    ],
    [
      'KeyValueRecord',
      () => {
        const e = new KeyValueRecord(items, items, { rng: createRng(2) });
        return () =>
          e.encode([
            ['a', 'b'],
            ['c', 'd'],
          ]);
      },
    ],
    [
      'GraphEncoder',
      () => {
        const e = new GraphEncoder(items, { rng: createRng(2) });
        return () =>
          e.encode([
            ['a', 'b'],
            ['c', 'd'],
          ]);
      },
    ],
    [
      'NGramEncoder',
      () => {
        const e = new NGramEncoder(items, 2, { rng: createRng(2) });
        return () => e.profile(['a', 'b', 'c']);
      },
    ],
    [
      'TreeEncoder',
      () => {
        const e = new TreeEncoder(items, { rng: createRng(2) });
        return () => e.encode(['a', 'b']);
      },
    ],
  ] as const)('%s', (_, make) => same(make()));

  it('the same seed gives the same encoders; TreeEncoder roles are drawn before the tie seed', () => {
    const a = new SetEncoder(items, { rng: createRng(3) }).encode(['a', 'b']);
    const b = new SetEncoder(items, { rng: createRng(3) }).encode(['a', 'b']);
    expect(Array.from(a)).toEqual(Array.from(b));
    const t = new TreeEncoder(items, { rng: createRng(4) });
    const roles = model.random(2, { rng: createRng(4) });
    expect(Array.from(t.left)).toEqual(Array.from(model.row(roles, 0)));
    expect(Array.from(t.right)).toEqual(Array.from(model.row(roles, 1)));
  });
});

describe('documented rules are enforced', () => {
  const model = createModel('MAP-I', { dim: 256 });
  const items = ItemMemory.random(model, ['a', 'b', 'c', 'd'], { rng: createRng(5) });

  it('ChainEncoder.encode rejects a repeated label', () => {
    expect(() => new ChainEncoder(items).encode(['a', 'b', 'a'])).toThrow(
      new RangeError(
        'ChainEncoder.encode: labels[2] expected a label not repeated in the chain (each element has one successor), got "a"',
      ),
    );
  });

  it('KeyValueRecord.encode and GraphEncoder.encode require [a, b] arrays, not strings', () => {
    expect(() => new KeyValueRecord(items, items).encode(['ab'] as never)).toThrow(
      new TypeError(
        'KeyValueRecord.encode: pairs[0] expected a [key, value] array of two labels, got "ab"',
      ),
    );
    expect(() => new GraphEncoder(items).encode(['ab', 'cd'] as never)).toThrow(
      new TypeError(
        'GraphEncoder.encode: edges[0] expected a [from, to] array of two labels, got "ab"',
      ),
    );
  });

  it('GraphEncoder requires a boolean options.directed', () => {
    expect(() => new GraphEncoder(items, { directed: 'yes' as never })).toThrow(
      new TypeError('GraphEncoder: options.directed expected a boolean, got "yes"'),
    );
    expect(new GraphEncoder(items, { directed: true }).directed).toBe(true);
    expect(new GraphEncoder(items).directed).toBe(false);
  });
});

describe('error messages name the right function and argument', () => {
  const model = createModel('MAP-I', { dim: 64 });
  const items = ItemMemory.random(model, ['a', 'b', 'c'], { rng: createRng(6) });

  it('MultisetEncoder.encode: a count past the Int32 sum names counts', () => {
    expect(() => new MultisetEncoder(items).encode([['a', 2 ** 31]])).toThrow(
      new RangeError(
        'MultisetEncoder.encode: counts expected counts whose weighted sum fits in Int32 (MAP-I stores the multiset as Int32, |sum| <= 2147483647), got ' +
          `"a sum of ${2 ** 31 * items.get('a')[0]} at index 0"`,
      ),
    );
  });

  it('ChainEncoder.follow names itself and start', () => {
    const chains = new ChainEncoder(items);
    const c = chains.encode(['a', 'b']);
    expect(() => chains.follow(c, 'zz', 1)).toThrow(
      new RangeError('ChainEncoder.follow: start expected a label stored in items, got "zz"'),
    );
  });

  it('a non-string label is a TypeError', () => {
    const sets = new SetEncoder(items);
    const s = sets.encode(['a']);
    expect(() => sets.has(s, 1 as never)).toThrow(
      new TypeError('SetEncoder.has: label expected a string label stored in items, got 1'),
    );
  });
});
