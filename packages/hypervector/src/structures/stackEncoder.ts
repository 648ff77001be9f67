import { fail } from '../errors.js';
import { checkNumber, checkOptions, checkVector } from '../memory/check.js';
import { membershipThreshold } from '../memory/chance.js';
import type { ItemMemory, Match } from '../memory/itemMemory.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { checkMemory, lookup, stackRows } from './common.js';

const SUMMING: readonly ModelName[] = ['MAP-I', 'MAP-C', 'HRR', 'FHRR'];

/** Result of {@link StackEncoder.pop}. */
export interface PopResult<V extends HVArray> {
  /** The cleaned-up top element. */
  top: Match;
  /** The stack without it. */
  rest: V;
}

/**
 * Stacks by permutation: `push(s, x) = x + rho(s)`, rho a cyclic shift by one, moves everything already stored one
 * step deeper; the top is the clean-up of s; `pop` subtracts the cleaned-up top and shifts
 * back, `rho^{-1}(s - top)`, which restores the previous stack exactly while clean-up
 * succeeds (Plate 1995, "Holographic reduced representations", on stacks; Kleyko et al. 2021
 * survey, arXiv 2111.06077, section 3.1.3). The top of a stack of depth n has cosine about
 * 1/sqrt(n) with it, so depth is limited by d like any bundle.
 *
 * Models: those whose bundle keeps the raw sum (MAP-I, MAP-C, HRR, FHRR), since pop
 * subtracts; sign, majority and arg-max bundles throw.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 2048, variant: 'I' });
 * const items = ItemMemory.random(vsa, ['a', 'b', 'c'], { rng: createRng(9) });
 * const stacks = new StackEncoder(items);
 * const s = stacks.push(stacks.push(stacks.empty(), 'a'), 'b');
 * stacks.pop(s).top.label; // returns 'b'
 * ```
 */
export class StackEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The possible elements. */
  readonly items: ItemMemory<V>;
  /** Similarity below which the stack counts as empty. */
  readonly threshold: number;

  /**
   * @param items - the possible elements (MAP-I, MAP-C, HRR or FHRR).
   * @param options - `{ falsePositiveRate }` of the emptiness test (default 1e-4).
   */
  constructor(items: ItemMemory<V>, options?: { falsePositiveRate?: number }) {
    const fn = 'StackEncoder';
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
    const opts = checkOptions(fn, options, ['falsePositiveRate']);
    const alpha = checkNumber(
      fn,
      'options.falsePositiveRate',
      opts.falsePositiveRate ?? 1e-4,
      Number.MIN_VALUE,
      0.5,
    );
    this.model = items.model;
    this.items = items;
    this.threshold = membershipThreshold(this.model, { falsePositiveRate: alpha });
  }

  /** The empty stack (all zeros). */
  empty(): V {
    return this.model.alloc(1);
  }

  /**
   * Push an element.
   *
   * @param stack - one vector `[model.length]`.
   * @param label - the element.
   * @returns the new stack `x + rho(stack)`.
   */
  push(stack: V, label: string): V {
    const fn = 'StackEncoder.push';
    checkVector(fn, 'stack', this.model, stack);
    const x = lookup(fn, 'label', this.items, label, 'items');
    return this.model.bundle(stackRows(this.model, [x, this.model.permute(stack, 1)]), {
      normalize: 'none',
    });
  }

  /**
   * The top element, or null when the stack is empty (best similarity below the threshold).
   *
   * @param stack - one vector `[model.length]`.
   * @returns the top match or null.
   */
  peek(stack: V): Match | null {
    checkVector('StackEncoder.peek', 'stack', this.model, stack);
    const m = this.items.query(stack);
    return m.similarity >= this.threshold ? m : null;
  }

  /**
   * Remove the top element.
   *
   * @param stack - one vector `[model.length]`; an empty stack throws a RangeError.
   * @returns `{ top, rest }`.
   */
  pop(stack: V): PopResult<V> {
    const fn = 'StackEncoder.pop';
    checkVector(fn, 'stack', this.model, stack);
    const top = this.peek(stack);
    if (top === null)
      throw new RangeError(
        `${fn}: stack expected a non-empty stack, got one whose best match is at chance`,
      );
    const diff = this.model.bundle(stackRows(this.model, [stack, this.items.at(top.index)]), {
      weights: [1, -1],
      normalize: 'none',
    });
    return { top, rest: this.model.permute(diff, -1) };
  }
}
