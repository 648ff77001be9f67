import { fail } from '../errors.js';
import { membershipThreshold } from '../memory/chance.js';
import { checkNumber, checkOptions, checkRngArg, checkSameModel } from '../memory/check.js';
import { ItemMemory } from '../memory/itemMemory.js';
import { createPermutation } from '../models/permutation.js';
import { createRng, type Rng } from '../random/rng.js';
import type { BundleNormalization, HVArray, Permutation, VSAModel } from '../types.js';

/** Options shared by the structures that bundle. */
export interface StructureOptions {
  /** Bundle normalisation (default: the model's own, `model.defaultNormalization`). */
  normalize?: BundleNormalization;
  /** Seeded generator for bundle tie-breaking (default: a fixed seed). */
  rng?: Rng;
  /**
   * False-positive rate of membership decisions (default 1e-4): the threshold is
   * {@link membershipThreshold}, the chance similarity plus z standard deviations.
   */
  falsePositiveRate?: number;
  /**
   * The permutation rho that marks positions, heads of edges and depths (default: a random
   * permutation of `model.units` from a fixed seed). A random permutation rather than a
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
  rng: Rng | undefined;
  threshold: number;
  rho: Powers;
}

/**
 * Integer powers of one permutation rho, applied through `model.permuteWith`; powers are
 * composed once and cached. @internal
 */
export class Powers {
  private readonly cache = new Map<number, Permutation>();
  constructor(readonly base: Permutation) {
    this.cache.set(1, base);
  }

  /** `rho^k(v)` for any integer k (negative k applies the inverse). */
  apply<V extends HVArray>(model: VSAModel<V>, v: V, k: number): V {
    if (k === 0) return v.slice() as V;
    const p = this.power(Math.abs(k));
    return k > 0 ? model.permuteWith(v, p) : model.unpermuteWith(v, p);
  }

  private power(k: number): Permutation {
    const hit = this.cache.get(k);
    if (hit !== undefined) return hit;
    const prev = this.power(k - 1);
    const f = this.base.forward;
    const forward = new Uint32Array(f.length);
    // y = rho(rho^{k-1}(x)): y[i] = (rho^{k-1} x)[f[i]] = x[prev[f[i]]].
    for (let i = 0; i < f.length; i++) forward[i] = prev.forward[f[i]];
    const inverse = new Uint32Array(f.length);
    for (let i = 0; i < f.length; i++) inverse[forward[i]] = i;
    const p: Permutation = { size: f.length, forward, inverse };
    this.cache.set(k, p);
    return p;
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
 * shared ones, a graph's `directed` is not).
 * @internal
 */
export function resolveOptions(
  fn: string,
  model: VSAModel,
  options: StructureOptions | undefined,
  extraKeys: readonly string[] = [],
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
    perm = createPermutation(model.units, { rng: createRng(PERMUTATION_SEED) });
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
    rng,
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
  if (typeof label !== 'string' || !memory.has(label))
    fail(fn, arg, `a label stored in ${what}`, label);
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
  return model.bundle(stackRows(model, vectors), { normalize: r.normalize, rng: r.rng });
}

/** Check a non-empty array argument. @internal */
export function checkList<T>(fn: string, arg: string, list: readonly T[], min = 1): readonly T[] {
  if (!Array.isArray(list)) fail(fn, arg, 'an array', list, 'type');
  if (list.length < min)
    fail(fn, arg, `an array of at least ${min} element${min === 1 ? '' : 's'}`, list);
  return list;
}
