import { mayOverlapPartly, mayShareMemory } from '../kernels/sharing.js';
import { vsaWasm } from './vsaBytes.js';

/**
 * VSA kernels on WebAssembly SIMD (src/wasm/vsa.wat): MAP-B byte products, exact byte sums
 * with signs and tie positions (MAP-B bundle), complex products (FHRR bind and unbind),
 * Float32 row sums into Float64 (float bundles), the stages of the FFT plans of
 * src/kernels/fft.ts (HRR binding), and the dot products and sums of squares of Float32, Int8
 * and Int32 rows (similarity, src/kernels/dot.ts). The element-wise functions copy their operands into the
 * module's memory (in chunks), run the kernel and copy the result back; they return `false`
 * (or `null`, or -1) without touching anything when WebAssembly SIMD is missing or the
 * operands would need too much memory, and the caller then runs the scalar kernel of
 * src/kernels. FFT plans get an instance of their own ({@link fftInstance}) whose memory
 * holds their arrays. Every kernel gives bit-identical results to the scalar path it
 * replaces (the float kernels do the scalar kernels' operations, in Float64, or in Float32 for
 * the complex products, in their order, without fused multiply-adds).
 *
 * The module is about 10 kB: where synchronous compilation is refused (a browser's main
 * thread), it is compiled in the background and the scalar kernels run until it is ready.
 * @internal
 */

interface VsaExports {
  memory: WebAssembly.Memory;
  mulI8(pa: number, pb: number, po: number, n: number): void;
  sumI8(p: number, n: number, d: number, pacc: number): void;
  signI32(pacc: number, d: number, po: number, pties: number): number;
  cmulF32(pa: number, pb: number, po: number, n: number, conj: number): number;
  sumF32(p: number, n: number, L: number, pacc: number): void;
  majority(p: number, n: number, L: number, ph: number, po: number, pt: number): void;
  dotRows(
    pq: number,
    nq: number,
    pc: number,
    n: number,
    d: number,
    po: number,
    ps: number,
    kind: number,
  ): void;
}

/**
 * One Stockham stage of an FFT plan (src/wasm/vsa.wat): split Float64 input at byte offsets
 * xr, xi, output at yr, yi, stride s, m, and the stage's twiddles at twr, twi. @internal
 */
export type FftStage = (
  xr: number,
  xi: number,
  yr: number,
  yi: number,
  s: number,
  m: number,
  twr: number,
  twi: number,
) => void;

/** The exports of an instance made for an FFT plan (src/kernels/fft.ts). @internal */
export interface FftStages {
  memory: WebAssembly.Memory;
  r2: FftStage;
  r4: FftStage;
  r5: FftStage;
  r5n: FftStage;
  r4f(xr: number, xi: number, yr: number, yi: number, m: number, twr: number, twi: number): void;
  f32to64(src: number, dst: number, n: number): void;
  post(zr: number, zi: number, hr: number, hi: number, wr: number, wi: number, M: number): void;
  r5last32(xr: number, xi: number, po: number, s: number, scale: number): number;
}

/** The compiled module: undefined before the first use, null when unavailable. */
let compiled: WebAssembly.Module | null | undefined;
let kernel: VsaExports | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function compileModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object') return compiled;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = decodeBase64(vsaWasm);
    if (!WebAssembly.validate(bytes)) return compiled;
  } catch {
    return compiled;
  }
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch {
    // Engines that refuse to compile a module of this size synchronously (older browsers, on
    // the main thread) compile it in the background; the scalar kernels run until it is ready.
    if (typeof WebAssembly.compile === 'function') {
      WebAssembly.compile(bytes).then(
        async (m) => {
          // Such engines may refuse synchronous instantiation as well.
          const instance = await WebAssembly.instantiate(m, {});
          compiled = m;
          kernel = instance.exports as unknown as VsaExports;
        },
        () => undefined,
      );
    }
  }
  return compiled;
}

