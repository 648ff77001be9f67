import { optimWasm } from './optimBytes.js';

// Optimizer updates on WebAssembly SIMD (src/wasm/optim.wat), with a scalar JavaScript
// fallback that rounds every operation to float32 the same way, so both give the same values.

interface OptimExports {
  memory: WebAssembly.Memory;
  adam(
    pp: number,
    pg: number,
    pm: number,
    pv: number,
    len: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    l2: number,
    decay: number,
    sbc2: number,
    eps: number,
    step: number,
  ): void;
}

/** Floats per block copied through the module's memory (4 arrays x 32 KiB = its 2 pages). */
const CHUNK = 8192;

let kernel: OptimExports | null | undefined;
let forceScalar = false;

function loadKernel(): OptimExports | null {
  if (forceScalar) return null;
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly !== 'object') return kernel;
  try {
    const bin = atob(optimWasm);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (!WebAssembly.validate(bytes)) return kernel;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernel = instance.exports as unknown as OptimExports;
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * Route {@link adamUpdate} through the scalar fallback (`true`) or back to SIMD (`false`):
 * for tests that compare the two paths. @internal
 */
export function setOptimScalarForTesting(scalar: boolean): void {
  forceScalar = scalar;
}

/** Arguments of {@link adamUpdate}. */
export interface AdamUpdateArgs {
  /** Parameters, updated in place. */
  p: Float32Array;
  /** Gradient (read only), at least `to` long. */
  g: Float32Array;
  /** First moment, updated in place. */
  m: Float32Array;
  /** Second moment, updated in place. */
  v: Float32Array;
  /** First element to update (default 0). */
  from?: number;
  /** One past the last element (default `p.length`). */
  to?: number;
  /** Decay of the first moment, in [0, 1). */
  beta1: number;
  /** Decay of the second moment, in [0, 1). */
  beta2: number;
  /** L2 weight added to the gradient (Adam's weight decay; 0 for AdamW). */
  l2: number;
  /** Factor on the parameter before the step (AdamW: 1 - lr · weightDecay; 1 for Adam). */
  decay: number;
  /** sqrt(1 - beta2^t): the second moment's bias correction. */
  sbc2: number;
  /** Added to the denominator. */
  eps: number;
  /** lr / (1 - beta1^t): the step with the first moment's bias correction. */
  step: number;
}

function checkArrays(fn: string, a: AdamUpdateArgs, to: number): void {
  for (const name of ['p', 'g', 'm', 'v'] as const) {
    const x: unknown = a[name];
    if (!(x instanceof Float32Array)) {
      const got =
        x === null ? 'null' : typeof x === 'object' ? (x as object).constructor.name : typeof x;
      throw new TypeError(`${fn}: args.${name} must be a Float32Array, got ${got}`);
    }
    if (x.length < to) {
      throw new RangeError(
        `${fn}: args.${name} must hold at least ${to} floats (args.to), got length ${x.length}`,
      );
    }
  }
}

/**
 * One Adam (Kingma and Ba 2015) or AdamW (Loshchilov and Hutter 2019) update of
 * `p[from..to)` in place, all arithmetic in float32:
 * `g' = g + l2·p; m = beta1·m + (1 - beta1)·g'; v = beta2·v + (1 - beta2)·g'²;
 * p = decay·p - step·m / (sqrt(v) / sbc2 + eps)`, with `sbc2 = sqrt(1 - beta2^t)` and
 * `step = lr / (1 - beta1^t)`. Runs on WebAssembly SIMD, blocks of the four arrays copied
 * through the module's memory; the scalar fallback rounds each operation to float32 and gives
 * the same values. Element-wise, so any split of [from, to) gives the same result.
 *
 * @param args - the arrays (all Float32Array, same layout) and the step's constants.
 * @throws TypeError when an array is not a Float32Array; RangeError for a bad range.
 *
 * @example
 * ```ts
 * import { adamUpdate } from '@hyperposition/hypervector';
 * const p = Float32Array.of(1, -1);
 * const g = Float32Array.of(0.5, -0.5);
 * const [m, v] = [new Float32Array(2), new Float32Array(2)];
 * const t = 1, lr = 0.1, beta1 = 0.9, beta2 = 0.999;
 * adamUpdate({ p, g, m, v, beta1, beta2, l2: 0, decay: 1, eps: 1e-8,
 *   sbc2: Math.sqrt(1 - beta2 ** t), step: lr / (1 - beta1 ** t) });
 * p; // ≈ [0.9, -0.9]: Adam's first step moves each weight by lr against its gradient's sign
 * ```
 */
export function adamUpdate(args: AdamUpdateArgs): void {
  const { from, to } = checkAdamArgs('adamUpdate', args);
  const { p, g, m, v, beta1, beta2, l2, decay, sbc2, eps, step } = args;
  const k = loadKernel();
  if (k === null) {
    adamScalar(args, from, to);
    return;
  }
  const mem = new Float32Array(k.memory.buffer);
  for (let j = from; j < to; j += CHUNK) {
    const len = Math.min(CHUNK, to - j);
    mem.set(p.subarray(j, j + len), 0);
    mem.set(g.subarray(j, j + len), CHUNK);
    mem.set(m.subarray(j, j + len), 2 * CHUNK);
    mem.set(v.subarray(j, j + len), 3 * CHUNK);
    k.adam(
      0,
      4 * CHUNK,
      8 * CHUNK,
      12 * CHUNK,
      len,
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      l2,
      decay,
      sbc2,
      eps,
      step,
    );
    p.set(mem.subarray(0, len), j);
    m.set(mem.subarray(2 * CHUNK, 2 * CHUNK + len), j);
    v.set(mem.subarray(3 * CHUNK, 3 * CHUNK + len), j);
  }
}

/**
 * Checks the arguments of an Adam update (for adamUpdate and the native kernels' update)
 * and returns the range. @internal
 */
export function checkAdamArgs(fn: string, args: AdamUpdateArgs): { from: number; to: number } {
  if (typeof args !== 'object' || args === null) {
    throw new TypeError(
      `${fn}: args must be an object, got ${args === null ? 'null' : typeof args}`,
    );
  }
  const from = args.from ?? 0;
  const to = args.to ?? args.p?.length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
    throw new RangeError(
      `${fn}: args.from and args.to must be integers with 0 <= from <= to, got ${from} and ${to}`,
    );
  }
  checkArrays(fn, args, to);
  for (const name of ['beta1', 'beta2', 'l2', 'decay', 'sbc2', 'eps', 'step'] as const) {
    if (typeof args[name] !== 'number' || !Number.isFinite(args[name])) {
      throw new RangeError(
        `${fn}: args.${name} must be a finite number, got ${String(args[name])}`,
      );
    }
  }
  return { from, to };
}

function adamScalar(args: AdamUpdateArgs, from: number, to: number): void {
  const f = Math.fround;
  const { p, g, m, v } = args;
  const b1 = f(args.beta1);
  const b2 = f(args.beta2);
  const l2 = f(args.l2);
  const decay = f(args.decay);
  const sbc2 = f(args.sbc2);
  const eps = f(args.eps);
  const step = f(args.step);
  const c1 = f(1 - args.beta1);
  const c2 = f(1 - args.beta2);
  for (let j = from; j < to; j++) {
    const x = p[j];
    const gj = f(g[j] + f(l2 * x));
    const mj = f(f(m[j] * b1) + f(gj * c1));
    const vj = f(f(v[j] * b2) + f(f(gj * gj) * c2));
    m[j] = mj;
    v[j] = vj;
    p[j] = f(f(x * decay) - f(f(mj / f(f(f(Math.sqrt(vj)) / sbc2) + eps)) * step));
  }
}
