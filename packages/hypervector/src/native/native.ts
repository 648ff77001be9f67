import { checkArray, checkDims } from '../wasm/matmul.js';
import { checkAdamArgs, type AdamUpdateArgs } from '../wasm/optim.js';
import { checkLossArgs, type WeightedSquaredErrorOptions } from '../wasm/sparse.js';
import { checkKeys, describe as describeValue } from '../errors.js';
import { overlaps } from './vsa.js';

/**
 * Optional native kernels for Node: single-precision matrix products in C++ on AVX-512 (or
 * AVX2 + FMA), split over threads, working directly on the caller's typed arrays (no copies).
 * The package builds them when it is installed (`scripts/build-native.mjs`, with the machine's
 * C++ compiler and Node's headers); where they are missing (browsers, other CPUs, no compiler,
 * a package manager that skips install scripts) {@link nativeKernels} returns `null` and
 * callers use the WebAssembly products (`matmulNN`, `matmulNT`), which give the same values
 * within float rounding (the native products use fused multiply-adds).
 */

/** Options of a native product. */
export interface NativeMatmulOptions {
  /**
   * Threads to split the product over (1 to 16, default 1). The split runs along whole
   * register tiles, so every element is computed the same way: results are identical, bit
   * for bit, for any number of threads.
   */
  threads?: number;
  /** Add the product to `out` instead of overwriting it (default false). */
  accumulate?: boolean;
}

/**
 * Native matrix products: all matrices row-major Float32Arrays (plain or on a
 * SharedArrayBuffer, or views of a WebAssembly memory), read and written in place.
 */
export interface NativeKernels {
  /** The instruction set the kernels run on here: `'avx512'` or `'avx2'` (with FMA). */
  readonly isa: 'avx512' | 'avx2';
  /** The loaded addon file. */
  readonly file: string;
  /**
   * C = A·B. Shapes: a [m, k], b [k, n], out [m, n] (allocated when omitted).
   * @returns `out`.
   */
  matmulNN(
    a: Float32Array,
    b: Float32Array,
    m: number,
    n: number,
    k: number,
    out?: Float32Array,
    options?: NativeMatmulOptions,
  ): Float32Array;
  /**
   * C = A·Bᵀ. Shapes: a [m, k], b [n, k], out [m, n].
   * @returns `out`.
   */
  matmulNT(
    a: Float32Array,
    b: Float32Array,
    m: number,
    n: number,
    k: number,
    out?: Float32Array,
    options?: NativeMatmulOptions,
  ): Float32Array;
  /**
   * C = Aᵀ·B. Shapes: a [k, m], b [k, n], out [m, n].
   * @returns `out`.
   */
  matmulTN(
    a: Float32Array,
    b: Float32Array,
    m: number,
    n: number,
    k: number,
    out?: Float32Array,
    options?: NativeMatmulOptions,
  ): Float32Array;
  /**
   * out = X·Wᵀ for a sparse X: out[s, i] = Σ_e values[e] · w[i, indices[e]] over row s's
   * entries. Shapes: X [rows, n] in CSR (offsets length rows + 1, non-decreasing; row s is
   * entries offsets[s] to offsets[s + 1] of indices and values, so the offsets of a block of
   * rows of a larger CSR matrix can be passed as a subarray), w [m, n], out [rows, m]
   * (allocated when omitted). Reads w in place (no
   * transposed copy): the toy model's encoder over the active features only.
   * @returns `out`.
   * @throws RangeError when an index lies outside [0, n) or the offsets are not a CSR layout.
   */
  csrMatmulNT(
    offsets: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    rows: number,
    w: Float32Array,
    m: number,
    n: number,
    out?: Float32Array,
    options?: Pick<NativeMatmulOptions, 'threads'>,
  ): Float32Array;
  /**
   * out += gᵀ·X for a sparse X: out[i, f] += Σ_s g[s, i] · X[s, f], each element adding its
   * terms in the order of s (entries of g equal to 0 are skipped). Shapes: g [rows, m], X
   * [rows, n] in CSR, out [m, n]. The toy model's encoder gradient, added in place.
   * @returns `out`.
   * @throws RangeError when an index lies outside [0, n) or the offsets are not a CSR layout.
   */
  matmulTNCsr(
    g: Float32Array,
    offsets: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    rows: number,
    m: number,
    n: number,
    out: Float32Array,
    options?: Pick<NativeMatmulOptions, 'threads'>,
  ): Float32Array;
  /**
   * The toy model's loss pass, {@link weightedSquaredErrorGrad}, in place on the caller's
   * arrays (no copies into WebAssembly memory) with the WebAssembly kernel's float32
   * operations in its order, so every result is the same bits: the gradient written over `o`,
   * `options.gradBias`, `sse` and `nonzero`. Same arguments and checks. Shapes: o [rows, n],
   * bias and weight [n], targets [rows, n] in CSR. Runs on the calling thread.
   * @returns `{ sse, nonzero }`.
   */
  weightedSquaredErrorGrad(
    o: Float32Array,
    bias: Float32Array,
    weight: Float32Array,
    offsets: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    rows: number,
    n: number,
    options?: WeightedSquaredErrorOptions,
  ): { sse: number; nonzero: number };
  /**
   * The Adam/AdamW update of `adamUpdate` (same arguments, same float32 operations in the
   * same order, so the same bits), in place on the caller's arrays without copies, split
   * over `options.threads` threads (element-wise: any split gives the same values).
   */
  adamUpdate(args: AdamUpdateArgs, options?: Pick<NativeMatmulOptions, 'threads'>): void;
}

