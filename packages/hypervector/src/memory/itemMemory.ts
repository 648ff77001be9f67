import { checkKeys, fail } from '../errors.js';
import type { HVArray, RandomOptions, VSAModel } from '../types.js';
import { checkInteger, checkModel, checkNumber, checkRngArg, checkVector } from './check.js';

/** One clean-up result: the item's row in the memory, its label and its similarity to the query. */
export interface Match {
  /** Row of the item in the memory. */
  index: number;
  /** Label of the item. */
  label: string;
  /** `model.similarity(query, item)`. */
  similarity: number;
}

/**
 * A clean-up (item) memory: a labelled codebook of vectors of one model, queried by
 * similarity. Queries return the arg-max item, the top k items, or every item above a
 * threshold (Kanerva 2009, "Hyperdimensional computing", Cognitive Computation 1:139-159;
 * Kleyko et al. 2021 survey, arXiv 2111.06077, section 2.2.4).
 *
 * Storage: a batch `[size, model.length]` of the model's array type, grown by doubling.
 *
 * @example
 * ```ts
 * const vsa = MAP({ dim: 1000, variant: 'B' });
 * const mem = ItemMemory.random(vsa, ['a', 'b', 'c'], { rng: createRng(1) });
 * mem.query(mem.get('b')); // returns { index: 1, label: 'b', similarity: 1 }
 * ```
 */
export class ItemMemory<V extends HVArray = HVArray> {
  /** The model every stored vector belongs to. */
  readonly model: VSAModel<V>;
  private store: V;
  private n = 0;
  private readonly names: string[] = [];
  private readonly byLabel = new Map<string, number>();

  /**
   * An empty memory, or one filled from `labels` and a batch `vectors: [labels.length, model.length]`.
   *
   * @param model - the VSA model of the items.
   * @param labels - item labels (unique strings), optional.
   * @param vectors - the items, row-major `[labels.length, model.length]`; copied.
   */
  constructor(model: VSAModel<V>, labels?: readonly string[], vectors?: V) {
    checkModel('ItemMemory', 'model', model);
    this.model = model;
    this.store = model.alloc(4);
    if (labels === undefined && vectors === undefined) return;
    if (!Array.isArray(labels)) fail('ItemMemory', 'labels', 'an array of strings', labels, 'type');
    if (vectors === undefined)
      fail('ItemMemory', 'vectors', `a batch of ${labels.length} vectors`, vectors, 'type');
    this.addManyAs('ItemMemory', labels, vectors);
  }

  /**
   * A memory of fresh random atoms, one per label.
   *
   * @param model - the VSA model.
   * @param labels - unique labels; row i gets the i-th atom of `model.random(labels.length, { rng })`.
   * @param options - `{ rng }`, the seeded generator.
   * @returns the memory.
   * @example
   * ```ts
   * const mem = ItemMemory.random(BSC({ dim: 4096 }), ['x', 'y'], { rng: createRng(3) });
   * mem.size; // returns 2
   * ```
   */
  static random<V extends HVArray>(
    model: VSAModel<V>,
    labels: readonly string[],
    options: RandomOptions,
  ): ItemMemory<V> {
    checkModel('ItemMemory.random', 'model', model);
    if (!Array.isArray(labels))
      fail('ItemMemory.random', 'labels', 'an array of strings', labels, 'type');
    if (typeof options !== 'object' || options === null)
      fail('ItemMemory.random', 'options', '{ rng }', options, 'type');
    checkKeys('ItemMemory.random', 'options', options, ['rng']);
    const rng = checkRngArg('ItemMemory.random', 'options.rng', options.rng);
    const mem = new ItemMemory(model);
    if (labels.length > 0) mem.addMany(labels, model.random(labels.length, { rng }));
    return mem;
  }

  /** Number of stored items. */
  get size(): number {
    return this.n;
  }

  /** The labels, in row order. */
  get labels(): readonly string[] {
    return this.names;
  }

  /** The stored items as one batch view `[size, model.length]` (no copy; valid until the next add). */
  get vectors(): V {
    return this.store.subarray(0, this.n * this.model.length) as V;
  }

