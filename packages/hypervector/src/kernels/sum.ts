// Row sums into a Float64 accumulator, one copy per element type: a loop that reads a single
// typed-array kind stays monomorphic in V8 and runs several times faster than a shared one.
import { wasmSumRowsFloat32 } from '../wasm/vsa.js';

/** Whether the platform stores the low byte of a word first (every JS engine in practice). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

let laneLo = new Int32Array(0);
let laneHi = new Int32Array(0);

/**
 * `acc[j] = sum_r x[r*L + j]` over Int8 rows, exact in Int32 (n below 2^24 rows).
 *
 * With L % 4 = 0 and a 4-byte-aligned view (the usual case) it works on four bytes per
 * 32-bit word operation (SWAR): each byte is biased to b + 128 in [0, 255] (XOR 0x80) and
 * added into 16-bit lanes, even bytes into one word, odd bytes into another; 256 rows fit a
 * lane (256 · 255 < 2^16), so the lanes are flushed every 256 rows. Exact for any Int8 values.
 * @internal
 */
export function sumRowsInt8Exact(x: Int8Array, n: number, L: number, acc: Int32Array): void {
  acc.fill(0, 0, L);
  if (!LITTLE_ENDIAN || (L & 3) !== 0 || (x.byteOffset & 3) !== 0) {
    for (let r = 0; r < n; r++) {
      const off = r * L;
      for (let j = 0; j < L; j++) acc[j] += x[off + j];
    }
    return;
  }
  const W = L >>> 2;
  const X = new Int32Array(x.buffer, x.byteOffset, n * W);
  if (laneLo.length < W) {
    laneLo = new Int32Array(W);
    laneHi = new Int32Array(W);
  }
  const lo = laneLo;
  const hi = laneHi;
  const M = 0x00ff00ff;
  const BIAS = 0x80808080 | 0;
  for (let r0 = 0; r0 < n; r0 += 256) {
    const r1 = Math.min(n, r0 + 256);
    lo.fill(0, 0, W);
    hi.fill(0, 0, W);
    let r = r0;
    for (; r + 4 <= r1; r += 4) {
      const o0 = r * W;
      const o1 = o0 + W;
      const o2 = o1 + W;
      const o3 = o2 + W;
      for (let w = 0; w < W; w++) {
        const u0 = X[o0 + w] ^ BIAS;
        const u1 = X[o1 + w] ^ BIAS;
        const u2 = X[o2 + w] ^ BIAS;
        const u3 = X[o3 + w] ^ BIAS;
        lo[w] += (u0 & M) + (u1 & M) + ((u2 & M) + (u3 & M));
        hi[w] += ((u0 >>> 8) & M) + ((u1 >>> 8) & M) + (((u2 >>> 8) & M) + ((u3 >>> 8) & M));
      }
    }
    for (; r < r1; r++) {
      const o0 = r * W;
      for (let w = 0; w < W; w++) {
        const u0 = X[o0 + w] ^ BIAS;
        lo[w] += u0 & M;
        hi[w] += (u0 >>> 8) & M;
      }
    }
    const b = 128 * (r1 - r0);
    for (let w = 0, j = 0; w < W; w++, j += 4) {
      const l = lo[w];
      const h = hi[w];
      acc[j] += (l & 0xffff) - b;
      acc[j + 1] += (h & 0xffff) - b;
      acc[j + 2] += (l >>> 16) - b;
      acc[j + 3] += (h >>> 16) - b;
    }
  }
}

let exact = new Int32Array(0);

