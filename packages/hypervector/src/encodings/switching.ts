import type { Rng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';

/**
 * The two end points of a basis built by switching units: `start` is a random atom and
 * `end` holds, per unit, the value a unit takes once switched. `changeable` is the number of
 * units that may switch so that the two ends are as far apart as independent atoms:
 * - bipolar and binary models (MAP-B, MAP-I, BSC): `end = -start` (flips), floor(d/2) units;
 * - real and phasor models (MAP-C, HRR, FHRR): `end` is an independent atom, all d units;
 * - sparse block codes: `end` differs from `start` in every segment, all S segments.
 * @internal
 */
export interface SwitchingEnds<V extends HVArray> {
  start: V;
  end: V;
  changeable: number;
}

/** Build the ends (see {@link SwitchingEnds}). @internal */
export function switchingEnds<V extends HVArray>(model: VSAModel<V>, rng: Rng): SwitchingEnds<V> {
  const start = model.random(1, { rng });
  const d = model.dim;
  switch (model.name) {
    case 'MAP-B':
    case 'MAP-I': {
      const end = start.slice() as V;
      for (let k = 0; k < end.length; k++) end[k] = -end[k];
      return { start, end, changeable: Math.floor(d / 2) };
    }
    case 'BSC': {
      const end = start.slice() as V;
      for (let w = 0; w < end.length; w++) end[w] = ~end[w] >>> 0;
      return { start, end, changeable: Math.floor(d / 2) };
    }
    case 'SBC': {
      const B = d / model.units;
      const end = start.slice() as V;
      for (let s = 0; s < end.length; s++) end[s] = (end[s] + 1 + rng.nextInt(B - 1)) % B;
      return { start, end, changeable: model.units };
    }
    default:
      return { start, end: model.random(1, { rng }), changeable: model.units };
  }
}

/** A seeded random order of the model's units (Fisher-Yates). @internal */
export function unitOrder(units: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(units);
  for (let i = 0; i < units; i++) order[i] = i;
  for (let i = units - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Copy unit `u` of `src` into `dst` (a bit for BSC, `length / units` elements otherwise). @internal */
export function copyUnit<V extends HVArray>(model: VSAModel<V>, src: V, dst: V, u: number): void {
  if (model.name === 'BSC') {
    const w = u >>> 5;
    const bit = 1 << (u & 31);
    dst[w] = ((dst[w] & ~bit) | (src[w] & bit)) >>> 0;
    return;
  }
  const stride = model.length / model.units;
  for (let t = 0; t < stride; t++) dst[u * stride + t] = src[u * stride + t];
}
