import { nativeAddon } from '../native/native.js';
import { overlaps } from '../native/vsa.js';
import { hammingKernel } from './hamming.js';
import { hammingWasm } from './wasmPopcount.js';

/** Below this many word comparisons the JavaScript kernel wins (no copy into wasm memory). */
const WASM_THRESHOLD = 1 << 16;
/** Below this many word comparisons the JavaScript kernel beats a call into native code. */
const NATIVE_THRESHOLD = 1 << 12;

/** The addon's packed Hamming kernel (native/hamming.cc). @internal */
export type HammingNative = (
  q: Uint32Array,
  nq: number,
  c: Uint32Array,
  n: number,
  words: number,
  out: Float32Array,
  a: number,
  b: number,
  threads: number,
) => void;

let loaded: HammingNative | null | undefined;
let enabled = true;

/**
 * The native packed Hamming kernel (AVX-512 VPOPCNTDQ or POPCNT, split over the machine's
 * cores for large batches; exact integer counts, so the same results as the JavaScript and
 * WebAssembly kernels), or null where the addon is unavailable or switched off. @internal
 */
export function hammingNative(): HammingNative | null {
  if (!enabled) return null;
  if (loaded === undefined) {
    const addon = nativeAddon();
    loaded =
      addon !== null && typeof addon.hammingPacked === 'function'
        ? (addon.hammingPacked as HammingNative)
        : null;
  }
  return loaded;
}

/**
 * Turn the native Hamming kernel off (the WebAssembly or JavaScript kernel runs instead) or
 * back on, for tests that compare the paths in one process. @internal
 */
export function setHammingNativeForTesting(on: boolean): void {
  enabled = on;
}

/**
 * `out[i * n + j] = a * popcount(q_i XOR c_j) + b`: the native kernel in Node where it is
 * built, else the WebAssembly kernel for large batches, the SWAR JavaScript kernel otherwise
 * or where WebAssembly is unavailable. All three give the same results.
 * @internal
 */
export function hammingPacked(
  q: Uint32Array,
  nq: number,
  c: Uint32Array,
  n: number,
  words: number,
  out: Float32Array,
  a: number,
  b: number,
): void {
  const work = nq * n * words;
  if (work >= NATIVE_THRESHOLD && !overlaps(out, q, false) && !overlaps(out, c, false)) {
    const native = hammingNative();
    if (native !== null) {
      native(q, nq, c, n, words, out, a, b, 0);
      return;
    }
  }
  if (work >= WASM_THRESHOLD && hammingWasm(q, nq, c, n, words, out, a, b)) return;
  hammingKernel(q, nq, c, n, words, out, a, b);
}
