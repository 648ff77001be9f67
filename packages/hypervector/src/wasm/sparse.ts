import { checkKeys } from '../errors.js';
import { sparseWasm } from './sparseBytes.js';

/**
 * Sparse-times-dense products (CSR), blocked transposes and a fused weighted squared-error
 * gradient on WebAssembly SIMD (f32x4), with a scalar JavaScript fallback where the engine
 * has no SIMD. One module (src/wasm/sparse.wat) holds the kernels.
 *
 * Operands are copied into the module's memory and results copied back, except for arrays
 * that already live there: {@link createWasmWorkspace} hands out such arrays, and every
 * kernel reads and writes them in place. A training step that keeps its large scratch
 * arrays in one workspace copies each large operand into the module at most once.
 */

interface SparseExports {
  memory: WebAssembly.Memory;
  nnz: WebAssembly.Global;
  spmm(
    pOff: number,
    pIdx: number,
    pVal: number,
    rows: number,
    pB: number,
    n: number,
    pC: number,
    acc: number,
  ): void;
  spmmT(
    pOff: number,
    pIdx: number,
    pVal: number,
    rows: number,
    pA: number,
    n: number,
    pC: number,
  ): void;
  transpose(pA: number, rows: number, cols: number, pOut: number, add: number): void;
  compact(
    pA: number,
    rows: number,
    cols: number,
    pOff: number,
    pIdx: number,
    pVal: number,
    cap: number,
  ): number;
  lossGrad(
    pO: number,
    pBias: number,
    pW: number,
    pT: number,
    pOff: number,
    pIdx: number,
    pVal: number,
    rows: number,
    n: number,
    flags: number,
    c: number,
    pGb: number,
  ): number;
}

let kernel: SparseExports | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function loadKernel(): SparseExports | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof WebAssembly !== 'object') return kernel;
  try {
    const bytes = decodeBase64(sparseWasm);
    if (!WebAssembly.validate(bytes)) return kernel;
    // About 3 kB: small enough for synchronous compilation on a browser's main thread.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernel = instance.exports as unknown as SparseExports;
  } catch {
    kernel = null;
  }
  return kernel;
}

let forceScalar = false;

/**
 * Route the sparse kernels through the scalar fallback (`true`) or back to SIMD where
 * available (`false`): for tests that compare the two paths. Workspaces made while the
 * fallback is forced hold plain arrays. @internal
 */
export function setSparseScalarForTesting(scalar: boolean): void {
  forceScalar = scalar;
}

function activeKernel(): SparseExports | null {
  return forceScalar ? null : loadKernel();
}

// ---------------------------------------------------------------------------------------
// The module's memory: regions handed out by a first-fit allocator (workspaces, and the
// temporary copies of operands that do not live in the memory, given back after each call).

const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE - PAGE;
const regions: [number, number][] = []; // [start, end) in bytes, sorted