/** `acc[j] = sum_r w_r x[r*L + j]` over Int8 rows. @internal */
export function sumRowsInt8(
  x: Int8Array,
  n: number,
  L: number,
  w: ArrayLike<number> | undefined,
  acc: Float64Array,
): void {
  if (w === undefined && n < 1 << 24) {
    if (exact.length < L) exact = new Int32Array(L);
    sumRowsInt8Exact(x, n, L, exact);
    for (let j = 0; j < L; j++) acc[j] = exact[j];
    return;
  }
  acc.fill(0, 0, L);
  let r = 0;
  if (w === undefined) {
    // Four rows per pass: a quarter of the accumulator loads and stores.
    for (; r + 4 <= n; r += 4) {
      const o0 = r * L;
      const o1 = o0 + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) acc[j] += x[o0 + j] + x[o1 + j] + (x[o2 + j] + x[o3 + j]);
    }
  }
  for (; r < n; r++) {
    const off = r * L;
    if (w === undefined) for (let j = 0; j < L; j++) acc[j] += x[off + j];
    else {
      const s = w[r];
      for (let j = 0; j < L; j++) acc[j] += s * x[off + j];
    }
  }
}

/** `acc[j] = sum_r w_r x[r*L + j]` over Int32 rows. @internal */
export function sumRowsInt32(
  x: Int32Array,
  n: number,
  L: number,
  w: ArrayLike<number> | undefined,
  acc: Float64Array,
): void {
  acc.fill(0, 0, L);
  let r = 0;
  if (w === undefined) {
    // Four rows per pass: a quarter of the accumulator loads and stores.
    for (; r + 4 <= n; r += 4) {
      const o0 = r * L;
      const o1 = o0 + L;
      const o2 = o1 + L;
      const o3 = o2 + L;
      for (let j = 0; j < L; j++) acc[j] += x[o0 + j] + x[o1 + j] + (x[o2 + j] + x[o3 + j]);
    }
  }
  for (; r < n; r++) {
    const off = r * L;
    if (w === undefined) for (let j = 0; j < L; j++) acc[j] += x[off + j];
    else {
      const s = w[r];
      for (let j = 0; j < L; j++) acc[j] += s * x[off + j];
    }
  }
}

/**
 * `acc[j] = sum_r w_r x[r*L + j]` over Float32 rows. Without weights it runs on WebAssembly
 * SIMD where available (bit-identical: the same Float64 additions in the same order).
 * @internal
 */
export function sumRowsFloat32(
  x: Float32Array,
  n: number,
  L: number,
  w: ArrayLike<number> | undefined,
  acc: Float64Array,
): void {
  if (w === undefined && wasmSumRowsFloat32(x, n, L, acc)) return;
  acc.fill(0, 0, L);
  let r = 0;
  if (w === undefined) {
    // Sixteen (then eight) rows per pass, added pairwise: a sixteenth of the accumulator
    // traffic and short dependency chains.
    const L2 = 2 * L;
    const L3 = 3 * L;
    const L4 = 4 * L;
    for (; r + 16 <= n; r += 16) {
      const o0 = r * L;
      for (let j = 0; j < L; j++) {
        const k = o0 + j;
        const m = k + L4;
        const p = m + L4;
        const q = p + L4;
        acc[j] +=
          x[k] +
          x[k + L] +
          (x[k + L2] + x[k + L3]) +
          (x[m] + x[m + L] + (x[m + L2] + x[m + L3])) +
          (x[p] + x[p + L] + (x[p + L2] + x[p + L3]) + (x[q] + x[q + L] + (x[q + L2] + x[q + L3])));
      }
    }
    for (; r + 8 <= n; r += 8) {
      const o0 = r * L;
      for (let j = 0; j < L; j++) {
        const k = o0 + j;
        const m = k + L4;
        acc[j] +=
          x[k] + x[k + L] + (x[k + L2] + x[k + L3]) + (x[m] + x[m + L] + (x[m + L2] + x[m + L3]));
      }
    }
    for (; r + 2 <= n; r += 2) {
      const o0 = r * L;
      const o1 = o0 + L;
      for (let j = 0; j < L; j++) acc[j] += x[o0 + j] + x[o1 + j];
    }
  }
  for (; r < n; r++) {
    const off = r * L;
    if (w === undefined) for (let j = 0; j < L; j++) acc[j] += x[off + j];
    else {
      const s = w[r];
      for (let j = 0; j < L; j++) acc[j] += s * x[off + j];
    }
  }
}
