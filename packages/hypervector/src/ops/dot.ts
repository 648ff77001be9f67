import { dotKernel } from '../kernels/dot.js';
import {
  checkDim,
  checkFiniteSimilarity,
  isRealTypedArray,
  similarityShape,
  type RealTypedArray,
} from './shape.js';

/**
 * Dot products with the shape rule `(*, d) x (n, d) -> (*, n)`; result row-major `[q, n]`.
 * Four queries share each codebook load; f64 accumulators; allocation-free when `out` is given.
 *
 * @param query - `[q, d]` row-major, any real typed array.
 * @param codebook - `[n, d]` row-major.
 * @param dim - d.
 * @param out - optional `Float32Array(q * n)`.
 * @returns `Float32Array(q * n)`, `out[i * n + j] = query_i · codebook_j`.
 * @example
 * ```ts
 * dot(Float32Array.of(1, 2), Float32Array.of(3, 4, 1, 0), 2); // returns [11, 1]
 * ```
 */
export function dot(
  query: RealTypedArray,
  codebook: RealTypedArray,
  dim: number,
  out?: Float32Array,
): Float32Array {
  const d = checkDim('dot', dim);
  const s = similarityShape(
    'dot',
    query,
    codebook,
    d,
    out,
    isRealTypedArray,
    'a real typed array (Float32Array, Int8Array, ...)',
  );
  dotKernel(query, s.nq, codebook, s.n, d, s.out);
  checkFiniteSimilarity('dot', s.out, query, codebook);
  return s.out;
}
