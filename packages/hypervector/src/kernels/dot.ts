import { vsaNative } from '../native/vsa.js';

/**
 * Below this many codebook (or row) entries the Float32 kernels stay in JavaScript: a native
 * call costs about 0.2 µs with its checks, the loops about 0.4 ns an entry.
 * @internal
 */
export const NATIVE_MIN_SIM = 1024;

/** Real typed arrays the dot kernels read. @internal */
export type RealArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Float32Array
  | Float64Array
  | Uint16Array
  | Uint32Array;

/**
 * `out[i * n + j] = sum_k q[i*d + k] * c[j*d + k]`, optionally scaled by `sq[i] * sc[j]`.
 * Four queries share each codebook load; items are blocked to stay in cache; f64 accumulators.
 * Unchecked: callers validate shapes.
 * @internal
 */
export function dotKernel(
  q: RealArray,
  nq: number,
  c: RealArray,
  n: number,
  d: number,
  out: Float32Array,
  sq?: Float64Array,
  sc?: Float64Array,
): void {
  if (q instanceof Float32Array && c instanceof Float32Array)
    return dotKernelF32(q, nq, c, n, d, out, sq, sc);
  // Int8 rows (MAP-B): exact integer sums, so the native kernel gives the same values.
  if (q instanceof Int8Array && c instanceof Int8Array && n * d >= NATIVE_MIN_SIM) {
    const nat = vsaNative();
    if (nat !== null && nat.vsaDotF32(q, nq, c, n, d, out, sq ?? null, sc ?? null, 0)) return;
  }
  const block = Math.max(1, Math.floor(32768 / d));
  for (let j0 = 0; j0 < n; j0 += block) {
    const j1 = Math.min(n, j0 + block);
    let i = 0;
    for (; i + 4 <= nq; i += 4) {
      const o0 = i * d;
      const o1 = o0 + d;
      const o2 = o1 + d;
      const o3 = o2 + d;
      for (let j = j0; j < j1; j++) {
        const oc = j * d;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let k = 0; k < d; k++) {
          const x = c[oc + k];
          a0 += q[o0 + k] * x;
          a1 += q[o1 + k] * x;
          a2 += q[o2 + k] * x;
          a3 += q[o3 + k] * x;
        }
        const s = sc === undefined ? 1 : sc[j];
        out[i * n + j] = sq === undefined ? a0 * s : a0 * sq[i] * s;
        out[(i + 1) * n + j] = sq === undefined ? a1 * s : a1 * sq[i + 1] * s;
        out[(i + 2) * n + j] = sq === undefined ? a2 * s : a2 * sq[i + 2] * s;
        out[(i + 3) * n + j] = sq === undefined ? a3 * s : a3 * sq[i + 3] * s;
      }
    }
    for (; i < nq; i++) {
      const o0 = i * d;
      for (let j = j0; j < j1; j++) {
        const oc = j * d;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let k = 0;
        for (; k + 4 <= d; k += 4) {
          a0 += q[o0 + k] * c[oc + k];
          a1 += q[o0 + k + 1] * c[oc + k + 1];
          a2 += q[o0 + k + 2] * c[oc + k + 2];
          a3 += q[o0 + k + 3] * c[oc + k + 3];
        }
        for (; k < d; k++) a0 += q[o0 + k] * c[oc + k];
        const s = sc === undefined ? 1 : sc[j];
        const acc = a0 + a1 + a2 + a3;
        out[i * n + j] = sq === undefined ? acc * s : acc * sq[i] * s;
      }
    }
  }
}

/**
 * Reciprocal L2 norms of `rows` rows of length d into `into` (0 for a zero row, so a zero
 * vector has cosine 0 with everything rather than NaN).
 * @internal
 */
