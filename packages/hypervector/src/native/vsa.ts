import { vsaPathsSteered } from '../wasm/vsa.js';
import { nativeAddon } from './native.js';

export { mayShareMemory, overlaps } from '../kernels/sharing.js';

/**
 * The native VSA kernels (native/vsa.cc, native/vsa_kernels.inc) as the models call them:
 * they read and write the caller's typed arrays in place (no copies) and give the same
 * results, bit for bit, as the JavaScript and WebAssembly paths. The models validate every
 * argument before calling; the addon's own checks only keep reads and writes inside the
 * arrays. Null where the addon is unavailable (browsers, `HYPERPOSITION_NATIVE=0`, no
 * compiler at install) or switched off for tests.
 * @internal
 */
export interface VsaNative {
  /**
   * `o[i] = a[i] * b[i]` (Int8 wrap-around); `a`, `b` of `o.length` or one row of it. True;
   * false, with nothing written, where `o` shares memory with `a` or `b` without being the
   * same span (checked on the pointers: cheaper than reading `.buffer` here, and it also sees
   * memory that two buffer objects share).
   */
  vsaMulI8(a: Int8Array, b: Int8Array, o: Int8Array): boolean;
  /**
   * MAP-C's `o[i] = a[i] * b[i]` (one Float32 rounding), broadcasting as
   * {@link VsaNative.vsaMulI8}: whether every output is finite; null, with nothing written,
   * where `o` partly overlaps `a` or `b`.
   */
  vsaMulF32(a: Float32Array, b: Float32Array, o: Float32Array): boolean | null;
  /** MAP-I's `o[i] = Math.imul(a[i], b[i])`, broadcasting and returning as `vsaMulI8`. */
  vsaMulI32(a: Int32Array, b: Int32Array, o: Int32Array): boolean;
  /** `o[i] = a[i] ^ b[i]`, broadcasting and returning as {@link VsaNative.vsaMulI8}. */
  vsaXorU32(a: Uint32Array, b: Uint32Array, o: Uint32Array): boolean;
  /**
   * Interleaved complex `o = a * b` (`conj` 1: `a * conj(b)`); false when an output is not
   * finite; null, with nothing written, where `o` partly overlaps `a` or `b`.
   */
  vsaCmulF32(a: Float32Array, b: Float32Array, o: Float32Array, conj: number): boolean | null;
  /**
   * MAP-B's bundle: `out[j]` = sign of the exact sum of the Int8 rows of `d` (0 for a zero
   * sum); the zero sums' positions, increasing, in `ties`; returns their count. With `state`
   * (the four words of the package's generator, see `xoshiroWords`), the ties are broken as
   * well, as `drawSignsAt` breaks them: one output of the generator per group of 32 positions
   * with a tie, in order, and `out[p]` = 1 where bit p & 31 of it is set, else -1; `state`
   * holds the words afterwards. -1, with nothing written, where `out` or `ties` shares memory
   * with `rows` or each other (seen on the pointers, so also through two SharedArrayBuffer
   * objects over the same bytes).
   */
  vsaSignSumI8(
    rows: Int8Array,
    d: number,
    out: Int8Array,
    ties: Int32Array,
    state?: Int32Array,
  ): number;
  /** `acc[0..L)` = the row sums of sumRowsFloat32 (weights: n entries, or none). */
  vsaSumF32(rows: Float32Array, L: number, weights: Float64Array, acc: Float64Array): void;
  /** `acc[0..L)` = the weighted sums of Int8 rows (sumRowsInt8 with weights). */
  vsaSumI8(rows: Int8Array, L: number, weights: Float64Array, acc: Float64Array): void;
  /** `acc[0..L)` = the exact column sums of Int32 rows (MAP-I's unweighted bundle). */
  vsaSumI32(rows: Int32Array, L: number, acc: Float64Array): boolean;
  /** `acc[0..d)` = the weighted sums of packed bit rows, a bit counting `w` when set, `-w` when not. */
  vsaSumBits(rows: Uint32Array, d: number, weights: Float64Array, acc: Float64Array): void;
  /** `out` from `acc` by a normalisation (see the modes in native/vsa.cc). */
  vsaNormalize(acc: Float64Array, out: Float32Array, mode: number): number;
  /**
   * `vsaSumF32(rows, L, weights, acc)` then `vsaNormalize(acc, out, mode)`, the same results
   * in one call (`out` of exactly `L`), each thread normalising the columns it summed.
   */
  vsaBundleF32(
    rows: Float32Array,
    L: number,
    weights: Float64Array,
    acc: Float64Array,
    out: Float32Array,
    mode: number,
  ): number;
  /**
   * Bitwise majority (out) and tied bits (ties) of packed rows of `L` words; true when a bit
   * is tied. With `state` (the package's generator's words, see `xoshiroWords`), the tied
   * bits are broken as `drawBitsAt` breaks them: one output of the generator per word with a
   * tie, in order, whose bits set the tied bits they cover; `state` holds the words afterwards.
   * Null, with nothing written, where `out` or `ties` shares memory with `rows` or each other
   * (seen on the pointers, so also through two SharedArrayBuffer objects over the same bytes).
   */
  vsaMajority(
    rows: Uint32Array,
    L: number,
    lastMask: number,
    out: Uint32Array,
    ties: Uint32Array,
    state?: Int32Array,
  ): boolean | null;
  /**
   * Dot products of Float32 rows as `dot.ts` adds them (four Float64 lanes, then
   * ((l0 + l1) + l2) + l3; Int32 rows the same way), or of Int8 rows (exact integer sums):
   * `out[i * n + j]` for `nq`
   * queries of `d` and `n` codebook rows. `mode` 0: the dot products; 1: the cosines with `sq`
   * (reciprocal query norms), each codebook row's norm added in the same pass; 2: the cosines
   * with `sq` and `cn` (codebook row norms) — `dot.ts`'s cosineOf in both. False, with nothing
   * written, where `out` shares memory with `q` or `c`. Rows split between threads.
   */
  vsaDotF32<T extends Float32Array | Int8Array | Int32Array>(
    q: T,
    nq: number,
    c: T,
    n: number,
    d: number,
    out: Float32Array,
    sq: Float64Array | null,
    cn: Float64Array | null,
    mode: number,
  ): boolean;
  /**
   * `into[r]` = the L2 norm of row r (`inverse` 1: its reciprocal, 0 for a zero row), the
   * squares added in the same order (Int8: exactly).
   */
  vsaInvNormsF32(
    x: Float32Array | Int8Array | Int32Array,
    rows: number,
    d: number,
    into: Float64Array,
    inverse: number,
  ): boolean;
  /**
   * Each row of `d` bits cyclically shifted by `s` in [0, d); true, or false with nothing
   * written where `a` and `o` share memory.
   */
  vsaRotateBits(a: Uint32Array, d: number, s: number, o: Uint32Array): boolean;
  /**
   * {@link VsaNative.vsaXorU32} as a V8 fast API call (native/fast.cc): optimised code calls
   * it without a Node-API frame. Only equal, non-empty lengths of Uint32Arrays; false, with
   * nothing written, for anything else (the caller then takes `vsaXorU32`, which also throws
   * the errors). Never throws. Absent where the running Node is not the V8 it was checked
   * against, or with `HYPERPOSITION_FAST_CALLS=0`.
   */
  vsaFastXorU32?: (a: Uint32Array, b: Uint32Array, o: Uint32Array) => boolean;
  /**
   * {@link VsaNative.vsaRotateBits} as a fast API call, on Uint32Arrays; `d` and `s` are numbers
   * taken as `x >>> 0` takes them (both entry points alike; the models pass integers in range);
   * false as {@link VsaNative.vsaFastXorU32}.
   */
  vsaFastRotateBits?: (a: Uint32Array, d: number, s: number, o: Uint32Array) => boolean;
  /**
   * {@link VsaNative.vsaShift} on Float32Arrays as a fast API call (rows of `L` floats, `sh` in
   * [0, L], numbers taken as `x >>> 0` takes them); false as {@link VsaNative.vsaFastXorU32}.
   */
  vsaFastShiftF32?: (a: Float32Array, o: Float32Array, L: number, sh: number) => boolean;
  /** How many times optimised code entered a fast call (for a test that it does). */
  vsaFastEntries(): number;
  /**
   * Each row of `L` elements rotated right by `sh` in [0, L] elements; true, or false with
   * nothing written where `a` and `o` share memory.
   */
  vsaShift<T extends Int8Array | Int32Array | Float32Array>(
    a: T,
    o: T,
    L: number,
    sh: number,
  ): boolean;
  /**
   * HRR's circular convolution `o[oo..oo+M)` of Float32 `x[ox..ox+M)` and `y[oy..oy+M)`,
   * computed as `RealConvolution` of src/kernels/fft.ts computes it (the same stages, the same
   * bits) for an even M: `rad` holds the radices (2, 4, 5) of its plan for M (the first `nf`)
   * and of the plan for M / 2; `tab` the radix-5 constants, the spectrum step's twiddles and
   * both plans' stage twiddles (native/fft_kernels.inc). True when every output is finite;
   * null (nothing written) where the build in use has no such kernel (it needs AVX-512).
   * With `n`, `sx` and `sy`: `n` rows, row r of x from `ox + r sx`, of y from `oy + r sy`
   * (strides 0 or M), into `o` from `oo + r M`, split between threads.
   */
  vsaConvolve(
    rad: Int32Array,
    nf: number,
    tab: Float64Array,
    x: Float32Array,
    ox: number,
    y: Float32Array,
    oy: number,
    o: Float32Array,
    oo: number,
    n?: number,
    sx?: number,
    sy?: number,
  ): boolean | null;
  /** Switch between the kernels' builds (`'avx2'`, `'base'`); returns the one in use. */
  vsaIsa(name: string): string;
  /** Fix the row sums' split at `parts` ranges (0: by size and cores); returns the previous. */
  vsaSplitForTesting(parts: number): number;
  /**
   * `out[i * n + j] = a * popcount(q_i XOR c_j) + b` over `words` 32-bit words per row
   * (native/hamming.cc: AVX-512 VPOPCNTDQ or POPCNT; exact counts, so the JavaScript and
   * WebAssembly kernels' results); `threads` 0: the process's cores, for large batches.
   * True; false, with nothing written, where `out` shares memory with `q` or `c` (seen on the
   * pointers, so also through two SharedArrayBuffer objects over the same bytes).
   */
  hammingPacked(
    q: Uint32Array,
    nq: number,
    c: Uint32Array,
    n: number,
    words: number,
    out: Float32Array,
    a: number,
    b: number,
    threads: number,
  ): boolean;
}

