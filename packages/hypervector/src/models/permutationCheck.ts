import { fail } from '../errors.js';
import type { Permutation } from '../types.js';

/**
 * The permutations known to be valid, with the arrays they held when they were checked: those
 * {@link createPermutation} made, and any other that passed the full check once. A hit costs one
 * lookup; an object whose `forward` or `inverse` was replaced since is checked again. Writes
 * into the arrays themselves are not seen (see {@link checkPermutation}).
 */
const valid = new WeakMap<object, { forward: Uint32Array; inverse: Uint32Array }>();

/** Record a permutation made valid by construction (createPermutation). @internal */
export function trustPermutation(perm: Permutation): void {
  valid.set(perm, { forward: perm.forward, inverse: perm.inverse });
}

/**
 * Check `perm` for an operation on `units` positions: an object with `forward` and `inverse`
 * Uint32Arrays of length `units` and `size === units`, `forward` a permutation of
 * 0..units - 1 and `inverse` its inverse (`inverse[forward[i]] === i`). The full check, O(units)
 * time and `units` bytes, runs once per object: after it (or for an object that
 * createPermutation returned) only the shape is checked and the same arrays are trusted, so
 * entries written into them later are not checked again. Throws a TypeError for a non-
 * permutation, a RangeError naming `perm`, `perm.forward` or `perm.inverse` otherwise.
 * @internal
 */
export function checkPermutation(fn: string, perm: Permutation, units: number): void {
  if (
    typeof perm !== 'object' ||
    perm === null ||
    !(perm.forward instanceof Uint32Array) ||
    !(perm.inverse instanceof Uint32Array)
  ) {
    fail(fn, 'perm', 'a Permutation from createPermutation(size, { rng })', perm, 'type');
  }
  const { forward, inverse } = perm;
  if (perm.size !== units || forward.length !== units) {
    const got = perm.size !== units ? `size ${String(perm.size)}` : `forward of ${forward.length}`;
    fail(fn, 'perm', `a Permutation of size ${units}`, got);
  }
  const known = valid.get(perm);
  if (known !== undefined && known.forward === forward && known.inverse === inverse) return;
  if (inverse.length !== units) fail(fn, 'perm.inverse', `Uint32Array(${units})`, inverse);
  const hit = new Uint8Array(units);
  for (let i = 0; i < units; i++) {
    const f = forward[i];
    if (f >= units || hit[f] === 1) {
      const why = f >= units ? 'out of range' : 'repeated';
      fail(fn, 'perm.forward', `a permutation of 0..${units - 1}`, `${f} at index ${i} (${why})`);
    }
    hit[f] = 1;
  }
  for (let i = 0; i < units; i++) {
    const f = forward[i];
    if (inverse[f] !== i) {
      fail(
        fn,
        'perm.inverse',
        'the inverse of perm.forward (inverse[forward[i]] = i)',
        `inverse[${f}] = ${inverse[f]} for i = ${i}`,
      );
    }
  }
  valid.set(perm, { forward, inverse });
}