  /**
   * Store one item.
   *
   * @param label - a label not yet in the memory.
   * @param vector - one vector of the model (`[model.length]`); copied.
   * @returns the item's row.
   */
  add(label: string, vector: V): number {
    const fn = 'ItemMemory.add';
    checkVector(fn, 'vector', this.model, vector);
    this.checkNewLabel(fn, 'label', label);
    this.checkFiniteRow(fn, 'vector', vector, 0, label);
    return this.push(label, vector);
  }

  /**
   * Store several items.
   *
   * @param labels - labels not yet in the memory, unique.
   * @param vectors - a batch `[labels.length, model.length]`; copied.
   * @returns the row of the first new item.
   */
  addMany(labels: readonly string[], vectors: V): number {
    return this.addManyAs('ItemMemory.addMany', labels, vectors);
  }

  private addManyAs(fn: string, labels: readonly string[], vectors: V): number {
    if (!Array.isArray(labels)) fail(fn, 'labels', 'an array of strings', labels, 'type');
    const count = this.model.count(vectors, fn, 'vectors');
    if (count !== labels.length)
      fail(fn, 'vectors', `${labels.length} rows (one per label)`, `${count} rows`);
    const seen = new Set<string>();
    for (let i = 0; i < labels.length; i++) {
      this.checkNewLabel(fn, `labels[${i}]`, labels[i]);
      if (seen.has(labels[i]))
        fail(fn, `labels[${i}]`, 'a label not repeated in labels', labels[i]);
      seen.add(labels[i]);
    }
    const L = this.model.length;
    for (let i = 0; i < labels.length; i++)
      this.checkFiniteRow(fn, 'vectors', vectors, i * L, labels[i], i);
    const first = this.n;
    for (let i = 0; i < labels.length; i++) {
      this.push(labels[i], vectors.subarray(i * L, (i + 1) * L) as V);
    }
    return first;
  }

  /** Whether `label` is stored. */
  has(label: string): boolean {
    return this.byLabel.has(label);
  }

  /** Row of `label`, or -1 when absent. */
  indexOf(label: string): number {
    return this.byLabel.get(label) ?? -1;
  }

  /**
   * The item stored under `label` (a view, `[model.length]`).
   *
   * @param label - a stored label; an unknown label throws a RangeError.
   * @returns the vector (no copy).
   */
  get(label: string): V {
    const i = this.byLabel.get(label);
    if (i === undefined) fail('ItemMemory.get', 'label', 'a stored label', label);
    return this.at(i);
  }

  /**
   * The item in row `index` (a view, `[model.length]`).
   *
   * @param index - an integer in [0, size).
   * @returns the vector (no copy).
   */
  at(index: number): V {
    if (this.n === 0 && typeof index === 'number')
      fail(
        'ItemMemory.at',
        'index',
        'a row of a non-empty memory (this ItemMemory is empty)',
        index,
      );
    checkInteger('ItemMemory.at', 'index', index, 0, this.n - 1);
    const L = this.model.length;
    return this.store.subarray(index * L, (index + 1) * L) as V;
  }

  /**
   * Similarities of q queries with every item, `[q, size]` row-major (the model's shape rule).
   *
   * @param query - one vector or a batch `[q, model.length]`.
   * @param out - optional output `Float32Array(q * size)`.
   * @returns the similarities.
   */
  similarities(query: V, out?: Float32Array): Float32Array {
    const fn = 'ItemMemory.similarities';
    this.model.count(query, fn, 'query');
    this.checkNotEmpty(fn);
    return this.model.similarity(query, this.vectors, out);
  }

  /**
   * Arg-max clean-up of one query: the most similar item (ties: the lowest row).
   *
   * @param query - one vector `[model.length]`.
   * @returns the best match.
   */
  query(query: V): Match {
    const fn = 'ItemMemory.query';
    checkVector(fn, 'query', this.model, query);
    this.checkNotEmpty(fn);
    const sims = this.model.similarity(query, this.vectors);
    return this.best(sims, 0);
  }

