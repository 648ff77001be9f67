import { vsaNative } from '../native/vsa.js';
import { hammingKernel } from './hamming.js';
import { hammingWasm } from './wasmPopcount.js';

/** Below this many word comparisons the JavaScript kernel wins (no copy into wasm memory). */
const WASM_THRESHOLD = 1 << 16;
/** Below this many word comparisons the JavaScript kernel beats a call into native code. */
const NATIVE_THRESHOLD = 1 << 12;

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
  // The native kernel says false, with nothing written, where out shares memory with q or c
  // (seen on the pointers); the WebAssembly one, which copies the operands in, wherever
  // JavaScript cannot rule that out. The loops then decide the result.
  if (work >= NATIVE_THRESHOLD) {
    const native = vsaNative();
    if (native !== null && native.hammingPacked(q, nq, c, n, words, out, a, b, 0)) return;
  }
  if (work >= WASM_THRESHOLD && hammingWasm(q, nq, c, n, words, out, a, b)) return;
  hammingKernel(q, nq, c, n, words, out, a, b);
}

/**
 * `x` itself where no row (of `words` words, `d` bits) has a padding bit above d set in its
 * last word, which costs one read per row; else a copy with every padding bit cleared. The
 * popcounts then count the d bits only, on every path (native, WebAssembly, JavaScript): a
 * bitwise NOT of a vector's words, say, sets its padding bits. @internal
 */
export function withoutPadding(
  x: Uint32Array,
  rows: number,
  words: number,
  d: number,
): Uint32Array {
  const r = d & 31;
  if (r === 0) return x;
  const keep = (1 << r) - 1;
  for (let i = words - 1; i < rows * words; i += words) {
    if ((x[i] & ~keep) !== 0) {
      const y = x.slice(0, rows * words);
      for (let j = words - 1; j < y.length; j += words) y[j] &= keep;
      return y;
    }
  }
  return x;
}
