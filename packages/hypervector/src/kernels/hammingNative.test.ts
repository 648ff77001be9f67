import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { nativeAddon, nativeKernelsInfo } from '../native/native.js';
import { hammingKernel } from './hamming.js';
import { setVsaNativeForTesting, vsaNative } from '../native/vsa.js';
import { hammingPacked } from './hammingPacked.js';

const native = vsaNative()?.hammingPacked ?? null;
const addon = nativeAddon() as { hammingIsa?: (name: string) => string } | null;

describe('native packed Hamming kernel', () => {
  it('is there wherever the native kernels are', () => {
    expect(native !== null).toBe(nativeKernelsInfo().available);
  });

  const builds =
    native === null || addon?.hammingIsa === undefined
      ? []
      : addon.hammingIsa('vpopcnt') === 'vpopcnt'
        ? ['vpopcnt', 'popcnt']
        : ['popcnt'];
  const start = builds[0];
  afterAll(() => {
    if (start !== undefined) addon!.hammingIsa!(start);
  });
  // Word counts cross the 16-word registers and the 2-word POPCNT steps; item counts the
  // blocks of four; a = -2 / d, b = 1 is the bipolar similarity, which rounds.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [3, 9, 16],
    [7, 13, 17],
    [9, 33, 313],
    [64, 300, 40],
  ];
  for (const build of builds) {
    for (const [nq, n, words] of shapes) {
      it(`${build}: ${nq} queries x ${n} items x ${words} words equal the JavaScript kernel on 1 and 3 threads`, () => {
        expect(addon!.hammingIsa!(build)).toBe(build);
        const rng = createRng(nq * 7919 + n * 31 + words);
        const q = Uint32Array.from({ length: nq * words }, () => rng.nextUint32());
        const c = Uint32Array.from({ length: n * words }, () => rng.nextUint32());
        const d = words * 32;
        for (const [a, b] of [
          [1, 0],
          [-2 / d, 1],
          [1 / 3, -0.1],
        ]) {
          const js = new Float32Array(nq * n);
          hammingKernel(q, nq, c, n, words, js, a, b);
          for (const threads of [1, 3]) {
            const out = new Float32Array(nq * n).fill(Number.NaN);
            native!(q, nq, c, n, words, out, a, b, threads);
            expect(Array.from(out)).toEqual(Array.from(js));
          }
        }
      });
    }
  }

  it.skipIf(native === null)('a large batch on all cores equals the JavaScript kernel', () => {
    const [nq, n, words] = [37, 2003, 79];
    const rng = createRng(5);
    const q = Uint32Array.from({ length: nq * words }, () => rng.nextUint32());
    const c = Uint32Array.from({ length: n * words }, () => rng.nextUint32());
    const js = new Float32Array(nq * n);
    hammingKernel(q, nq, c, n, words, js, -2 / 2528, 1);
    const out = new Float32Array(nq * n);
    hammingPacked(q, nq, c, n, words, out, -2 / 2528, 1);
    expect(Array.from(out)).toEqual(Array.from(js));
    setVsaNativeForTesting(false);
    try {
      const wasm = new Float32Array(nq * n);
      hammingPacked(q, nq, c, n, words, wasm, -2 / 2528, 1);
      expect(Array.from(wasm)).toEqual(Array.from(js));
    } finally {
      setVsaNativeForTesting(true);
    }
  });

  it.skipIf(native === null)('rejects arrays shorter than their shapes', () => {
    const q = new Uint32Array(6);
    const c = new Uint32Array(9);
    expect(() => native!(q, 2, c, 3, 4, new Float32Array(6), 1, 0, 1)).toThrow(
      /hammingPacked: an array is shorter than its shape/,
    );
    expect(() =>
      native!(q, 2, c as unknown as Uint32Array, 3, 3, new Float64Array(6) as never, 1, 0, 1),
    ).toThrow(/hammingPacked: q and c must be Uint32Arrays, out a Float32Array/);
  });
});
