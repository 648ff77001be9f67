// Element-wise complex products on interleaved arrays ([re0, im0, re1, im1, ...]), in Float32
// arithmetic as complex64 products are formed elsewhere (PyTorch, torchhd): each real product
// rounded to Float32, then their sum or difference rounded to Float32. No fused multiply-adds,
// so the JavaScript, WebAssembly and native paths give the same bits. In JavaScript a product
// of two Float32 values is exact in Float64 and a sum of two Float32 values rounded once to
// Float64 and then to Float32 equals the Float32 sum, so `fround` reproduces it exactly.
import { wasmComplexMultiply } from '../wasm/vsa.js';

const fround = Math.fround;

/** `o = a * b` over `total` interleaved elements; returns the sum of |o_k|^2 (Float64). */
function product(a: Float32Array, b: Float32Array, o: Float32Array, total: number): number {
  let s = 0;
  for (let i = 0; i < total; i += 2) {
    const ar = a[i];
    const ai = a[i + 1];
    const br = b[i];
    const bi = b[i + 1];
    const re = fround(fround(ar * br) - fround(ai * bi));
    const im = fround(fround(ar * bi) + fround(ai * br));
    o[i] = re;
    o[i + 1] = im;
    s += re * re + im * im;
  }
  return s;
}

/** `o = a * conj(b)` over `total` interleaved elements; returns the sum of |o_k|^2 (Float64). */
function productConj(a: Float32Array, b: Float32Array, o: Float32Array, total: number): number {
  let s = 0;
  for (let i = 0; i < total; i += 2) {
    const ar = a[i];
    const ai = a[i + 1];
    const br = b[i];
    const bi = b[i + 1];
    const re = fround(fround(ar * br) + fround(ai * bi));
    const im = fround(fround(ai * br) - fround(ar * bi));
    o[i] = re;
    o[i + 1] = im;
    s += re * re + im * im;
  }
  return s;
}

/**
 * `o[k] = a[k] * b[k]` (or `a[k] * conj(b[k])` with `conj`) for the `total / 2` complex
 * elements of interleaved arrays, `a` of length `la` and `b` of length `lb`, each `total` or a
 * single row repeated. Float32 arithmetic: `re = fl(fl(ar br) - fl(ai bi))`,
 * `im = fl(fl(ar bi) + fl(ai br))` (with `conj`: `fl(fl(ar br) + fl(ai bi))` and
 * `fl(fl(ai br) - fl(ar bi))`). Each element is read, then written, in order (so `o` may alias
 * an operand). Returns true when every output is finite. Runs on WebAssembly SIMD where
 * available (bit-identical: the same Float32 operations).
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
    // b's imaginary part negated first for the conjugate (exact), which gives the same bits.
    const sign = conj ? -1 : 1;
    for (let i = 0; i < total; i += 2) {
      const ia = la === total ? i : i % la;
      const ib = lb === total ? i : i % lb;
      const ar = a[ia];
      const ai = a[ia + 1];
      const br = b[ib];
      const bi = sign * b[ib + 1];
      const re = fround(fround(ar * br) - fround(ai * bi));
      const im = fround(fround(ar * bi) + fround(ai * br));
      o[i] = re;
      o[i + 1] = im;
      s += re * re + im * im;
    }
  }
  // Finite Float32 outputs give a finite Float64 sum of squares; an infinity or NaN does not.
  return s < Infinity;
}
