// Whether two typed arrays may share memory: the kernels that read and write in an order other
// than the JavaScript loops' (the native ones, and the WebAssembly ones, which copy their
// operands in) stand aside where an output shares memory with an input, and the loops, whose
// order then decides the result, run instead: the same bits on every path.

/**
 * Whether `o` may share memory with `x` in a way other than being the same view (a partial
 * overlap, or any sharing when `exact` is false): the native kernels then stand aside, since
 * they read and write in a different order from the JavaScript loops. @internal
 */
export function overlaps(o: ArrayBufferView, x: ArrayBufferView, exact = true): boolean {
  if (o.buffer !== x.buffer) return false;
  if (exact && o.byteOffset === x.byteOffset && o.byteLength === x.byteLength) return false;
  return o.byteOffset < x.byteOffset + x.byteLength && x.byteOffset < o.byteOffset + o.byteLength;
}

/**
 * Whether `o` may share memory with `x`: a view of the same buffer that overlaps it, or both on
 * shared memory, where two SharedArrayBuffer objects can hold the same bytes (as after a round
 * trip through a worker) and JavaScript cannot tell. Kernels that copy their operands in (the
 * WebAssembly ones) then stand aside for the loops, whose order of reads and writes decides
 * the result. @internal
 */
export function mayShareMemory(o: ArrayBufferView, x: ArrayBufferView): boolean {
  if (overlaps(o, x, false)) return true;
  return (
    typeof SharedArrayBuffer === 'function' &&
    o.buffer instanceof SharedArrayBuffer &&
    x.buffer instanceof SharedArrayBuffer
  );
}

/**
 * Whether an element-wise output `o` may share memory with an input `x` other than as the very
 * same view (which an element-wise kernel may overwrite in place with the loops' result): a
 * partial overlap, or both on shared memory through different buffer objects. @internal
 */
export function mayOverlapPartly(o: ArrayBufferView, x: ArrayBufferView): boolean {
  if (o.buffer === x.buffer) return overlaps(o, x, true);
  return (
    typeof SharedArrayBuffer === 'function' &&
    o.buffer instanceof SharedArrayBuffer &&
    x.buffer instanceof SharedArrayBuffer
  );
}
