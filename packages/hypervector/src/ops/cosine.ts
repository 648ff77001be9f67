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
 * allocates only the norm buffers (q, and n for four or more queries, doubles).
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
  if (s.nq < 4) {
    cosineFusedKernel(query, s.nq, codebook, s.n, d, s.out, nq);
  } else {
    const nc = rowNorms(codebook, s.n, d, new Float64Array(s.n));
    dotKernel(query, s.nq, codebook, s.n, d, s.out, nq, nc);
  }
  checkFiniteSimilarity('cosine', s.out, query, codebook);
  return s.out;
}
