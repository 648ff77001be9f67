import { checkInt, checkReal } from '../errors.js';

/**
 * The Johnson-Lindenstrauss dimension in the Dasgupta-Gupta form (Random Structures and
 * Algorithms, 2003): a random projection to k >= 4 ln n / (eps^2/2 - eps^3/3) dimensions keeps
 * every squared distance among n points within a factor 1 +- eps (a random projection
 * succeeds with probability at least 1/n, so a few tries find one). Why exponentially many nearly orthogonal directions fit in
 * d dimensions (dense superposition).
 *
 * Cost: O(1).
 * @param n - number of points (integer >= 1).
 * @param eps - distortion in (0, 1).
 * @returns the smallest integer k satisfying the bound.
 * @example
 * ```ts
 * johnsonLindenstraussDim(100_000, 0.5); // returns 553
 * ```
 */
export function johnsonLindenstraussDim(n: number, eps: number): number {
  checkInt('johnsonLindenstraussDim', 'n', n, 1);
  checkReal('johnsonLindenstraussDim', 'eps', eps, 0, 1, 'both');
  return Math.ceil((4 * Math.log(n)) / ((eps * eps) / 2 - (eps * eps * eps) / 3));
}