/** What {@link nativeKernelsInfo} reports. */
export interface NativeKernelsInfo {
  /** Whether {@link nativeKernels} returns kernels here. */
  available: boolean;
  /** The instruction set (`'avx512'`, `'avx2'`), or null when unavailable. */
  isa: 'avx512' | 'avx2' | null;
  /** The addon file that was (or would have been) loaded; null outside Node. */
  file: string | null;
  /** Why the kernels are unavailable ('' when they are available). */
  reason: string;
}

/** The argument layout of the addon's raw functions (HP_NATIVE_ABI in native/addon.cc). */
const NATIVE_ABI = 11;

interface Addon {
  abi?: number;
  isa: string;
  useIsa(name: string): string;
  sgemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    c: Float32Array,
    ldc: number,
    accumulate: number,
    threads: number,
  ): void;
  csrMatmulNT(
    offsets: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    rows: number,
    w: Float32Array,
    m: number,
    n: number,
    out: Float32Array,
    threads: number,
  ): void;
  matmulTNCsr(
    offsets: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    rows: number,
    g: Float32Array,
    m: number,
    n: number,
    out: Float32Array,
    threads: number,
  ): void;
  lossGrad(
    o: Float32Array,
    bias: Float32Array,
    weight: Float32Array,
    offsets: Int32Array,
    indices: Int32Array,
    values: Float32Array,
    rows: number,
    n: number,
    flags: number,
    scale: number,
    gradBias: Float32Array | null,
  ): [number, number];
  adam(
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    from: number,
    to: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    l2: number,
    decay: number,
    sbc2: number,
    eps: number,
    step: number,
    threads: number,
  ): void;
}

interface NodeProcess {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  platform?: string;
  arch?: string;
  getBuiltinModule?: (id: string) => unknown;
}

let state: { kernels: NativeKernels | null; info: NativeKernelsInfo } | undefined;

function nodeProcess(): NodeProcess | null {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === 'object' && p !== null && typeof p.versions?.node === 'string' ? p : null;
}

function unavailable(reason: string, file: string | null = null): NativeKernelsInfo {
  return { available: false, isa: null, file, reason };
}

let loadedAddon: Addon | null = null;

/** Throws when the first of `named` shares bytes with another of them (every pair when `all`). */
function checkDisjoint(fn: string, named: [string, ArrayBufferView][], all = false): void {
  for (let i = 0; i < (all ? named.length : 1); i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [x, y] = [named[i][1], named[j][1]];
      if (x.byteLength > 0 && y.byteLength > 0 && overlaps(x, y, false)) {
        throw new RangeError(
          `${fn}: ${named[i][0]} and ${named[j][0]} must not overlap in memory, got views of the same bytes`,
        );
      }
    }
  }
}

/**
 * The options object checked (an object whose keys are all in `keys`) and its `threads`
 * (1 to 16; default 1).
 */
function checkThreads(
  fn: string,
  options: { threads?: number } | undefined,
  keys: readonly string[] = THREAD_KEYS,
): number {
  if (options === undefined) return 1;
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`${fn}: options expected an object, got ${describeValue(options)}`);
  checkKeys(fn, 'options', options, keys);
  const t = options.threads ?? 1;
  if (!Number.isInteger(t) || t < 1 || t > 16) {
    throw new RangeError(`${fn}: options.threads must be an integer from 1 to 16, got ${t}`);
  }
  return t;
}

/** The keys of the options of the kernels that take only `threads`. */
const THREAD_KEYS: readonly string[] = ['threads'];
/** The keys of {@link NativeMatmulOptions}. */
const MATMUL_KEYS: readonly string[] = ['threads', 'accumulate'];

/**
 * The output array: a new one of `len` floats when `out` is omitted, else `out` checked for
 * length and for sharing no bytes with the operands `reads`.
 */
function output(
  fn: string,
  out: Float32Array | undefined,
  len: number,
  reads: [string, ArrayBufferView][],
): Float32Array {
  if (out === undefined) return new Float32Array(len);
  checkArray(fn, 'out', out, len);
  checkDisjoint(fn, [['out', out], ...reads]);
  return out;
}

