// Element-wise complex products on interleaved arrays ([re0, im0, re1, im1, ...]).
import { wasmComplexMultiply } from '../wasm/vsa.js';

/** Square of the largest finite Float32 value. */
const FLOAT32_MAX_SQUARED = 3.4028234663852886e38 * 3.4028234663852886e38;

/** `o = a * b` over `total` interleaved elements; returns the sum of |o_k|^2. */
function product(a: Float32Array, b: Float32Array, o: Float32Array, total: number): number {
  let s = 0;
  for (let i = 0; i < total; i += 2) {
    const ar = a[i];
    const ai = a[i + 1];
    const br = b[i];
    const bi = b[i + 1];
    const re = ar * br - ai * bi;
    const im = ar * bi + ai * br;
    o[i] = re;
    o[i + 1] = im;
    s += re * re + im * im;
  }
  return s;
}

/** `o = a * conj(b)` over `total` interleaved elements; returns the sum of |o_k|^2. */
function productConj(a: Float32Array, b: Float32Array, o: Float32Array, total: number): number {
  let s = 0;
  for (let i = 0; i < total; i += 2) {
    const ar = a[i];
    const ai = a[i + 1];
    const br = b[i];
    const bi = b[i + 1];
    const re = ar * br + ai * bi;
    const im = ai * br - ar * bi;
    o[i] = re;
    o[i + 1] = im;
    s += re * re + im * im;
  }
  return s;
}

/**
 * `o[k] = a[k] * b[k]` (or `a[k] * conj(b[k])` with `conj`) for the `total / 2` complex
 * elements of interleaved arrays, `a` of length `la` and `b` of length `lb`, each `total` or a
 * single row repeated. Each element is read, then written, in order (so `o` may alias an
 * operand). Returns true when every product is certainly finite in Float32 (the sum of the
 * squared magnitudes stays below the square of the Float32 maximum); false means "check the
 * output". Runs on WebAssembly SIMD where available (bit-identical: the same Float64
 * products and sums, one rounding to Float32).
 * @internal
 */
export function complexMultiply(
  a: Float32Array,
  la: number,
  b: Float32Array,
  lb: number,
  o: Float32Array,
  total: number,
  conj: boolean,
): boolean {
  const simd = wasmComplexMultiply(a, la, b, lb, o, total, conj);
  if (simd >= 0) return simd === 1;
  let s = 0;
  if (la === total && lb === total) {
    s = conj ? productConj(a, b, o, total) : product(a, b, o, total);
  } else {
    const sign = conj ? -1 : 1;
    for (let i = 0; i < total; i += 2) {
      const ia = la === total ? i : i % la;
      const ib = lb === total ? i : i % lb;
      const ar = a[ia];
      const ai = a[ia + 1];
      const br = b[ib];
      const bi = sign * b[ib + 1];
      const re = ar * br - ai * bi;
      const im = ar * bi + ai * br;
      o[i] = re;
      o[i + 1] = im;
      s += re * re + im * im;
    }
  }
  // NaN fails the comparison as well.
  return s <= FLOAT32_MAX_SQUARED;
}
