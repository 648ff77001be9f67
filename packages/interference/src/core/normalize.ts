import type { FeatureMatrix } from './featureMatrix.js';

/**
 * A norm at or below this is a dead feature: its direction is undefined, so its unit row is
 * zero (orthogonal to everything), its dimensionality is 0 and it is left out of pair
 * statistics (Elhage et al. 2022 define D_i with a clamped norm for the same reason).
 *
 * @example
 * ```ts
 * featureDimensionality({ data: Float64Array.of(1, DEAD_NORM / 2), rows: 1, cols: 2 }); // returns Float64Array [1, 0]
 * ```
 */
export const DEAD_NORM: number = 1e-9;

/** Squared norms ||W_i||^2 of the n features, in Float64. Cost O(nd). @internal */
export function squaredNorms(F: FeatureMatrix): Float64Array {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0, t = i * fs; k < d; k++, t += cs) s += data[t] * data[t];
    out[i] = s;
  }
  return out;
}

/**
 * The features as contiguous unit rows: a Float32Array `[n, d]`, row i = W_i / ||W_i||, or zero
 * for a dead feature (norm <= {@link DEAD_NORM}). Built once per call; all Gram work reads it.
 * Cost: O(nd) time, 4nd bytes. @internal
 */
export function unitRows(
  F: FeatureMatrix,
  norms2: Float64Array,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
): Float32Array {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const U = alloc(n * d);
  for (let i = 0; i < n; i++) {
    const norm = Math.sqrt(norms2[i]);
    if (norm <= DEAD_NORM) continue;
    const inv = 1 / norm;
    for (let k = 0, t = i * fs; k < d; k++, t += cs) U[i * d + k] = data[t] * inv;
  }
  return U;
}

/** Number of dead features (norm <= {@link DEAD_NORM}). @internal */
export function countDead(norms2: Float64Array): number {
  let c = 0;
  for (let i = 0; i < norms2.length; i++) if (Math.sqrt(norms2[i]) <= DEAD_NORM) c++;
  return c;
}

/**
 * Unit rows of the live features only (norm > {@link DEAD_NORM}), contiguous Float32
 * `[L, d]`, with their original indices. Pair statistics use it, so that a dead feature (no
 * direction) does not enter the |cos| distribution. Each row is scaled in Float64 and rounded
 * once to Float32. `alloc` makes the Float32Array (e.g. on a SharedArrayBuffer for workers).
 * Cost: O(nd) time, 4Ld bytes. @internal
 */
export function liveUnitRows(
  F: FeatureMatrix,
  norms2: Float64Array,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
): { U: Float32Array; live: Int32Array } {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const liveList: number[] = [];
  for (let i = 0; i < n; i++) if (Math.sqrt(norms2[i]) > DEAD_NORM) liveList.push(i);
  const live = Int32Array.from(liveList);
  const U = alloc(live.length * d);
  for (let r = 0; r < live.length; r++) {
    const i = live[r];
    const inv = 1 / Math.sqrt(norms2[i]);
    for (let k = 0, t = i * fs; k < d; k++, t += cs) U[r * d + k] = data[t] * inv;
  }
  return { U, live };
}
