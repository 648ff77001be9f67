import { fail } from '../errors.js';
import { membershipThreshold } from '../memory/chance.js';
import { checkNumber, checkOptions, checkRngArg, checkSameModel } from '../memory/check.js';
import { ItemMemory } from '../memory/itemMemory.js';
import { createPermutation } from '../models/permutation.js';
import { trustPermutation } from '../models/permutationCheck.js';
import { createRng, type Rng } from '../random/rng.js';
import type { BundleNormalization, HVArray, Permutation, VSAModel } from '../types.js';

/** Options shared by the structures that bundle. */
export interface StructureOptions {
  /** Bundle normalisation (default: the model's own, `model.defaultNormalization`). */
  normalize?: BundleNormalization;
  /**
   * Seeded generator for bundle tie-breaking (default: a fixed seed). One 32-bit seed is drawn
   * from it at construction and every encode breaks ties with a fresh generator of that seed,
   * so encoding the same input twice gives the same vector.
   */
  rng?: Rng;
  /**
   * False-positive rate of membership decisions (default 1e-4): the threshold is
   * {@link membershipThreshold}: the chance similarity plus z standard deviations (for sparse
   * block codes, the exact binomial count).
   */
  falsePositiveRate?: number;
  /**
   * The permutation rho that marks positions, heads of edges and depths (default: a random
   * single cycle of `model.units` from a fixed seed, `createPermutation(units, { rng, cycle:
   * true })`, whose powers have no fixed point: a reversed edge or a shifted position shares
   * no coordinate with the original). A random permutation rather than a
   * cyclic shift, because cyclic shifts commute with HRR's circular convolution
   * (`shift(a) ⊛ b = shift(a ⊛ b)`), which would erase order in bound structures.
   */
  permutation?: Permutation;
}

/** Seed of the default structure permutation. @internal */
export const PERMUTATION_SEED = 0x9e37;

/** Checked common options. @internal */
export interface Resolved {
  normalize: BundleNormalization | undefined;
  /** Seed of the tie-break generator of each bundle (undefined: the model's default). */
  tieSeed: number | undefined;
  threshold: number;
  rho: Powers;
}

/** Most recently used powers kept by {@link Powers} besides the powers of two. @internal */
export const POWER_CACHE_LIMIT = 64;

/** `rho^(a+b)` from `rho^a` and `rho^b`: `y[i] = x[fb[fa[i]]]` (powers of one rho commute). */
function compose(fa: Uint32Array, fb: Uint32Array): Permutation {
  const n = fa.length;
  const forward = new Uint32Array(n);
  for (let i = 0; i < n; i++) forward[i] = fb[fa[i]];
  const inverse = new Uint32Array(n);
  for (let i = 0; i < n; i++) inverse[forward[i]] = i;
  const p: Permutation = { size: n, forward, inverse };
  trustPermutation(p);
  return p;
}

/**
 * Integer powers of one permutation rho, applied through `model.permuteWith`. A power is
 * computed directly: from the cached power k - 1 when there is one (one composition, the
 * common case of consecutive positions), otherwise by repeated squaring over the powers
 * `rho^(2^j)` (at most log2(k) + 1 compositions, no recursion). Memory is bounded: the
 * powers of two (at most 53) and the {@link POWER_CACHE_LIMIT} most recently used powers.
 * @internal
 */
export class Powers {
  private readonly recent = new Map<number, Permutation>();
  private readonly squares: Permutation[];
  constructor(readonly base: Permutation) {
    this.squares = [base];
  }

  /** `rho^k(v)` for any integer k (negative k applies the inverse). */
  apply<V extends HVArray>(model: VSAModel<V>, v: V, k: number): V {
    if (k === 0) return v.slice() as V;
    const p = this.power(Math.abs(k));
    return k > 0 ? model.permuteWith(v, p) : model.unpermuteWith(v, p);
  }

  /** `rho^k` for an integer k >= 1. */
  power(k: number): Permutation {
    if (k === 1) return this.base;
    const hit = this.recent.get(k);
    if (hit !== undefined) {
      // Refresh: a Map iterates in insertion order, so the first key is the least recent.
      this.recent.delete(k);
      this.recent.set(k, hit);
      return hit;
    }
    const prev = k === 2 ? this.base : this.recent.get(k - 1);
    let p: Permutation;
    if (prev !== undefined) {
      p = compose(prev.forward, this.base.forward);
    } else {
      let acc: Permutation | undefined;
      let m = k;
      for (let j = 0; m > 0; j++, m = Math.floor(m / 2)) {
        if (j >= this.squares.length) {
          const s = this.squares[j - 1];
          this.squares.push(compose(s.forward, s.forward));
        }
        if (m % 2 === 1)
          acc = acc === undefined ? this.squares[j] : compose(acc.forward, this.squares[j].forward);
      }
      p = acc as Permutation;
    }
    this.recent.set(k, p);
    if (this.recent.size > POWER_CACHE_LIMIT) {
      const oldest = this.recent.keys().next().value as number;
      this.recent.delete(oldest);
    }
    return p;
  }

