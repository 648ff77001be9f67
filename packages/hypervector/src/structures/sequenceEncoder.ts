import { checkInteger, checkVector } from '../memory/check.js';
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
 * Sequences by permutation: `seq = bundle_i rho^i(x_i)`, the element at position i permuted
 * i times by rho ({@link StructureOptions.permutation}); position i is read by permuting back, `rho^{-i}(seq) = x_i + noise`, and cleaning
 * up (Kanerva 2009, "Hyperdimensional computing", Cognitive Computation 1:139-159; Kleyko et
 * al. 2021 survey, arXiv 2111.06077, section 3.1.3). Permuting the whole sequence once
 * appends at the front: `rho(seq) + x` is the sequence with x prepended.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 2048, variant: 'B' });
 * const letters = ItemMemory.random(vsa, ['a', 'b', 'c', 'd'], { rng: createRng(6) });
 * const seqs = new SequenceEncoder(letters);
 * const s = seqs.encode(['c', 'a', 'b']);
 * seqs.at(s, 1).label; // returns 'a'
 * ```
 */
export class SequenceEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The alphabet. */
  readonly items: ItemMemory<V>;
  private readonly opts: Resolved;

  /**
   * @param items - the alphabet.
   * @param options - `{ normalize, rng }` of the bundle.
   */
  constructor(items: ItemMemory<V>, options?: StructureOptions) {
    checkMemory('SequenceEncoder', 'items', items);
    this.model = items.model;
    this.items = items;
    this.opts = resolveOptions('SequenceEncoder', this.model, options);
  }

  /**
   * Encode a sequence.
   *
   * @param labels - the elements in order, at least one.
   * @returns one vector `[model.length]`.
   */
  encode(labels: readonly string[]): V {
    const fn = 'SequenceEncoder.encode';
    checkList(fn, 'labels', labels);
    const shifted = labels.map((l, i) =>
      this.opts.rho.apply(this.model, lookup(fn, `labels[${i}]`, this.items, l, 'items'), i),
    );
    return bundleOf(this.model, shifted, this.opts);
  }

  /**
   * The element at `position`, cleaned up.
   *
   * @param sequence - one vector `[model.length]`.
   * @param position - a non-negative integer.
   * @returns the best match.
   */
  at(sequence: V, position: number): Match {
    const fn = 'SequenceEncoder.at';
    checkVector(fn, 'sequence', this.model, sequence);
    checkInteger(fn, 'position', position, 0);
    return this.items.query(this.opts.rho.apply(this.model, sequence, -position));
  }

  /**
   * Decode the first `length` positions.
   *
   * @param sequence - one vector `[model.length]`.
   * @param length - number of positions to read (>= 1).
   * @returns the labels, position 0 first.
   */
  decode(sequence: V, length: number): string[] {
    checkInteger('SequenceEncoder.decode', 'length', length, 1);
    return Array.from({ length }, (_, i) => this.at(sequence, i).label);
  }
}
