import { fail } from '../errors.js';
import { checkInteger, checkVector } from '../memory/check.js';
import type { ItemMemory } from '../memory/itemMemory.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { checkList, checkMemory, lookup, stackRows } from './common.js';

const SUMMING: readonly ModelName[] = ['MAP-I', 'MAP-C', 'HRR', 'FHRR'];

/**
 * Multisets (bags) as unnormalised sums, `m = sum_x count_x * x`, with counts read back by
 * projection: `count_x ≈ <m, x> / <x, x>` (Kleyko et al. 2021 survey, arXiv 2111.06077,
 * section 3.1.2; the "frequency" read-out of Joshi, Halseth and Kanerva 2016). The estimate
 * is unbiased with standard deviation about `sqrt(sum_{y != x} count_y^2 / d)` for random atoms.
 *
 * Models: those whose bundle keeps the raw sum (MAP-I, MAP-C, HRR, FHRR with
 * `normalize: 'none'`); sign, majority and arg-max bundles cannot hold counts and throw.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 4096, variant: 'I' });
 * const words = ItemMemory.random(vsa, ['a', 'b', 'c'], { rng: createRng(4) });
 * const bags = new MultisetEncoder(words);
 * const m = bags.encode([['a', 3], ['c', 1]]);
 * bags.count(m, 'a'); // about 3
 * ```
 */
export class MultisetEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The possible elements. */
  readonly items: ItemMemory<V>;

  /** @param items - the possible elements (MAP-I, MAP-C, HRR or FHRR). */
  constructor(items: ItemMemory<V>) {
    const fn = 'MultisetEncoder';
    checkMemory(fn, 'items', items);
    if (!SUMMING.includes(items.model.name)) {
      fail(
        fn,
        'items.model',
        `a model whose bundle keeps the raw sum (${SUMMING.join(', ')})`,
        items.model.name,
        'type',
      );
    }
    this.model = items.model;
    this.items = items;
  }

  /**
   * Encode a multiset.
   *
   * @param counts - `[label, count]` pairs (non-negative integer counts), at least one.
   * @returns the multiset, one vector `[model.length]`.
   */
  encode(counts: readonly (readonly [string, number])[]): V {
    const fn = 'MultisetEncoder.encode';
    checkList(fn, 'counts', counts);
    const vectors = counts.map(([l], i) => lookup(fn, `counts[${i}][0]`, this.items, l, 'items'));
    const weights = counts.map(([, c], i) => checkInteger(fn, `counts[${i}][1]`, c, 0));
    if (this.model.name === 'MAP-I') {
      // MAP-I keeps the sum in Int32: check it here, naming the counts, not MAP-I.bundle.
      const d = this.model.length;
      for (let j = 0; j < d; j++) {
        let sum = 0;
        for (let i = 0; i < vectors.length; i++) sum += weights[i] * vectors[i][j];
        if (Math.abs(sum) > 2147483647)
          fail(
            fn,
            'counts',
            'counts whose weighted sum fits in Int32 (MAP-I stores the multiset as Int32, |sum| <= 2147483647)',
            `a sum of ${sum} at index ${j}`,
          );
      }
    }
    return this.model.bundle(stackRows(this.model, vectors), { weights, normalize: 'none' });
  }

  /**
   * Estimated multiplicity of `label`: `<m, x> / <x, x>` (real part for FHRR).
   *
   * @param multiset - one vector `[model.length]`.
   * @param label - an item label.
   * @returns the estimate (a real number; round it for an integer count).
   */
  count(multiset: V, label: string): number {
    const fn = 'MultisetEncoder.count';
    checkVector(fn, 'multiset', this.model, multiset);
    const x = lookup(fn, 'label', this.items, label, 'items');
    let mx = 0;
    let xx = 0;
    for (let i = 0; i < x.length; i++) {
      mx += multiset[i] * x[i];
      xx += x[i] * x[i];
    }
    return xx > 0 ? mx / xx : 0;
  }
}
