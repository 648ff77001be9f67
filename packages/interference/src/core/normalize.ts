import { unitLayout, type TileKernel, type UnitLayout } from '../kernels/forEachBlock.js';
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
 * Row r of the unit rows: component k of `data` (from offset t, stride cs) times `inv`, rounded
 * once to Float32, written where `layout` puts it (zero-filled `U` keeps the padding zero).
 */
function writeRow(
  U: Float32Array,
  layout: UnitLayout,
  r: number,
  d: number,
  data: ArrayLike<number>,
  t: number,
  cs: number,
  inv: number,
): void {
  const { s, chunkStride } = layout;
  for (let k0 = 0, o = r * s; k0 < d; k0 += s, o += chunkStride) {
    const k1 = Math.min(d, k0 + s);
    for (let k = k0; k < k1; k++, t += cs) U[o + k - k0] = data[t] * inv;
  }
}

/**
 * The features as contiguous unit rows: a Float32Array `[n, d]`, row i = W_i / ||W_i||, or zero
 * for a dead feature (norm <= {@link DEAD_NORM}), laid out for the tile kernel (see
 * `unitLayout`; row-major for WebAssembly). Built once per call; all Gram work reads it.
 * Cost: O(nd) time, 4nd bytes (native: 16 n ceil(d/4)). @internal
 */
export function unitRows(
  F: FeatureMatrix,
  norms2: Float64Array,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
  kernel: TileKernel = 'wasm',
): Float32Array {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const layout = unitLayout(n, d, kernel);
  const U = alloc(layout.length);
  for (let i = 0; i < n; i++) {
    const norm = Math.sqrt(norms2[i]);
    if (norm <= DEAD_NORM) continue;
    writeRow(U, layout, i, d, data, i * fs, cs, 1 / norm);
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
 * once to Float32. `alloc` makes the Float32Array (e.g. on a SharedArrayBuffer for workers);
 * the rows are laid out for the tile kernel (see `unitLayout`; row-major for WebAssembly).
 * Cost: O(nd) time, 4Ld bytes (native: 16 L ceil(d/4)). @internal
 */
export function liveUnitRows(
  F: FeatureMatrix,
  norms2: Float64Array,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
  kernel: TileKernel = 'wasm',
): { U: Float32Array; live: Int32Array } {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const liveList: number[] = [];
  for (let i = 0; i < n; i++) if (Math.sqrt(norms2[i]) > DEAD_NORM) liveList.push(i);
  const live = Int32Array.from(liveList);
  const layout = unitLayout(live.length, d, kernel);
  const U = alloc(layout.length);
  for (let r = 0; r < live.length; r++) {
    const i = live[r];
    writeRow(U, layout, r, d, data, i * fs, cs, 1 / Math.sqrt(norms2[i]));
  }
  return { U, live };
}
