/**
 * One block of a Gram matrix of row vectors: `out[(i - i0) * (j1 - j0) + (j - j0)] = U_i . U_j`
 * for i in [i0, i1), j in [j0, j1).
 *
 * `U` is row-major `[n, d]` (one feature per row, contiguous), the layout the callers build
 * once by normalising the features. The loop is register-blocked 4 x 4: sixteen Float64
 * accumulators, eight loads per sixteen multiply-adds, so the block's rows stay in L1/L2 and
 * the inner loop is bound by arithmetic, not memory. Behind the public boundary: no checks.
 *
 * Cost: 2 (i1 - i0)(j1 - j0) d flops; no allocation.
 * @internal
 */
export function gramBlock(
  U: Float32Array,
  d: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  out: Float64Array,
): void {
  const w = j1 - j0;
  const i4 = i0 + ((i1 - i0) & ~3);
  const j4 = j0 + ((j1 - j0) & ~3);
  for (let i = i0; i < i4; i += 4) {
    const a0 = i * d;
    const a1 = a0 + d;
    const a2 = a1 + d;
    const a3 = a2 + d;
    const o0 = (i - i0) * w - j0;
    const o1 = o0 + w;
    const o2 = o1 + w;
    const o3 = o2 + w;
    for (let j = j0; j < j4; j += 4) {
      const b0 = j * d;
      const b1 = b0 + d;
      const b2 = b1 + d;
      const b3 = b2 + d;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0;
      let s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      for (let k = 0; k < d; k++) {
        const x0 = U[a0 + k];
        const x1 = U[a1 + k];
        const x2 = U[a2 + k];
        const x3 = U[a3 + k];
        const y0 = U[b0 + k];
        const y1 = U[b1 + k];
        const y2 = U[b2 + k];
        const y3 = U[b3 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
        s23 += x2 * y3;
        s30 += x3 * y0;
        s31 += x3 * y1;
        s32 += x3 * y2;
        s33 += x3 * y3;
      }
      out[o0 + j] = s00;
      out[o0 + j + 1] = s01;
      out[o0 + j + 2] = s02;
      out[o0 + j + 3] = s03;
      out[o1 + j] = s10;
      out[o1 + j + 1] = s11;
      out[o1 + j + 2] = s12;
      out[o1 + j + 3] = s13;
      out[o2 + j] = s20;
      out[o2 + j + 1] = s21;
      out[o2 + j + 2] = s22;
      out[o2 + j + 3] = s23;
      out[o3 + j] = s30;
      out[o3 + j + 1] = s31;
      out[o3 + j + 2] = s32;
      out[o3 + j + 3] = s33;
    }
    for (let j = j4; j < j1; j++) {
      const b = j * d;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < d; k++) {
        const y = U[b + k];
        s0 += U[a0 + k] * y;
        s1 += U[a1 + k] * y;
        s2 += U[a2 + k] * y;
        s3 += U[a3 + k] * y;
      }
      out[o0 + j] = s0;
      out[o1 + j] = s1;
      out[o2 + j] = s2;
      out[o3 + j] = s3;
    }
  }
  for (let i = i4; i < i1; i++) {
    const a = i * d;
    const o = (i - i0) * w - j0;
    for (let j = j0; j < j1; j++) {
      const b = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += U[a + k] * U[b + k];
      out[o + j] = s;
    }
  }
}

/**
 * Dot product of rows `i` and `j` of a row-major `[n, d]` Float32Array, accumulated in Float64.
 * Cost: 2d flops. @internal
 */
export function rowDot(U: Float32Array, d: number, i: number, j: number): number {
  const a = i * d;
  const b = j * d;
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < d; k += 2) {
    s0 += U[a + k] * U[b + k];
    s1 += U[a + k + 1] * U[b + k + 1];
  }
  if (k < d) s0 += U[a + k] * U[b + k];
  return s0 + s1;
}