function loadKernel(): VsaExports | null {
  if (kernel !== undefined) return kernel;
  const m = compileModule();
  if (m === null) return null;
  kernel = null;
  try {
    kernel = new WebAssembly.Instance(m, {}).exports as unknown as VsaExports;
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * A fresh instance of the module with a memory of at least `bytes` (it never grows again, so
 * views into it stay valid), for one FFT plan; null when WebAssembly SIMD is unavailable or
 * the scalar path is forced. @internal
 */
export function fftInstance(bytes: number): FftStages | null {
  if (forceScalar || bytes > MAX_BYTES) return null;
  const m = compileModule();
  if (m === null) return null;
  try {
    const e = new WebAssembly.Instance(m, {}).exports as unknown as FftStages;
    const have = e.memory.buffer.byteLength;
    if (bytes > have) e.memory.grow(Math.ceil((bytes - have) / PAGE));
    return e;
  } catch {
    return null;
  }
}

/** The kernels of an instance made for a vector arena (src/models/arena.ts). @internal */
export interface ArenaKernels {
  memory: WebAssembly.Memory;
  mulI8(pa: number, pb: number, po: number, n: number): void;
  xorU32(pa: number, pb: number, po: number, bytes: number): void;
  rotate(pa: number, po: number, row: number, sh: number, rows: number): void;
  rotateBits(pa: number, po: number, d: number, s: number, rows: number): void;
}

/**
 * A fresh instance of the module whose memory holds exactly `pages` pages of 64 KiB and never
 * grows (views into it stay valid), for one vector arena; null when WebAssembly SIMD is
 * unavailable or the scalar path is forced; 'refused' when the engine would not grow the
 * memory to that size. @internal
 */
export function arenaInstance(pages: number): ArenaKernels | null | 'refused' {
  if (forceScalar) return null;
  const m = compileModule();
  if (m === null) return null;
  let e: ArenaKernels;
  try {
    e = new WebAssembly.Instance(m, {}).exports as unknown as ArenaKernels;
  } catch {
    return null;
  }
  try {
    const have = e.memory.buffer.byteLength / PAGE;
    if (pages > have) e.memory.grow(pages - have);
  } catch {
    return 'refused';
  }
  return e;
}

/** Whether the scalar path is forced (tests). @internal */
export function vsaScalarForced(): boolean {
  return forceScalar;
}

let forceScalar = false;
let steered = false;
let loopsOnly = false;

/**
 * Turn this module's WebAssembly kernels off (`true`: binding, bundles and the float and
 * integer dot products run their JavaScript loops) or back on, without steering the native
 * kernels aside as {@link setVsaScalarForTesting} does: the reference runs of the native
 * kernels' tests. The packed popcount kernel (wasmPopcount.ts, whose counts are exact on every
 * path), FFT plans and vector arenas keep their instances. Returns the previous setting.
 * @internal
 */
export function setVsaWasmOffForTesting(off: boolean): boolean {
  const was = loopsOnly;
  loopsOnly = off;
  return was;
}

/**
 * Route the VSA kernels through the scalar fallback (`true`) or back to SIMD where
 * available (`false`): for tests that compare the two paths. Once called, the models also
 * leave the native kernels (src/native/vsa.ts) aside in this module instance, so that both
 * paths compared are the WebAssembly and the scalar one. @internal
 */
export function setVsaScalarForTesting(scalar: boolean): void {
  forceScalar = scalar;
  steered = true;
}

/** Whether {@link setVsaScalarForTesting} has been called (native kernels stand aside). @internal */
export function vsaPathsSteered(): boolean {
  return steered;
}

/** Whether the SIMD kernels are in use (loaded and not forced off). @internal */
export function vsaSimdActive(): boolean {
  return !forceScalar && loadKernel() !== null;
}

const PAGE = 65536;
/** Most memory the module may grow to; larger operands take the scalar path. */
const MAX_BYTES = 64 << 20;
/** Bytes of a chunk of rows copied in at a time (at least one row, or one group of rows). */
const CHUNK_BYTES = 1 << 20;
/**
 * Columns per block of a Float32 row sum (16 rows of it: 256 kB, in the second-level cache);
 * also the row stride (in floats) that the kernel "sumF32" expects.
 */
const SUM_BLOCK = 4096;

let buffer: ArrayBuffer | null = null;
let i8 = new Int8Array(0);
let i32 = new Int32Array(0);
let f32 = new Float32Array(0);
let f64 = new Float64Array(0);

/** The kernel with at least `bytes` of memory, and fresh views; null when unavailable. */
function ready(bytes: number): VsaExports | null {
  if (forceScalar || loopsOnly || bytes > MAX_BYTES) return null;
  const k = loadKernel();
  if (k === null) return null;
  const have = k.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      k.memory.grow(Math.ceil((bytes - have) / PAGE));
    } catch {
      return null;
    }
  }
  if (buffer !== k.memory.buffer) {
    buffer = k.memory.buffer as ArrayBuffer;
    i8 = new Int8Array(buffer);
    i32 = new Int32Array(buffer);
    f32 = new Float32Array(buffer);
    f64 = new Float64Array(buffer);
  }
  return k;
}

