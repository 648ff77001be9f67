import { checkInt } from '../errors.js';

/**
 * The Welch bound: any n unit vectors in d dimensions have coherence (max off-diagonal
 * |cos|) at least sqrt((n - d) / (d (n - 1))) (Welch, IEEE Trans. Inf. Theory 1974); 0 when
 * n <= d (an orthonormal set exists). Tends to 1/sqrt(d) as n grows. Equiangular tight
 * frames (a regular simplex, n = d + 1) meet it.
 *
 * Cost: O(1).
 * @param n - number of vectors (integer >= 1).
 * @param d - dimension (integer >= 1).
 * @returns the lower bound on coherence.
 * @example
 * ```ts
 * welchBound(3, 2); // returns 0.5 (the triangle meets it)
 * welchBound(100_000, 512); // returns 0.04408
 * ```
 */
export function welchBound(n: number, d: number): number {
  checkInt('welchBound', 'n', n, 1);
  checkInt('welchBound', 'd', d, 1);
  return n <= d ? 0 : Math.sqrt((n - d) / (d * (n - 1)));
}