/** The normalisation modes of {@link VsaNative.vsaNormalize}. @internal */
export const NORMALIZE: {
  readonly none: 0;
  readonly clip: 1;
  readonly l2: 2;
  readonly phasor: 3;
  readonly noneChecked: 4;
} = { none: 0, clip: 1, l2: 2, phasor: 3, noneChecked: 4 };

/** No weights (an empty Float64Array). @internal */
export const NO_WEIGHTS: Float64Array = new Float64Array(0);

let loaded: VsaNative | null | undefined;
/** `loaded` without its fast calls (tests; `HYPERPOSITION_FAST_CALLS=0`). */
let loadedSlow: VsaNative | null | undefined;
let enabled = true;
/** Whether this process may call the fast API calls (set once, by load()). */
let fastAllowed = true;
/** The tests' switch (setVsaFastCallsForTesting), within what fastAllowed permits. */
let fastCalls = true;

function load(): VsaNative | null {
  const addon = nativeAddon();
  if (addon === null || typeof addon.vsaMulI8 !== 'function') return null;
  const proc = (
    globalThis as {
      process?: {
        env?: Record<string, string | undefined>;
        config?: { variables?: Record<string, unknown> };
      };
    }
  ).process;
  // The fast calls' slow entry points use V8's inline header code, compiled for a V8 without
  // pointer compression or the sandbox (build-native.mjs checks the headers' config.gypi); a
  // running Node built otherwise (with the same V8 version) must not call them.
  const v = proc?.config?.variables;
  fastAllowed =
    proc?.env?.HYPERPOSITION_FAST_CALLS !== '0' &&
    !!v &&
    !isOn(v.v8_enable_pointer_compression) &&
    !isOn(v.v8_enable_sandbox);
  // A copy: Node-API leaves the exports object in dictionary mode, where every
  // `nat.vsaXxx` load in optimised code goes through the generic load stub (about 3 ns a
  // call); the copy has fast properties, which V8 loads inline.
  return { ...(addon as unknown as VsaNative) };
}

