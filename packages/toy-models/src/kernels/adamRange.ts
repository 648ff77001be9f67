/**
 * Arguments of {@link adamRange}: parameter, gradient and the two moment slots (same length),
 * the index range [j0, j1) and the step's constants.
 * @internal
 */
export interface AdamArgs {
  p: Float32Array;
  g: Float32Array;
  m: Float32Array;
  v: Float32Array;
  j0: number;
  j1: number;
  beta1: number;
  beta2: number;
  /** L2 weight added to the gradient (Adam's weight decay; 0 for AdamW). */
  l2: number;
  /** Multiplier of the parameter before the update (AdamW's decoupled decay; 1 for Adam). */
  decay: number;
  /** sqrt(1 - beta2^t). */
  sbc2: number;
  eps: number;
  /** lr / (1 - beta1^t). */
  step: number;
}

import { adamUpdate } from '@hyperposition/hypervector';

/**
 * Parameter arrays at least this long are updated by `adamUpdate` of
 * `@hyperposition/hypervector` (WebAssembly SIMD, float32 arithmetic); shorter ones by the
 * float64 loop below (the small models' arithmetic, unchanged). Chosen by the array's length,
 * not the range, so that any split of one array between threads gives the same values.
 * @internal
 */
export const WASM_ADAM_MIN_LENGTH: number = 1 << 16;

/**
 * One Adam/AdamW update of p[j0..j1) in place (Kingma and Ba 2015; Loshchilov and Hutter
 * 2019), element by element: the fused engine's optimizer arithmetic, shared by the calling
 * thread and the team's worker.
 * @internal
 */
export function adamRange(args: AdamArgs): void {
  const { p, g, m: mm, v: vv, j0, j1, beta1, beta2, l2, decay, sbc2, eps, step } = args;
  if (p.length >= WASM_ADAM_MIN_LENGTH) {
    adamUpdate({ p, g, m: mm, v: vv, from: j0, to: j1, beta1, beta2, l2, decay, sbc2, eps, step });
    return;
  }
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let j = j0; j < j1; j++) {
    const pj = p[j];
    const gj = g[j] + l2 * pj;
    const mj = (mm[j] = mm[j] * beta1 + gj * c1);
    const vj = (vv[j] = vv[j] * beta2 + gj * gj * c2);
    p[j] = pj * decay - (mj / (Math.sqrt(vj) / sbc2 + eps)) * step;
  }
}
