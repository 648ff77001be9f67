/**
 * The best loss of the ReLU-output toy model (Elhage et al. 2022) that gives dedicated,
 * orthogonal dimensions to at most `d` features: the `d` most important features are
 * reproduced exactly (orthonormal columns, zero bias), every other feature is predicted by
 * its optimal constant, its mean p/2, which costs its variance p/3 - p^2/4 (x_i is 0 with
 * probability 1 - p, else uniform on [0, 1]). The loss is averaged over features, as the
 * trainer reports it.
 *
 * @param importance - I_i, length n (any order; the d largest are kept).
 * @param featureProbability - p = 1 - S, probability that a feature is active, in [0, 1].
 * @param d - dimensions available (hidden size m).
 * @returns (1/n) * sum over the n - d least important features of I_i (p/3 - p^2/4).
 * @throws RangeError on an empty importance, p outside [0, 1] or d < 0.
 * @example
 * ```ts
 * // The paper's n = 5, m = 2, I_i = 0.9^i, S = 0 case: (0.9^2 + 0.9^3 + 0.9^4) / (12 * 5)
 * dedicatedBaselineLoss([1, 0.9, 0.81, 0.729, 0.6561], 1, 2); // returns 0.036585...
 * ```
 */
export function dedicatedBaselineLoss(
  importance: readonly number[],
  featureProbability: number,
  d: number,
): number {
  const fn = 'dedicatedBaselineLoss';
  if (!Array.isArray(importance) || importance.length === 0) {
    throw new RangeError(
      `${fn}: importance expected a non-empty array of numbers, got ${String(importance)}`,
    );
  }
  const p = featureProbability;
  if (!(p >= 0 && p <= 1))
    throw new RangeError(`${fn}: featureProbability expected a number in [0, 1], got ${p}`);
  if (!Number.isInteger(d) || d < 0)
    throw new RangeError(`${fn}: d expected an integer >= 0, got ${d}`);
  const sorted = importance.slice().sort((a, b) => b - a);
  const variance = p / 3 - (p * p) / 4;
  let sum = 0;
  for (let i = Math.min(d, sorted.length); i < sorted.length; i++) sum += sorted[i] * variance;
  return sum / importance.length;
}