export function inverseNorms(
  x: RealArray,
  rows: number,
  d: number,
  into: Float64Array,
): Float64Array {
  if (x instanceof Float32Array) return inverseNormsF32(x, rows, d, into);
  if (x instanceof Int8Array && rows * d >= NATIVE_MIN_SIM) {
    const nat = vsaNative();
    if (nat !== null && nat.vsaInvNormsF32(x, rows, d, into)) return into;
  }
  for (let r = 0; r < rows; r++) {
    const off = r * d;
    let s0 = 0;
    let s1 = 0;
    let k = 0;
    for (; k + 2 <= d; k += 2) {
      const u = x[off + k];
      const v = x[off + k + 1];
      s0 += u * u;
      s1 += v * v;
    }
    if (k < d) s0 += x[off + k] * x[off + k];
    const s = s0 + s1;
    into[r] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  return into;
}

/**
 * Cosines of up to three queries against a codebook in one pass: each codebook row's squared
 * norm is accumulated alongside the dot products, so the codebook is read once.
 * `invQ[i]` is the reciprocal norm of query i (0 for a zero query).
 * @internal
 */
export function cosineFusedKernel(
  q: RealArray,
  nq: number,
  c: RealArray,
  n: number,
  d: number,
  out: Float32Array,
  invQ: Float64Array,
): void {
  if (q instanceof Float32Array && c instanceof Float32Array)
    return cosineFusedKernelF32(q, nq, c, n, d, out, invQ);
  if (q instanceof Int8Array && c instanceof Int8Array && n * d >= NATIVE_MIN_SIM) {
    const nat = vsaNative();
    if (nat !== null && nat.vsaDotF32(q, nq, c, n, d, out, invQ, null, 1)) return;
  }
  for (let i = 0; i < nq; i++) {
    const oq = i * d;
    const sq = invQ[i];
    for (let j = 0; j < n; j++) {
      const oc = j * d;
      let a0 = 0;
      let a1 = 0;
      let s0 = 0;
      let s1 = 0;
      let k = 0;
      for (; k + 2 <= d; k += 2) {
        const x0 = c[oc + k];
        const x1 = c[oc + k + 1];
        a0 += q[oq + k] * x0;
        a1 += q[oq + k + 1] * x1;
        s0 += x0 * x0;
        s1 += x1 * x1;
      }
      if (k < d) {
        const x = c[oc + k];
        a0 += q[oq + k] * x;
        s0 += x * x;
      }
      const s = s0 + s1;
      out[i * n + j] = s > 0 ? ((a0 + a1) * sq) / Math.sqrt(s) : 0;
    }
  }
}

// Float32 copies of the kernels above: the generic versions see several typed-array kinds and
// stay polymorphic in V8; the float models' hot path gets monomorphic loops. Every sum over k
// (a dot product, a squared norm) has one order on every path, so that a pair's similarity
// does not depend on the batch it comes in, nor on whether the native kernel computed it: four
// Float64 lanes, lane l adding k = l, l + 4, l + 8, ... in turn (a product of two Float32
// values is exact in Float64), the last d mod 4 terms into lane 0, then ((l0 + l1) + l2) + l3.
// The native kernels (vsaDotF32, vsaInvNormsF32) add in this order too.

function dotKernelF32(
  q: Float32Array,
  nq: number,
  c: Float32Array,
  n: number,
  d: number,
  out: Float32Array,
  sq?: Float64Array,
  sc?: Float64Array,
): void {
  const nat = n * d >= NATIVE_MIN_SIM ? vsaNative() : null;
  if (nat !== null && nat.vsaDotF32(q, nq, c, n, d, out, sq ?? null, sc ?? null, 0)) return;
  const d4 = d - (d & 3);
  for (let i = 0; i < nq; i++) {
    const o0 = i * d;
    for (let j = 0; j < n; j++) {
      const oc = j * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k < d4; k += 4) {
        a0 += q[o0 + k] * c[oc + k];
        a1 += q[o0 + k + 1] * c[oc + k + 1];
        a2 += q[o0 + k + 2] * c[oc + k + 2];
        a3 += q[o0 + k + 3] * c[oc + k + 3];
      }
      for (; k < d; k++) a0 += q[o0 + k] * c[oc + k];
      const s = sc === undefined ? 1 : sc[j];
      const acc = a0 + a1 + a2 + a3;
      out[i * n + j] = sq === undefined ? acc * s : acc * sq[i] * s;
    }
  }
}

function cosineFusedKernelF32(
  q: Float32Array,
  nq: number,
  c: Float32Array,
  n: number,
  d: number,
  out: Float32Array,
  invQ: Float64Array,
): void {
  const nat = n * d >= NATIVE_MIN_SIM ? vsaNative() : null;
  if (nat !== null && nat.vsaDotF32(q, nq, c, n, d, out, invQ, null, 1)) return;
  const d4 = d - (d & 3);
  for (let i = 0; i < nq; i++) {
    const oq = i * d;
    const sq = invQ[i];
    for (let j = 0; j < n; j++) {
      const oc = j * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k < d4; k += 4) {
        const x0 = c[oc + k];
        const x1 = c[oc + k + 1];
        const x2 = c[oc + k + 2];
        const x3 = c[oc + k + 3];
        a0 += q[oq + k] * x0;
        a1 += q[oq + k + 1] * x1;
        a2 += q[oq + k + 2] * x2;
        a3 += q[oq + k + 3] * x3;
        s0 += x0 * x0;
        s1 += x1 * x1;
        s2 += x2 * x2;
        s3 += x3 * x3;
      }
      for (; k < d; k++) {
        const x = c[oc + k];
        a0 += q[oq + k] * x;
        s0 += x * x;
      }
      const s = s0 + s1 + s2 + s3;
      out[i * n + j] = s > 0 ? ((a0 + a1 + a2 + a3) * sq) / Math.sqrt(s) : 0;
    }
  }
}

function inverseNormsF32(
  x: Float32Array,
  rows: number,
  d: number,
  into: Float64Array,
): Float64Array {
  const nat = rows * d >= NATIVE_MIN_SIM ? vsaNative() : null;
  if (nat !== null && nat.vsaInvNormsF32(x, rows, d, into)) return into;
  const d4 = d - (d & 3);
  for (let r = 0; r < rows; r++) {
    const off = r * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k < d4; k += 4) {
      const u0 = x[off + k];
      const u1 = x[off + k + 1];
      const u2 = x[off + k + 2];
      const u3 = x[off + k + 3];
      s0 += u0 * u0;
      s1 += u1 * u1;
      s2 += u2 * u2;
      s3 += u3 * u3;
    }
    for (; k < d; k++) s0 += x[off + k] * x[off + k];
    const s = s0 + s1 + s2 + s3;
    into[r] = s > 0 ? 1 / Math.sqrt(s) : 0;
  }
  return into;
}