/** Round up to a multiple of 16 bytes, plus 16 bytes of padding for reads past the end. */
function span(bytes: number): number {
  return Math.ceil(bytes / 16) * 16 + 16;
}

/** Fewest elements worth a trip through the module (below, the scalar loop is faster). */
const MIN_ELEMENTS = 256;

/**
 * `o = kernel(a, b)` over arrays of `total` elements, `a` of length `la` and `b` of length
 * `lb`, each `total` or one row (of `min(la, lb)` elements) broadcast over the other's rows.
 * `size` is the element size in bytes; `run(pa, pb, po, len)` runs the kernel on `len`
 * elements and returns false when an output is not finite. Returns -1 when the kernel is
 * unavailable (nothing done), else 1 (all outputs finite) or 0.
 */
function binary<T extends Int8Array | Float32Array>(
  a: T,
  la: number,
  b: T,
  lb: number,
  o: T,
  total: number,
  size: number,
  run: (k: VsaExports, pa: number, pb: number, po: number, len: number) => boolean,
): number {
  if (total < MIN_ELEMENTS) return -1;
  // The operands are copied in: an output over part of one (or on shared memory that may be)
  // takes the loops, whose order of reads and writes then decides the result.
  if (mayOverlapPartly(o, a) || mayOverlapPartly(o, b)) return -1;
  const fullA = la === total;
  const fullB = lb === total;
  // Both full: blocks of any (even) length; a broadcast row: blocks of whole rows.
  const L = fullA && fullB ? 2 : Math.min(la, lb);
  // A broadcast row must tile the total exactly (whole rows per block); else the scalar path.
  if (!(fullA && fullB) && total % L !== 0) return -1;
  const per = Math.max(1, Math.floor(CHUNK_BYTES / (L * size))) * L;
  const block = Math.min(total, per);
  const chunk = span(block * size);
  const pa = 0;
  const pb = pa + chunk;
  const po = pb + chunk;
  const k = ready(po + chunk);
  if (k === null) return -1;
  const view = (size === 1 ? i8 : f32) as T;
  const ea = pa / size;
  const eb = pb / size;
  const eo = po / size;
  if (!fullA) view.set(a, ea);
  if (!fullB) view.set(b, eb);
  let ok = true;
  for (let s = 0; s < total; s += block) {
    const e = Math.min(total, s + block);
    if (fullA) view.set(a.subarray(s, e), ea);
    if (fullB) view.set(b.subarray(s, e), eb);
    if (fullA && fullB) {
      if (!run(k, pa, pb, po, e - s)) ok = false;
    } else {
      const step = L * size;
      for (let off = 0; off < (e - s) * size; off += step) {
        if (!run(k, fullA ? pa + off : pa, fullB ? pb + off : pb, po + off, L)) ok = false;
      }
    }
    o.set(view.subarray(eo, eo + (e - s)), s);
  }
  return ok ? 1 : 0;
}

const runMulI8 = (k: VsaExports, pa: number, pb: number, po: number, len: number): boolean => {
  k.mulI8(pa, pb, po, len);
  return true;
};

/**
 * `multiplyInt8` (src/kernels/product.ts) on SIMD: `o[i] = a[i] * b[i]` (Int8 wrap-around), either operand
 * possibly one row broadcast. `o` may be the very view of an operand; one over part of an
 * operand (or on shared memory that may be) is left to the loops. Returns false (and does
 * nothing) when the kernel is unavailable or so.
 * @internal
 */
export function wasmMultiplyInt8(
  a: Int8Array,
  la: number,
  b: Int8Array,
  lb: number,
  o: Int8Array,
  total: number,
): boolean {
  return binary(a, la, b, lb, o, total, 1, runMulI8) >= 0;
}

const runMul = (k: VsaExports, pa: number, pb: number, po: number, len: number): boolean =>
  k.cmulF32(pa, pb, po, len >>> 1, 0) === 1;
const runMulConj = (k: VsaExports, pa: number, pb: number, po: number, len: number): boolean =>
  k.cmulF32(pa, pb, po, len >>> 1, 1) === 1;

/**
 * `complexMultiply` (src/kernels/complex.ts) on SIMD (interleaved Float32, even lengths). Returns
 * -1 (having done nothing) when the kernel is unavailable, else 1 when every output is
 * finite and 0 when one is not ("check the output").
 * @internal
 */
