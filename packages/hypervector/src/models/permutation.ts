import { checkInteger, checkKeys, fail } from '../errors.js';
import type { Permutation, RandomOptions } from '../types.js';
import { checkRng } from './base.js';
import { trustPermutation } from './permutationCheck.js';

/**
 * A seeded uniformly random permutation of `size` positions (Fisher-Yates, Knuth vol. 2,
 * Algorithm P) with its inverse, for {@link VSAModel.permuteWith} and
 * {@link VSAModel.unpermuteWith}. Use `model.units` as the size.
 *
 * @param size - number of positions (positive integer).
 * @param options - `{ rng, cycle }`: the seeded generator; `cycle: true` draws a uniformly
 *   random single cycle of all positions instead (Sattolo's algorithm): its powers rho^k have
 *   no fixed point for 0 < k < size, so that `x ⊗ rho^k(y)` shares no coordinate pattern with
 *   `y ⊗ rho^k(x)`, as a random permutation's fixed points (one on average) would.
 * @returns `{ size, forward: Uint32Array(size), inverse: Uint32Array(size) }` with
 *   `forward[inverse[i]] = i`.
 *
 * `permuteWith` and `unpermuteWith` trust what this returns: they check only its size on
 * each call. Any other object is checked in full (forward a permutation of 0..size - 1, inverse
 * its inverse; O(size) time) the first time an operation sees it, then trusted the same way
 * while it holds the same two arrays. Entries written into `forward` or `inverse` afterwards
 * are not checked: make a new permutation instead of editing one.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 8, variant: 'B' });
 * const p = createPermutation(vsa.units, { rng: createRng(3) });
 * const x = vsa.random(1, { rng: createRng(4) });
 * vsa.unpermuteWith(vsa.permuteWith(x, p), p); // equals x
 * createPermutation(5, { rng: createRng(3), cycle: true }).forward.some((v, i) => v === i); // returns false
 * ```
 */
export function createPermutation(
  size: number,
  options: RandomOptions & { cycle?: boolean },
): Permutation {
  checkInteger('createPermutation', 'size', size, 1, 2 ** 32 - 1);
  if (typeof options !== 'object' || options === null)
    fail('createPermutation', 'options', '{ rng, cycle? }', options, 'type');
  checkKeys('createPermutation', 'options', options, ['rng', 'cycle']);
  const rng = checkRng('createPermutation', 'options.rng', options.rng);
  const cycle = options.cycle ?? false;
  if (typeof cycle !== 'boolean')
    fail('createPermutation', 'options.cycle', 'a boolean', cycle, 'type');
  const forward = new Uint32Array(size);
  for (let i = 0; i < size; i++) forward[i] = i;
  // Sattolo's variant (j < i) draws a uniformly random single cycle of all positions
  for (let i = size - 1; i > 0; i--) {
    const j = cycle ? rng.nextInt(i) : rng.nextInt(i + 1);
    const t = forward[i];
    forward[i] = forward[j];
    forward[j] = t;
  }
  const inverse = new Uint32Array(size);
  for (let i = 0; i < size; i++) inverse[forward[i]] = i;
  const perm = { size, forward, inverse };
  trustPermutation(perm);
  return perm;
}
