import { fail } from '../errors.js';
import { checkInteger, checkVector } from '../memory/check.js';
import type { ItemMemory } from '../memory/itemMemory.js';
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
 * n-gram statistics: each window (x_1, ..., x_n) becomes
 * `rho^{n-1}(x_1) ⊗ rho^{n-2}(x_2) ⊗ ... ⊗ x_n` (permute by position, then bind), and a
 * text's profile is the bundle of all its windows (Joshi, Halseth and Kanerva 2016,
 * "Language geometry using random indexing"; Rahimi et al. 2016; Kleyko et al. 2021
 * survey, arXiv 2111.06077, section 3.1.3). Profiles of texts with similar n-gram
 * statistics are similar; an n-gram's presence is tested against the chance threshold.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 4096, variant: 'I' });
 * const letters = ItemMemory.random(vsa, [...'abcdefgh'], { rng: createRng(8) });
 * const trigrams = new NGramEncoder(letters, 3);
 * const p = trigrams.profile([...'abcabd']);
 * trigrams.contains(p, ['b', 'c', 'a']); // returns true
 * ```
 */
export class NGramEncoder<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The alphabet. */
  readonly items: ItemMemory<V>;
  /** Window length n. */
  readonly n: number;
  /** Similarity above which an n-gram counts as present in a profile. */
  readonly threshold: number;
  private readonly opts: Resolved;

  /**
   * @param items - the alphabet.
   * @param n - window length (>= 1).
   * @param options - `{ normalize, rng, falsePositiveRate }`.
   */
  constructor(items: ItemMemory<V>, n: number, options?: StructureOptions) {
    checkMemory('NGramEncoder', 'items', items);
    this.n = checkInteger('NGramEncoder', 'n', n, 1);
    this.model = items.model;
    this.items = items;
    this.opts = resolveOptions('NGramEncoder', this.model, options);
    this.threshold = this.opts.threshold;
  }

  /**
   * Encode one window of exactly n labels.
   *
   * @param window - n labels.
   * @returns one vector `[model.length]`.
   */
  ngram(window: readonly string[]): V {
    return this.window('NGramEncoder.ngram', window, 0);
  }

  /**
   * Bundle every window of a token stream.
   *
   * @param tokens - at least n labels.
   * @returns the profile, one vector `[model.length]`.
   */
  profile(tokens: readonly string[]): V {
    const fn = 'NGramEncoder.profile';
    checkList(fn, 'tokens', tokens, this.n);
    const grams: V[] = [];
    for (let s = 0; s + this.n <= tokens.length; s++) grams.push(this.window(fn, tokens, s));
    return bundleOf(this.model, grams, this.opts);
  }

  /**
   * Whether the profile holds `window` (similarity at least the threshold).
   *
   * @param profile - one vector `[model.length]`.
   * @param window - n labels.
   * @returns the decision.
   */
  contains(profile: V, window: readonly string[]): boolean {
    const fn = 'NGramEncoder.contains';
    checkVector(fn, 'profile', this.model, profile);
    return this.model.similarity(profile, this.window(fn, window, 0))[0] >= this.threshold;
  }

  private window(fn: string, tokens: readonly string[], start: number): V {
    const n = this.n;
    if (fn !== 'NGramEncoder.profile' && (!Array.isArray(tokens) || tokens.length !== n)) {
      fail(
        fn,
        'window',
        `an array of ${n} labels`,
        tokens,
        Array.isArray(tokens) ? 'range' : 'type',
      );
    }
    let acc: V | undefined;
    for (let j = 0; j < n; j++) {
      const x = this.opts.rho.apply(
        this.model,
        lookup(
          fn,
          `${fn === 'NGramEncoder.profile' ? 'tokens' : 'window'}[${start + j}]`,
          this.items,
          tokens[start + j],
          'items',
        ),
        n - 1 - j,
      );
      acc = acc === undefined ? x : this.model.bind(acc, x);
    }
    return acc as V;
  }
}
