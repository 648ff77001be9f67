import { cosineFusedKernel, dotKernel, inverseNorms, rowNorms } from '../kernels/dot.js';
import {
  checkDim,
  checkFiniteSimilarity,
  isRealTypedArray,
  similarityShape,
  type RealTypedArray,
} from './shape.js';

/**
 * Cosine similarity with the shape rule `(*, d) x (n, d) -> (*, n)`: `query` holds q vectors
 * and `codebook` n vectors, row-major; the result is row-major `[q, n]`. A zero vector has
 * cosine 0 with everything (not NaN). Float64 accumulators, in one order of additions for every
 * batch and path (a pair's cosine does not depend on the other queries); with `out` given,
 * allocates only the norm buffers (q, and n for four or more queries or a Float64 codebook,
 * doubles). Float64 rows of any finite scale work: a row whose norm is outside
 * [2^-450, 2^450] (where squares would overflow or underflow) is multiplied by a power of two
 * in a copy first, which changes no cosine, so `cosine(Float64Array.of(1e-200, 1e-200), ...)`
 * with itself is 1, not 0. `out` may not overlap `query` or `codebook` (a RangeError).
 *
 * @param query - `[q, d]` row-major, any real typed array.
 * @param codebook - `[n, d]` row-major.
 * @param dim - d.
 * @param out - optional `Float32Array(q * n)`.
 * @returns `Float32Array(q * n)`, `out[i * n + j] = cos(query_i, codebook_j)`.
 * @example
 * ```ts
 * const vsa = MAP({ dim: 1000 });
 * const items = vsa.random(10, { rng: createRng(1) });
 * cosine(vsa.row(items, 3), items, 1000)[3]; // returns 1
 * const tiny = Float64Array.of(3e-200, 4e-200);
 * cosine(tiny, Float64Array.of(3e200, 4e200, 4e200, -3e200), 2); // returns [1, 0]
 * ```
 */
export function cosine(
  query: RealTypedArray,
  codebook: RealTypedArray,
  dim: number,
  out?: Float32Array,
): Float32Array {
  const d = checkDim('cosine', dim);
  const s = similarityShape(
    'cosine',
    query,
    codebook,
    d,
    out,
    isRealTypedArray,
    'a real typed array (Float32Array, Int8Array, ...)',
  );
  const nq = inverseNorms(query, s.nq, d, new Float64Array(s.nq));
  // Float64 rows are the only ones whose squares can overflow or underflow (the products of
  // every other kind are exact in Float64): a Float64 codebook's norms come from a pass of
  // their own, and where a row's norm is out of the safe range the cosines are computed again
  // on copies with such rows scaled.
  const wide = codebook instanceof Float64Array;
  let extreme = false;
  if (s.nq < 4 && !wide) {
    cosineFusedKernel(query, s.nq, codebook, s.n, d, s.out, nq);
  } else {
    const nc = rowNorms(codebook, s.n, d, new Float64Array(s.n));
    dotKernel(query, s.nq, codebook, s.n, d, s.out, nq, nc);
    extreme = wide && scaledRows(codebook, s.n, d, nc, false) !== null;
  }
  if (query instanceof Float64Array && scaledRows(query, s.nq, d, nq, true) !== null)
    extreme = true;
  if (extreme) cosineScaled(query, s.nq, codebook, s.n, d, s.out);
  checkFiniteSimilarity('cosine', s.out, query, codebook);
  return s.out;
}

/** Norms in [2^-450, 2^450]: their squares and the dot products stay in Float64's normal range. */
const SAFE_NORM = 2 ** 450;

/**
 * A copy of the Float64 rows `x` with each row whose norm (`norms`; reciprocals when
 * `inverse`) is out of [2^-450, 2^450], or underflowed to 0 though the row holds a nonzero
 * entry, multiplied by the power of two that brings its largest |entry| near 1: exact, and a
 * cosine does not depend on a row's scale. Null where no row needs it. A row with a non-finite
 * entry stays as it is (the finiteness check names it).
 */
function scaledRows(
  x: Float64Array,
  rows: number,
  d: number,
  norms: Float64Array,
  inverse: boolean,
): Float64Array | null {
  let copy: Float64Array | null = null;
  for (let r = 0; r < rows; r++) {
    const v = norms[r];
    const norm = inverse ? (v > 0 ? 1 / v : 0) : v;
    if (norm >= 1 / SAFE_NORM && norm <= SAFE_NORM) continue;
    let max = 0;
    for (let k = r * d; k < (r + 1) * d; k++) {
      const a = Math.abs(x[k]);
      if (!(a < Infinity)) {
        max = 0;
        break;
      }
      if (a > max) max = a;
    }
    if (max === 0) continue;
    const f = 2 ** Math.min(1023, Math.max(-1023, -Math.floor(Math.log2(max))));
    copy ??= x.slice(0, rows * d);
    for (let k = r * d; k < (r + 1) * d; k++) copy[k] = x[k] * f;
  }
  return copy;
}

/** The cosines into `out` from copies of the Float64 operands with their extreme rows scaled. */
function cosineScaled(
  query: RealTypedArray,
  nq: number,
  codebook: RealTypedArray,
  n: number,
  d: number,
  out: Float32Array,
): void {
  const scaled = (x: RealTypedArray, rows: number): RealTypedArray =>
    x instanceof Float64Array
      ? (scaledRows(x, rows, d, rowNorms(x, rows, d, new Float64Array(rows)), false) ?? x)
      : x;
  const q = scaled(query, nq);
  const c = scaled(codebook, n);
  const iq = inverseNorms(q, nq, d, new Float64Array(nq));
  dotKernel(q, nq, c, n, d, out, iq, rowNorms(c, n, d, new Float64Array(n)));
}
