import { fail } from '../errors.js';
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
 * Sequences by binding-based chaining: `chain = bundle_i (x_i ⊗ rho(x_{i+1}))`, each element
 * bound to its permuted successor, so that unbinding an element and permuting back gives the
 * next one, `rho^{-1}(unbind(chain, x_i)) = x_{i+1} + noise` (Plate 1995, "Holographic reduced
 * representations", section on chaining; Kleyko et al. 2021 survey, arXiv 2111.06077,
 * section 3.1.3). The permutation rho (see {@link StructureOptions.permutation}) makes the link directed, so the predecessor does not answer.
 * Element labels must not repeat in one chain (a repeated element has two successors).
 *
 * @example
 * ```ts
 * const vsa = BSC({ dim: 4096 });
 * const words = ItemMemory.random(vsa, ['the', 'cat', 'sat', 'down'], { rng: createRng(2) });
 * const chains = new ChainEncoder(words);
 * const c = chains.encode(['the', 'cat', 'sat']);
 * chains.follow(c, 'the', 2); // returns ['the', 'cat', 'sat']
 * ```
 */
export class ChainEncoder<V extends HVArray = HVArray> {
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
    checkMemory('ChainEncoder', 'items', items);
    this.model = items.model;
    this.items = items;
    this.opts = resolveOptions('ChainEncoder', this.model, options);
  }

  /**
   * Encode a sequence of at least two elements as a chain of links.
   *
   * @param labels - the elements in order (no repeats).
   * @returns one vector `[model.length]`.
   */
  encode(labels: readonly string[]): V {
    const fn = 'ChainEncoder.encode';
    checkList(fn, 'labels', labels, 2);
    const seen = new Set<string>();
    labels.forEach((l, i) => {
      if (seen.has(l))
        fail(
          fn,
          `labels[${i}]`,
          'a label not repeated in the chain (each element has one successor)',
          l,
        );
      seen.add(l);
    });
    const xs = labels.map((l, i) => lookup(fn, `labels[${i}]`, this.items, l, 'items'));
    const links = xs
      .slice(0, -1)
      .map((x, i) => this.model.bind(x, this.opts.rho.apply(this.model, xs[i + 1], 1)));
    return bundleOf(this.model, links, this.opts);
  }

  /**
   * The successor of `label`.
   *
   * @param chain - one vector `[model.length]`.
   * @param label - an element label.
   * @returns the best match for the next element.
   */
  next(chain: V, label: string): Match {
    return this.nextOf('ChainEncoder.next', 'label', chain, label);
  }

  private nextOf(fn: string, arg: string, chain: V, label: string): Match {
    checkVector(fn, 'chain', this.model, chain);
    const x = lookup(fn, arg, this.items, label, 'items');
    return this.items.query(this.opts.rho.apply(this.model, this.model.unbind(chain, x), -1));
  }

  /**
   * Follow the chain `steps` links from `start`.
   *
   * @param chain - one vector `[model.length]`.
   * @param start - the first element.
   * @param steps - number of links to follow (>= 1).
   * @returns `steps + 1` labels, `start` first.
   */
  follow(chain: V, start: string, steps: number): string[] {
    const fn = 'ChainEncoder.follow';
    checkInteger(fn, 'steps', steps, 1);
    const out = [start];
    // Only `start` can be bad: every later label is read from the items.
    for (let i = 0; i < steps; i++) out.push(this.nextOf(fn, 'start', chain, out[i]).label);
    return out;
  }
}