export function wasmComplexMultiply(
  a: Float32Array,
  la: number,
  b: Float32Array,
  lb: number,
  o: Float32Array,
  total: number,
  conj: boolean,
): number {
  return binary(a, la, b, lb, o, total, 4, conj ? runMulConj : runMul);
}

/**
 * MAP-B's sign bundle on SIMD: the exact Int32 sums of `n` Int8 rows of `d` (any Int8
 * values), `out[j]` = their sign (1, -1, or 0 for a zero sum). Returns the positions of the
 * zero sums in increasing order (a view into the module's memory: read it before the next
 * kernel call), or null (having done nothing) when the kernel is unavailable.
 * @internal
 */
export function wasmSignOfSumInt8(
  rows: Int8Array,
  n: number,
  d: number,
  out: Int8Array,
): Int32Array | null {
  if (n * d < MIN_ELEMENTS) return null;
  const rowsPer = Math.max(1, Math.min(n, 256, Math.floor(CHUNK_BYTES / d)));
  const pacc = 0;
  const pties = pacc + span(4 * d);
  const po = pties + span(4 * d);
  const pr = po + span(d);
  const k = ready(pr + span(rowsPer * d));
  if (k === null) return null;
  i32.fill(0, 0, d);
  for (let r0 = 0; r0 < n; r0 += rowsPer) {
    const r1 = Math.min(n, r0 + rowsPer);
    i8.set(rows.subarray(r0 * d, r1 * d), pr);
    k.sumI8(pr, r1 - r0, d, pacc);
  }
  const ties = k.signI32(pacc, d, po, pties);
  out.set(i8.subarray(po, po + d));
  return i32.subarray(pties >>> 2, (pties >>> 2) + ties);
}

/**
 * `sumRowsFloat32` (src/kernels/sum.ts) without weights on SIMD: `acc[j] = sum_r x[r * L + j]` in Float64,
 * grouped exactly as the scalar kernel groups the rows. Returns false (having done nothing)
 * when the kernel is unavailable.
 * @internal
 */
export function wasmSumRowsFloat32(
  x: Float32Array,
  n: number,
  L: number,
  acc: Float64Array,
): boolean {
  if (n * L < MIN_ELEMENTS) return false;
  // Blocks of columns (their Float64 sums stay in the first-level cache while the rows pass),
  // and rows in groups of 16, then the remaining n mod 16 in one call: the kernel groups the
  // rows of a call as the scalar kernel does, so the sums are bit-identical.
  const C = Math.min(L, SUM_BLOCK);
  const pacc = 0;
  const pr = span(8 * L);
  const k = ready(pr + span(4 * 16 * SUM_BLOCK));
  if (k === null) return false;
  f64.fill(0, 0, L);
  const er = pr >>> 2;
  for (let c0 = 0; c0 < L; c0 += C) {
    const w = Math.min(L, c0 + C) - c0;
    for (let r0 = 0; r0 < n;) {
      const r1 = r0 + 16 <= n ? r0 + 16 : n;
      // Rows SUM_BLOCK floats apart in the module (the kernel's fixed stride).
      for (let r = r0; r < r1; r++) {
        const o = r * L + c0;
        f32.set(x.subarray(o, o + w), er + (r - r0) * SUM_BLOCK);
      }
      k.sumF32(pr, r1 - r0, w, pacc + 8 * c0);
      r0 = r1;
    }
  }
  acc.set(f64.subarray(0, L));
  return true;
}

/** Bytes of codebook rows copied in at a time for the dot products (kept in the L2 cache). */
const DOT_CHUNK = 256 << 10;
/** Bytes of queries copied in at a time for the dot products. */
const DOT_QUERIES = 4 << 20;
/** Bytes of the Float64 results of one block (queries x rows) at most. */
const DOT_SUMS = 2 << 20;

/**
 * Receives a block of {@link wasmDotBlocks}'s results: `sums[so + i * rn + j]` is the dot
 * product of query `i0 + i` with codebook row `j0 + j` (i < qn, j < rn), and where squares were
 * asked for, `sq[no + j]` is row `j0 + j`'s sum of squares. The arrays are views of the module's
 * memory, valid only during the call. @internal
 */
export type DotBlock = (
  i0: number,
  qn: number,
  j0: number,
  rn: number,
  sums: Float64Array,
  so: number,
  sq: Float64Array,
  no: number,
) => void;

