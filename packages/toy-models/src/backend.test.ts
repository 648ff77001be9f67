import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from './backend.js';

describe('useBackend', () => {
  it('selects the wasm backend in Node', async () => {
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
  it('rejects an unknown backend name', async () => {
    await expect(useBackend('tpu' as 'cpu')).rejects.toThrow(
      `useBackend: name expected 'wasm', 'webgl', 'cpu' or 'webgpu', got "tpu"`,
    );
  });
});
