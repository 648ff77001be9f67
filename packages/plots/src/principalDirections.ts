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
  let trace = 0;
  for (let a = 0; a < m; a++) trace += C[a * m + a];
  // a C-image smaller than this is round-off: that part of the spectrum is zero
  const tiny = Math.max(trace, Number.MIN_VALUE) * 1e-12;
  const found: Float64Array[] = [];
  for (let d = 0; d < k; d++) {
    // Deterministic start vectors: a generic one, then the hidden axes. A start whose image
    // under C vanishes once the directions found are removed (possible when eigenvalues tie)
    // is skipped, so a zero-variance direction is chosen only when nothing else is left.
    const starts: Float64Array[] = [];
    const generic = new Float64Array(m);
    for (let i = 0; i < m; i++) generic[i] = 1 + 0.37 * i + 0.11 * ((i * 7 + d) % 5);
    starts.push(generic);
    for (let i = 0; i < m; i++) {
      const e = new Float64Array(m);
      e[i] = 1;
      starts.push(e);
    }
    let v: Float64Array | null = null;
    for (const start of starts) {
      const u = orthonormalise(start, found, 1e-12);
      if (u === null) continue;
      const image = orthonormalise(multiply(C, u), found, tiny);
      if (image !== null) {
        v = image;
        break;
      }
    }
    if (v === null) {
      v = basisVectorOutside(found, m);
    } else {
      for (let iter = 0; iter < 1000; iter++) {
        const next = orthonormalise(multiply(C, v), found, tiny);
        if (next === null) break;
        let diff = 0;
        for (let i = 0; i < m; i++) diff = Math.max(diff, Math.abs(next[i] - v[i]));
        v = next;
        if (diff < 1e-13) break;
      }
    }
    let big = 0;
    for (let i = 0; i < m; i++) if (Math.abs(v[i]) > Math.abs(v[big]) + 1e-12) big = i;
    if (v[big] < 0) for (let i = 0; i < m; i++) v[i] = -v[i];
    found.push(v);
  }
  return found.map((v) => Array.from(v));
}

function multiply(C: Float64Array, v: Float64Array): Float64Array {
  const m = v.length;
  const w = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let b = 0; b < m; b++) s += C[a * m + b] * v[b];
    w[a] = s;
  }
  return w;
}

function orthonormalise(
  v: Float64Array,
  basis: readonly Float64Array[],
  tolerance: number,
): Float64Array | null {
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
  if (!(norm > tolerance)) return null;
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

function basisVectorOutside(basis: readonly Float64Array[], m: number): Float64Array {
  for (let i = 0; i < m; i++) {
    const e = new Float64Array(m);
    e[i] = 1;
    const v = orthonormalise(e, basis, 1e-12);
    if (v) return v;
  }
  return new Float64Array(m);
}
