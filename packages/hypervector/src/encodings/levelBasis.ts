import { checkKeys, fail } from '../errors.js';
import { checkInteger, checkModel, checkRngArg } from '../memory/check.js';
import type { HVArray, RandomOptions, VSAModel } from '../types.js';
import { copyUnit, switchingEnds, unitOrder } from './switching.js';

/**
 * A level basis: L vectors for L ordered levels (quantised values), neighbours similar and
 * the two ends as dissimilar as independent atoms. Expected similarity between levels i and
 * j is `1 - |i - j| / (L - 1)` on the cosine scale (Rachkovskij, Slipchenko, Kussul and
 * Baidyk 2005; Kleyko et al. 2021 survey, arXiv 2111.06077, section 3.2.1).
 *
 * Construction: units switch from a random atom towards an end vector along one seeded
 * random order, round(i * m / (L - 1)) units switched at level i:
 * - MAP-B, MAP-I, BSC: switching flips a sign (bit), m = floor(d/2) flips in all, i.e.
 *   d / (2(L - 1)) distinct flips per step; the law is exact up to rounding. For BSC, whose
 *   similarity is 1 - Hamming/d, it reads `1 - |i - j| / (2(L - 1))` (cosine of the bipolar form);
 * - MAP-C, HRR, FHRR: switching replaces a unit by that of an independent atom (an
 *   interpolation between two atoms), m = d; the law holds in expectation;
 * - sparse block codes: switching moves a segment's active unit to another position,
 *   m = S segments; the overlap follows the law exactly up to rounding.
 *
 * @param model - the VSA model.
 * @param levels - L >= 2.
 * @param options - `{ rng }`.
 * @returns a batch `[L, model.length]`, level 0 first.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 10_000, variant: 'B' });
 * const levels = levelBasis(vsa, 11, { rng: createRng(1) });
 * vsa.similarity(vsa.row(levels, 0), levels); // returns [1, 0.9, 0.8, ..., 0]
 * ```
 */
export function levelBasis<V extends HVArray>(
  model: VSAModel<V>,
  levels: number,
  options: RandomOptions,
): V {
  const fn = 'levelBasis';
  checkModel(fn, 'model', model);
  const L = checkInteger(fn, 'levels', levels, 2);
  if (typeof options !== 'object' || options === null)
    fail(fn, 'options', '{ rng }', options, 'type');
  checkKeys(fn, 'options', options, ['rng']);
  const rng = checkRngArg(fn, 'options.rng', options.rng);
  const { start, end, changeable } = switchingEnds(model, rng);
  const order = unitOrder(model.units, rng);
  const out = model.alloc(L);
  const len = model.length;
  const current = start.slice() as V;
  let switched = 0;
  for (let i = 0; i < L; i++) {
    const target = Math.round((i * changeable) / (L - 1));
    for (; switched < target; switched++) copyUnit(model, end, current, order[switched]);
    out.set(current, i * len);
  }
  return out;
}
