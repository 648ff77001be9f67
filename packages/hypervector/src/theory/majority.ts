import { checkInteger } from '../errors.js';

/**
 * Probability that one bit of a majority bundle of K random bit vectors agrees with a given
 * member (Kanerva 1996; Kleyko et al. 2022): for odd K, 1/2 + C(K-1, (K-1)/2) / 2^K
 * (K = 3: 0.75, 5: 0.6875, 7: 0.65625). For even K with a random tie-break, the value equals
 * that of K + 1 (1/2 + C(K-1, K/2 - 1) / 2^K). Computed in log space, so any K works.
 *
 * @param K - number of bundled vectors (positive integer).
 * @returns the agreement probability in (1/2, 1].
 * @example
 * ```ts
 * majorityAgreement(5); // returns 0.6875
 * ```
 */
export function majorityAgreement(K: number): number {
  checkInteger('majorityAgreement', 'K', K, 1);
  if (K === 1) return 1;
  const m = K % 2 === 1 ? (K - 1) / 2 : K / 2 - 1;
  // log C(K-1, m) - K log 2, as a sum of log ratios.
  let log = -K * Math.LN2;
  for (let i = 1; i <= m; i++) log += Math.log((K - 1 - m + i) / i);
  return 0.5 + Math.exp(log);
}
