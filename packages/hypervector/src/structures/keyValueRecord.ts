import { checkVector } from '../memory/check.js';
import type { ItemMemory, Match } from '../memory/itemMemory.js';
import type { HVArray, VSAModel } from '../types.js';
import {
  bundleOf,
  checkList,
  checkMemory,
  checkPair,
  checkPairArg,
  lookup,
  type Resolved,
  resolveOptions,
  type StructureOptions,
} from './common.js';

/**
 * Key-value records (role-filler bindings): `r = bundle_i (key_i ⊗ value_i)`; querying with a
 * key unbinds it, `unbind(r, key_j) = value_j + noise`, and cleans up against the values
 * (Plate 1995, "Holographic reduced representations", IEEE TNN 6:623-641; Kanerva 2009;
 * Kleyko et al. 2021 survey, arXiv 2111.06077, section 3.1.1). With an integer sum of K
 * pairs the unbound value has cosine about 1/sqrt(K) with the truth.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 2048, variant: 'B' });
 * const rng = createRng(1);
 * const keys = ItemMemory.random(vsa, ['name', 'colour'], { rng });
 * const values = ItemMemory.random(vsa, ['ada', 'bob', 'red', 'blue'], { rng });
 * const rec = new KeyValueRecord(keys, values);
 * const r = rec.encode([['name', 'ada'], ['colour', 'blue']]);
 * rec.get(r, 'colour').label; // returns 'blue'
 * ```
 */
export class KeyValueRecord<V extends HVArray = HVArray> {
  /** The model. */
  readonly model: VSAModel<V>;
  /** The key (role) vectors. */
  readonly keys: ItemMemory<V>;
  /** The value (filler) vectors, used for clean-up. */
  readonly values: ItemMemory<V>;
  private readonly opts: Resolved;

  /**
   * @param keys - the keys' item memory.
   * @param values - the values' item memory (same model).
   * @param options - `{ normalize, rng }` of the bundle.
   */
  constructor(keys: ItemMemory<V>, values: ItemMemory<V>, options?: StructureOptions) {
    const fn = 'KeyValueRecord';
    checkMemory(fn, 'keys', keys);
    checkMemory(fn, 'values', values);
    checkPair(fn, keys, 'values', values);
    this.model = keys.model;
    this.keys = keys;
    this.values = values;
    this.opts = resolveOptions(fn, this.model, options);
  }

  /**
   * Encode pairs of labels.
   *
   * @param pairs - `[keyLabel, valueLabel]` pairs, at least one.
   * @returns the record, one vector `[model.length]`.
   */
  encode(pairs: readonly (readonly [string, string])[]): V {
    const fn = 'KeyValueRecord.encode';
    checkList(fn, 'pairs', pairs);
    pairs.forEach((p, i) => checkPairArg(fn, `pairs[${i}]`, p, '[key, value]'));
    const bound = pairs.map(([k, v], i) =>
      this.model.bind(
        lookup(fn, `pairs[${i}][0]`, this.keys, k, 'keys'),
        lookup(fn, `pairs[${i}][1]`, this.values, v, 'values'),
      ),
    );
    return bundleOf(this.model, bound, this.opts);
  }

  /**
   * The noisy value of `key`: `unbind(record, key)`, before clean-up.
   *
   * @param record - one vector `[model.length]`.
   * @param key - a key label.
   * @returns one vector `[model.length]`.
   */
  unbindKey(record: V, key: string): V {
    return this.unbindWith('KeyValueRecord.unbindKey', record, key);
  }

  /**
   * The value stored under `key`, cleaned up against `values`.
   *
   * @param record - one vector `[model.length]`.
   * @param key - a key label.
   * @returns the best matching value.
   */
  get(record: V, key: string): Match {
    return this.values.query(this.unbindWith('KeyValueRecord.get', record, key));
  }

  private unbindWith(fn: string, record: V, key: string): V {
    checkVector(fn, 'record', this.model, record);
    return this.model.unbind(record, lookup(fn, 'key', this.keys, key, 'keys'));
  }
}
