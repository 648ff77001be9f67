import { mayShareMemory, vsaNative } from '../native/vsa.js';
import { wasmDotBlocks } from '../wasm/vsa.js';

/**
 * Below this many codebook (or row) entries the kernels stay in JavaScript: a native call
 * costs about 0.2 µs with its checks, the loops about 0.4 ns an entry.
 * @internal
 */
export const NATIVE_MIN_SIM = 1024;

/**
 * Below this many codebook (or row) entries the kernels stay in JavaScript rather than go
 * through WebAssembly (copies in, a call per block): the loops are faster on small work.
 */
const WASM_MIN_SIM = 4096;

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

// Every sum over k here (a dot product, a squared norm) has one order on every path and for
// every batch: four Float64 lanes, lane l adding the terms k = l, l + 4, l + 8, ... in turn, the
// last d mod 4 terms into lane 0, then ((l0 + l1) + l2) + l3. A cosine is then
// `cn > 0 ? (dot * sq) / cn : cn === 0 ? 0 : NaN`, with sq the query's reciprocal norm (0 for a
// zero query) and cn the codebook row's norm, whether cn comes from a pass of its own or from
// the dot products' pass: so a pair's cosine does not depend on the batch it comes in, nor on
// the path that computed it. A product of two Float32 (or 8- and 16-bit integer) values is
// exact in Float64, so the native kernels (vsaDotF32, vsaInvNormsF32) add in this order too and
// give the same bits; on Int8 rows every sum is an exact integer. A NaN in a codebook row gives
// NaN (the callers' finiteness check then names it), a zero row 0.

/** The cosine from a dot product, the query's reciprocal norm and the row's norm. */
function cosineOf(dot: number, sq: number, cn: number): number {
  return cn > 0 ? (dot * sq) / cn : cn === 0 ? 0 : NaN;
}

/**
 * `out[i * n + j] = sum_k q[i*d + k] * c[j*d + k]`, or with `sq` (reciprocal query norms) and
 * `cn` (codebook row norms, {@link rowNorms}) the cosine of each pair. Unchecked: callers
 * validate shapes.
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
  cn?: Float64Array,
): void {
  if (n * d >= NATIVE_MIN_SIM && sameKind(q, c)) {
    const nat = vsaNative();
    const [a, b] = [q as Float32Array, c as Float32Array];
    if (nat !== null && nat.vsaDotF32(a, nq, b, n, d, out, sq ?? null, cn ?? null, cn ? 2 : 0))
      return;
  }
  // WebAssembly copies whole blocks in before it writes: not where out may share memory with
  // an input (the loops' order of reads and writes then decides the result).
  if (
    n * d >= WASM_MIN_SIM &&
    sameKind(q, c) &&
    !mayShareMemory(out, q) &&
    !mayShareMemory(out, c)
  ) {
    const cosines = sq !== undefined && cn !== undefined;
    const done = wasmDotBlocks(
      q as Float32Array,
      nq,
      c as Float32Array,
      n,
      d,
      false,
      (i0, qn, j0, rn, sums, so) => {
        for (let i = 0; i < qn; i++) {
          const o = (i0 + i) * n + j0;
          const s = so + i * rn;
          for (let j = 0; j < rn; j++)
            out[o + j] = cosines ? cosineOf(sums[s + j], sq[i0 + i], cn[j0 + j]) : sums[s + j];
        }
      },
    );
    if (done) return;
  }
  if (q instanceof Float32Array && c instanceof Float32Array)
    return dotLoopF32(q, nq, c, n, d, out, sq, cn);
  dotLoop(q, nq, c, n, d, out, sq, cn);
}

/** Both Float32Arrays, both Int8Arrays or both Int32Arrays: the kinds the kernels take. */
function sameKind(q: RealArray, c: RealArray): boolean {
  return (
    (q instanceof Float32Array && c instanceof Float32Array) ||
    (q instanceof Int8Array && c instanceof Int8Array) ||
    (q instanceof Int32Array && c instanceof Int32Array)
  );
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
  norms(x, rows, d, into, true);
  return into;
}

/**
 * L2 norms of `rows` rows of length d into `into`, the squares added in the order above.
 * @internal
 */
export function rowNorms(x: RealArray, rows: number, d: number, into: Float64Array): Float64Array {
  norms(x, rows, d, into, false);
  return into;
}

function norms(x: RealArray, rows: number, d: number, into: Float64Array, inverse: boolean) {
  const kernelKind = x instanceof Float32Array || x instanceof Int8Array || x instanceof Int32Array;
  if (rows * d >= NATIVE_MIN_SIM && kernelKind) {
    const nat = vsaNative();
    if (nat !== null && nat.vsaInvNormsF32(x, rows, d, into, inverse ? 1 : 0)) return;
  }
  if (rows * d >= WASM_MIN_SIM && kernelKind && !mayShareMemory(into, x)) {
    const done = wasmDotBlocks(
      null,
      0,
      x,
      rows,
      d,
      true,
      (_i0, _qn, j0, rn, _sums, _so, s2, no) => {
        for (let j = 0; j < rn; j++) {
          const s = s2[no + j];
          into[j0 + j] = inverse ? (s > 0 ? 1 / Math.sqrt(s) : 0) : Math.sqrt(s);
        }
      },
    );
    if (done) return;
  }
  if (x instanceof Float32Array) normsLoopF32(x, rows, d, into, inverse);
  else normsLoop(x, rows, d, into, inverse);
}