function checkCsr(
  fn: string,
  offsets: unknown,
  indices: unknown,
  values: unknown,
  rows: number,
): void {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new RangeError(`${fn}: rows must be a non-negative integer, got ${rows}`);
  }
  for (const [name, x] of [
    ['offsets', offsets],
    ['indices', indices],
  ] as const) {
    if (!(x instanceof Int32Array)) {
      const got =
        x === null ? 'null' : typeof x === 'object' ? (x as object).constructor.name : typeof x;
      throw new TypeError(`${fn}: ${name} must be an Int32Array, got ${got}`);
    }
  }
  const off = offsets as Int32Array;
  if (off.length < rows + 1) {
    throw new RangeError(
      `${fn}: offsets must hold rows + 1 = ${rows + 1} entries, got length ${off.length}`,
    );
  }
  const nnz = off[rows];
  if ((indices as Int32Array).length < nnz) {
    throw new RangeError(
      `${fn}: indices must hold offsets[rows] = ${nnz} entries, got length ${(indices as Int32Array).length}`,
    );
  }
  checkArray(fn, 'values', values, nnz);
}

function wrap(addon: Addon, file: string): NativeKernels {
  loadedAddon = addon;
  const isa = addon.isa as 'avx512' | 'avx2';
  const product =
    (fn: string, transA: boolean, transB: boolean) =>
    (
      a: Float32Array,
      b: Float32Array,
      m: number,
      n: number,
      k: number,
      out?: Float32Array,
      options: NativeMatmulOptions = {},
    ): Float32Array => {
      checkDims(fn, m, n, k);
      checkArray(fn, 'a', a, m * k);
      checkArray(fn, 'b', b, k * n);
      const threads = checkThreads(fn, options, MATMUL_KEYS);
      const c = output(fn, out, m * n, [
        ['a', a],
        ['b', b],
      ]);
      addon.sgemm(
        transA ? 1 : 0,
        transB ? 1 : 0,
        m,
        n,
        k,
        a,
        transA ? m : k,
        b,
        transB ? k : n,
        c,
        n,
        options.accumulate === true ? 1 : 0,
        threads,
      );
      return c;
    };
  return {
    isa,
    file,
    matmulNN: product('nativeKernels().matmulNN', false, false),
    matmulNT: product('nativeKernels().matmulNT', false, true),
    matmulTN: product('nativeKernels().matmulTN', true, false),
    csrMatmulNT(offsets, indices, values, rows, w, m, n, out, options = {}) {
      const fn = 'nativeKernels().csrMatmulNT';
      checkCsr(fn, offsets, indices, values, rows);
      checkDims(fn, m, n, 0);
      checkArray(fn, 'w', w, m * n);
      const threads = checkThreads(fn, options);
      const c = output(fn, out, rows * m, [
        ['w', w],
        ['values', values],
      ]);
      addon.csrMatmulNT(offsets, indices, values, rows, w, m, n, c, threads);
      return c;
    },
    matmulTNCsr(g, offsets, indices, values, rows, m, n, out, options = {}) {
      const fn = 'nativeKernels().matmulTNCsr';
      checkCsr(fn, offsets, indices, values, rows);
      checkDims(fn, m, n, 0);
      checkArray(fn, 'g', g, rows * m);
      output(fn, out, m * n, [
        ['g', g],
        ['values', values],
      ]);
      const threads = checkThreads(fn, options);
      addon.matmulTNCsr(offsets, indices, values, rows, g, m, n, out, threads);
      return out;
    },
    weightedSquaredErrorGrad(o, bias, weight, offsets, indices, values, rows, n, options = {}) {
      const fn = 'nativeKernels().weightedSquaredErrorGrad';
      const { flags, scale, gb } = checkLossArgs(
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
      checkDisjoint(fn, [
        ['o', o],
        ['bias', bias],
        ['weight', weight],
        ['values', values],
        ...(gb === undefined ? [] : ([['options.gradBias', gb]] as [string, ArrayBufferView][])),
      ]);
      if (rows === 0 || n === 0) return { sse: 0, nonzero: 0 };
      const [sse, nonzero] = addon.lossGrad(
        o,
        bias,
        weight,
        offsets,
        indices,
        values,
        rows,
        n,
        flags,
        scale,
        gb ?? null,
      );
      return { sse, nonzero };
    },
    adamUpdate(args, options = {}) {
      const fn = 'nativeKernels().adamUpdate';
      const { from, to } = checkAdamArgs(fn, args);
      checkDisjoint(
        fn,
        [
          ['args.p', args.p],
          ['args.g', args.g],
          ['args.m', args.m],
          ['args.v', args.v],
        ],
        true,
      );
      const threads = checkThreads(fn, options);
      const { p, g, m, v, beta1, beta2 } = args;
      addon.adam(
        p,
        g,
        m,
        v,
        from,
        to,
        beta1,
        1 - beta1,
        beta2,
        1 - beta2,
        args.l2,
        args.decay,
        args.sbc2,
        args.eps,
        args.step,
        threads,
      );
    },
  };
}

function load(): { kernels: NativeKernels | null; info: NativeKernelsInfo } {
  const proc = nodeProcess();
  if (proc === null) return { kernels: null, info: unavailable('not running in Node') };
  if (proc.env?.HYPERPOSITION_NATIVE === '0') {
    return { kernels: null, info: unavailable('disabled by HYPERPOSITION_NATIVE=0') };
  }
  if (typeof proc.getBuiltinModule !== 'function') {
    return { kernels: null, info: unavailable('this Node has no process.getBuiltinModule') };
  }
  let file: string | null = null;
  try {
    const { createRequire } = proc.getBuiltinModule('node:module') as typeof import('node:module');
    const { fileURLToPath } = proc.getBuiltinModule('node:url') as typeof import('node:url');
    const { existsSync } = proc.getBuiltinModule('node:fs') as typeof import('node:fs');
    // Built from parts so that bundlers do not take it for an asset of the browser build.
    const name = `hyperposition-${proc.platform}-${proc.arch}.node`;
    const rel = ['..', '..', 'native', 'build', name].join('/');
    file = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(file)) {
      return {
        kernels: null,
        info: unavailable(
          `${file} is not built (run \`node scripts/build-native.mjs\` in @hyperposition/hypervector)`,
          file,
        ),
      };
    }
    const addon = createRequire(import.meta.url)(file) as Addon;
    if (addon.abi !== NATIVE_ABI) {
      return {
        kernels: null,
        info: unavailable(
          `${file} was built from older sources (run \`node scripts/build-native.mjs --force\` in @hyperposition/hypervector)`,
          file,
        ),
      };
    }
    if (addon.isa !== 'avx512' && addon.isa !== 'avx2') {
      return {
        kernels: null,
        info: unavailable('this CPU has neither AVX-512 nor AVX2 with FMA', file),
      };
    }
    const kernels = wrap(addon, file);
    return {
      kernels,
      info: { available: true, isa: kernels.isa, file, reason: '' },
    };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { kernels: null, info: unavailable(`loading the addon failed: ${msg}`, file) };
  }
}

