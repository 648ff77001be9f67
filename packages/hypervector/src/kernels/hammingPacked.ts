import { hammingKernel } from './hamming.js';
import { hammingWasm } from './wasmPopcount.js';

/** Below this many word comparisons the JavaScript kernel wins (no copy into wasm memory). */
const WASM_THRESHOLD = 1 << 16;

/**
 * `out[i * n + j] = a * popcount(q_i XOR c_j) + b`: the WebAssembly kernel for large
 * batches, the SWAR JavaScript kernel otherwise or where WebAssembly is unavailable.
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
  if (nq * n * words >= WASM_THRESHOLD && hammingWasm(q, nq, c, n, words, out, a, b)) return;
  hammingKernel(q, nq, c, n, words, out, a, b);
}