/**
 * The sums of src/kernels/dot.ts on SIMD, for Float32, Int8 or Int32 rows (q and c of one kind): the
 * dot products of `nq` queries (`q`, `nq` rows of `d`; `nq` may be 0) with `n` codebook rows
 * (`c`), and with `squares` each codebook row's sum of squares, every one a Float64 in
 * dot.ts's order of additions (Int8: exact integers), handed to `emit` block by block (every
 * pair exactly once, each block with its rows' squares). Returns false, having called nothing, when
 * the kernel is unavailable or a row is too large for the module's memory.
 * @internal
 */
export function wasmDotBlocks(
  q: Float32Array | Int8Array | Int32Array | null,
  nq: number,
  c: Float32Array | Int8Array | Int32Array,
  n: number,
  d: number,
  squares: boolean,
  emit: DotBlock,
): boolean {
  const kind = c instanceof Int8Array ? 1 : c instanceof Int32Array ? 2 : 0;
  const es = kind === 1 ? 1 : 4;
  const rowBytes = d * es;
  if (n === 0 || d === 0 || (q !== null && q.constructor !== c.constructor)) return false;
  const rn = Math.min(n, Math.max(1, Math.floor(DOT_CHUNK / rowBytes)));
  // Short rows: fewer queries a block, so that the block's results stay within DOT_SUMS.
  const qn = Math.min(
    nq,
    Math.max(1, Math.min(Math.floor(DOT_QUERIES / rowBytes), Math.floor(DOT_SUMS / (8 * rn)))),
  );
  const pq = 0;
  const pc = pq + span(qn * rowBytes);
  const po = pc + span(rn * rowBytes);
  const ps = po + span(8 * qn * rn);
  const k = ready(ps + span(8 * rn));
  if (k === null) return false;
  const view = kind === 1 ? i8 : kind === 2 ? i32 : f32;
  const copy = (
    src: Float32Array | Int8Array | Int32Array,
    from: number,
    rows: number,
    at: number,
  ) => view.set(src.subarray(from * d, (from + rows) * d), at / es);
  // One pass over the codebook per block of queries (with none, one pass for the squares).
  let i0 = 0;
  do {
    const qb = Math.min(qn, nq - i0);
    if (qb > 0 && q !== null) copy(q, i0, qb, pq);
    // The squares again on every pass (emit gets them beside each block of sums).
    const withSquares = squares;
    if (qb > 0 || withSquares) {
      for (let j0 = 0; j0 < n; j0 += rn) {
        const rb = Math.min(rn, n - j0);
        copy(c, j0, rb, pc);
        k.dotRows(pq, qb, pc, rb, d, po, withSquares ? ps : 0, kind);
        emit(i0, qb, j0, rb, f64, po / 8, f64, ps / 8);
      }
    }
    i0 += qb;
  } while (i0 < nq);
  return true;
}

/** Fewest words of rows worth a trip through the module for a majority. */
const MIN_MAJORITY_WORDS = 1024;

/**
 * `majorityPacked` (src/kernels/majority.ts) on SIMD, its draws left to the caller: `out` the
 * majority bits of `n` packed rows of `L` words (`rows`, row-major), `ties` the tied bits (even
 * n only; else 0), both masked by `lastMask` in the last word. The caller then breaks the ties
 * as majorityPacked does (one draw per word with a tied bit, in word order: drawBitsAt of
 * src/random/rng.ts). Returns false, having written nothing, when the kernel is unavailable,
 * the rows are too few to be worth it or too many for the module's memory, or `out` may share
 * memory with `rows`. `ties` must not.
 * @internal
 */
export function wasmMajority(
  rows: Uint32Array,
  n: number,
  L: number,
  lastMask: number,
  out: Uint32Array,
  ties: Uint32Array,
): boolean {
  const words = n * L;
  // Copied in: not where out may share memory with the rows (the loops' order then decides).
  if (words < MIN_MAJORITY_WORDS || L === 0 || mayShareMemory(out, rows)) return false;
  const p = 0;
  const ph = span(4 * words);
  const po = ph + 28 * 16;
  const pt = po + span(4 * L);
  const k = ready(pt + span(4 * L));
  if (k === null) return false;
  i32.set(rows.subarray(0, words), p >> 2);
  k.majority(p, n, L, ph, po, pt);
  const u32 = new Uint32Array(i32.buffer, po, L);
  out.set(u32);
  ties.set(new Uint32Array(i32.buffer, pt, L));
  out[L - 1] &= lastMask;
  ties[L - 1] &= lastMask;
  return true;
}
