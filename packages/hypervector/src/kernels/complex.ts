// Element-wise complex products on interleaved arrays ([re0, im0, re1, im1, ...]).

/** Largest finite Float32 value. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * `o[k] = a[k] * b[k]` (or `a[k] * conj(b[k])` with `conj`) for the `total / 2` complex
 * elements of interleaved arrays, `a` of length `la` and `b` of length `lb`, each `total` or a
 * single row repeated. Each element is read, then written, in order (so `o` may alias an
 * operand). Returns true when every product is certainly finite in Float32 (the sum of the
 * magnitudes of its parts stays below the Float32 maximum); false means "check the output".
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
  const sign = conj ? -1 : 1;
  let s0 = 0;
  let s1 = 0;
  if (la === total && lb === total) {
    let i = 0;
    for (; i + 4 <= total; i += 4) {
      let ar = a[i];
      let ai = a[i + 1];
      let br = b[i];
      let bi = sign * b[i + 1];
      let re = ar * br - ai * bi;
      let im = ar * bi + ai * br;
      o[i] = re;
      o[i + 1] = im;
      s0 += Math.abs(re) + Math.abs(im);
      ar = a[i + 2];
      ai = a[i + 3];
      br = b[i + 2];
      bi = sign * b[i + 3];
      re = ar * br - ai * bi;
      im = ar * bi + ai * br;
      o[i + 2] = re;
      o[i + 3] = im;
      s1 += Math.abs(re) + Math.abs(im);
    }
    for (; i < total; i += 2) {
      const ar = a[i];
      const ai = a[i + 1];
      const br = b[i];
      const bi = sign * b[i + 1];
      const re = ar * br - ai * bi;
      const im = ar * bi + ai * br;
      o[i] = re;
      o[i + 1] = im;
      s0 += Math.abs(re) + Math.abs(im);
    }
  } else {
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
      s0 += Math.abs(re) + Math.abs(im);
    }
  }
  // NaN fails the comparison as well.
  return s0 + s1 <= FLOAT32_MAX;
}
