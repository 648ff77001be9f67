// Loads TensorFlow.js in the browser on the backend the reader (or a test, via ?backend=)
// asks for. tfjs is imported dynamically so that server-side rendering never touches it.
import type * as TF from '@tensorflow/tfjs';

/** The backends a live example can run on. */
export type BackendName = 'wasm' | 'webgl' | 'cpu';

/** The backends in the order offered to the reader. */
export const backendNames: readonly BackendName[] = ['wasm', 'webgl', 'cpu'];

/** Whether a string names a backend. */
export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (backendNames as readonly string[]).includes(value);
}

let wasmPathsSet = false;

/**
 * Import tfjs, register the wasm backend with the site's own copy of the wasm binaries
 * (`wasmPrefix`, e.g. `useBaseUrl('/tfjs-wasm/')`), and switch to `requested`.
 * Falls back to cpu where the browser lacks the backend (webgl without a GPU context).
 * @returns the tfjs namespace and the backend actually in use.
 */
export async function loadTf(
  requested: BackendName,
  wasmPrefix: string,
): Promise<{ tf: typeof TF; backend: BackendName }> {
  const tf = await import('@tensorflow/tfjs');
  if (requested === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // Threads need COOP/COEP and an unminified bundle (see STACK.md); single-threaded SIMD is safe everywhere.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setWasmPaths(wasmPrefix);
      wasmPathsSet = true;
    }
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(requested);
  } catch {
    ok = false;
  }
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  const backend = tf.getBackend();
  return { tf, backend: isBackendName(backend) ? backend : 'cpu' };
}

/** Yield to the browser so it can paint and handle input (the stop button) between chunks of work. */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'undefined') {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}
