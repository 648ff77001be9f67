import { checkVector } from '../memory/check.js';
import type { ItemMemory, Match } from '../memory/itemMemory.js';
import type { HVArray, VSAModel } from '../types.js';
import {
  bundleOf,
  checkList,
  checkMemory,
  lookup,
  type Resolved,
  resolveOptions,
  type StructureOptions,
} from './common.js';

/**
 * Sets as bundles: `set = bundle(items)`; an item is a member when its similarity with the
 * set exceeds a threshold from theory, {@link membershipThreshold}: the chance similarity of
 * a non-member plus z standard deviations (false-positive rate `alpha`, default 1e-4).
 * Members of a K-set score about 1/sqrt(K) above chance with integer sums (a little less after
 * sign or majority normalisation), so membership is reliable while that is well above the
 * threshold (Kanerva 2009; Kleyko et al. 2021 survey, arXiv 2111.06077, section 3.1.2).
 *
 * @example
 * ```ts
 * const vsa = BSC({ dim: 4096 });
 * const fruit = ItemMemory.random(vsa, ['apple', 'pear', 'plum', 'fig'], { rng: createRng(1) });
 * const sets = new SetEncoder(fruit);
 * const s = sets.encode(['apple', 'fig', 'plum']);
 * sets.has(s, 'fig'); // returns true
 * sets.has(s, 'pear'); // returns false
 * ```
 */
export class SetEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The possible members. */
  readonly items: ItemMemory<V>;
  /** Similarity above which an item counts as a member. */
  readonly threshold: number;
  private readonly opts: Resolved;

  /**
   * @param items - the universe of possible members.
   * @param options - `{ normalize, rng, falsePositiveRate }`.
   */
  constructor(items: ItemMemory<V>, options?: StructureOptions) {
    checkMemory('SetEncoder', 'items', items);
    this.model = items.model;
    this.items = items;
    this.opts = resolveOptions('SetEncoder', this.model, options);
    this.threshold = this.opts.threshold;
  }

  /**
   * Encode a set.
   *
   * @param labels - member labels, at least one (repeats count twice; use a multiset for counts).
   * @returns the set, one vector `[model.length]`.
   */
  encode(labels: readonly string[]): V {
    const fn = 'SetEncoder.encode';
    checkList(fn, 'labels', labels);
    return bundleOf(
      this.model,
      labels.map((l, i) => lookup(fn, `labels[${i}]`, this.items, l, 'items')),
      this.opts,
    );
  }

  /**
   * Membership test.
   *
   * @param set - one vector `[model.length]`.
   * @param label - an item label.
   * @returns whether `similarity(set, item) >= threshold`.
   */
  has(set: V, label: string): boolean {
    const fn = 'SetEncoder.has';
    checkVector(fn, 'set', this.model, set);
    const x = lookup(fn, 'label', this.items, label, 'items');
    return this.model.similarity(set, x)[0] >= this.threshold;
  }

  /**
   * Every item above the threshold, most similar first.
   *
   * @param set - one vector `[model.length]`.
   * @returns the decoded members.
   */
  members(set: V): Match[] {
    checkVector('SetEncoder.members', 'set', this.model, set);
    return this.items.threshold(set, this.threshold);
  }
}
