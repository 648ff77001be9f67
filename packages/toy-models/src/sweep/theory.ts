import { checkNumber, fail } from '../errors.js';

/** The three phases of the paper's phase diagrams (Elhage et al. 2022, section 4). */
export type Phase = 'not-represented' | 'dedicated' | 'superposition';

/**
 * Exact losses of the three candidate solutions for n = 2, m = 1 (feature 1 of importance 1,
 * the extra feature of importance r, both active with probability p, values uniform on
 * [0, 1]); losses are summed over the two features (Elhage et al. 2022, section 4):
 * - `ignoreExtra`: W = (1, 0), extra read from its bias: r (p/3 - p^2/4);
 * - `dropFirst`: W = (0, 1), the extra takes the dimension: p/3 - p^2/4;
 * - `antipodal`: W = (1, -1), both in superposition: (1 + r) p^2 / 6.
 *
 * @param r - relative importance of the extra feature (> 0).
 * @param p - feature probability p = 1 - S, in [0, 1].
 * @returns the three losses.
 * @example
 * ```ts
 * candidateLosses(1, 4 / 7); // returns { ignoreExtra: 0.1088, dropFirst: 0.1088, antipodal: 0.1088 } (the triple point)
 * ```
 */
export function candidateLosses(
  r: number,
  p: number,
): { ignoreExtra: number; dropFirst: number; antipodal: number } {
  checkNumber('candidateLosses', 'r', r, 0, Infinity, 'a number > 0');
  checkNumber('candidateLosses', 'p', p, 0, 1);
  const single = p / 3 - (p * p) / 4;
  return { ignoreExtra: r * single, dropFirst: single, antipodal: ((1 + r) * p * p) / 6 };
}

/**
 * The feature probability below which the extra feature is stored in superposition
 * (n = 2, m = 1, and n = 3, m = 2 for r < 1): 4r / (2 + 5r) for r < 1 and 4 / (5 + 2r) for
 * r >= 1, meeting at the triple point r = 1, p = 4/7 (Elhage et al. 2022, section 4).
 *
 * @param r - relative importance of the extra feature (> 0).
 * @returns the critical feature probability p*.
 * @example
 * ```ts
 * superpositionThreshold(1); // returns 0.5714285714285714
 * ```
 */
export function superpositionThreshold(r: number): number {
  checkNumber('superpositionThreshold', 'r', r, 0, Infinity, 'a number > 0');
  if (!(r > 0)) fail('superpositionThreshold', 'r', 'a number > 0', r);
  return r < 1 ? (4 * r) / (2 + 5 * r) : 4 / (5 + 2 * r);
}

/**
 * The phase theory predicts for the extra feature at relative importance r and feature
 * probability p (Elhage et al. 2022, section 4, figure "phase diagrams").
 * - n = 2, m = 1: the candidate of lowest loss ({@link candidateLosses}); for r < 1 the
 *   extra is superposed iff p < 4r/(2+5r), else not represented; for r > 1 superposed iff
 *   p < 4/(5+2r), else it takes the dimension (`'dedicated'`).
 * - n = 3, m = 2 with importances (1, 1, r): for r > 1 the extra keeps a dedicated
 *   direction; for r < 1 it is superposed iff p < 4r/(2+5r), else not represented.
 * At r = 1 exactly, the non-superposed side is reported as `'dedicated'`.
 *
 * @param r - relative importance of the extra feature.
 * @param p - feature probability p = 1 - S.
 * @param nFeatures - 2 (with m = 1) or 3 (with m = 2); default 2.
 * @returns the predicted {@link Phase}.
 * @example
 * ```ts
 * theoreticalPhase(0.2, 0.9); // returns 'not-represented'
 * theoreticalPhase(3, 0.05); // returns 'superposition'
 * ```
 */
export function theoreticalPhase(r: number, p: number, nFeatures: 2 | 3 = 2): Phase {
  if (nFeatures !== 2 && nFeatures !== 3)
    fail('theoreticalPhase', 'nFeatures', '2 or 3', nFeatures);
  checkNumber('theoreticalPhase', 'p', p, 0, 1);
  const threshold = superpositionThreshold(r);
  if (nFeatures === 3 && r > 1) return 'dedicated';
  if (p < threshold) return 'superposition';
  return r < 1 ? 'not-represented' : 'dedicated';
}
