import type { MatrixInput } from './types.js';
import { fail, toMatrix, type Matrix } from './validate.js';

/**
 * The top `k` principal directions of the feature vectors (the columns of `W`), by power
 * iteration with deflation on the uncentred second-moment matrix `W W^T` (`[m, m]`).
 * Uncentred, because the origin means "feature absent" in a toy model and must stay fixed.
 * Directions are unit vectors, signed so that their largest-magnitude component is positive;
 * where eigenvalues tie (a regular polygon), any orthonormal basis of the tied space is valid
 * and the deterministic start vector picks one.
 *
 * @param W - row-major `[nHidden, nFeatures]`: column i is feature i's direction.
 * @param k - how many directions (1 to nHidden). Default 2.
 * @returns `k` rows of `nHidden` numbers, the directions in decreasing order of variance.
 * @example
 * ```ts
 * // three features in 3-D, most weight along the first two hidden axes
 * const W = [[2, 0, 0], [0, 1, 0], [0, 0, 0.1]];
 * principalDirections(W, 2); // [[1, 0, 0], [0, 1, 0]]
 * ```
 */
export function principalDirections(W: MatrixInput, k = 2): number[][] {
  const M = toMatrix('principalDirections', 'W', W);
  if (!Number.isInteger(k) || k < 1 || k > M.rows) {
    fail('principalDirections', 'k', `an integer in [1, nHidden = ${M.rows}]`, k);
  }
  return principalDirectionsOf(M, k);
}

/** Kernel of {@link principalDirections}; trusts its caller. @internal */
export function principalDirectionsOf(M: Matrix, k: number): number[][] {
  const { data, rows: m, cols: n } = M;
  const C = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += data[a * n + j] * data[b * n + j];
      C[a * m + b] = s;
      C[b * m + a] = s;
    }
  }
  const found: Float64Array[] = [];
  for (let d = 0; d < k; d++) {
    // Deterministic, generic start vector, orthogonalised against the directions found.
    let v: Float64Array = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = 1 + 0.37 * i + 0.11 * ((i * 7) % 5);
    v = orthonormalise(v, found) ?? basisVectorOutside(found, m);
    for (let iter = 0; iter < 1000; iter++) {
      const w = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        let s = 0;
        for (let b = 0; b < m; b++) s += C[a * m + b] * v[b];
        w[a] = s;
      }
      const next = orthonormalise(w, found);
      if (next === null) break; // the rest of the spectrum is zero: any orthogonal direction will do
      let diff = 0;
      for (let i = 0; i < m; i++) diff = Math.max(diff, Math.abs(next[i] - v[i]));
      v = next;
      if (diff < 1e-13) break;
    }
    let big = 0;
    for (let i = 0; i < m; i++) if (Math.abs(v[i]) > Math.abs(v[big]) + 1e-12) big = i;
    if (v[big] < 0) for (let i = 0; i < m; i++) v[i] = -v[i];
    found.push(v);
  }
  return found.map((v) => Array.from(v));
}

function orthonormalise(v: Float64Array, basis: readonly Float64Array[]): Float64Array | null {
  const out = Float64Array.from(v);
  for (let pass = 0; pass < 2; pass++) {
    for (const u of basis) {
      let dot = 0;
      for (let i = 0; i < out.length; i++) dot += out[i] * u[i];
      for (let i = 0; i < out.length; i++) out[i] -= dot * u[i];
    }
  }
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i] * out[i];
  norm = Math.sqrt(norm);
  if (!(norm > 1e-12)) return null;
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

function basisVectorOutside(basis: readonly Float64Array[], m: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const e = new Float64Array(m);
    e[i] = 1;
    const v = orthonormalise(e, basis);
    if (v) return v;
  }
  return new Float64Array(m);
}