  /**
   * Arg-max clean-up of a batch of queries.
   *
   * @param queries - a batch `[q, model.length]`.
   * @returns q matches, one per query row.
   */
  queryBatch(queries: V): Match[] {
    const fn = 'ItemMemory.queryBatch';
    const q = this.model.count(queries, fn, 'queries');
    this.checkNotEmpty(fn);
    const sims = this.model.similarity(queries, this.vectors);
    const result: Match[] = [];
    for (let i = 0; i < q; i++) result.push(this.best(sims, i * this.n));
    return result;
  }

  /**
   * The k most similar items, most similar first (ties: lower row first).
   *
   * @param query - one vector `[model.length]`.
   * @param k - an integer in [1, size].
   * @returns k matches.
   */
  topK(query: V, k: number): Match[] {
    const fn = 'ItemMemory.topK';
    checkVector(fn, 'query', this.model, query);
    this.checkNotEmpty(fn);
    checkInteger(fn, 'k', k, 1, this.n);
    const sims = this.model.similarity(query, this.vectors);
    return this.sorted(sims).slice(0, k);
  }

  /**
   * Every item whose similarity is at least `threshold`, most similar first.
   *
   * @param query - one vector `[model.length]`.
   * @param threshold - a finite similarity (see {@link membershipThreshold} for one from theory).
   * @returns the matches (possibly none).
   */
  threshold(query: V, threshold: number): Match[] {
    const fn = 'ItemMemory.threshold';
    checkVector(fn, 'query', this.model, query);
    checkNumber(fn, 'threshold', threshold, -Infinity, Infinity);
    this.checkNotEmpty(fn);
    const sims = this.model.similarity(query, this.vectors);
    return this.sorted(sims).filter((m) => m.similarity >= threshold);
  }

  /**
   * Clean-up: a copy of the item most similar to `query`.
   *
   * @param query - one vector `[model.length]`.
   * @returns the best item (a new array).
   */
  cleanup(query: V): V {
    const m = this.query(query);
    return this.at(m.index).slice() as V;
  }

  /** @internal */
  checkNotEmpty(fn: string): void {
    if (this.n === 0) {
      throw new RangeError(
        `${fn}: memory expected at least one stored item, got an empty ItemMemory`,
      );
    }
  }

  private best(sims: Float32Array, off: number): Match {
    let bi = 0;
    let bs = sims[off];
    for (let j = 1; j < this.n; j++) {
      if (sims[off + j] > bs) {
        bs = sims[off + j];
        bi = j;
      }
    }
    return { index: bi, label: this.names[bi], similarity: bs };
  }

  private sorted(sims: Float32Array): Match[] {
    const all: Match[] = [];
    for (let j = 0; j < this.n; j++)
      all.push({ index: j, label: this.names[j], similarity: sims[j] });
    all.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
    return all;
  }

  /**
   * Float models: every element of the row at `off` must be finite (a NaN or infinite item
   * would poison every later query). Integer and bit-packed models hold only finite values.
   */
  private checkFiniteRow(
    fn: string,
    arg: string,
    x: V,
    off: number,
    label: string,
    row?: number,
  ): void {
    if (!(x instanceof Float32Array || x instanceof Float64Array)) return;
    const L = this.model.length;
    for (let j = 0; j < L; j++) {
      const v = x[off + j];
      if (v - v !== 0) {
        const where = row === undefined ? '' : `row ${row}, `;
        throw new RangeError(
          `${fn}: ${arg} expected finite values, got ${String(v)} at index ${off + j} (${where}label ${JSON.stringify(label)})`,
        );
      }
    }
  }

  private checkNewLabel(fn: string, arg: string, label: string): void {
    if (typeof label !== 'string') fail(fn, arg, 'a string label', label, 'type');
    if (this.byLabel.has(label)) fail(fn, arg, 'a label not yet stored', label);
  }

  private push(label: string, vector: V): number {
    const L = this.model.length;
    if ((this.n + 1) * L > this.store.length) {
      const bigger = this.model.alloc(Math.max(4, this.n * 2));
      bigger.set(this.store.subarray(0, this.n * L));
      this.store = bigger;
    }
    this.store.set(vector, this.n * L);
    this.names.push(label);
    this.byLabel.set(label, this.n);
    return this.n++;
  }
}
