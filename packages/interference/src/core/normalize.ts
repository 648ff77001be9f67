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

/**
 * Norms in [2^-450, 2^450]: their squares, and the sums of d of them, are normal Float64 numbers
 * (entries that large or small overflow or underflow when squared).
 */
const SAFE_NORM = 2 ** 450;

/**
 * The power of two 2^-e with `max` 2^-e in [0.5, 1), e clamped to [-1023, 1023] (a subnormal
 * max then scales to about 2^-51); multiplying by it is exact. @internal
 */
export function pow2Scale(max: number): number {
  return 2 ** Math.min(1023, Math.max(-1023, -Math.floor(Math.log2(max)) - 1));
}

/**
 * Norms ||W_i|| of the n features, in Float64, for entries of any finite size: the square
 * root of the plain sum of squares where that norm is in [2^-450, 2^450] (the common case, the
 * same bits as before), else the sum of squares of the entries scaled by a power of two near
 * 1 / max |W_ik| (so 1e-200 or 1e160 entries give their norms, not 0 or Infinity; a norm
 * above Float64's largest, about 1.8e308, is Infinity). Cost O(nd). @internal
 */
export function featureNormsOf(F: FeatureMatrix): Float64Array {
  return normsAndWeights(F).norms;
}

/**
 * {@link featureNormsOf}'s norms, and the weights of the interference sums: `n2[i]` =
 * (||W_i|| / scale)^2 with `scale` a power of two. While every norm is at most 2^450, scale is
 * 1 and `n2` holds the plain squared norms (the same bits as before); above, scale is near the
 * largest norm, so that sums of n weights stay finite, and the metrics scale back by it.
 * @internal
 */
export function normsAndWeights(F: FeatureMatrix): {
  norms: Float64Array;
  n2: Float64Array;
  scale: number;
} {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const n2 = squaredNorms(F);
  const norms = new Float64Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    let norm = Math.sqrt(n2[i]);
    if (!(norm >= 1 / SAFE_NORM && norm <= SAFE_NORM)) {
      let big = 0;
      for (let k = 0, t = i * fs; k < d; k++, t += cs) big = Math.max(big, Math.abs(data[t]));
      if (big > 0) {
        const f = pow2Scale(big);
        let sum = 0;
        for (let k = 0, t = i * fs; k < d; k++, t += cs) {
          const x = data[t] * f;
          sum += x * x;
        }
        norm = Math.sqrt(sum) / f;
        n2[i] = norm * norm;
      }
    }
    norms[i] = norm;
    if (norm > max) max = norm;
  }
  if (max <= SAFE_NORM) return { norms, n2, scale: 1 };
  const scale = 1 / pow2Scale(max);
  for (let i = 0; i < n; i++) {
    const x = norms[i] / scale;
    n2[i] = x * x;
  }
  return { norms, n2, scale };
}

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
 * Row r of the unit rows: component k of `data` (from offset t, stride cs) times 1 / `norm`,
 * rounded once to Float32, written where `layout` puts it (zero-filled `U` keeps the padding
 * zero).
 */
function writeRow(
  U: Float32Array,
  layout: UnitLayout,
  r: number,
  d: number,
  data: ArrayLike<number>,
  t: number,
  cs: number,
  norm: number,
): void {
  const { s, chunkStride } = layout;
  // 1 / norm is subnormal (digits lost) for a norm above 2^1022: then the entries are scaled
  // by 2^-200 first (exact), and so is the norm.
  const pre = norm < 2 ** 1000 ? 1 : 2 ** -200;
  const inv = 1 / (norm * pre);
  for (let k0 = 0, o = r * s; k0 < d; k0 += s, o += chunkStride) {
    const k1 = Math.min(d, k0 + s);
    for (let k = k0; k < k1; k++, t += cs) U[o + k - k0] = data[t] * pre * inv;
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
  norms: Float64Array,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
  kernel: TileKernel = 'wasm',
): Float32Array {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const layout = unitLayout(n, d, kernel);
  const U = alloc(layout.length);
  for (let i = 0; i < n; i++) {
    const norm = norms[i];
    if (norm <= DEAD_NORM) continue;
    writeRow(U, layout, i, d, data, i * fs, cs, norm);
  }
  return U;
}

/** Number of dead features (norm <= {@link DEAD_NORM}) among `norms`. @internal */
export function countDead(norms: Float64Array): number {
  let c = 0;
  for (let i = 0; i < norms.length; i++) if (norms[i] <= DEAD_NORM) c++;
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
  norms: Float64Array,
  alloc: (length: number) => Float32Array = (length) => new Float32Array(length),
  kernel: TileKernel = 'wasm',
): { U: Float32Array; live: Int32Array } {
  const { data, nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  const liveList: number[] = [];
  for (let i = 0; i < n; i++) if (norms[i] > DEAD_NORM) liveList.push(i);
  const live = Int32Array.from(liveList);
  const layout = unitLayout(live.length, d, kernel);
  const U = alloc(layout.length);
  for (let r = 0; r < live.length; r++) {
    const i = live[r];
    writeRow(U, layout, r, d, data, i * fs, cs, norms[i]);
  }
  return { U, live };
}
