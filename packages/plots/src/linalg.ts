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

/**
 * The superposition measure of each feature, `sum_{j != i} (W_i_hat . W_j)^2`
 * (Elhage et al. 2022, the colour of the feature-norm bars). A zero-norm feature gives 0.
 * @internal
 */
export function superpositionMeasure(W: Matrix): Float64Array {
  const n = W.cols;
  const G = gram(W);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const norm2 = G[i * n + i];
    if (!(norm2 > 1e-24)) continue;
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += G[i * n + j] ** 2;
    out[i] = s / norm2;
  }
  return out;
}
