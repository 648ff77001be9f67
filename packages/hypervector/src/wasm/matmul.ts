import { matmulWasm } from './matmulBytes.js';

/**
 * Single-precision matrix products on WebAssembly SIMD (f32x4), with a scalar JavaScript
 * fallback where the engine has no SIMD. The kernels (src/wasm/matmul.wat) use register
 * tiles of 4 x 8 outputs; the wrappers copy the operands into the module's memory (padded
 * so the tiles need no edge cases), block the work for the caches and copy the product out.
 */

interface MatmulExports {
  memory: WebAssembly.Memory;
  nt(pa: number, pb: number, pc: number, m: number, n: number, k: number, ldc: number): void;
  nn(
    pa: number,
    lda: number,
    pp: number,
    pc: number,
    ldc: number,
    m: number,
    strips: number,
    k: number,
  ): void;
}

let kernel: MatmulExports | null | undefined;

function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function loadKernel(): MatmulExports | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly !== 'object') return kernel;
  try {
    const bytes = decodeBase64(matmulWasm);
    if (!WebAssembly.validate(bytes)) return kernel;
    // Small enough (about 1.3 kB) for synchronous compilation on a browser's main thread.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernel = instance.exports as unknown as MatmulExports;
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * Whether the matrix products run on WebAssembly SIMD here (`false`: the scalar fallback,
 * same results within float rounding).
 *
 * @example
 * ```ts
 * import { simdMatmulAvailable } from '@hyperposition/hypervector';
 * simdMatmulAvailable(); // true on Node 20+ and current browsers
 * ```
 */
export function simdMatmulAvailable(): boolean {
  return loadKernel() !== null;
}

let forceScalar = false;

/**
 * Route {@link matmulNT} and {@link matmulNN} through the scalar fallback (`true`) or back to
 * SIMD where available (`false`): for tests that compare the two paths. @internal
 */
export function setMatmulScalarForTesting(scalar: boolean): void {
  forceScalar = scalar;
}

const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE - PAGE;

/** Grow the kernel's memory to at least `bytes`; return a fresh Float32Array view. */
function reserve(k: MatmulExports, bytes: number, fn: string): Float32Array {
  if (bytes > MAX_BYTES) {
    throw new RangeError(
      `${fn}: the operands and product need ${bytes} bytes, more than the 4 GiB a WebAssembly memory holds; split the product into blocks`,
    );
  }
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / PAGE));
  return new Float32Array(k.memory.buffer);
}

