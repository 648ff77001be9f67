import { fail } from '../errors.js';
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
 * @throws RangeError when the data length does not match rows * cols or the feature is out of range.
 * @example
 * ```ts
 * classifyPhase({ data: new Float32Array([1, -1]), rows: 1, cols: 2 }); // returns 'superposition'
 * classifyPhase({ data: new Float32Array([1, 0.01]), rows: 1, cols: 2 }); // returns 'not-represented'
 * ```
 */
export function classifyPhase(W: MatrixView, options: ClassifyPhaseOptions = {}): Phase {
  const fn = 'classifyPhase';
  const { data, rows: m, cols: n } = W;
  if (!data || data.length !== m * n) fail(fn, 'W.data', `length rows * cols (${m * n})`, data);
  const f = options.feature ?? n - 1;
  if (!Number.isInteger(f) || f < 0 || f >= n)
    fail(fn, 'options.feature', `an integer in [0, ${n})`, f);
  const col = (j: number): number[] => Array.from({ length: m }, (_, r) => data[r * n + j]);
  const wf = col(f);
  const norm = Math.hypot(...wf);
  if (norm < (options.normThreshold ?? 0.5)) return 'not-represented';
  let score = 0;
  for (let j = 0; j < n; j++) {
    if (j === f) continue;
    const wj = col(j);
    let dot = 0;
    for (let r = 0; r < m; r++) dot += wf[r] * wj[r];
    score += (dot / norm) ** 2;
  }
  return score > (options.interferenceThreshold ?? 0.25) ? 'superposition' : 'dedicated';
}
