import { overlapKernel } from '../kernels/hamming.js';
import { checkDim, similarityShape } from './shape.js';

/**
 * Overlap of sparse block codes with the shape rule `(*, S) x (n, S) -> (*, n)`: the fraction
 * of the S segments whose active units agree (Laiho et al. 2015). Inputs are index codes.
 *
 * @param query - `Uint16Array(q * segments)`, index codes.
 * @param codebook - `Uint16Array(n * segments)`.
 * @param segments - S.
 * @param out - optional `Float32Array(q * n)`.
 * @returns `Float32Array(q * n)` in [0, 1].
 * @example
 * ```ts
 * overlap(Uint16Array.of(1, 2, 3, 4), Uint16Array.of(1, 2, 0, 0), 4); // returns [0.5]
 * ```
 */
export function overlap(
  query: Uint16Array,
  codebook: Uint16Array,
  segments: number,
  out?: Float32Array,
): Float32Array {
  const S = checkDim('overlap', segments);
  const s = similarityShape(
    'overlap',
    query,
    codebook,
    S,
    out,
    (x) => x instanceof Uint16Array,
    'Uint16Array (index codes)',
  );
  overlapKernel(query, s.nq, codebook, s.n, S, s.out, 1 / S);
  return s.out;
}