/** A config.gypi flag that is set (1, true or "true"). */
function isOn(x: unknown): boolean {
  return x === 1 || x === true || x === 'true';
}

/** The addon's functions with the fast calls left out (the Node-API path alone). */
function withoutFastCalls(nat: VsaNative): VsaNative {
  return {
    ...nat,
    vsaFastXorU32: undefined,
    vsaFastRotateBits: undefined,
    vsaFastShiftF32: undefined,
  };
}

/** The native VSA kernels, or null where unavailable or switched off. @internal */
export function vsaNative(): VsaNative | null {
  // Tests of the WebAssembly path against the scalar one turn the native kernels off.
  if (!enabled || vsaPathsSteered()) return null;
  if (loaded === undefined) loaded = load();
  if ((fastAllowed && fastCalls) || loaded === null) return loaded;
  if (loadedSlow === undefined) loadedSlow = withoutFastCalls(loaded);
  return loadedSlow;
}

/**
 * Turn the fast API calls off (`false`: the models call the Node-API functions alone) or back
 * on, for tests that compare the two paths. Returns the previous setting. @internal
 */
export function setVsaFastCallsForTesting(on: boolean): boolean {
  const was = fastCalls;
  fastCalls = on;
  return was;
}

/**
 * Turn the native VSA kernels off (`false`: the models take their JavaScript/WebAssembly
 * path) or back on, for tests that compare the two paths in one process. @internal
 */
export function setVsaNativeForTesting(on: boolean): void {
  enabled = on;
}

/** Weights as a Float64Array (the same numbers), or {@link NO_WEIGHTS}. @internal */
export function weightsF64(weights: ArrayLike<number> | undefined): Float64Array {
  if (weights === undefined) return NO_WEIGHTS;
  return weights instanceof Float64Array ? weights : Float64Array.from(weights);
}