/**
 * The native kernels, or `null` where they are unavailable (see {@link nativeKernelsInfo}
 * for why). Loaded once, on the first call. Setting the environment variable
 * `HYPERPOSITION_NATIVE=0` before that call turns them off (for results that match the
 * browser's WebAssembly path bit for bit).
 *
 * @example
 * ```ts
 * import { createRng, nativeKernels, matmulNN } from '@hyperposition/hypervector';
 *
 * const rng = createRng(7);
 * const a = Float32Array.from({ length: 64 * 32 }, () => rng.nextNormal());
 * const b = Float32Array.from({ length: 32 * 48 }, () => rng.nextNormal());
 * const fast = nativeKernels();
 * // [64, 48] either way; the two agree within float rounding (about 1e-5 here)
 * const c = fast ? fast.matmulNN(a, b, 64, 48, 32, undefined, { threads: 2 }) : matmulNN(a, b, 64, 48, 32);
 * ```
 */
export function nativeKernels(): NativeKernels | null {
  state ??= load();
  return state.kernels;
}

/**
 * Whether the native kernels are available here, on which instruction set, from which file,
 * and if not, why.
 *
 * @example
 * ```ts
 * import { nativeKernelsInfo } from '@hyperposition/hypervector';
 *
 * const info = nativeKernelsInfo();
 * // on Linux x64 with a compiler at install time: { available: true, isa: 'avx512', ... }
 * // in a browser: { available: false, isa: null, file: null, reason: 'not running in Node' }
 * console.log(info.available ? `native ${info.isa}` : info.reason);
 * ```
 */
export function nativeKernelsInfo(): NativeKernelsInfo {
  state ??= load();
  return { ...state.info };
}

/**
 * Switch the loaded kernels to another instruction set the CPU has (tests of both builds);
 * returns the one now in use, or null when the kernels are unavailable. @internal
 */
export function setNativeIsaForTesting(isa: 'avx512' | 'avx2'): string | null {
  nativeKernels();
  return loadedAddon === null ? null : loadedAddon.useIsa(isa);
}

/**
 * The loaded addon's raw functions (for the package's own wrappers, which check arguments
 * first), or null when the kernels are unavailable. @internal
 */
export function nativeAddon(): Record<string, unknown> | null {
  nativeKernels();
  return loadedAddon as unknown as Record<string, unknown> | null;
}
