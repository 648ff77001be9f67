import { adamUpdate, type AdamUpdateArgs } from '@hyperposition/hypervector';

/**
 * Parameter arrays at least this long are updated by `adamUpdate` of
 * `@hyperposition/hypervector` (WebAssembly SIMD, float32 arithmetic); shorter ones by the
 * float64 loop below (the small models' arithmetic, unchanged). Chosen by the array's length,
 * not the range, so that any split of one array between threads gives the same values.
 * @internal
 */
export const WASM_ADAM_MIN_LENGTH: number = 1 << 16;

/**
 * One Adam/AdamW update of p[from..to) in place (Kingma and Ba 2015; Loshchilov and Hutter
 * 2019), element by element: the fused engine's optimizer arithmetic, shared by the calling
 * thread and the team's worker.
 * @internal
 */
export function adamRange(args: AdamUpdateArgs): void {
  if (args.p.length >= WASM_ADAM_MIN_LENGTH) {
    adamUpdate(args);
    return;
  }
  const { p, g, m: mm, v: vv, beta1, beta2, l2, decay, sbc2, eps, step } = args;
  const j0 = args.from ?? 0;
  const j1 = args.to ?? p.length;
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
