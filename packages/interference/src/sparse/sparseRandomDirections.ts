import type { MatrixView, Rng } from '@hyperposition/hypervector';
import { checkInt, checkKeys, fail, optionKeys, type OptionKeys } from '../errors.js';

/** Options of {@link sparseRandomDirections}. */
export interface SparseRandomOptions {
  /** Seeded generator. */
  rng: Rng;
  /** Non-zero values: `'sign'` (+-1/sqrt(k), default) or `'gaussian'` (normal, then unit-normalised). */
  values?: 'sign' | 'gaussian';
}

/** The keys of {@link SparseRandomOptions}, checked against it at compile time. @internal */
export const SPARSE_RANDOM_OPTION_KEYS: OptionKeys<SparseRandomOptions> =
  optionKeys<SparseRandomOptions>()('rng', 'values');

/**
 * n random k-sparse unit directions in d dimensions: each row has k non-zeros at positions
 * drawn uniformly without replacement, with random signs (+-1/sqrt(k)) or Gaussian values
 * normalised to unit length. The baseline for feature directions with a preferred basis
 * (Elhage et al. 2022, "Toy Models of Superposition"); k = d gives dense random sign vectors.
 *
 * Shape: result row-major `[n, d]`, one direction per row (read it with `features: 'rows'`).
 * Cost: O(n (d + k)) time (a partial Fisher-Yates shuffle per row), 4nd bytes.
 *
 * @param n - number of directions (integer >= 1).
 * @param d - dimension (integer >= 1).
 * @param k - non-zeros per direction (integer in [1, d]).
 * @param options - `{ rng, values }`.
 * @returns matrix view `{ data: Float32Array(n * d), rows: n, cols: d }`.
 * @example
 * ```ts
 * import { createRng } from '@hyperposition/hypervector';
 * const S = sparseRandomDirections(3, 8, 2, { rng: createRng(1) });
 * S.data.filter((x) => x !== 0).length; // returns 6
 * ```
 */
export function sparseRandomDirections(
  n: number,
  d: number,
  k: number,
  options: SparseRandomOptions,
): MatrixView<Float32Array> {
  const fn = 'sparseRandomDirections';
  checkKeys(fn, 'options', options, SPARSE_RANDOM_OPTION_KEYS);
  checkInt(fn, 'n', n, 1);
  checkInt(fn, 'd', d, 1);
  checkInt(fn, 'k', k, 1, d);
  const rng = options?.rng;
  if (rng === undefined || typeof rng.nextInt !== 'function') {
    fail(fn, 'options.rng', 'a seeded Rng (createRng(seed))', rng, 'type');
  }
  const values = options.values ?? 'sign';
  if (values !== 'sign' && values !== 'gaussian')
    fail(fn, 'options.values', "'sign' or 'gaussian'", values);
  const data = new Float32Array(n * d);
  const perm = new Int32Array(d);
  const v = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) perm[t] = t;
    for (let t = 0; t < k; t++) {
      const s = t + rng.nextInt(d - t);
      const tmp = perm[t];
      perm[t] = perm[s];
      perm[s] = tmp;
    }
    let norm = 0;
    for (let t = 0; t < k; t++) {
      v[t] = values === 'sign' ? (rng.nextUint32() & 1 ? 1 : -1) : rng.nextNormal();
      norm += v[t] * v[t];
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let t = 0; t < k; t++) data[i * d + perm[t]] = v[t] * inv;
  }
  return { data, rows: n, cols: d };
}
