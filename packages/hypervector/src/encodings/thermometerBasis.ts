import { fail } from '../errors.js';
import { checkInteger, checkModel } from '../memory/check.js';

/** Largest batch allocated in one typed array (2^31 - 1 elements). */
const MAX_BATCH_ELEMENTS = 2 ** 31 - 1;
import type { HVArray, VSAModel } from '../types.js';

/**
 * A thermometer basis: L deterministic vectors where level i has its first
 * round(i * d / (L - 1)) units "on" and the rest "off" (Kleyko et al. 2021 survey,
 * arXiv 2111.06077, section 3.2.1; Penz 1987). Levels 0 and L - 1 are opposite, and the
 * cosine between levels i and j is `1 - 2|i - j| / (L - 1)` up to rounding.
 *
 * Values: MAP and FHRR +1 on, -1 off (FHRR phases 0 and pi); HRR +-1/sqrt(d); BSC bit 1 on,
 * bit 0 off (similarity `1 - |i - j| / (L - 1)`); sparse block codes index 1 on, 0 off per
 * segment (overlap `1 - |i - j| / (L - 1)`).
 *
 * @param model - the VSA model.
 * @param levels - L >= 2, with `L * model.length <= 2^31 - 1` (one typed array).
 * @returns a batch `[L, model.length]`, level 0 first (no randomness).
 * @example
 * ```ts
 * const vsa = MAP({ dim: 1000, variant: 'B' });
 * const t = thermometerBasis(vsa, 5);
 * vsa.similarity(vsa.row(t, 0), t); // returns [1, 0.5, 0, -0.5, -1]
 * ```
 */
export function thermometerBasis<V extends HVArray>(model: VSAModel<V>, levels: number): V {
  const fn = 'thermometerBasis';
  checkModel(fn, 'model', model);
  checkInteger(fn, 'levels', levels, 2);
  // One typed array holds the batch: at most MAX_BATCH_ELEMENTS elements.
  const maxLevels = Math.floor(MAX_BATCH_ELEMENTS / model.length);
  if (levels > maxLevels)
    fail(
      fn,
      'levels',
      `at most ${maxLevels} levels (levels * model.length = ${levels} * ${model.length} must be <= ${MAX_BATCH_ELEMENTS}, one typed array)`,
      levels,
    );
  const L = levels;
  const out = model.alloc(L);
  const len = model.length;
  const units = model.units;
  const stride = len / units;
  const name = model.name;
  const hi = name === 'HRR' ? 1 / Math.sqrt(model.dim) : 1;
  for (let i = 0; i < L; i++) {
    const on = Math.round((i * units) / (L - 1));
    const off = i * len;
    for (let u = 0; u < units; u++) {
      const isOn = u < on;
      if (name === 'BSC') {
        if (isOn) out[off + (u >>> 5)] |= 1 << (u & 31);
      } else if (name === 'SBC') {
        out[off + u] = isOn ? 1 : 0;
      } else if (name === 'FHRR') {
        out[off + u * stride] = isOn ? 1 : -1;
      } else {
        out[off + u] = isOn ? hi : -hi;
      }
    }
  }
  return out;
}