function checkDims(fn: string, m: number, n: number, k: number): void {
  for (const [name, v] of [
    ['m', m],
    ['n', n],
    ['k', k],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${v}`);
    }
  }
}

function checkArray(fn: string, name: string, x: unknown, need: number): asserts x is Float32Array {
  if (!(x instanceof Float32Array)) {
    const got =
      x === null ? 'null' : typeof x === 'object' ? (x as object).constructor.name : typeof x;
    throw new TypeError(`${fn}: ${name} must be a Float32Array, got ${got}`);
  }
  if (x.length < need) {
    throw new RangeError(
      `${fn}: ${name} must hold at least ${need} floats, got length ${x.length}`,
    );
  }
}

function output(fn: string, out: Float32Array | undefined, len: number): Float32Array {
  if (out === undefined) return new Float32Array(len);
  checkArray(fn, 'out', out, len);
  return out;
}

const NT_BLOCK = 128; // rows of B per pass (128 x 512 floats = 256 KiB: stays in L2)
const NN_BLOCK = 256; // rows of A per pass

/**
 * C = A Bᵀ in single precision: `out[i*n + j] = Σ_l a[i*k + l] · b[j*k + l]`, the dot
 * products of every row of A with every row of B (a Gram block when A and B hold feature
 * vectors as rows).
 *
 * @param a - A, row-major [m, k] (at least m·k floats are read).
 * @param b - B, row-major [n, k].
 * @param m - rows of A.
 * @param n - rows of B.
 * @param k - the shared inner dimension.
 * @param out - optional [m, n] destination (overwritten); allocated when omitted.
 * @returns C, row-major [m, n].
 * @throws TypeError when an operand is not a Float32Array; RangeError for bad sizes.
 *
 * @example
 * ```ts
 * import { matmulNT } from '@hyperposition/hypervector';
 * const a = Float32Array.of(1, 2, 3, 4, 5, 6); // [2, 3]
 * const b = Float32Array.of(1, 0, 1, 0, 1, 0); // [2, 3]
 * matmulNT(a, b, 2, 2, 3); // Float32Array [4, 2, 10, 5]
 * ```
 */
export function matmulNT(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  out?: Float32Array,
): Float32Array {
  const fn = 'matmulNT';
  checkDims(fn, m, n, k);
  checkArray(fn, 'a', a, m * k);
  checkArray(fn, 'b', b, n * k);
  const c = output(fn, out, m * n);
  if (m === 0 || n === 0) return c;
  const kern = forceScalar ? null : loadKernel();
  if (kern === null || k === 0) {
    ntScalar(a, b, c, m, n, k);
    return c;
  }
  const kp = (k + 3) & ~3;
  const mp = (m + 3) & ~3;
  const np = (n + 1) & ~1;
  const aOff = 0;
  const bOff = aOff + mp * kp;
  const cOff = bOff + np * kp;
  const mem = reserve(kern, 4 * (cOff + mp * np), fn);
  copyPadded(mem, aOff, a, m, k, mp, kp);
  copyPadded(mem, bOff, b, n, k, np, kp);
  for (let j0 = 0; j0 < np; j0 += NT_BLOCK) {
    const nb = Math.min(NT_BLOCK, np - j0);
    kern.nt(4 * aOff, 4 * (bOff + j0 * kp), 4 * (cOff + j0), mp, nb, kp, np);
  }
  if (np === n) c.set(mem.subarray(cOff, cOff + m * n));
  else for (let i = 0; i < m; i++) c.set(mem.subarray(cOff + i * np, cOff + i * np + n), i * n);
  return c;
}

/**
 * C = A B in single precision: `out[i*n + j] = Σ_l a[i*k + l] · b[l*n + j]`.
 *
 * @param a - A, row-major [m, k].
 * @param b - B, row-major [k, n].
 * @param m - rows of A and C.
 * @param n - columns of B and C.
 * @param k - columns of A, rows of B.
 * @param out - optional [m, n] destination (overwritten); allocated when omitted.
 * @returns C, row-major [m, n].
 * @throws TypeError when an operand is not a Float32Array; RangeError for bad sizes.
 *
 * @example
 * ```ts
 * import { matmulNN } from '@hyperposition/hypervector';
 * const a = Float32Array.of(1, 2, 3, 4); // [2, 2]
 * const b = Float32Array.of(5, 6, 7, 8); // [2, 2]
 * matmulNN(a, b, 2, 2, 2); // Float32Array [19, 22, 43, 50]
 * ```
 */
export function matmulNN(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  out?: Float32Array,
): Float32Array {
  const fn = 'matmulNN';
  checkDims(fn, m, n, k);
  checkArray(fn, 'a', a, m * k);
  checkArray(fn, 'b', b, k * n);
  const c = output(fn, out, m * n);
  if (m === 0 || n === 0) return c;
  const kern = forceScalar ? null : loadKernel();
  if (kern === null || k === 0) {
    nnScalar(a, b, c, m, n, k);
    return c;
  }
  const mp = (m + 3) & ~3;
  const strips = (n + 7) >> 3;
  const np = strips * 8;
  const aOff = 0;
  const pOff = aOff + mp * k;
  const cOff = pOff + np * k;
  const mem = reserve(kern, 4 * (cOff + mp * np), fn);
  mem.set(a.subarray(0, m * k), aOff);
  mem.fill(0, aOff + m * k, aOff + mp * k);
  packStrips(mem, pOff, b, k, n, strips);
  for (let i0 = 0; i0 < mp; i0 += NN_BLOCK) {
    const mb = Math.min(NN_BLOCK, mp - i0);
    kern.nn(4 * (aOff + i0 * k), k, 4 * pOff, 4 * (cOff + i0 * np), np, mb, strips, k);
  }
  if (np === n) c.set(mem.subarray(cOff, cOff + m * n));
  else for (let i = 0; i < m; i++) c.set(mem.subarray(cOff + i * np, cOff + i * np + n), i * n);
  return c;
}

/** Copy rows×cols of src into dst at off with padded shape rowsP×colsP (zeros in the pad). */
function copyPadded(
  dst: Float32Array,
  off: number,
  src: Float32Array,
  rows: number,
  cols: number,
  rowsP: number,
  colsP: number,
): void {
  if (cols === colsP) {
    dst.set(src.subarray(0, rows * cols), off);
  } else {
    for (let r = 0; r < rows; r++) {
      dst.set(src.subarray(r * cols, r * cols + cols), off + r * colsP);
      dst.fill(0, off + r * colsP + cols, off + (r + 1) * colsP);
    }
  }
  dst.fill(0, off + rows * colsP, off + rowsP * colsP);
}

/** P[s][l][t] = B[l][8s + t] (0 beyond column n). */
function packStrips(
  dst: Float32Array,
  off: number,
  b: Float32Array,
  k: number,
  n: number,
  strips: number,
): void {
  const full = n >> 3;
  for (let s = 0; s < full; s++) {
    let p = off + s * k * 8;
    let q = s * 8;
    for (let l = 0; l < k; l++, p += 8, q += n) {
      dst[p] = b[q];
      dst[p + 1] = b[q + 1];
      dst[p + 2] = b[q + 2];
      dst[p + 3] = b[q + 3];
      dst[p + 4] = b[q + 4];
      dst[p + 5] = b[q + 5];
      dst[p + 6] = b[q + 6];
      dst[p + 7] = b[q + 7];
    }
  }
  if (full < strips) {
    const s = full;
    const w = n - 8 * s;
    for (let l = 0; l < k; l++) {
      const p = off + s * k * 8 + l * 8;
      for (let t = 0; t < 8; t++) dst[p + t] = t < w ? b[l * n + 8 * s + t] : 0;
    }
  }
}

function ntScalar(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * b[j * k + l];
      c[i * n + j] = s;
    }
  }
}

function nnScalar(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  n: number,
  k: number,
): void {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < k; l++) {
      const x = a[i * k + l];
      for (let j = 0; j < n; j++) c[i * n + j] += x * b[l * n + j];
    }
  }
}