function align16(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

function alloc(k: SparseExports, bytes: number, fn: string): number {
  const size = align16(bytes);
  let at = 0;
  let slot = 0;
  for (; slot < regions.length; slot++) {
    if (regions[slot][0] - at >= size) break;
    at = regions[slot][1];
  }
  const end = at + size;
  if (end > MAX_BYTES) {
    throw new RangeError(
      `${fn}: the operands need ${end} bytes of WebAssembly memory, more than the 4 GiB it can hold; split the work into blocks`,
    );
  }
  const have = k.memory.buffer.byteLength;
  if (end > have) k.memory.grow(Math.ceil((end - have) / PAGE));
  regions.splice(slot, 0, [at, end]);
  return at;
}

function release(at: number): void {
  const i = regions.findIndex((r) => r[0] === at);
  if (i >= 0) regions.splice(i, 1);
}

/** Layout of a {@link createWasmWorkspace}: per name, the element type and the length. */
export type WasmArrayLayout = Record<string, readonly ['f32' | 'i32', number]>;

/** The arrays of a workspace with layout `L`. */
export type WasmArrays<L extends WasmArrayLayout> = {
  [K in keyof L]: L[K][0] extends 'i32' ? Int32Array : Float32Array;
};

/** A set of typed arrays that live in the sparse kernels' WebAssembly memory. */
export interface WasmWorkspace<L extends WasmArrayLayout> {
  /**
   * The arrays (zero-filled when made). The views are rebuilt when the memory has grown
   * since the last call (growth detaches every earlier view: call `arrays()` again after
   * any kernel call that was given arrays from outside a workspace). Throws after `free()`.
   */
  arrays(): WasmArrays<L>;
  /** Give the memory back to the allocator; the arrays must not be used afterwards. */
  free(): void;
}

/**
 * Reserve typed arrays inside the WebAssembly memory of the sparse kernels
 * ({@link csrMatmul}, {@link csrTransposeMatmul}, {@link transposeMatrix},
 * {@link addTransposed}, {@link weightedSquaredErrorGrad}), which read and write such
 * arrays in place instead of copying them in and out. Without WebAssembly SIMD the arrays
 * are plain typed arrays (the kernels then run their scalar fallback anyway).
 *
 * @param layout - per name, `['f32', length]` for a Float32Array or `['i32', length]` for
 *   an Int32Array; each array starts on a 16-byte boundary.
 * @returns the workspace; its `arrays()` gives the views.
 * @throws TypeError when `layout` is not an object of such pairs; RangeError for a bad
 *   length or when the arrays exceed the 4 GiB a WebAssembly memory holds.
 *
 * @example
 * ```ts
 * import { createRng, createWasmWorkspace, transposeMatrix } from '@hyperposition/hypervector';
 * const rng = createRng(1);
 * const ws = createWasmWorkspace({ a: ['f32', 6], at: ['f32', 6] });
 * const { a, at } = ws.arrays();
 * for (let i = 0; i < 6; i++) a[i] = rng.nextNormal();
 * transposeMatrix(a, 2, 3, at); // in place: no copies into the module
 * at[1] === a[3]; // true
 * ws.free();
 * ```
 */
export function createWasmWorkspace<L extends WasmArrayLayout>(layout: L): WasmWorkspace<L> {
  const fn = 'createWasmWorkspace';
  if (typeof layout !== 'object' || layout === null) {
    throw new TypeError(`${fn}: layout must be an object of [type, length] pairs, got ${layout}`);
  }
  const names = Object.keys(layout);
  const offsets: number[] = [];
  let bytes = 0;
  for (const name of names) {
    const entry = layout[name] as unknown;
    if (!Array.isArray(entry) || (entry[0] !== 'f32' && entry[0] !== 'i32')) {
      throw new TypeError(
        `${fn}: layout.${name} must be ['f32', length] or ['i32', length], got ${JSON.stringify(entry)}`,
      );
    }
    const len = entry[1] as unknown;
    if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) {
      throw new RangeError(
        `${fn}: layout.${name} length must be a non-negative integer, got ${String(len)}`,
      );
    }
    offsets.push(bytes);
    bytes += align16(len * 4);
  }
  const k = activeKernel();
  let base = -1;
  let plain: ArrayBuffer | null = null;
  if (k === null) plain = new ArrayBuffer(bytes);
  else {
    base = alloc(k, bytes, fn);
    new Uint8Array(k.memory.buffer, base, bytes).fill(0);
  }
  let freed = false;
  let buffer: ArrayBuffer | null = null;
  let views: WasmArrays<L> | null = null;
  return {
    arrays(): WasmArrays<L> {
      if (freed) throw new Error(`${fn}: the workspace was freed`);
      const current = k === null ? plain! : k.memory.buffer;
      if (views === null || buffer !== current) {
        const v: Record<string, Float32Array | Int32Array> = {};
        names.forEach((name, i) => {
          const [type, len] = layout[name];
          const at = (base < 0 ? 0 : base) + offsets[i];
          v[name] =
            type === 'f32' ? new Float32Array(current, at, len) : new Int32Array(current, at, len);
        });
        views = v as WasmArrays<L>;
        buffer = current;
      }
      return views;
    },
    free(): void {
      if (!freed && base >= 0) release(base);
      freed = true;
      views = null;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Operands: in place when they live in the memory, else copied into a temporary region.

type Typed = Float32Array | Int32Array;

interface Operand {
  name: string;
  src: Typed;
  /** First element used, and how many. */
  from: number;
  len: number;
  /** 'zero': zeroed before the call and copied out; 'scratch': a zeroed temporary only. */
  mode: 'in' | 'out' | 'inout' | 'zero' | 'scratch';
  /** Subtract from every copied element (rebasing CSR offsets). */
  rebase?: number;
  ptr?: number;
}

/**
 * Give every operand a byte address in the kernel's memory: its own where it lives there,
 * else a temporary copy. Returns a function that copies the outputs back and frees the
 * temporaries.
 */
function bind(k: SparseExports, fn: string, ops: Operand[]): () => void {
  const mem = k.memory.buffer;
  let temp = 0;
  const tempAt: number[] = [];
  for (const op of ops) {
    if (op.src.buffer === mem) {
      op.ptr = op.src.byteOffset + op.from * 4;
      tempAt.push(-1);
    } else {
      tempAt.push(temp);
      temp += align16(op.len * 4);
    }
  }
  // An output that lives in the memory must not overlap another operand there.
  for (let a = 0; a < ops.length; a++) {
    const oa = ops[a];
    if (oa.mode === 'in' || oa.ptr === undefined) continue;
    for (let b = 0; b < ops.length; b++) {
      const ob = ops[b];
      if (a === b || ob.ptr === undefined || oa.len === 0 || ob.len === 0) continue;
      if (oa.ptr < ob.ptr + ob.len * 4 && ob.ptr < oa.ptr + oa.len * 4) {
        throw new RangeError(`${fn}: ${oa.name} must not overlap ${ob.name}`);
      }
    }
  }
  const base = temp === 0 ? -1 : alloc(k, temp, fn);
  const buf = k.memory.buffer;
  ops.forEach((op, i) => {
    if (tempAt[i] >= 0) op.ptr = base + tempAt[i];
    const view =
      op.src instanceof Int32Array
        ? new Int32Array(buf, op.ptr, op.len)
        : new Float32Array(buf, op.ptr, op.len);
    if (op.mode === 'zero' || op.mode === 'scratch') view.fill(0);
    else if (tempAt[i] >= 0 && op.mode !== 'out') {
      view.set(op.src.subarray(op.from, op.from + op.len));
      if (op.rebase) for (let j = 0; j < op.len; j++) view[j] -= op.rebase;
    }
  });
  return () => {
    if (base < 0) return;
    const out = k.memory.buffer;
    ops.forEach((op, i) => {
      if (tempAt[i] < 0 || op.mode === 'in' || op.mode === 'scratch') return;
      op.src.set(
        op.src instanceof Int32Array
          ? new Int32Array(out, op.ptr!, op.len)
          : new Float32Array(out, op.ptr!, op.len),
        op.from,
      );
    });
    release(base);
  };
}

/** CSR operands: in place when all three arrays live in the memory, else copied and rebased. */
function csrOperands(
  k: SparseExports,
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  rows: number,
): Operand[] {
  const e0 = offsets[0];
  const e1 = offsets[rows];
  const mem = k.memory.buffer;
  const inPlace = offsets.buffer === mem && indices.buffer === mem && values.buffer === mem;
  if (inPlace) {
    return [
      { name: 'offsets', src: offsets, from: 0, len: rows + 1, mode: 'in' },
      { name: 'indices', src: indices, from: 0, len: e1, mode: 'in' },
      { name: 'values', src: values, from: 0, len: e1, mode: 'in' },
    ];
  }
  // Copies: entries [e0, e1) only, the offsets rebased to start at 0.
  return [
    {
      name: 'offsets',
      src: offsets.buffer === mem ? offsets.slice(0, rows + 1) : offsets,
      from: 0,
      len: rows + 1,
      mode: 'in',
      rebase: e0,
    },
    { name: 'indices', src: copyIfIn(indices, mem), from: e0, len: e1 - e0, mode: 'in' },
    { name: 'values', src: copyIfIn(values, mem), from: e0, len: e1 - e0, mode: 'in' },
  ];
}

/** A copy outside the memory of an array inside it (so that mixed CSR operands are all copied). */
function copyIfIn<T extends Typed>(x: T, mem: ArrayBufferLike): T {
  return (x.buffer === mem ? x.slice() : x) as T;
}

// ---------------------------------------------------------------------------------------
// Checks.

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor.name;
  return typeof x;
}

function checkDim(fn: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${v}`);
  }
}

function checkF32(fn: string, name: string, x: unknown, need: number): asserts x is Float32Array {
  if (!(x instanceof Float32Array)) {
    throw new TypeError(`${fn}: ${name} must be a Float32Array, got ${describe(x)}`);
  }
  if (x.length < need) {
    throw new RangeError(
      `${fn}: ${name} must hold at least ${need} floats, got length ${x.length}${x.length === 0 && need > 0 ? ' (a view of a workspace detached by memory growth? call arrays() again)' : ''}`,
    );
  }
}

/**
 * Check a CSR matrix [rows, cols]: non-decreasing offsets within the entry arrays, every
 * column index in [0, cols). O(rows + entries).
 */
function checkCsr(
  fn: string,
  offsets: unknown,
  indices: unknown,
  values: unknown,
  rows: number,
  cols: number,
): asserts offsets is Int32Array {
  if (!(offsets instanceof Int32Array)) {
    throw new TypeError(`${fn}: offsets must be an Int32Array, got ${describe(offsets)}`);
  }
  if (!(indices instanceof Int32Array)) {
    throw new TypeError(`${fn}: indices must be an Int32Array, got ${describe(indices)}`);
  }
  if (!(values instanceof Float32Array)) {
    throw new TypeError(`${fn}: values must be a Float32Array, got ${describe(values)}`);
  }
  if (offsets.length < rows + 1) {
    throw new RangeError(
      `${fn}: offsets must hold at least rows + 1 = ${rows + 1} entries, got length ${offsets.length}`,
    );
  }
  if (offsets[0] < 0) throw new RangeError(`${fn}: offsets[0] must be >= 0, got ${offsets[0]}`);
  for (let s = 0; s < rows; s++) {
    if (offsets[s + 1] < offsets[s]) {
      throw new RangeError(
        `${fn}: offsets must be non-decreasing, got offsets[${s}] = ${offsets[s]} > offsets[${s + 1}] = ${offsets[s + 1]}`,
      );
    }
  }
  const e1 = offsets[rows];
  if (e1 > indices.length || e1 > values.length) {
    throw new RangeError(
      `${fn}: offsets[rows] = ${e1} exceeds indices (length ${indices.length}) or values (length ${values.length})`,
    );
  }
  for (let e = offsets[0]; e < e1; e++) {
    const f = indices[e];
    if (!(f >= 0 && f < cols)) {
      throw new RangeError(`${fn}: indices[${e}] = ${f} is outside [0, ${cols})`);
    }
  }
}

function output(fn: string, out: Float32Array | undefined, len: number): Float32Array {
  if (out === undefined) return new Float32Array(len);
  checkF32(fn, 'out', out, len);
  return out;
}

// ---------------------------------------------------------------------------------------
// Kernels.

/**
 * C = X·B for a sparse X in CSR form: `out[s, :] = Σ_e values[e] · b[indices[e], :]` over
 * the entries e of row s (e in `[offsets[s], offsets[s + 1])`). With `accumulate`, adds to
 * `out` instead of overwriting it. Float32 sums, the entries of a row in order.
 *
 * @param offsets - X's row starts, length ≥ rows + 1, non-decreasing; absolute positions in
 *   `indices`/`values` (a block of rows of a larger CSR matrix needs no rebasing).
 * @param indices - column of each entry, in [0, k).
 * @param values - value of each entry.
 * @param b - B, row-major [k, n].
 * @param rows - rows of X and C.
 * @param k - columns of X, rows of B.
 * @param n - columns of B and C.
 * @param out - optional [rows, n] destination; allocated when omitted.
 * @param accumulate - add to `out` (default false: overwrite).
 * @returns C, row-major [rows, n].
 * @throws TypeError for an operand of the wrong type; RangeError for bad sizes, offsets or
 *   indices, or an `out` that overlaps an operand in the kernels' memory.
 *
 * @example
 * ```ts
 * import { createRng, csrMatmul } from '@hyperposition/hypervector';
 * const rng = createRng(7);
 * const b = Float32Array.from({ length: 3 * 2 }, () => rng.nextNormal()); // [3, 2]
 * // X = [[0, 2, 0], [1, 0, -1]]
 * const c = csrMatmul(Int32Array.of(0, 1, 3), Int32Array.of(1, 0, 2), Float32Array.of(2, 1, -1), b, 2, 3, 2);
 * // c[0] === 2 * b[2], c[2] === b[0] - b[4] (up to float32 rounding)
 * ```
 */
export function csrMatmul(
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  b: Float32Array,
  rows: number,
  k: number,
  n: number,
  out?: Float32Array,
  accumulate = false,
): Float32Array {
  const fn = 'csrMatmul';
  checkDim(fn, 'rows', rows);
  checkDim(fn, 'k', k);
  checkDim(fn, 'n', n);
  checkCsr(fn, offsets, indices, values, rows, k);
  checkF32(fn, 'b', b, k * n);
  const c = output(fn, out, rows * n);
  if (rows === 0 || n === 0) return c;
  const kern = activeKernel();
  if (kern === null) {
    spmmScalar(offsets, indices, values, b, rows, n, c, accumulate);
    return c;
  }
  const ops: Operand[] = [
    ...csrOperands(kern, offsets, indices, values, rows),
    { name: 'b', src: b, from: 0, len: k * n, mode: 'in' },
    { name: 'out', src: c, from: 0, len: rows * n, mode: accumulate ? 'inout' : 'out' },
  ];
  const done = bind(kern, fn, ops);
  kern.spmm(
    ops[0].ptr!,
    ops[1].ptr!,
    ops[2].ptr!,
    rows,
    ops[3].ptr!,
    n,
    ops[4].ptr!,
    accumulate ? 1 : 0,
  );
  done();
  return c;
}

/**
 * C = Xᵀ·A for a sparse X [rows, k] in CSR form: `out[indices[e], :] += values[e] · a[s, :]`
 * over the entries e of every row s (the scatter transpose of {@link csrMatmul}, e.g. the
 * gradient of a sparse-input layer). Overwrites `out` (zeroes it first) unless `accumulate`.
 *
 * @param offsets - X's row starts, length ≥ rows + 1 (absolute positions, as in {@link csrMatmul}).
 * @param indices - column of each entry, in [0, k).
 * @param values - value of each entry.
 * @param a - A, row-major [rows, n].
 * @param rows - rows of X and A.
 * @param k - columns of X, rows of C.
 * @param n - columns of A and C.
 * @param out - optional [k, n] destination; allocated when omitted.
 * @param accumulate - add to `out` (default false: overwrite).
 * @returns C, row-major [k, n].
 * @throws TypeError for an operand of the wrong type; RangeError for bad sizes, offsets or
 *   indices, or an `out` that overlaps an operand in the kernels' memory.
 *
 * @example
 * ```ts
 * import { createRng, csrTransposeMatmul } from '@hyperposition/hypervector';
 * const rng = createRng(7);
 * const a = Float32Array.from({ length: 2 * 2 }, () => rng.nextNormal()); // [2, 2]
 * // X = [[0, 2, 0], [1, 0, -1]]: C = Xᵀ A is [3, 2]
 * const c = csrTransposeMatmul(Int32Array.of(0, 1, 3), Int32Array.of(1, 0, 2), Float32Array.of(2, 1, -1), a, 2, 3, 2);
 * // c[0] === a[2], c[2] === 2 * a[0], c[4] === -a[2]
 * ```
 */
export function csrTransposeMatmul(
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  a: Float32Array,
  rows: number,
  k: number,
  n: number,
  out?: Float32Array,
  accumulate = false,
): Float32Array {
  const fn = 'csrTransposeMatmul';
  checkDim(fn, 'rows', rows);
  checkDim(fn, 'k', k);
  checkDim(fn, 'n', n);
  checkCsr(fn, offsets, indices, values, rows, k);
  checkF32(fn, 'a', a, rows * n);
  const c = output(fn, out, k * n);
  if (k === 0 || n === 0) return c;
  const kern = activeKernel();
  if (kern === null) {
    if (!accumulate) c.fill(0, 0, k * n);
    spmmTScalar(offsets, indices, values, a, rows, n, c);
    return c;
  }
  const ops: Operand[] = [
    ...csrOperands(kern, offsets, indices, values, rows),
    { name: 'a', src: a, from: 0, len: rows * n, mode: 'in' },
    { name: 'out', src: c, from: 0, len: k * n, mode: accumulate ? 'inout' : 'zero' },
  ];
  const done = bind(kern, fn, ops);
  kern.spmmT(ops[0].ptr!, ops[1].ptr!, ops[2].ptr!, rows, ops[3].ptr!, n, ops[4].ptr!);
  done();
  return c;
}

function transposeImpl(
  fn: string,
  a: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  add: boolean,
): void {
  if (rows === 0 || cols === 0) return;
  const kern = activeKernel();
  if (kern === null) {
    transposeScalar(a, rows, cols, out, add);
    return;
  }
  const ops: Operand[] = [
    { name: 'a', src: a, from: 0, len: rows * cols, mode: 'in' },
    { name: 'out', src: out, from: 0, len: rows * cols, mode: add ? 'inout' : 'out' },
  ];
  const done = bind(kern, fn, ops);
  kern.transpose(ops[0].ptr!, rows, cols, ops[1].ptr!, add ? 1 : 0);
  done();
}

/**
 * Aᵀ: `out[j * rows + i] = a[i * cols + j]`, blocked in 32 × 32 tiles of 4 × 4 SIMD
 * transposes (exact: no arithmetic).
 *
 * @param a - A, row-major [rows, cols].
 * @param rows - rows of A.
 * @param cols - columns of A.
 * @param out - optional [cols, rows] destination (must not overlap `a`); allocated when omitted.
 * @returns Aᵀ, row-major [cols, rows].
 * @throws TypeError when an operand is not a Float32Array; RangeError for bad sizes or an
 *   `out` that overlaps `a` in the kernels' memory.
 *
 * @example
 * ```ts
 * import { createRng, transposeMatrix } from '@hyperposition/hypervector';
 * const rng = createRng(3);
 * const a = Float32Array.from({ length: 2 * 3 }, () => rng.nextNormal()); // [2, 3]
 * const at = transposeMatrix(a, 2, 3); // [3, 2]: at[1] === a[3], at[4] === a[2]
 * ```
 */
export function transposeMatrix(
  a: Float32Array,
  rows: number,
  cols: number,
  out?: Float32Array,
): Float32Array {
  const fn = 'transposeMatrix';
  checkDim(fn, 'rows', rows);
  checkDim(fn, 'cols', cols);
  checkF32(fn, 'a', a, rows * cols);
  const c = output(fn, out, rows * cols);
  transposeImpl(fn, a, rows, cols, c, false);
  return c;
}

/**
 * out += Aᵀ: `out[j * rows + i] += a[i * cols + j]` (float32 adds), blocked like
 * {@link transposeMatrix}.
 *
 * @param a - A, row-major [rows, cols].
 * @param rows - rows of A.
 * @param cols - columns of A.
 * @param out - [cols, rows], added to in place (must not overlap `a`).
 * @returns `out`.
 * @throws TypeError when an operand is not a Float32Array; RangeError for bad sizes or an
 *   `out` that overlaps `a` in the kernels' memory.
 *
 * @example
 * ```ts
 * import { addTransposed, createRng } from '@hyperposition/hypervector';
 * const rng = createRng(3);
 * const a = Float32Array.from({ length: 2 * 3 }, () => rng.nextNormal()); // [2, 3]
 * const out = new Float32Array(3 * 2).fill(1);
 * addTransposed(a, 2, 3, out); // out[1] === 1 + a[3] (float32)
 * ```
 */
export function addTransposed(
  a: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
): Float32Array {
  const fn = 'addTransposed';
  checkDim(fn, 'rows', rows);
  checkDim(fn, 'cols', cols);
  checkF32(fn, 'a', a, rows * cols);
  checkF32(fn, 'out', out, rows * cols);
  transposeImpl(fn, a, rows, cols, out, true);
  return out;
}

/** A sparse matrix in CSR form: row s holds entries `[offsets[s], offsets[s + 1])`. */
export interface CsrArrays {
  /** Row starts, length ≥ rows + 1. */
  offsets: Int32Array;
  /** Column of each entry. */
  indices: Int32Array;
  /** Value of each entry. */
  values: Float32Array;
}

/**
 * The non-zero entries of a dense matrix in CSR form (row-major order; -0 counts as zero,
 * NaN as non-zero), e.g. to run {@link csrMatmul} on a mostly-zero gradient. With `out`,
 * writes into its arrays (offsets from 0); without, allocates them to size.
 *
 * @param a - A, row-major [rows, cols].
 * @param rows - rows of A.
 * @param cols - columns of A.
 * @param out - optional destination: `offsets` of length ≥ rows + 1, `indices` and
 *   `values` with room for every non-zero entry.
 * @returns the CSR arrays (`out` when given) and `nonzero`, the number of entries.
 * @throws TypeError when an operand has the wrong type; RangeError for bad sizes, or when
 *   `out` has too little room (then `out` is left partly written).
 *
 * @example
 * ```ts
 * import { createRng, csrMatmul, denseToCsr } from '@hyperposition/hypervector';
 * const rng = createRng(2);
 * const a = Float32Array.from({ length: 3 * 4 }, () => Math.max(0, rng.nextNormal())); // [3, 4]
 * const x = denseToCsr(a, 3, 4); // about half the entries
 * const b = Float32Array.from({ length: 4 * 2 }, () => rng.nextNormal());
 * csrMatmul(x.offsets, x.indices, x.values, b, 3, 4, 2); // = A·B
 * ```
 */
export function denseToCsr(
  a: Float32Array,
  rows: number,
  cols: number,
  out?: CsrArrays,
): CsrArrays & { nonzero: number } {
  const fn = 'denseToCsr';
  checkDim(fn, 'rows', rows);
  checkDim(fn, 'cols', cols);
  checkF32(fn, 'a', a, rows * cols);
  let dst: CsrArrays;
  if (out === undefined) {
    let count = 0;
    for (let i = 0; i < rows * cols; i++) if (a[i] !== 0) count++;
    dst = {
      offsets: new Int32Array(rows + 1),
      indices: new Int32Array(count),
      values: new Float32Array(count),
    };
  } else {
    if (typeof out !== 'object' || out === null) {
      throw new TypeError(`${fn}: out must be an object of CSR arrays, got ${describe(out)}`);
    }
    if (!(out.offsets instanceof Int32Array)) {
      throw new TypeError(`${fn}: out.offsets must be an Int32Array, got ${describe(out.offsets)}`);
    }
    if (!(out.indices instanceof Int32Array)) {
      throw new TypeError(`${fn}: out.indices must be an Int32Array, got ${describe(out.indices)}`);
    }
    checkF32(fn, 'out.values', out.values, 0);
    if (out.offsets.length < rows + 1) {
      throw new RangeError(
        `${fn}: out.offsets must hold at least rows + 1 = ${rows + 1} entries, got length ${out.offsets.length}`,
      );
    }
    dst = out;
  }
  const cap = Math.min(dst.indices.length, dst.values.length);
  const kern = activeKernel();
  let nonzero: number;
  if (kern === null || rows * cols === 0) {
    nonzero = compactScalar(a, rows, cols, dst, cap);
  } else {
    const ops: Operand[] = [
      { name: 'a', src: a, from: 0, len: rows * cols, mode: 'in' },
      { name: 'out.offsets', src: dst.offsets, from: 0, len: rows + 1, mode: 'out' },
      { name: 'out.indices', src: dst.indices, from: 0, len: cap, mode: 'out' },
      { name: 'out.values', src: dst.values, from: 0, len: cap, mode: 'out' },
    ];
    const done = bind(kern, fn, ops);
    nonzero = kern.compact(ops[0].ptr!, rows, cols, ops[1].ptr!, ops[2].ptr!, ops[3].ptr!, cap);
    done();
  }
  if (nonzero > cap) {
    throw new RangeError(
      `${fn}: out.indices and out.values must hold at least ${nonzero} entries (the non-zero entries of a), got room for ${cap}`,
    );
  }
  return { offsets: dst.offsets, indices: dst.indices, values: dst.values, nonzero };
}

/** Options of {@link weightedSquaredErrorGrad}. */
export interface WeightedSquaredErrorOptions {
  /** y = max(0, o + bias) instead of o + bias (default false). */
  relu?: boolean;
  /** Targets |values| instead of values (default false). */
  absTarget?: boolean;
  /** Factor of the gradient (default 2: the derivative of the returned sum). */
  scale?: number;
  /** Optional [n]: the column sums of the gradient are added to it. */
  gradBias?: Float32Array;
}

/**
 * The checks of {@link weightedSquaredErrorGrad} (shapes, CSR layout, options), shared with
 * the native kernel; returns the options with their defaults.
 * @internal
 */
export function checkLossArgs(
  fn: string,
  o: Float32Array,
  bias: Float32Array,
  weight: Float32Array,
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  rows: number,
  n: number,
  options: WeightedSquaredErrorOptions,
): {
  relu: boolean;
  absTarget: boolean;
  /** The kernels' encoding of relu (1) and absTarget (2). */
  flags: number;
  scale: number;
  gb: Float32Array | undefined;
} {
  checkDim(fn, 'rows', rows);
  checkDim(fn, 'n', n);
  checkF32(fn, 'o', o, rows * n);
  checkF32(fn, 'bias', bias, n);
  checkF32(fn, 'weight', weight, n);
  checkCsr(fn, offsets, indices, values, rows, n);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  }
  checkKeys(fn, 'options', options, ['relu', 'absTarget', 'scale', 'gradBias']);
  const relu = options.relu === true;
  const absTarget = options.absTarget === true;
  const scale = options.scale ?? 2;
  if (typeof scale !== 'number' || !Number.isFinite(scale)) {
    throw new RangeError(`${fn}: options.scale must be a finite number, got ${scale}`);
  }
  const gb = options.gradBias;
  if (gb !== undefined) checkF32(fn, 'options.gradBias', gb, n);
  return { relu, absTarget, flags: (relu ? 1 : 0) | (absTarget ? 2 : 0), scale, gb };
}

/**
 * Weighted squared error of `y = act(o + bias)` against sparse targets T (CSR, zero where no
 * entry), with its gradient written in place of `o`:
 *
 * - returns `sse = Σ_{s,f} weight[f] · (y[s,f] − T[s,f])²` (each term in float32, the sum in
 *   float64) and `nonzero`, the number of non-zero gradient entries;
 * - sets `o[s,f] = scale · weight[f] · (y[s,f] − T[s,f]) · act'`, where act' is 1, or for
 *   `relu` 1 when o + bias > 0 and 0 otherwise;
 * - adds Σ_s of the new `o[s,f]` to `gradBias[f]` when given.
 *
 * @param o - [rows, n] pre-activations without the bias; overwritten by the gradient.
 * @param bias - [n].
 * @param weight - [n], per-column weights (importance).
 * @param offsets - targets' row starts, length ≥ rows + 1 (absolute, as in {@link csrMatmul}).
 * @param indices - target columns, in [0, n); a column at most once per row.
 * @param values - target values.
 * @param rows - rows of `o`.
 * @param n - columns.
 * @param options - activation, target sign, gradient scale and bias-gradient accumulator.
 * @returns `{ sse, nonzero }`.
 * @throws TypeError for an operand of the wrong type; RangeError for bad sizes, offsets or
 *   indices, or a bad `scale`.
 *
 * @example
 * ```ts
 * import { createRng, weightedSquaredErrorGrad } from '@hyperposition/hypervector';
 * const rng = createRng(5);
 * const o = Float32Array.from({ length: 2 * 3 }, () => rng.nextNormal()); // [2, 3]
 * const bias = new Float32Array(3);
 * const weight = Float32Array.of(1, 0.5, 0.25);
 * // targets: T = [[0, 1, 0], [0, 0, 0.5]]
 * const { sse } = weightedSquaredErrorGrad(o, bias, weight,
 *   Int32Array.of(0, 1, 2), Int32Array.of(1, 2), Float32Array.of(1, 0.5), 2, 3, { relu: true });
 * // o now holds 2 · weight · (max(0, o) − T) · [o > 0]
 * ```
 */
export function weightedSquaredErrorGrad(
  o: Float32Array,
  bias: Float32Array,
  weight: Float32Array,
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  rows: number,
  n: number,
  options: WeightedSquaredErrorOptions = {},
): { sse: number; nonzero: number } {
  const fn = 'weightedSquaredErrorGrad';
  const { relu, absTarget, flags, scale, gb } = checkLossArgs(
    fn,
    o,
    bias,
    weight,
    offsets,
    indices,
    values,
    rows,
    n,
    options,
  );
  if (rows === 0 || n === 0) return { sse: 0, nonzero: 0 };
  const kern = activeKernel();
  if (kern === null) {
    return lossGradScalar(
      o,
      bias,
      weight,
      offsets,
      indices,
      values,
      rows,
      n,
      relu,
      absTarget,
      scale,
      gb,
    );
  }
  const scratchRow = new Float32Array(0);
  const ops: Operand[] = [
    ...csrOperands(kern, offsets, indices, values, rows),
    { name: 'o', src: o, from: 0, len: rows * n, mode: 'inout' },
    { name: 'bias', src: bias, from: 0, len: n, mode: 'in' },
    { name: 'weight', src: weight, from: 0, len: n, mode: 'in' },
    // the zeroed target row, always a temporary
    { name: 'targets', src: scratchRow, from: 0, len: n, mode: 'scratch' },
    gb === undefined
      ? { name: 'gradBias', src: new Float32Array(0), from: 0, len: n, mode: 'scratch' }
      : { name: 'options.gradBias', src: gb, from: 0, len: n, mode: 'inout' },
  ];
  const done = bind(kern, fn, ops);
  const sse = kern.lossGrad(
    ops[3].ptr!,
    ops[4].ptr!,
    ops[5].ptr!,
    ops[6].ptr!,
    ops[0].ptr!,
    ops[1].ptr!,
    ops[2].ptr!,
    rows,
    n,
    flags,
    scale,
    ops[7].ptr!,
  );
  const nonzero = kern.nnz.value as number;
  done();
  return { sse, nonzero };
}

// ---------------------------------------------------------------------------------------
// Scalar fallbacks (same results within float32 rounding).

function spmmScalar(
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  b: Float32Array,
  rows: number,
  n: number,
  c: Float32Array,
  accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, 0, rows * n);
  for (let s = 0; s < rows; s++) {
    const c0 = s * n;
    for (let e = offsets[s]; e < offsets[s + 1]; e++) {
      const v = values[e];
      const b0 = indices[e] * n;
      for (let j = 0; j < n; j++) c[c0 + j] += v * b[b0 + j];
    }
  }
}

function spmmTScalar(
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  a: Float32Array,
  rows: number,
  n: number,
  c: Float32Array,
): void {
  for (let s = 0; s < rows; s++) {
    const a0 = s * n;
    for (let e = offsets[s]; e < offsets[s + 1]; e++) {
      const v = values[e];
      const c0 = indices[e] * n;
      for (let j = 0; j < n; j++) c[c0 + j] += v * a[a0 + j];
    }
  }
}

function transposeScalar(
  a: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  add: boolean,
): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(i0 + T, rows);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(j0 + T, cols);
      for (let i = i0; i < i1; i++) {
        const r = i * cols;
        for (let j = j0; j < j1; j++) {
          if (add) out[j * rows + i] += a[r + j];
          else out[j * rows + i] = a[r + j];
        }
      }
    }
  }
}