  /** Number of cached permutations (for tests). @internal */
  get cached(): number {
    return this.recent.size + this.squares.length;
  }
}

/** Validate a memory argument. @internal */
export function checkMemory<V extends HVArray>(
  fn: string,
  arg: string,
  memory: ItemMemory<V>,
): ItemMemory<V> {
  if (!(memory instanceof ItemMemory)) fail(fn, arg, 'an ItemMemory', memory, 'type');
  return memory;
}

/** The keys of {@link StructureOptions}. */
const STRUCTURE_KEYS: readonly string[] = ['normalize', 'rng', 'falsePositiveRate', 'permutation'];

/**
 * Validate the shared options; `extraKeys` are the encoder's own (a tree's `rng` is among the
 * shared ones, a graph's `directed` is not). With `drawSeed` false the tie-break seed is left
 * for the caller to draw (a tree draws its role vectors first).
 * @internal
 */
export function resolveOptions(
  fn: string,
  model: VSAModel,
  options: StructureOptions | undefined,
  extraKeys: readonly string[] = [],
  drawSeed = true,
): Resolved {
  const opts = checkOptions(fn, options, [...STRUCTURE_KEYS, ...extraKeys]);
  const rng = opts.rng === undefined ? undefined : checkRngArg(fn, 'options.rng', opts.rng);
  const alpha = checkNumber(
    fn,
    'options.falsePositiveRate',
    opts.falsePositiveRate ?? 1e-4,
    Number.MIN_VALUE,
    0.5,
  );
  let perm = opts.permutation;
  if (perm === undefined)
    perm = createPermutation(model.units, { rng: createRng(PERMUTATION_SEED), cycle: true });
  else if (
    typeof perm !== 'object' ||
    perm === null ||
    !(perm.forward instanceof Uint32Array) ||
    perm.size !== model.units
  ) {
    fail(
      fn,
      'options.permutation',
      `a Permutation of size ${model.units} (createPermutation(model.units, { rng }))`,
      perm,
      'type',
    );
  }
  return {
    normalize: opts.normalize,
    tieSeed: rng === undefined || !drawSeed ? undefined : rng.nextUint32(),
    threshold: membershipThreshold(model, { falsePositiveRate: alpha }),
    rho: new Powers(perm),
  };
}

/** Two memories of one model. @internal */
export function checkPair(fn: string, a: ItemMemory, argB: string, b: ItemMemory): void {
  checkSameModel(fn, argB, a.model, b.model);
}

/** The vector stored under `label`, with an error naming the structure. @internal */
export function lookup<V extends HVArray>(
  fn: string,
  arg: string,
  memory: ItemMemory<V>,
  label: string,
  what: string,
): V {
  if (typeof label !== 'string') fail(fn, arg, `a string label stored in ${what}`, label, 'type');
  if (!memory.has(label)) fail(fn, arg, `a label stored in ${what}`, label);
  return memory.get(label);
}

/** Stack vectors into one batch `[vectors.length, model.length]`. @internal */
export function stackRows<V extends HVArray>(model: VSAModel<V>, vectors: readonly V[]): V {
  const out = model.alloc(vectors.length);
  vectors.forEach((v, i) => out.set(v, i * model.length));
  return out;
}

/** Bundle vectors with the resolved options. @internal */
export function bundleOf<V extends HVArray>(
  model: VSAModel<V>,
  vectors: readonly V[],
  r: Resolved,
): V {
  return model.bundle(stackRows(model, vectors), {
    normalize: r.normalize,
    rng: r.tieSeed === undefined ? undefined : createRng(r.tieSeed),
  });
}

/** Check a non-empty array argument. @internal */
export function checkList<T>(fn: string, arg: string, list: readonly T[], min = 1): readonly T[] {
  if (!Array.isArray(list)) fail(fn, arg, 'an array', list, 'type');
  if (list.length < min)
    fail(fn, arg, `an array of at least ${min} element${min === 1 ? '' : 's'}`, list);
  return list;
}

/** Check that `pair` is a `[string, string]` array (a string is not a pair). @internal */
export function checkPairArg(fn: string, arg: string, pair: unknown, what: string): void {
  if (!Array.isArray(pair) || pair.length !== 2)
    fail(fn, arg, `a ${what} array of two labels`, pair, 'type');
}
