// Hand-made feature sets and naive references for the tests (not built, not exported).
import { createRng, type MatrixView } from '@hyperposition/hypervector';

/** k features at equal angles around the circle: W [2, k]. */
export function polygon(k: number, phase = 0, scale = 1): MatrixView<Float64Array> {
  const data = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    data[i] = scale * Math.cos(phase + (2 * Math.PI * i) / k);
    data[k + i] = scale * Math.sin(phase + (2 * Math.PI * i) / k);
  }
  return { data, rows: 2, cols: k };
}

/** Regular simplex of k unit vectors (spanning k - 1 dimensions) in R^k: W [k, k]. */
export function simplex(k: number): MatrixView<Float64Array> {
  const data = new Float64Array(k * k);
  const norm = Math.sqrt((k - 1) / k);
  for (let i = 0; i < k; i++)
    for (let r = 0; r < k; r++) data[r * k + i] = ((r === i ? 1 : 0) - 1 / k) / norm;
  return { data, rows: k, cols: k };
}

/** Square antiprism: 8 unit vectors in 3-D forming a tight frame (h^2 = 1/3): W [3, 8]. */
export function squareAntiprism(): MatrixView<Float64Array> {
  const data = new Float64Array(24);
  const h = 1 / Math.sqrt(3);
  const r = Math.sqrt(1 - h * h);
  for (let i = 0; i < 8; i++) {
    const top = i < 4;
    const a = (Math.PI / 2) * (i % 4) + (top ? 0 : Math.PI / 4);
    data[i] = r * Math.cos(a);
    data[8 + i] = r * Math.sin(a);
    data[16 + i] = top ? h : -h;
  }
  return { data, rows: 3, cols: 8 };
}

/** Identity: d orthonormal features in d dimensions. */
export function identity(d: number): MatrixView<Float64Array> {
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) data[i * d + i] = 1;
  return { data, rows: d, cols: d };
}

/** n Gaussian random rows of length d (a codebook; read with features: 'rows'). */
export function gaussianRows(n: number, d: number, seed: number): MatrixView<Float32Array> {
  const rng = createRng(seed);
  return { data: Float32Array.from({ length: n * d }, () => rng.nextNormal()), rows: n, cols: d };
}

/** Rows of a [n, d] view as Float64 arrays. */
export function rowsOf(W: MatrixView<ArrayLike<number>>): Float64Array[] {
  return Array.from({ length: W.rows }, (_, i) =>
    Float64Array.from({ length: W.cols }, (_, k) => W.data[i * W.cols + k]),
  );
}

/** Naive Float64 cosine of two vectors (0 when either is zero). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Naive per-feature metrics from the definitions, Float64, features as rows. */
export function naiveFeatureMetrics(rows: Float64Array[]): {
  interference: number[];
  dimensionality: number[];
  maxAbsCos: number[];
  meanAbsCos: number[];
} {
  const n = rows.length;
  const norm2 = rows.map((r) => r.reduce((s, x) => s + x * x, 0));
  const interference: number[] = [];
  const dimensionality: number[] = [];
  const maxAbsCos: number[] = [];
  const meanAbsCos: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    let mx = 0;
    let sa = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const c = cosine(rows[i], rows[j]);
      s += c * c * norm2[j];
      mx = Math.max(mx, Math.abs(c));
      sa += Math.abs(c);
    }
    meanAbsCos.push(n > 1 ? sa / (n - 1) : 0);
    interference.push(norm2[i] === 0 ? 0 : s);
    dimensionality.push(norm2[i] === 0 ? 0 : norm2[i] / (norm2[i] + s));
    maxAbsCos.push(mx);
  }
  return { interference, dimensionality, maxAbsCos, meanAbsCos };
}

/** All pairwise |cos| (i < j), sorted ascending. */
export function naiveAbsCos(rows: Float64Array[]): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) out.push(Math.abs(cosine(rows[i], rows[j])));
  return Float64Array.from(out).sort();
}