function lossGradScalar(
  o: Float32Array,
  bias: Float32Array,
  weight: Float32Array,
  offsets: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  rows: number,
  n: number,
  relu: boolean,
  absTarget: boolean,
  scale: number,
  gb: Float32Array | undefined,
): { sse: number; nonzero: number } {
  const t = new Float32Array(n);
  let sse = 0;
  let nonzero = 0;
  for (let s = 0; s < rows; s++) {
    for (let e = offsets[s]; e < offsets[s + 1]; e++) {
      t[indices[e]] = absTarget ? Math.abs(values[e]) : values[e];
    }
    const r = s * n;
    for (let f = 0; f < n; f++) {
      const x = o[r + f] + bias[f];
      const d = (relu && x < 0 ? 0 : x) - t[f];
      const wd = weight[f] * d;
      sse += wd * d;
      const g = relu && !(x > 0) ? 0 : scale * wd;
      o[r + f] = g;
      if (gb) gb[f] += g;
      if (g !== 0) nonzero++;
    }
    for (let e = offsets[s]; e < offsets[s + 1]; e++) t[indices[e]] = 0;
  }
  return { sse, nonzero };
}

function compactScalar(
  a: Float32Array,
  rows: number,
  cols: number,
  dst: CsrArrays,
  cap: number,
): number {
  let nnz = 0;
  for (let s = 0; s < rows; s++) {
    dst.offsets[s] = nnz;
    for (let j = 0; j < cols; j++) {
      const x = a[s * cols + j];
      if (x !== 0) {
        if (nnz < cap) {
          dst.indices[nnz] = j;
          dst.values[nnz] = x;
        }
        nnz++;
      }
    }
  }
  dst.offsets[rows] = nnz;
  return nnz;
}
