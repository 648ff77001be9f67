import { checkKeys, fail } from '../errors.js';
import { checkInteger, checkModel, checkRngArg } from '../memory/check.js';
import type { HVArray, RandomOptions, VSAModel } from '../types.js';
import { copyUnit, switchingEnds, unitOrder } from './switching.js';

/**
 * A circular basis: L vectors for L points on a circle (angles, hours, phases), with
 * expected similarity `1 - 2c / L` between levels i and j at circular distance
 * c = min(|i - j|, L - |i - j|), so opposite points are as dissimilar as independent atoms
 * (Nunes et al. 2022, "Extension of hyperdimensional computing to circular data";
 * Kleyko et al. 2021 survey, arXiv 2111.06077).
 *
 * Construction: as {@link levelBasis}, units switch along one seeded random order; unit r
 * (of the m switchable) is switched while the level's position i/L lies in
 * [(r + 1/2)/(2m), (r + 1/2)/(2m) + 1/2) modulo 1: the first half of the circle switches
 * units on, the second half switches them back in the same order. Bipolar/binary models
 * flip floor(d/2) units (BSC similarity reads `1 - c/L`); real and phasor models
 * interpolate towards an independent atom; sparse block codes move segments.
 *
 * @param model - the VSA model.
 * @param levels - L >= 2 points on the circle.
 * @param options - `{ rng }`.
 * @returns a batch `[L, model.length]`.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 10_000, variant: 'B' });
 * const hours = circularBasis(vsa, 24, { rng: createRng(2) });
 * vsa.similarity(vsa.row(hours, 0), vsa.row(hours, 23))[0]; // about 0.917 (1 - 2/24: hours 23 and 0 are neighbours)
 * ```
 */
export function circularBasis<V extends HVArray>(
  model: VSAModel<V>,
  levels: number,
  options: RandomOptions,
): V {
  const fn = 'circularBasis';
  checkModel(fn, 'model', model);
  const L = checkInteger(fn, 'levels', levels, 2);
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', '{ rng }', options, 'type');
  checkKeys(fn, 'options', options, ['rng']);
  const rng = checkRngArg(fn, 'options.rng', options.rng);
  const { start, end, changeable: m } = switchingEnds(model, rng);
  const order = unitOrder(model.units, rng);
  const out = model.alloc(L);
  const len = model.length;
  for (let i = 0; i < L; i++) {
    const v = start.slice() as V;
    const p = i / L;
    for (let r = 0; r < m; r++) {
      const on = (r + 0.5) / (2 * m);
      const t = (((p - on) % 1) + 1) % 1;
      if (t < 0.5) copyUnit(model, end, v, order[r]);
    }
    out.set(v, i * len);
  }
  return out;
}