/**
 * Cosines of queries against a codebook in one pass: each codebook row's squared norm is added
 * alongside the dot products (the same lanes), so the codebook is read once; the values are
 * {@link dotKernel}'s with `cn` from {@link rowNorms}. `invQ[i]` is the reciprocal norm of
 * query i (0 for a zero query).
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
  if (n * d >= NATIVE_MIN_SIM && sameKind(q, c)) {
    const nat = vsaNative();
    const [a, b] = [q as Float32Array, c as Float32Array];
    if (nat !== null && nat.vsaDotF32(a, nq, b, n, d, out, invQ, null, 1)) return;
  }
  if (
    n * d >= WASM_MIN_SIM &&
    sameKind(q, c) &&
    !mayShareMemory(out, q) &&
    !mayShareMemory(out, c)
  ) {
    const done = wasmDotBlocks(
      q as Float32Array,
      nq,
      c as Float32Array,
      n,
      d,
      true,
      (i0, qn, j0, rn, sums, so, s2, no) => {
        for (let i = 0; i < qn; i++) {
          const o = (i0 + i) * n + j0;
          const s = so + i * rn;
          const iq = invQ[i0 + i];
          for (let j = 0; j < rn; j++)
            out[o + j] = cosineOf(sums[s + j], iq, Math.sqrt(s2[no + j]));
        }
      },
    );
    if (done) return;
  }
  if (q instanceof Float32Array && c instanceof Float32Array)
    return fusedLoopF32(q, nq, c, n, d, out, invQ);
  fusedLoop(q, nq, c, n, d, out, invQ);
}

// The loops, twice each: a Float32 copy for the float models' hot path (monomorphic in V8)
// and one for every other array kind.

function dotLoopF32(
  q: Float32Array,
  nq: number,
  c: Float32Array,
  n: number,
  d: number,
  out: Float32Array,
  sq?: Float64Array,
  cn?: Float64Array,
): void {
  const d4 = d - (d & 3);
  for (let i = 0; i < nq; i++) {
    const oq = i * d;
    for (let j = 0; j < n; j++) {
      const oc = j * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k < d4; k += 4) {
        a0 += q[oq + k] * c[oc + k];
        a1 += q[oq + k + 1] * c[oc + k + 1];
        a2 += q[oq + k + 2] * c[oc + k + 2];
        a3 += q[oq + k + 3] * c[oc + k + 3];
      }
      for (; k < d; k++) a0 += q[oq + k] * c[oc + k];
      const acc = a0 + a1 + a2 + a3;
      out[i * n + j] = sq === undefined || cn === undefined ? acc : cosineOf(acc, sq[i], cn[j]);
    }
  }
}

function dotLoop(
  q: RealArray,
  nq: number,
  c: RealArray,
  n: number,
  d: number,
  out: Float32Array,
  sq?: Float64Array,
  cn?: Float64Array,
): void {
  const d4 = d - (d & 3);
  for (let i = 0; i < nq; i++) {
    const oq = i * d;
    for (let j = 0; j < n; j++) {
      const oc = j * d;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let k = 0;
      for (; k < d4; k += 4) {
        a0 += q[oq + k] * c[oc + k];
        a1 += q[oq + k + 1] * c[oc + k + 1];
        a2 += q[oq + k + 2] * c[oc + k + 2];
        a3 += q[oq + k + 3] * c[oc + k + 3];
      }
      for (; k < d; k++) a0 += q[oq + k] * c[oc + k];
      const acc = a0 + a1 + a2 + a3;
      out[i * n + j] = sq === undefined || cn === undefined ? acc : cosineOf(acc, sq[i], cn[j]);
    }
  }
}

function fusedLoopF32(
  q: Float32Array,
  nq: number,
  c: Float32Array,
  n: number,
  d: number,
  out: Float32Array,
  invQ: Float64Array,
): void {
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
      out[i * n + j] = cosineOf(a0 + a1 + a2 + a3, sq, Math.sqrt(s0 + s1 + s2 + s3));
    }
  }
}

function fusedLoop(
  q: RealArray,
  nq: number,
  c: RealArray,
  n: number,
  d: number,
  out: Float32Array,
  invQ: Float64Array,
): void {
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
      out[i * n + j] = cosineOf(a0 + a1 + a2 + a3, sq, Math.sqrt(s0 + s1 + s2 + s3));
    }
  }
}

function normsLoopF32(
  x: Float32Array,
  rows: number,
  d: number,
  into: Float64Array,
  inverse: boolean,
): void {
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
    into[r] = inverse ? (s > 0 ? 1 / Math.sqrt(s) : 0) : Math.sqrt(s);
  }
}

function normsLoop(
  x: RealArray,
  rows: number,
  d: number,
  into: Float64Array,
  inverse: boolean,
): void {
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
    into[r] = inverse ? (s > 0 ? 1 / Math.sqrt(s) : 0) : Math.sqrt(s);
  }
}
