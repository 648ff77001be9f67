import { checkKeys, checkNumber, fail } from '../errors.js';
import type { MatrixView } from '../model/snapshot.js';
import type { Phase } from './theory.js';

/** Options of {@link classifyPhase}. */
export interface ClassifyPhaseOptions {
  /** Index of the feature whose phase is wanted; default the last one. */
  feature?: number;
  /** Below this norm ||W_i|| a feature counts as not represented; default 0.5. */
  normThreshold?: number;
  /**
   * Above this superposition score sum_{j != i} (W_i_hat . W_j)^2 the feature counts as
   * superposed; default 0.25. An antipodal partner of norm 1 scores 1, an orthogonal one 0.
   */
  interferenceThreshold?: number;
}

/**
 * Classify a feature of a trained model into the paper's three phases (Elhage et al. 2022,
 * section 4): not represented (its column is near zero), a dedicated dimension (represented,
 * nothing else along it), or superposition (represented and sharing its direction).
 *
 * @param W - one instance's weights, row-major [nHidden, nFeatures] (`rows` = nHidden).
 * @param options - which feature, and thresholds.
 * @returns the {@link Phase} of that feature.
 * @throws RangeError when the data length does not match rows * cols, the feature is out of
 * range, or a weight is not finite (a diverged model has no phase).
 * @example
 * ```ts
 * classifyPhase({ data: new Float32Array([1, -1]), rows: 1, cols: 2 }); // returns 'superposition'
 * classifyPhase({ data: new Float32Array([1, 0.01]), rows: 1, cols: 2 }); // returns 'not-represented'
 * classifyPhase({ data: new Float32Array([1, NaN]), rows: 1, cols: 2 }); // throws RangeError (W.data[1] is not finite)
 * ```
 */
export function classifyPhase(W: MatrixView, options: ClassifyPhaseOptions = {}): Phase {
  const fn = 'classifyPhase';
  if (W === null || typeof W !== 'object')
    fail(fn, 'W', 'a matrix view { data, rows, cols }', W, 'type');
  const { data, rows: m, cols: n } = W;
  if (!Number.isInteger(m) || m < 1) fail(fn, 'W.rows', 'an integer >= 1', m);
  if (!Number.isInteger(n) || n < 1) fail(fn, 'W.cols', 'an integer >= 1', n);
  if (!data || typeof data !== 'object' || data.length !== m * n)
    fail(fn, 'W.data', `length rows * cols (${m * n})`, data);
  if (options === null || typeof options !== 'object')
    fail(fn, 'options', 'an object', options, 'type');
  checkKeys(fn, 'options', options, ['feature', 'normThreshold', 'interferenceThreshold']);
  const f = options.feature ?? n - 1;
  if (!Number.isInteger(f) || f < 0 || f >= n)
    fail(fn, 'options.feature', `an integer in [0, ${n})`, f);
  const normThreshold = checkNumber(
    fn,
    'options.normThreshold',
    options.normThreshold ?? 0.5,
    0,
    Number.MAX_VALUE,
    'a finite number >= 0',
  );
  const interferenceThreshold = checkNumber(
    fn,
    'options.interferenceThreshold',
    options.interferenceThreshold ?? 0.25,
    0,
    Number.MAX_VALUE,
    'a finite number >= 0',
  );
  // A NaN weight makes every comparison false, which read as 'dedicated': a diverged model
  // (or damaged weights) has no phase.
  for (let k = 0; k < m * n; k++) {
    if (!Number.isFinite(data[k]))
      fail(fn, `W.data[${k}]`, 'finite weights (a diverged model has no phase)', data[k]);
  }
  const col = (j: number): number[] => Array.from({ length: m }, (_, r) => data[r * n + j]);
  const wf = col(f);
  const norm = Math.hypot(...wf);
  if (norm < normThreshold) return 'not-represented';
  let score = 0;
  for (let j = 0; j < n; j++) {
    if (j === f) continue;
    const wj = col(j);
    let dot = 0;
    for (let r = 0; r < m; r++) dot += wf[r] * wj[r];
    score += (dot / norm) ** 2;
  }
  return score > interferenceThreshold ? 'superposition' : 'dedicated';
}
