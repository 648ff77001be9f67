import type { Matrix } from './validate.js';

/**
 * Euclidean norm of each column of `W` (`[rows, cols]`): one number per feature. Scaled by the
 * column's largest |entry| before squaring, so that tiny entries do not underflow to a zero
 * norm (and large ones could not overflow).
 * @internal
 */
export function columnNorms(W: Matrix): Float64Array {
  const { data, rows, cols } = W;
  const scale = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) scale[j] = Math.max(scale[j], Math.abs(data[i * cols + j]));
  }
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) if (scale[j] > 0) out[j] += (data[i * cols + j] / scale[j]) ** 2;
  }
  for (let j = 0; j < cols; j++) out[j] = Math.sqrt(out[j]) * scale[j];
  return out;
}

/** The Gram matrix `W^T W` (`[cols, cols]`, row-major). @internal */
export function gram(W: Matrix): Float64Array {
  const { data, rows, cols } = W;
  const out = new Float64Array(cols * cols);
  for (let a = 0; a < cols; a++) {
    for (let b = a; b < cols; b++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += data[i * cols + a] * data[i * cols + b];
      out[a * cols + b] = s;
      out[b * cols + a] = s;
    }
  }
  return out;
}

/** Above this many features the measure goes through `W W^T` (`[rows, rows]`) instead of `W^T W`. */
const GRAM_MAX_COLS = 2048;

/**
 * The superposition measure of each feature, `sum_{j != i} (W_i_hat . W_j)^2`
 * (Elhage et al. 2022, the colour of the feature-norm bars). A zero-norm feature gives 0.
 * Up to 2,048 features it sums the Gram matrix `W^T W` term by term; beyond, where that matrix
 * would take n^2 numbers (3.2 GB at n = 20,000), it uses `sum_j (u . W_j)^2 = u^T (W W^T) u`
 * with the `[rows, rows]` matrix `W W^T`, then removes the term j = i, in O(n m^2) time and
 * O(m^2) memory; the two agree to rounding (clamped at 0).
 * @internal
 */
export function superpositionMeasure(W: Matrix): Float64Array {
  const { data, rows: m, cols: n } = W;
  const out = new Float64Array(n);
  if (n <= GRAM_MAX_COLS) {
    const G = gram(W);
    for (let i = 0; i < n; i++) {
      const norm2 = G[i * n + i];
      if (!(norm2 > 1e-24)) continue;
      let s = 0;
      for (let j = 0; j < n; j++) if (j !== i) s += G[i * n + j] ** 2;
      out[i] = s / norm2;
    }
    return out;
  }
  // M = W W^T, symmetric [m, m].
  const M = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += data[a * n + j] * data[b * n + j];
      M[a * m + b] = s;
      M[b * m + a] = s;
    }
  }
  const w = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    let norm2 = 0;
    for (let a = 0; a < m; a++) {
      w[a] = data[a * n + i];
      norm2 += w[a] * w[a];
    }
    if (!(norm2 > 1e-24)) continue;
    // w^T M w / |w|^2 is sum over all j of (w_hat . W_j)^2; the term j = i is |w|^2.
    let q = 0;
    for (let a = 0; a < m; a++) {
      let r = 0;
      for (let b = 0; b < m; b++) r += M[a * m + b] * w[b];
      q += w[a] * r;
    }
    out[i] = Math.max(0, q / norm2 - norm2);
  }
  return out;
}
