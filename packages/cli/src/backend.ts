/** TensorFlow.js backends the CLI can run on in Node. */
export type BackendName = 'wasm' | 'cpu';

let active: BackendName | undefined;

/**
 * Select and initialise the tfjs backend once per process: `'wasm'` (tfjs-backend-wasm,
 * SIMD, single-threaded in Node, about 4x the cpu backend on small toy models) or `'cpu'`
 * (plain JavaScript, the fallback). tfjs's "install tfjs-node" banner is silenced so that
 * stdout stays machine-readable.
 *
 * @param name - the backend.
 * @returns once `tf.ready()` has resolved.
 * @example
 * ```ts
 * await useBackend('wasm');
 * ```
 */
export async function useBackend(name: BackendName): Promise<void> {
  if (active === name) return;
  const tf = await import('@tensorflow/tfjs');
  // PROD silences backend_util.warn (the tfjs-node banner) and debug checks.
  tf.env().set('PROD', true);
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  active = name;
}
