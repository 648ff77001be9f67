import {
  FEATURE_OPTION_KEYS,
  featureMatrixAs,
  type FeatureOptions,
  type MatrixLike,
} from '../core/featureMatrix.js';
import { pow2Scale } from '../core/normalize.js';
import { checkKeys } from '../errors.js';
import { gramBlock } from '../kernels/gramBlock.js';
import { jacobiEigenvalues } from '../kernels/jacobiEigen.js';

/**
 * Singular values of the feature matrix, from the eigenvalues of its small Gram matrix
 * (W W^T, k x k with k = min(n, d)) by the symmetric Jacobi method.
 *
 * Entries of any finite size: where the largest |W_ik| is outside [2^-30, 2^30], the values
 * come from a copy scaled by a power of two (exact) and are scaled back (a singular value above
 * Float64's largest, about 1.8e308, is Infinity).
 *
 * Shape: `W` row-major `[nHidden, nFeatures]` (default) or `[n, d]` with `features: 'rows'`.
 * Cost: forming the Gram matrix, 2 n d k flops through the blocked kernel (about 5.2e10 at
 * n = 1e5, d = 512: tens of seconds in plain JS), memory 4nd (a Float32 transposed copy) + 8 k^2;
 * Jacobi, about 6 k^3 flops per sweep (k = 512: under a second a sweep, ~8 sweeps).
 *
 * @param W - feature matrix view.
 * @param options - `{ features }` orientation.
 * @returns Float64Array(min(n, d)), descending, non-negative.
 * @example
 * ```ts
 * singularValues({ data: Float64Array.of(3, 0, 0, 4), rows: 2, cols: 2 }); // returns Float64Array [4, 3]
 * ```
 */
export function singularValues(W: MatrixLike, options: FeatureOptions = {}): Float64Array {
  checkKeys('singularValues', 'options', options, FEATURE_OPTION_KEYS);
  return singularValuesAs('singularValues', W, options);
}

/** {@link singularValues} with the calling public function's name in error messages; the option keys are the caller's to check. @internal */
export function singularValuesAs(fn: string, W: MatrixLike, options: FeatureOptions): Float64Array {
  const F = featureMatrixAs(fn, W, options);
  const { nFeatures: n, dim: d, featureStride: fs, componentStride: cs } = F;
  // Entries far from 1 would overflow or underflow in the Float32 copy and the squares: a
  // copy scaled by a power of two near 1 / max |W_ik| (exact) goes in instead, and the singular
  // values are scaled back.
  let data = F.data;
  let max = 0;
  for (let t = 0; t < data.length; t++) max = Math.max(max, Math.abs(data[t]));
  const f = max > 2 ** 30 || (max > 0 && max < 2 ** -30) ? pow2Scale(max) : 1;
  if (f !== 1) data = Float64Array.from(F.data, (x) => x * f);
  // Rows of V are the vectors whose pairwise dots form the small Gram: the d coordinate
  // vectors (length n) when d <= n, else the n features (length d).
  const byCoordinate = d <= n;
  const k = byCoordinate ? d : n;
  const len = byCoordinate ? n : d;
  const V = new Float32Array(k * len);
  const A = new Float64Array(k * k);
  if (byCoordinate) {
    for (let c = 0; c < d; c++) for (let i = 0; i < n; i++) V[c * n + i] = data[i * fs + c * cs];
  } else {
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) V[i * d + c] = data[i * fs + c * cs];
  }
  // Float32 copies lose ~1e-7 relative; for small problems redo the Gram exactly in Float64.
  if (k * k * len <= 2 ** 24) {
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let t = 0; t < len; t++) {
          const x = byCoordinate ? data[t * fs + a * cs] : data[a * fs + t * cs];
          const y = byCoordinate ? data[t * fs + b * cs] : data[b * fs + t * cs];
          s += x * y;
        }
        A[a * k + b] = s;
        A[b * k + a] = s;
      }
    }
  } else {
    gramBlock(V, len, 0, k, 0, k, A);
  }
  const ev = jacobiEigenvalues(A, k);
  for (let t = 0; t < k; t++) ev[t] = Math.sqrt(Math.max(0, ev[t])) / f;
  return ev;
}
