import * as tf from '@tensorflow/tfjs';
import { fail } from './errors.js';

/** Options of {@link useBackend}. */
export interface UseBackendOptions {
  /**
   * Where the browser fetches the tfjs wasm binaries (a URL prefix ending in '/'), passed to
   * `setWasmPaths` before the backend starts. Not needed in Node.
   */
  wasmPaths?: string;
}

/**
 * Select and initialise a tfjs backend. The library never picks a backend by itself; call
 * this (or `tf.setBackend`) once before creating models. For `'wasm'` it loads
 * `@tensorflow/tfjs-backend-wasm` (an optional peer dependency) on demand.
 *
 * Note: in Node the `'cpu'` backend prints tfjs's "install tfjs-node" banner on first use;
 * `'wasm'` is about 30x faster there and is the backend to use in Node.
 *
 * @param name - `'wasm'` (Node, browsers), `'webgl'` (browsers), `'cpu'` (fallback everywhere).
 * @param options - `wasmPaths` for the browser.
 * @returns the name of the active backend.
 * @throws Error when the backend cannot be initialised.
 * @example
 * ```ts
 * await useBackend('wasm');
 * const model = createToyModel({ nFeatures: 5, nHidden: 2, seed: 0 });
 * ```
 */
export async function useBackend(
  name: 'wasm' | 'webgl' | 'cpu' | 'webgpu',
  options: UseBackendOptions = {},
): Promise<string> {
  if (!['wasm', 'webgl', 'cpu', 'webgpu'].includes(name)) {
    fail('useBackend', 'name', "'wasm', 'webgl', 'cpu' or 'webgpu'", name);
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`useBackend: backend '${name}' could not be initialised`);
  await tf.ready();
  return tf.getBackend();
}
