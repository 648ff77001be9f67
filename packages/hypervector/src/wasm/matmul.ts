import { matmulWasm } from './matmulBytes.js';

/**
 * Single-precision matrix products on WebAssembly SIMD (f32x4), with a scalar JavaScript
 * fallback where the engine has no SIMD. One kernel (src/wasm/matmul.wat) computes 4 x 8
 * tiles of A·B with B packed in strips of 8 columns (Bᵀ for A·Bᵀ); the wrappers copy the
 * operands into the module's memory (padded so the tiles need no edge cases), pack, block the
 * work for the caches and copy the product out.
 */

interface MatmulExports {
  memory: WebAssembly.Memory;
  pack(pb: number, ldb: number, k: number, strips: number, pp: number): void;
  packT(pb: number, ldb: number, k: number, strips: number, pp: number): void;
  nn(
    pa: number,
    lda: number,
    pp: number,
    sstride: number,
    pc: number,
    ldc: number,
    m: number,
    strips: number,
    k: number,
    acc: number,
  ): void;
}

let kernel: MatmulExports | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
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

export function checkDims(fn: string, m: number, n: number, k: number): void {
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

export function checkArray(
  fn: string,
  name: string,
  x: unknown,
  need: number,
): asserts x is Float32Array {
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

const KC = 256; // rows of a packed strip per pass: 256 x 32 bytes = 8 KiB stays in L1
const MC = 256; // rows of A per pass

/**
 * C = A·P over packed strips (both operands already in the kernel's memory at float offsets
 * aOff (rows of length k, stride k) and pOff (strips of k x 8)), written at cOff with row
 * stride 8 * strips; m a multiple of 4.
 */
function runPacked(
  kern: MatmulExports,
  aOff: number,
  pOff: number,
  cOff: number,
  mp: number,
  strips: number,
  k: number,
): void {
  const ldc = strips * 8;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = Math.min(KC, k - k0);
    for (let i0 = 0; i0 < mp; i0 += MC) {
      const mb = Math.min(MC, mp - i0);
      kern.nn(
        4 * (aOff + i0 * k + k0),
        k,
        4 * (pOff + k0 * 8),
        k * 8,
        4 * (cOff + i0 * ldc),
        ldc,
        mb,
        strips,
        kc,
        k0 > 0 ? 1 : 0,
      );
    }
  }
}

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
  return runSimd(fn, kern, a, b, m, n, k, c, true);
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
  return runSimd(fn, kern, a, b, m, n, k, c, false);
}

/**
 * The SIMD path of both products: copy A (rows padded to 4) and B into the kernel's memory,
 * pack B (`transB`: B is [n, k], packed as Bᵀ) into strips of 8 columns, run the tiles and
 * copy the [m, n] product out of its padded rows.
 */
function runSimd(
  fn: string,
  kern: MatmulExports,
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  c: Float32Array,
  transB: boolean,
): Float32Array {
  const mp = (m + 3) & ~3;
  const strips = (n + 7) >> 3;
  const np = strips * 8;
  const aOff = 0;
  const bOff = aOff + mp * k;
  const pOff = bOff + np * k;
  const cOff = pOff + np * k;
  const mem = reserve(kern, 4 * (cOff + mp * np), fn);
  copyPadded(mem, aOff, a, m, k, mp, k);
  if (transB) {
    copyPadded(mem, bOff, b, n, k, np, k);
    kern.packT(4 * bOff, k, k, strips, 4 * pOff);
  } else {
    copyPadded(mem, bOff, b, k, n, k, np);
    kern.pack(4 * bOff, np, k, strips, 4 * pOff);
  }
  runPacked(kern, aOff, pOff, cOff, mp, strips, k);
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
