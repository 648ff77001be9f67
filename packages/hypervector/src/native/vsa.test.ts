import { afterEach, describe, expect, it } from 'vitest';
import { BSC } from '../models/bsc.js';
import { FHRR } from '../models/fhrr.js';
import { HRR, sumOfSquares } from '../models/hrr.js';
import { inverseNorms, rowNorms } from '../kernels/dot.js';
import { sumRowsFloat32 } from '../kernels/sum.js';
import { orderRevealingInt32, orderRevealingRows } from '../kernels/sumOrder.testkit.js';
import { cosine } from '../ops/cosine.js';
import { dot } from '../ops/dot.js';
import { MAP } from '../models/map.js';
import { SBC } from '../models/sbc.js';
import { createRng, type Rng } from '../random/rng.js';
import type { HVArray } from '../types.js';
import { nativeAddon } from './native.js';
import { NO_WEIGHTS, setVsaNativeForTesting, vsaNative } from './vsa.js';
import { setVsaWasmOffForTesting } from '../wasm/vsa.js';

// The native VSA kernels against the JavaScript/WebAssembly path, bit for bit: every call is
// made on copies of the same inputs with the native kernels off, then on each of their builds
// (AVX-512 and AVX2 where the CPU has them, and baseline x86-64); results, outputs written in place, the
// generator's state afterwards, and errors must all be identical.

const addon = nativeAddon();
const nat = vsaNative();
const isas: string[] = [];
if (nat !== null) {
  const first = nat.vsaIsa('query');
  for (const isa of ['avx512', 'avx2', 'base']) if (nat.vsaIsa(isa) === isa) isas.push(isa);
  nat.vsaIsa(first);
}

type Outcome = { bytes: Uint8Array[]; error: string | null; after: number };

/** A generator of another class than the package's (the same draws as createRng(seed)). */
function otherRng(seed: number): Rng {
  const inner = createRng(seed);
  return {
    nextUint32: () => inner.nextUint32(),
    nextFloat: () => inner.nextFloat(),
    nextNormal: () => inner.nextNormal(),
    nextInt: (n: number) => inner.nextInt(n),
    fork: () => inner.fork(),
    state: () => inner.state(),
  };
}

function bytesOf(x: ArrayBufferView): Uint8Array {
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength).slice();
}

/**
 * Runs `fn` (which builds its inputs from scratch and returns the arrays to compare, and a
 * generator whose next draw tells how many draws were made) with the native kernels off and
 * on each build, and expects identical outcomes; `throws` says whether the reference path
 * must throw (the same error then expected from every build) or must not.
 */
function same(
  fn: () => { arrays: ArrayBufferView[]; rng?: { nextUint32(): number } },
  throws = false,
): void {
  const run = (): Outcome => {
    try {
      const r = fn();
      return {
        bytes: r.arrays.map(bytesOf),
        error: null,
        after: r.rng === undefined ? 0 : r.rng.nextUint32(),
      };
    } catch (e) {
      return {
        bytes: [],
        error: `${(e as Error).constructor.name}: ${(e as Error).message}`,
        after: 0,
      };
    }
  };
  // The reference: the JavaScript loops of binding, bundles and dot products, not the
  // WebAssembly kernels (which the tests of src/wasm compare with the loops on their own); the
  // packed popcount kernel (exact counts), FFT plans and arenas keep theirs.
  setVsaNativeForTesting(false);
  const wasmWas = setVsaWasmOffForTesting(true);
  let want: ReturnType<typeof run>;
  try {
    want = run();
  } finally {
    setVsaWasmOffForTesting(wasmWas);
  }
  // A case that throws on every path would compare nothing: only those meant to throw may.
  if (throws) expect(want.error).not.toBeNull();
  else expect(want.error).toBeNull();
  setVsaNativeForTesting(true);
  const before = nat?.vsaIsa('query') ?? '';
  try {
    for (const isa of isas) {
      expect(nat?.vsaIsa(isa)).toBe(isa);
      const got = run();
      expect(got.error).toBe(want.error);
      expect(got.after).toBe(want.after);
      expect(got.bytes.length).toBe(want.bytes.length);
      for (let i = 0; i < want.bytes.length; i++) {
        // Element-wise comparison of the raw bytes (NaN payloads and signed zeros included).
        const a = got.bytes[i];
        const b = want.bytes[i];
        expect(a.length).toBe(b.length);
        let diff = -1;
        for (let k = 0; k < a.length; k++) {
          if (a[k] !== b[k]) {
            diff = k;
            break;
          }
        }
        expect(diff, `array ${i} differs at byte ${diff} (${isa})`).toBe(-1);
      }
    }
  } finally {
    nat?.vsaIsa(before);
  }
}

/**
 * Expects the call that `fn` builds (from scratch, on each path) to throw a RangeError with
 * exactly `message` and to write nothing: the bytes of `arrays` (the output and the buffer
 * under it) are unchanged afterwards. On the JavaScript loops, on the WebAssembly kernels and
 * on each native build (the fast one-vector paths included), since the checks come first.
 */
function refused(
  fn: () => { call: () => unknown; arrays: ArrayBufferView[] },
  message: string,
): void {
  const check = (path: string): void => {
    const { call, arrays } = fn();
    const before = arrays.map(bytesOf);
    let error: unknown = null;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error, path).toBeInstanceOf(RangeError);
    expect((error as Error).message, path).toBe(message);
    arrays.forEach((x, i) => {
      const now = bytesOf(x);
      let diff = now.length === before[i].length ? -1 : -2;
      for (let k = 0; diff === -1 && k < now.length; k++) if (now[k] !== before[i][k]) diff = k;
      expect(diff, `${path}: array ${i} written at byte ${diff}`).toBe(-1);
    });
  };
  setVsaNativeForTesting(false);
  check('WebAssembly');
  const wasmWas = setVsaWasmOffForTesting(true);
  try {
    check('loops');
  } finally {
    setVsaWasmOffForTesting(wasmWas);
  }
  setVsaNativeForTesting(true);
  const before = nat?.vsaIsa('query') ?? '';
  try {
    for (const isa of isas) {
      expect(nat?.vsaIsa(isa)).toBe(isa);
      check(isa);
    }
  } finally {
    nat?.vsaIsa(before);
  }
}

/** The RangeError message of an `out` of `fn` that partly overlaps its operand `arg`. */
const partly = (fn: string, arg: string): string =>
  `${fn}: out expected the array ${arg} itself (in place) or one that does not overlap ${arg}, got an array that partly overlaps ${arg}`;

/** The RangeError message of an `out` of `fn` that shares any byte with its input `arg`. */
const anyOverlap = (fn: string, arg: string): string =>
  `${fn}: out expected an array that does not overlap ${arg}, got an array that overlaps ${arg}`;

afterEach(() => setVsaNativeForTesting(true));

/** Runs `fn` with the native splits by size fixed at `parts` ranges (0: as usual). */
function withSplit(parts: number, fn: () => void): void {
  const before = nat?.vsaSplitForTesting(parts);
  try {
    fn();
  } finally {
    nat?.vsaSplitForTesting(before ?? 0);
  }
}

const DIMS = [1, 7, 33, 64, 100, 257, 1000, 4099, 10_000];

function randomInt8(len: number, seed: number): Int8Array {
  const rng = createRng(seed);
  const x = new Int8Array(len);
  for (let i = 0; i < len; i++) x[i] = (rng.nextUint32() & 255) - 128;
  return x;
}

function randomF32(len: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(len);
  for (let i = 0; i < len; i++) x[i] = rng.nextNormal() * scale;
  return x;
}

describe.skipIf(nativeAddon() === null)('native VSA kernels: bit for bit', () => {
  it('are loaded with the addon', () => {
    expect(nat).not.toBeNull();
    expect(isas).toContain('base');
  });

  describe('MAP-B', () => {
    it.each(DIMS)('bind / unbind, d = %i (batches, broadcasts, out, in place)', (d) => {
      const m = MAP({ dim: d, variant: 'B' });
      same(() => {
        const x = m.random(3, { rng: createRng(d) });
        const y = randomInt8(3 * d, d + 1);
        const a = m.row(x, 0);
        const out = m.alloc(3);
        m.bind(x, y, out);
        const inPlace = x.slice();
        m.bind(inPlace, a, inPlace);
        return {
          arrays: [
            m.bind(a, m.row(x, 1)),
            m.bind(x, a),
            m.bind(a, y),
            m.unbind(y, a),
            // Any Int8 values on both sides: products wrap around (-128 * -128 = 0).
            m.bind(y, randomInt8(3 * d, d + 2)),
            out,
            inPlace,
          ],
        };
      });
    });

    it('an out that partly overlaps an operand is refused on every path, writing nothing', () => {
      const d = 300;
      const m = MAP({ dim: d, variant: 'B' });
      // out five elements past a (or b): a RangeError naming the operand.
      refused(
        () => {
          const buf = randomInt8(2 * d, 3);
          const b = randomInt8(d, 4);
          return {
            call: () => m.bind(buf.subarray(0, d), b, buf.subarray(5, d + 5)),
            arrays: [buf],
          };
        },
        partly('MAP-B.bind', 'a'),
      );
      refused(
        () => {
          const buf = randomInt8(2 * d, 3);
          const a = randomInt8(d, 4);
          return {
            call: () => m.bind(a, buf.subarray(5, d + 5), buf.subarray(0, d)),
            arrays: [buf],
          };
        },
        partly('MAP-B.bind', 'b'),
      );
      // In place on either operand, and an out that only touches a (its next bytes), are
      // computed: the same bytes on every path.
      same(() => {
        const buf = randomInt8(3 * d, 3);
        const b = randomInt8(d, 4);
        m.bind(buf.subarray(0, d), b, buf.subarray(0, d));
        m.bind(b, buf.subarray(d, 2 * d), buf.subarray(d, 2 * d));
        m.bind(buf.subarray(0, d), buf.subarray(d, 2 * d), buf.subarray(2 * d, 3 * d));
        return { arrays: [buf] };
      });
    });

    // The AVX-512 products align a's loads (masked first and last bytes) and realign b with
    // aligned loads where it lies a whole number of 4-byte words off: operands at every kind
    // of offset from the 64-byte lines, in place on either operand too.
    it('bind at any alignment of a, b and out (and in place)', () => {
      for (const d of [1, 5, 63, 64, 65, 100, 127, 200, 1000, 10_000]) {
        const m = MAP({ dim: d, variant: 'B' });
        for (const [oa, ob, oo] of [
          [0, 0, 0],
          [0, 16, 0],
          [3, 19, 7],
          [1, 6, 2],
          [60, 0, 33],
          [12, 44, 12],
          [0, 3, 1],
        ]) {
          same(() => {
            const buf = randomInt8(3 * d + 256, d + oa + 7 * ob);
            const a = buf.subarray(oa, oa + d);
            const b = buf.subarray(100 + d + ob, 100 + 2 * d + ob);
            const out = new Int8Array(2 * d + 128).subarray(oo, oo + d);
            m.bind(a, b, out);
            const inA = a.slice();
            const inB = b.slice();
            const cA = new Int8Array(d + 64);
            const cB = new Int8Array(d + 64);
            const va = cA.subarray(oa % 64, (oa % 64) + d);
            const vb = cB.subarray(ob % 64, (ob % 64) + d);
            va.set(inA);
            vb.set(inB);
            m.bind(va, b, va);
            m.bind(a, vb, vb);
            return { arrays: [out, buf, va, vb] };
          });
        }
      }
    });

    it.each([1, 2, 3, 4, 16, 17, 100, 256, 257, 600])(
      'bundle of %i rows (sign, ties from the generator)',
      (n) => {
        // 2049 and 10,000: the 512-column strips (up to 256 rows), then 128, then single columns.
        for (const d of [1, 7, 100, 2049, 10_000]) {
          const m = MAP({ dim: d, variant: 'B' });
          same(() => {
            const rows = m.random(n, { rng: createRng(n * 31 + d) });
            const rng = createRng(5);
            return { arrays: [m.bundle(rows, { rng })], rng };
          });
          // A generator of another class: called once per tied group of 32 positions instead
          // of advanced natively.
          same(() => {
            const rows = m.random(n, { rng: createRng(n * 31 + d) });
            const rng = otherRng(5);
            return { arrays: [m.bundle(rows, { rng })], rng };
          });
          // Extreme sums of both columns of each Int16 word: 127 and -128 in turn, rows that
          // cancel (ties at even positions only, or odd only), and full magnitudes.
          same(() => {
            const rows = new Int8Array(n * d);
            for (let r = 0; r < n; r++)
              for (let j = 0; j < d; j++)
                rows[r * d + j] =
                  j % 4 === 0 ? 127 : j % 4 === 1 ? -128 : (j % 4 === 2) === (r % 2 === 0) ? 1 : -1;
            const rng = createRng(7);
            return { arrays: [m.bundle(rows, { rng })], rng };
          });
          // Any Int8 values (extreme sums over many rows), out given.
          same(() => {
            const rows = randomInt8(n * d, n + d);
            if (n >= 256) rows.fill(-128, 0, 256 * d);
            const out = m.alloc(1);
            const rng = createRng(6);
            m.bundle(rows, { out, rng });
            return { arrays: [out], rng };
          });
        }
      },
    );

    it('weighted bundle and permute', () => {
      for (const d of [7, 100, 10_000]) {
        const m = MAP({ dim: d, variant: 'B' });
        same(() => {
          const rows = m.random(5, { rng: createRng(d) });
          const rng = createRng(2);
          return {
            arrays: [
              m.bundle(rows, { weights: [1, -2, 0.5, 3, 1.25], rng }),
              m.bundle(rows, { weights: new Float64Array([1, 1, 0, 1, 1]), rng }),
            ],
            rng,
          };
        });
        same(() => {
          const x = m.random(3, { rng: createRng(d + 9) });
          return {
            arrays: [0, 1, -3, d + 5, 2 ** 40].map((k) => m.permute(x, k)),
          };
        });
      }
    });
  });

  describe('MAP-C and MAP-I', () => {
    it.each([7, 100, 4099])('bundle (clip, none, weights) and permute, d = %i', (d) => {
      const c = MAP({ dim: d, variant: 'C' });
      const i = MAP({ dim: d, variant: 'I' });
      same(() => {
        const rows = c.random(19, { rng: createRng(d) });
        const w = Array.from({ length: 19 }, (_, k) => (k % 3) - 0.75);
        return {
          arrays: [
            c.bundle(rows),
            c.bundle(rows, { normalize: 'none' }),
            c.bundle(rows, { weights: w }),
            c.bundle(rows, { normalize: 'none', weights: w }),
            c.permute(rows, 3),
            i.permute(i.random(2, { rng: createRng(1) }), -4),
          ],
        };
      });
      same(() => {
        const rows = c.random(3, { rng: createRng(d) });
        rows[d + 1] = NaN;
        return { arrays: [c.bundle(rows)] };
      }, true);
      // MAP-I's sums are exact on both paths, past 2^31 too (the signs of sums of 2^28s).
      for (const n of [1, 4, 19, 100]) {
        same(() => {
          const rows = i.random(n, { rng: createRng(d + n) });
          const big = rows.map((v, k) => v * 2 ** 28 + (k % 3));
          const rng = createRng(5);
          return {
            arrays: [
              i.bundle(rows, { normalize: 'sign', rng }),
              i.bundle(rows, { normalize: 'none' }),
              i.bundle(big, { normalize: 'sign', rng }),
            ],
            rng,
          };
        });
      }
      same(() => {
        const rows = i.random(40, { rng: createRng(d) }).map((v) => v * 2 ** 28);
        return { arrays: [i.bundle(rows, { normalize: 'none' })] };
      }, true);
      withSplit(3, () => {
        same(() => ({
          arrays: [i.bundle(i.random(7, { rng: createRng(d) }), { normalize: 'none' })],
        }));
      });
    });
  });

  describe('MAP-C and MAP-I binding', () => {
    it.each([7, 100, 4099, 10_000])('batches, broadcast, in place and overlaps, d = %i', (d) => {
      for (const variant of ['C', 'I'] as const) {
        const m = MAP({ dim: d, variant });
        const wideRows = (): Float32Array | Int32Array => {
          // Wide values: MAP-I's products wrap around in 32 bits.
          const x = m.random(3, { rng: createRng(d) });
          if (variant === 'I') for (let k = 0; k < x.length; k++) x[k] *= 46_341 * (k % 5);
          return x as Float32Array | Int32Array;
        };
        // One buffer: an output one element past an operand is refused (JavaScript sees the
        // same buffer object), naming that operand, with nothing written.
        for (const [shift, arg] of [
          [1, 'a'],
          [d + 1, 'b'],
        ] as const) {
          refused(
            () => {
              const x = wideRows();
              const buf = new (x.constructor as Float32ArrayConstructor)(4 * d + 1);
              buf.set(x);
              return {
                call: () =>
                  m.bind(
                    buf.subarray(0, d),
                    buf.subarray(d, 2 * d),
                    buf.subarray(shift, shift + d),
                  ),
                arrays: [buf],
              };
            },
            partly(`MAP-${variant}.bind`, arg),
          );
        }
        same(() => {
          const x = wideRows();
          const a = m.row(x, 1);
          const inPlace = x.slice();
          m.bind(inPlace, a, inPlace);
          // One buffer, in place and apart; and a row over another buffer object with the same
          // bytes, one element past an operand: JavaScript cannot relate the two, the native
          // kernels see the pointers and stand aside, and the loops decide (their order).
          const buf = new (x.constructor as Float32ArrayConstructor)(4 * d + 1);
          buf.set(x);
          m.bind(buf.subarray(0, d), buf.subarray(d, 2 * d), buf.subarray(0, d));
          m.bind(buf.subarray(0, d), buf.subarray(d, 2 * d), buf.subarray(3 * d, 4 * d));
          const sab = new SharedArrayBuffer(x.byteLength);
          const shared = new (x.constructor as Float32ArrayConstructor)(sab);
          shared.set(x);
          const alias = new (x.constructor as Float32ArrayConstructor)(
            structuredClone(sab) as unknown as ArrayBuffer,
          );
          m.unbind(shared.subarray(0, d), shared.subarray(d, 2 * d), alias.subarray(1, d + 1));
          return {
            arrays: [m.bind(x, a), m.bind(a, x), m.unbind(x, m.row(x, 2)), inPlace, buf, shared],
          };
        });
      }
      const c = MAP({ dim: d, variant: 'C' });
      // An overflow to infinity, and a NaN input, named as on the loops' path.
      same(
        () => ({
          arrays: [c.bind(new Float32Array(d).fill(1e30), new Float32Array(d).fill(1e30))],
        }),
        true,
      );
      same(() => {
        const x = c.random(2, { rng: createRng(2) });
        x[d + d - 1] = NaN;
        return { arrays: [c.bind(c.row(x, 0), c.row(x, 1))] };
      }, true);
    });
  });

  describe('BSC', () => {
    it.each([1, 31, 32, 33, 100, 257, 2049, 3001, 4096, 10_000])(
      'bind, unbind, permute, d = %i',
      (d) => {
        const m = BSC({ dim: d });
        same(() => {
          const x = m.random(3, { rng: createRng(d) });
          const a = m.row(x, 1);
          const inPlace = x.slice();
          m.bind(inPlace, a, inPlace);
          return {
            arrays: [
              m.bind(x, a),
              m.bind(a, x),
              m.unbind(x, m.row(x, 2)),
              inPlace,
              ...[0, 1, 31, 32, 33, -5, d - 1, 3 * d + 7].map((k) => m.permute(x, k)),
            ],
          };
        });
      },
    );

    // n: below, at and past a group of 16 rows; 1 to 3 leftover rows (added one by one) and 4
    // to 15 (a last group with zeros); 256 and 512, whole groups only past the planes kept in
    // registers. d: a last block of 1 to 15 words, and 512 (16 words: whole blocks only).
    it.each([1, 2, 3, 4, 15, 16, 17, 19, 20, 28, 31, 32, 33, 64, 100, 200, 255, 256, 301, 512])(
      'bundle of %i rows (majority, one tie draw per word with a tie)',
      (n) => {
        for (const d of [1, 33, 250, 256, 512, 10_000]) {
          const m = BSC({ dim: d });
          same(() => {
            const rows = m.random(n, { rng: createRng(n * 7 + d) });
            // Stray padding bits are ignored either way.
            if (d % 32 !== 0) rows[rows.length - 1] |= 0x80000000;
            const rng = createRng(9);
            const out = m.alloc(1);
            m.bundle(rows, { rng, out });
            return { arrays: [m.bundle(rows, { rng }), out], rng };
          });
          // A generator of another class: called once per tied word instead of advanced natively.
          same(() => {
            const rows = m.random(n, { rng: createRng(n * 7 + d) });
            const rng = otherRng(9);
            return { arrays: [m.bundle(rows, { rng })], rng };
          });
        }
      },
    );

    it('weighted bundle', () => {
      for (const d of [33, 10_000]) {
        const m = BSC({ dim: d });
        same(() => {
          const rows = m.random(4, { rng: createRng(d) });
          const rng = createRng(4);
          return {
            arrays: [
              m.bundle(rows, { weights: [1, 1, 1, 1], rng }),
              m.bundle(rows, { weights: [0.5, -2, 3, 1e-3], rng }),
            ],
            rng,
          };
        });
      }
    });
  });

  describe('HRR', () => {
    // Sizes on both sides of the sum's eight-column registers and 2,048-column blocks, and row
    // counts that take each of its groups (16, 8, 2, 1 rows).
    it.each([1, 2, 7, 100, 1001, 2053, 10_000])(
      'bundle (l2, none, weights) and permute, d = %i',
      (d) => {
        const m = HRR({ dim: d });
        for (const n of [1, 2, 3, 8, 9, 16, 17, 27, 33, 100]) {
          same(() => {
            const rows = m.random(n, { rng: createRng(d * 13 + n) });
            const w = Array.from({ length: n }, (_, k) => 1 + k / 7);
            const out = m.alloc(1);
            m.bundle(rows, { out });
            return {
              arrays: [
                out,
                m.bundle(rows, { normalize: 'none' }),
                m.bundle(rows, { weights: w }),
                m.bundle(rows, { normalize: 'none', weights: w }),
                m.bundle(m.empty()),
                m.permute(rows, 5),
              ],
            };
          });
        }
      },
    );

    // Binding runs the whole convolution in one native call for even sizes of radices 2, 4, 5
    // (64, 100, 250, 320, 1000, 2048, 4096, 10,000: first stages of radix 4 or 2, last stages
    // of radix 5 or not); the others (odd, zero-padded, a radix 3, below 64) keep their path.
    it.each([8, 63, 64, 96, 100, 250, 320, 1000, 1001, 2048, 4096, 10_000])(
      'bind and unbind, d = %i',
      (d) => {
        const m = HRR({ dim: d });
        for (const n of [1, 3]) {
          same(() => {
            const a = m.random(n, { rng: createRng(d * 7 + n) });
            const b = m.random(n, { rng: createRng(d * 7 + n + 1) });
            const one = m.random(1, { rng: createRng(d) });
            const out = m.alloc(n);
            m.bind(a, b, out);
            const inPlace = a.slice();
            m.bind(inPlace, b, inPlace);
            return {
              arrays: [
                out,
                inPlace,
                m.bind(a, one),
                m.bind(one, b),
                m.unbind(out, b),
                m.unbind(out, one),
              ],
            };
          });
        }
      },
    );

    // Batches take one native call that splits their rows between threads (from 2^14 samples).
    it('binds batches split between threads row for row, overflow in any row', () => {
      for (const [d, n] of [
        [1000, 40],
        [10_000, 7],
        [250, 100],
      ]) {
        const m = HRR({ dim: d });
        same(() => {
          const a = m.random(n, { rng: createRng(d + n) });
          const b = m.random(n, { rng: createRng(d + n + 1) });
          const one = m.random(1, { rng: createRng(d + 2) });
          return { arrays: [m.bind(a, b), m.bind(one, b), m.bind(a, one), m.unbind(a, b)] };
        });
        for (const row of [0, n - 1]) {
          same(() => {
            const a = m.random(n, { rng: createRng(d + row) });
            a.fill(1e30, row * d, row * d + d);
            return { arrays: [m.bind(a, a)] };
          }, true);
        }
      }
    });

    // The comparisons above would compare the WebAssembly path with itself if the native
    // convolution were never taken: it must be, on AVX-512, for the eligible sizes.
    it.runIf(isas.includes('avx512'))('bind runs the native convolution on AVX-512', () => {
      const k = nat as NonNullable<typeof nat>;
      const before = k.vsaIsa('avx512');
      const real = k.vsaConvolve;
      const seen: (boolean | null)[] = [];
      k.vsaConvolve = (...a) => {
        const r = real(...a);
        seen.push(r);
        return r;
      };
      try {
        for (const d of [64, 1000, 10_000])
          HRR({ dim: d }).bind(HRR({ dim: d }).identity(), HRR({ dim: d }).identity());
        HRR({ dim: 96 }).bind(new Float32Array(96), new Float32Array(96));
        expect(seen).toEqual([true, true, true]);
        k.vsaIsa('avx2');
        seen.length = 0;
        HRR({ dim: 100 }).bind(new Float32Array(100), new Float32Array(100));
        // Another build has no such kernel: null, and the WebAssembly path runs instead.
        expect(seen).toEqual([null]);
      } finally {
        k.vsaConvolve = real;
        k.vsaIsa(before);
      }
    });

    it.runIf(isas.length > 0)('vsaConvolve checks its arguments', () => {
      const k = nat as NonNullable<typeof nat>;
      const x = new Float32Array(8);
      // M = 8 = 4 x 2 and M / 2 = 4: 4 constants, 8 spectrum twiddles, then 2 x (2 x 3),
      // 2 x 1 and 2 x 3 stage twiddles, 32 in all.
      const rad = Int32Array.of(4, 2, 4);
      const good = new Float64Array(4 + 8 + 2 * (2 * 3) + 2 * 1 + 2 * 3);
      const tab = new Float64Array(good.length + 1);
      const run = (r: Int32Array, nf: number, t: Float64Array, ox = 0, oo = 0): unknown =>
        k.vsaConvolve(r, nf, t, x, ox, x, 0, x, oo);
      expect(() => run(rad, 2, good)).not.toThrow();
      expect(() => run(rad, 2, tab)).toThrow(/table has the wrong length/);
      expect(() => run(Int32Array.of(4, 3, 4), 2, good)).toThrow(/radices/);
      expect(() => run(Int32Array.of(4, 2, 2), 2, good)).toThrow(/radices/);
      expect(() => run(rad, 0, good)).toThrow(/nf out of range/);
      expect(() => run(rad, 4, good)).toThrow(/nf out of range/);
      expect(() => run(rad, 2, good, 1)).toThrow(/offsets out of range/);
      expect(() => run(rad, 2, good, 0, -1)).toThrow(/offsets out of range/);
      expect(() => k.vsaConvolve(rad, 2, good, x, 0, x, 0, new Float32Array(7), 0)).toThrow(
        /offsets out of range/,
      );
    });

    it('bind errors: non-finite inputs, overflow', () => {
      const m = HRR({ dim: 100 });
      same(() => {
        const a = m.random(2, { rng: createRng(3) });
        a[150] = NaN;
        return { arrays: [m.bind(a, m.random(2, { rng: createRng(4) }))] };
      }, true);
      same(() => {
        const a = new Float32Array(100).fill(3e38);
        return { arrays: [m.bind(a, a)] };
      }, true);
      // Large but finite outputs: the kernel's finiteness report must not raise an error.
      same(() => {
        const a = new Float32Array(100).fill(1e18);
        return { arrays: [m.bind(a, a)] };
      });
    });

    it('errors: non-finite rows, overflow', () => {
      const m = HRR({ dim: 50 });
      same(() => {
        const rows = m.random(3, { rng: createRng(1) });
        rows[70] = Infinity;
        return { arrays: [m.bundle(rows)] };
      }, true);
      same(() => {
        const rows = new Float32Array(100).fill(3e38);
        return { arrays: [m.bundle(rows, { normalize: 'none' })] };
      }, true);
      same(() => ({ arrays: [m.bundle(new Float32Array(100).fill(3e38))] }));
    });
  });

  // vsaBundleF32: the row sums and their normalisation in one call, both split between
  // threads in blocks of 256 columns from 512 kB of rows (HRR's sum of squares in hrr.ts's
  // block order).
  describe('bundles split between threads (sum and normalisation in one call)', () => {
    /** Rows whose entries span 2^-30 to 2^30: the order of a sum of squares shows in its bits. */
    function wideRows(len: number, seed: number): Float32Array {
      const rng = createRng(seed);
      const x = new Float32Array(len);
      for (let i = 0; i < len; i++) x[i] = rng.nextNormal() * 2 ** (rng.nextInt(61) - 30);
      return x;
    }

    it("HRR's sum of squares: the native blocks add up to hrr.ts's order exactly", () => {
      let cases = 0;
      let orderShows = 0;
      for (const d of [1, 15, 16, 17, 255, 256, 257, 1000, 4099, 10_000]) {
        for (const n of [1, 5, 100]) {
          const rows = wideRows(n * d, d + n);
          const acc = new Float64Array(d);
          sumRowsFloat32(rows, n, d, undefined, acc);
          const want = sumOfSquares(acc, d);
          let sequential = 0;
          for (let j = 0; j < d; j++) sequential += acc[j] * acc[j];
          if (d >= 256) {
            cases++;
            if (sequential !== want) orderShows++;
          }
          const before = nat?.vsaIsa('query') ?? '';
          try {
            for (const isa of isas) {
              nat?.vsaIsa(isa);
              const got = nat?.vsaBundleF32(
                rows,
                d,
                NO_WEIGHTS,
                new Float64Array(d),
                new Float32Array(d),
                2,
              );
              expect(got, `d = ${d}, n = ${n}, ${isa}`).toBe(want);
              expect(nat?.vsaNormalize(acc, new Float32Array(d), 2)).toBe(want);
            }
          } finally {
            nat?.vsaIsa(before);
          }
        }
      }
      // The inputs tell summation orders apart (else the equality above would prove little).
      expect(orderShows).toBeGreaterThan(cases / 2);
    });

    // The splits by size and cores depend on the machine: here every bundle of 512 kB or more
    // is cut into 1 to 4 ranges whatever the machine, and must give the same bytes.
    it.each([1, 2, 3, 4])('bundles split in %i ranges equal the JavaScript path', (parts) => {
      withSplit(parts, () => {
        const h = HRR({ dim: 10_000 });
        const f = FHRR({ dim: 5001 });
        const c = MAP({ dim: 4099, variant: 'C' });
        const b = MAP({ dim: 2049, variant: 'B' });
        const s = BSC({ dim: 10_007 });
        same(() => {
          const hr = wideRows(100 * 10_000, 11);
          const fr = f.random(60, { rng: createRng(12) });
          fr[59 * 10_002 + 9000] = 1e-300;
          const cr = randomF32(160 * 4099, 13, 2);
          const br = b.random(300, { rng: createRng(14) });
          const sr = s.random(100, { rng: createRng(17) });
          const rng = createRng(15);
          return {
            arrays: [
              h.bundle(hr),
              h.bundle(hr, { normalize: 'none' }),
              f.bundle(fr, { rng }),
              c.bundle(cr),
              b.bundle(br, { rng }),
              h.bundle(hr.subarray(0, 20 * 10_000)),
              s.bundle(sr, { rng }),
              s.bundle(sr.subarray(0, 99 * s.length), { rng }),
            ],
            rng,
          };
        });
        // A non-finite sum in the last range: the same error, and no FHRR output written.
        same(() => {
          const fr = f.random(60, { rng: createRng(16) });
          fr[10_001] = Infinity;
          const out = f.alloc(1).fill(3);
          let msg = '';
          try {
            f.bundle(fr, { out });
          } catch (e) {
            msg = (e as Error).message;
          }
          expect(msg).toBe('FHRR.bundle: rows expected finite values, got Infinity at index 10001');
          return { arrays: [out] };
        });
      });
    });

    it('HRR, FHRR and MAP-C bundles split between threads equal the JavaScript path', () => {
      const h = HRR({ dim: 10_000 });
      const f = FHRR({ dim: 5001 });
      const c = MAP({ dim: 4099, variant: 'C' });
      // 4 MB, 2.4 MB and 2.6 MB of rows: split in two on two cores.
      same(() => {
        const hr = wideRows(100 * 10_000, 1);
        const fr = f.random(60, { rng: createRng(2) });
        const cr = randomF32(160 * 4099, 3, 0.2);
        const w = Array.from({ length: 100 }, (_, k) => 1 - k / 40);
        const rng = createRng(4);
        const out = h.alloc(1);
        h.bundle(hr, { out });
        return {
          arrays: [
            out,
            h.bundle(hr, { normalize: 'none' }),
            h.bundle(hr, { weights: w }),
            f.bundle(fr, { rng }),
            f.bundle(fr, { normalize: 'none' }),
            f.bundle(fr, { weights: w.slice(0, 60), rng }),
            c.bundle(cr),
            c.bundle(cr, { normalize: 'none' }),
          ],
          rng,
        };
      });
    });

    it('HRR and MAP-C: overflow, a NaN in either half, and an out inside rows', () => {
      const h = HRR({ dim: 10_000 });
      const c = MAP({ dim: 4099, variant: 'C' });
      for (const at of [7, 9000]) {
        // A NaN in the first or second thread's columns: the same error on every path.
        same(() => {
          const rows = h.random(100, { rng: createRng(at) });
          rows[40 * 10_000 + at] = NaN;
          return { arrays: [h.bundle(rows)] };
        }, true);
        same(() => {
          const rows = randomF32(160 * 4099, at);
          rows[90 * 4099 + (at % 4099)] = NaN;
          return { arrays: [c.bundle(rows, { normalize: 'none' })] };
        }, true);
      }
      // Sums past Float32's range: "none" (HRR) and "none" / "clip" (MAP-C) report the overflow.
      same(() => {
        const rows = new Float32Array(100 * 10_000).fill(3e38);
        return { arrays: [h.bundle(rows, { normalize: 'none' })] };
      }, true);
      same(() => {
        const rows = new Float32Array(160 * 4099).fill(3e38);
        return { arrays: [c.bundle(rows, { normalize: 'none' })] };
      }, true);
      same(() => ({ arrays: [c.bundle(new Float32Array(160 * 4099).fill(3e38))] }));
      // out is the first row of rows (written only after the whole sum).
      same(() => {
        const rows = h.random(100, { rng: createRng(3) });
        h.bundle(rows, { out: rows.subarray(0, 10_000) });
        const cr = randomF32(160 * 4099, 4);
        c.bundle(cr, { out: cr.subarray(4099 * 80, 4099 * 81), normalize: 'none' });
        return { arrays: [rows, cr] };
      });
    });

    it('writes no output of FHRR when a sum in either half is not finite', () => {
      const f = FHRR({ dim: 5001 });
      for (const at of [7, 9000]) {
        same(() => {
          const rows = f.random(60, { rng: createRng(at) });
          rows[30 * 10_002 + at] = NaN;
          const out = f.alloc(1).fill(7);
          const outNone = f.alloc(1).fill(7);
          const errors: string[] = [];
          for (const [o, normalize] of [
            [out, 'phasor'],
            [outNone, 'none'],
          ] as const) {
            try {
              f.bundle(rows, { out: o, normalize });
            } catch (e) {
              errors.push((e as Error).message);
            }
          }
          expect(errors).toEqual([
            `FHRR.bundle: rows expected finite values, got NaN at index ${30 * 10_002 + at}`,
            `FHRR.bundle: rows expected finite values, got NaN at index ${30 * 10_002 + at}`,
          ]);
          return { arrays: [out, outNone] };
        });
      }
    });
  });

  describe('FHRR', () => {
    it.each([1, 2, 3, 5, 100, 1001, 10_000])('bind, unbind, permute, d = %i', (d) => {
      const m = FHRR({ dim: d });
      same(() => {
        const x = m.random(3, { rng: createRng(d) });
        const y = randomF32(6 * d, d + 2, 3);
        const a = m.row(x, 0);
        const inPlace = y.slice();
        m.unbind(inPlace, a, inPlace);
        return {
          arrays: [
            m.bind(a, m.row(x, 1)),
            m.bind(x, y),
            m.bind(y, a),
            m.unbind(x, a),
            m.unbind(a, y),
            inPlace,
            m.permute(y, 7),
            m.permute(y, -1),
          ],
        };
      });
    });

    it('bind errors (NaN input, overflow) and a partial overlap', () => {
      const m = FHRR({ dim: 40 });
      same(() => {
        const a = m.random(1, { rng: createRng(1) });
        const b = a.slice();
        b[17] = NaN;
        return { arrays: [m.bind(a, b)] };
      }, true);
      same(() => {
        const big = new Float32Array(80).fill(1e30);
        return { arrays: [m.bind(big, big)] };
      }, true);
      // out one complex number past a, or past b: refused, naming the operand, with nothing
      // written (the native product is not tried).
      refused(
        () => {
          const buf = randomF32(200, 3);
          return {
            call: () => m.bind(buf.subarray(0, 80), buf.subarray(100, 180), buf.subarray(2, 82)),
            arrays: [buf],
          };
        },
        partly('FHRR.bind', 'a'),
      );
      refused(
        () => {
          const buf = randomF32(200, 3);
          return {
            call: () => m.bind(buf.subarray(0, 80), buf.subarray(100, 180), buf.subarray(102, 182)),
            arrays: [buf],
          };
        },
        partly('FHRR.bind', 'b'),
      );
      // In place and apart in one buffer: the same bytes on every path.
      same(() => {
        const buf = randomF32(260, 3);
        m.bind(buf.subarray(0, 80), buf.subarray(100, 180), buf.subarray(100, 180));
        m.bind(buf.subarray(0, 80), buf.subarray(100, 180), buf.subarray(180, 260));
        return { arrays: [buf] };
      });
    });

    it.each([1, 2, 3, 16, 17, 100])('bundle of %i rows (phasor, none, weights)', (n) => {
      for (const d of [1, 3, 100, 5001]) {
        const m = FHRR({ dim: d });
        same(() => {
          const rows = m.random(n, { rng: createRng(n + d) });
          const rng = createRng(8);
          const w = Array.from({ length: n }, (_, k) => 2 - k / 3);
          return {
            arrays: [
              m.bundle(rows, { rng }),
              m.bundle(rows, { normalize: 'none' }),
              m.bundle(rows, { weights: w, rng }),
              m.bundle(rows, { normalize: 'none', weights: w }),
            ],
            rng,
          };
        });
      }
    });

    it('bundle: zero, tiny and huge sums (seeded phases, hypot) and errors', () => {
      const d = 301;
      const m = FHRR({ dim: d });
      same(() => {
        const rows = m.random(2, { rng: createRng(3) });
        // Row 1 cancels row 0 at every third component; tiny and huge values elsewhere.
        for (let k = 0; k < d; k += 3) {
          rows[2 * d + 2 * k] = -rows[2 * k];
          rows[2 * d + 2 * k + 1] = -rows[2 * k + 1];
        }
        for (let k = 1; k < d; k += 9) {
          rows[2 * k] = 1e-160;
          rows[2 * k + 1] = -3e-161;
          rows[2 * d + 2 * k] = 0;
          rows[2 * d + 2 * k + 1] = 0;
        }
        rows[10] = 3e38;
        rows[11] = 3e38;
        rows[2 * d + 10] = 3e38;
        rows[2 * d + 11] = 3e38;
        const rng = createRng(12);
        return { arrays: [m.bundle(rows, { rng }), m.bundle(m.empty(), { rng })], rng };
      });
      same(() => {
        const rows = m.random(2, { rng: createRng(3) });
        rows[9] = NaN;
        return { arrays: [m.bundle(rows)] };
      }, true);
      same(() => {
        const rows = new Float32Array(2 * d).fill(3e38);
        return { arrays: [m.bundle(new Float32Array([...rows, ...rows]), { normalize: 'none' })] };
      }, true);
      same(() => {
        const rows = new Float32Array(2 * d).fill(3e38);
        return { arrays: [m.bundle(rows, { weights: [1e300] })] };
      }, true);
    });
  });

  describe('SBC (the generic permutation)', () => {
    it('permute of single vectors and batches', () => {
      for (const segments of [3, 100, 5000]) {
        const m = SBC({ segments, blockSize: 16 });
        same(() => {
          const x = m.random(4, { rng: createRng(segments) });
          return {
            arrays: [0, 1, -7, 3 * segments + 2].flatMap((k) => [
              m.permute(x, k),
              m.permute(m.row(x, 1), k),
            ]),
          };
        });
      }
    });
  });

  describe('bad input', () => {
    it('gives the same errors as before', () => {
      const map = MAP({ dim: 100, variant: 'B' });
      const bsc = BSC({ dim: 100 });
      const fhrr = FHRR({ dim: 100 });
      const hrr = HRR({ dim: 100 });
      const cases: (() => HVArray)[] = [
        () => map.bind(map.alloc(2), map.alloc(3)),
        () => map.bind(map.alloc(1), map.alloc(1), map.alloc(2)),
        () => map.bind(new Int8Array(50), map.alloc(1)),
        () => map.bundle(map.alloc(2), { weights: [1] }),
        () => map.bundle(map.alloc(2), { weights: [1, NaN] }),
        () => map.permute(map.alloc(1), 0.5),
        () => bsc.bind(bsc.alloc(1), new Uint32Array(3)),
        () => bsc.bundle(new Uint32Array(0)),
        () => bsc.permute(bsc.alloc(1), 1, bsc.alloc(2)),
        () => fhrr.bind(fhrr.alloc(1), new Float32Array(3)),
        () => fhrr.bundle(fhrr.alloc(2), { normalize: 'l2' }),
        () => hrr.bundle(hrr.alloc(1), { normalize: 'phasor' }),
        () => {
          const a = hrr.alloc(1);
          return hrr.permute(a, 1, a);
        },
      ];
      for (const c of cases) same(() => ({ arrays: [c()] }), true);
    });

    it('the raw kernels refuse arrays that do not fit', () => {
      const fns = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
      expect(() => fns.vsaMulI8(new Int8Array(3), new Int8Array(2), new Int8Array(4))).toThrow(
        RangeError,
      );
      expect(() => fns.vsaMulI8(new Int8Array(4), new Int16Array(4), new Int8Array(4))).toThrow(
        TypeError,
      );
      expect(() =>
        fns.vsaCmulF32(new Float32Array(3), new Float32Array(3), new Float32Array(3), 0),
      ).toThrow(RangeError);
      expect(() =>
        fns.vsaSignSumI8(new Int8Array(10), 3, new Int8Array(3), new Int32Array(3)),
      ).toThrow(RangeError);
      expect(() =>
        fns.vsaMajority(
          new Uint32Array(4),
          2,
          0xffffffff,
          new Uint32Array(2),
          new Uint32Array(2),
          new Int32Array(5),
        ),
      ).toThrow('vsaMajority: lengths do not match L (or state is not 4 words)');
      // The generator's state: four Int32 words.
      expect(() =>
        fns.vsaSignSumI8(
          new Int8Array(9),
          3,
          new Int8Array(3),
          new Int32Array(3),
          new Int32Array(3),
        ),
      ).toThrow('vsaSignSumI8: lengths do not match d (or state is not 4 words)');
      expect(() =>
        fns.vsaSignSumI8(new Int8Array(9), 3, new Int8Array(3), new Int32Array(3), [1, 2, 3, 4]),
      ).toThrow(TypeError);
      expect(() =>
        fns.vsaSumF32(new Float32Array(10), 5, new Float64Array(3), new Float64Array(5)),
      ).toThrow(RangeError);
      expect(() =>
        fns.vsaSumF32(new Float32Array(10), 5, new Float64Array(0), new Float64Array(4)),
      ).toThrow(RangeError);
      expect(() => fns.vsaNormalize(new Float64Array(3), new Float32Array(4), 0)).toThrow(
        RangeError,
      );
      expect(() => fns.vsaNormalize(new Float64Array(3), new Float32Array(3), 3)).toThrow(
        RangeError,
      );
      expect(() =>
        fns.vsaMajority(new Uint32Array(10), 3, 1, new Uint32Array(3), new Uint32Array(3)),
      ).toThrow(RangeError);
      expect(() => fns.vsaRotateBits(new Uint32Array(4), 64, 64, new Uint32Array(4))).toThrow(
        RangeError,
      );
      expect(() => fns.vsaShift(new Int8Array(4), new Int8Array(4), 4, 5)).toThrow(RangeError);
      expect(() => fns.vsaShift(new Int8Array(4), new Uint8Array(4), 4, 1)).toThrow(TypeError);
      // BSC's kernels read any view as 32-bit words: whole words at a 4-byte address only.
      const u32 = (n: number) => new Uint32Array(n);
      expect(() => fns.vsaXorU32(new Uint8Array(6), new Uint8Array(6), new Uint8Array(6))).toThrow(
        'vsaXorU32: a, b and o must be views of whole 32-bit words',
      );
      expect(() =>
        fns.vsaXorU32(new Uint8Array(new ArrayBuffer(12), 1, 8), u32(2), u32(2)),
      ).toThrow(TypeError);
      expect(() => fns.vsaXorU32([1, 2], u32(2), u32(2))).toThrow(TypeError);
      expect(() => fns.vsaRotateBits(new Uint16Array(3), 48, 1, new Uint16Array(3))).toThrow(
        TypeError,
      );
      const i32 = Int32Array.of(-1, 5);
      const o8 = new Uint8Array(8);
      expect(fns.vsaXorU32(i32, Uint32Array.of(1, 1), o8)).toBe(true);
      expect(Array.from(new Uint32Array(o8.buffer))).toEqual([0xfffffffe, 4]);
      expect(() =>
        fns.vsaSumBits(new Uint32Array(3), 64, new Float64Array(1), new Float64Array(64)),
      ).toThrow(RangeError);
      const f32 = (k: number) => new Float32Array(k);
      const f64 = (k: number) => new Float64Array(k);
      expect(() => fns.vsaBundleF32(f32(10), 5, f64(0), f64(5), f32(4), 0)).toThrow(
        'vsaBundleF32: lengths do not match L',
      );
      expect(() => fns.vsaBundleF32(f32(10), 5, f64(3), f64(5), f32(5), 0)).toThrow(RangeError);
      expect(() => fns.vsaBundleF32(f32(10), 5, f64(0), f64(5), f32(5), 5)).toThrow(
        'vsaBundleF32: unknown mode',
      );
      expect(() => fns.vsaBundleF32(f32(10), 5, f64(0), f64(5), f32(5), 3)).toThrow(
        'vsaBundleF32: phasor needs an even length',
      );
      expect(() => fns.vsaBundleF32(f32(10), 5, f64(0), f32(5), f32(5), 0)).toThrow(TypeError);
      expect(() => fns.vsaSplitForTesting(17)).toThrow('vsaSplitForTesting: parts must be 0 to 16');
    });
  });

  describe('similarity: Float32 dot products and norms', () => {
    // Rows whose results show the order of additions (sumOrder.testkit.ts; checked below, and
    // by changing the native tree).
    const wide = orderRevealingRows;
    const shapes = [
      [1, 1024, 1],
      [1, 300, 7],
      [2, 257, 33],
      [3, 130, 1001],
      [4, 9, 1027],
      [5, 6, 4096],
      [9, 41, 100],
    ] as const;

    it.each(shapes)(
      'q = %i queries, n = %i rows, d = %i: cosine, dot and every model',
      (nq, n, d) => {
        for (const parts of [0, 3]) {
          withSplit(parts, () => {
            same(() => {
              const q = wide(nq * d, nq * 7 + d, d, true);
              const c = wide(n * d, n * 13 + d, d);
              c.fill(0, 0, d);
              if (nq > 1) q.fill(0, d, 2 * d);
              return { arrays: [cosine(q, c, d), dot(q, c, d)] };
            });
          });
        }
      },
    );

    it.each([
      [1, 2000, 7],
      [3, 300, 33],
      [4, 9, 1027],
      [6, 5, 4096],
      [1, 3, 65_601],
      [1, 3, 200_000],
    ])('Int8 rows (MAP-B): q = %i, n = %i, d = %i, exact sums', (nq, n, d) => {
      for (const parts of [0, 3]) {
        withSplit(parts, () => {
          same(() => {
            const q = randomInt8(nq * d, nq + d);
            const c = randomInt8(n * d, n + d);
            c.fill(0, 0, d);
            // A row of -128s against a query of -128s: sums past 2^31 at d = 200,000.
            if (nq === 1 && n >= 2) {
              q.fill(-128);
              c.fill(-128, d, 2 * d);
            }
            return { arrays: [cosine(q, c, d), dot(q, c, d)] };
          });
        });
      }
      if (nq === 1 && n >= 2) {
        const q = new Int8Array(d).fill(-128);
        const c = new Int8Array(n * d).fill(-128);
        expect(dot(q, c, d)[1]).toBe(Math.fround(16384 * d));
      }
    });

    it.each([
      [1, 7],
      [5, 263],
      [4, 1024],
      [9, 1027],
      [5, 65_600],
      [3, 65_601],
      [5, 200_000],
    ])('Int8 row norms: %i rows, d = %i, exact sums of squares', (rows, d) => {
      // Rows of -128s (the largest squares) beside random ones: at d = 200,000 a row's sum
      // (16,384 d) passes 2^31; d = 65,600 and 65,601 end just past a chunk of 2^16 bytes, in
      // whole steps and with a partial one.
      const make = () => {
        const x = randomInt8(rows * d, rows * 31 + d);
        x.fill(-128, 0, d);
        if (rows > 4) x.fill(-128, 4 * d, 5 * d);
        return x;
      };
      for (const parts of [0, 3]) {
        withSplit(parts, () => {
          same(() => {
            const x = make();
            return {
              arrays: [
                rowNorms(x, rows, d, new Float64Array(rows)),
                inverseNorms(x, rows, d, new Float64Array(rows)),
              ],
            };
          });
        });
      }
      const norms = rowNorms(make(), rows, d, new Float64Array(rows));
      expect(norms[0]).toBe(Math.sqrt(16384 * d));
    });

    it.each([
      [1, 300, 7],
      [3, 40, 33],
      [4, 9, 1027],
      [2, 5, 4096],
    ])(
      'Int32 rows (MAP-I): q = %i, n = %i, d = %i, products rounded in Float64 (sumOrder.testkit.ts)',
      (nq, n, d) => {
        for (const parts of [0, 3]) {
          withSplit(parts, () => {
            same(() => {
              const q = orderRevealingInt32(nq * d, nq + d, d, true);
              const c = orderRevealingInt32(n * d, n + d, d);
              c.fill(0, 0, d);
              return {
                arrays: [
                  cosine(q, c, d),
                  dot(q, c, d),
                  rowNorms(c, n, d, new Float64Array(n)),
                  inverseNorms(q, nq, d, new Float64Array(nq)),
                ],
              };
            });
          });
        }
      },
    );

    it('MAP-B similarity of one query (not packed) and of a batch', () => {
      const m = MAP({ dim: 2000, variant: 'B' });
      same(() => {
        const c = m.random(300, { rng: createRng(4) });
        return { arrays: [m.similarity(m.row(c, 7), c), m.similarity(c.subarray(0, 6000), c)] };
      });
    });

    it('a pair has one cosine in any batch, and a NaN in a row is named in any batch', () => {
      // The data of a review: 1/sqrt(s) times the dot product and the dot product over sqrt(s)
      // differ in the last bit here; both paths now divide.
      const d = 8;
      const q = Float32Array.of(1, 1, 1, 1, 0, 0, 0, 0);
      const row = [-0.8950104117393494, -0.7427657246589661, 0.3070165812969208];
      const c = Float32Array.from([...row, -0.7482301592826843, 0.6515289545059204]);
      const C = new Float32Array(d);
      C.set(c);
      C.set([0.6865323781967163, 0.31622791290283203, 0.00023807838442735374], 5);
      const alone = cosine(q, C, d)[0];
      const batch = new Float32Array(5 * d);
      for (let i = 0; i < 5; i++) batch.set(q, i * d);
      for (const v of cosine(batch, C, d)) expect(v).toBe(alone);
      // A long codebook, so that the native kernels take it, with and without a batch.
      same(() => {
        const big = new Float32Array(200 * d);
        for (let r = 0; r < 200; r++) big.set(C, r * d);
        return { arrays: [cosine(q, big, d), cosine(batch, big, d)] };
      });
      for (const nq of [1, 5]) {
        same(() => {
          const big = new Float32Array(200 * d).fill(0.5);
          big[37 * d + 3] = NaN;
          return { arrays: [cosine(batch.subarray(0, nq * d), big, d)] };
        }, true);
      }
    });

    it('an output over the query or the codebook: refused, or the loops where JavaScript cannot tell', () => {
      const d = 256;
      const fns = addon as unknown as Record<string, (...a: unknown[]) => unknown>;
      // 8 codebook rows (below the WebAssembly kernels' size) and 24 (above it).
      for (const rows of [8, 24]) {
        const end = (rows + 1) * d;
        // out (one value a row) inside the last codebook row, then inside the query.
        const last = rows * d + 3;
        const operands = (shared: boolean): [Float32Array, Float32Array] => {
          const bytes = 4 * ((rows + 1) * d + 8);
          const sab = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
          const all = new Float32Array(sab as ArrayBuffer);
          all.set(wide((rows + 1) * d, 5, d));
          // With shared memory, out lies over another SharedArrayBuffer object with the same
          // bytes (as after a trip through a worker).
          const view = shared
            ? new Float32Array(structuredClone(sab) as unknown as ArrayBuffer)
            : all;
          return [all, view];
        };
        // One buffer object: JavaScript sees the overlap, a RangeError, nothing written.
        refused(
          () => {
            const [all, view] = operands(false);
            return {
              call: () =>
                dot(all.subarray(0, d), all.subarray(d, end), d, view.subarray(last, last + rows)),
              arrays: [all],
            };
          },
          anyOverlap('dot', 'codebook'),
        );
        refused(
          () => {
            const [all, view] = operands(false);
            return {
              call: () =>
                cosine(
                  all.subarray(d, end),
                  all.subarray(0, d),
                  d,
                  view.subarray(d + 3, d + 3 + rows),
                ),
              arrays: [all],
            };
          },
          anyOverlap('cosine', 'query'),
        );
        // Two SharedArrayBuffer objects over the same bytes: JavaScript cannot relate them, the
        // native kernels see the pointers and stand aside, the WebAssembly ones stand aside for
        // any shared memory, and the loops decide (each value written before it is read).
        same(() => {
          const [all, view] = operands(true);
          dot(all.subarray(0, d), all.subarray(d, end), d, view.subarray(last, last + rows));
          cosine(all.subarray(d, end), all.subarray(0, d), d, view.subarray(d + 3, d + 3 + rows));
          return { arrays: [all.slice()] };
        });
      }
      // The raw kernel refuses it, writing nothing.
      const x = wide(9 * d, 6, d);
      const before = bytesOf(x);
      const q = x.subarray(0, d);
      expect(fns.vsaDotF32(q, 1, x.subarray(d), 8, d, x.subarray(4, 12), null, null, 0)).toBe(
        false,
      );
      expect(bytesOf(x)).toEqual(before);
      const into = new Float64Array(x.buffer, 64, 4);
      expect(fns.vsaInvNormsF32(x.subarray(8, 8 + 4 * d), 4, d, into, 1)).toBe(false);
      expect(bytesOf(x)).toEqual(before);
    });

    it('MAP-C, HRR and FHRR similarity (one query and a batch), and the order shows', () => {
      for (const m of [MAP({ dim: 1000, variant: 'C' }), HRR({ dim: 1000 }), FHRR({ dim: 500 })]) {
        same(() => {
          const c = m.random(50, { rng: createRng(3) });
          return { arrays: [m.similarity(m.row(c, 7), c), m.similarity(c.subarray(0, 5000), c)] };
        });
      }
      // Summed from k = 0 up in one Float64 sum instead, some of these cosines differ: the
      // test data tells the orders apart.
      const d = 1027;
      const q = wide(d, 1, d, true);
      const c = wide(200 * d, 2, d);
      const got = cosine(q, c, d);
      let differ = 0;
      for (let j = 0; j < 200; j++) {
        let a = 0;
        let s = 0;
        let t = 0;
        for (let k = 0; k < d; k++) {
          a += q[k] * c[j * d + k];
          s += c[j * d + k] ** 2;
          t += q[k] ** 2;
        }
        if (Math.fround(a / Math.sqrt(s) / Math.sqrt(t)) !== got[j]) differ++;
      }
      expect(differ).toBeGreaterThan(10);
    });
  });

  describe('overlapping memory (checked natively, on the pointers)', () => {
    type Raw = (...args: unknown[]) => boolean | null;
    const fns = addon as unknown as Record<string, Raw>;
    const L = 1000;
    const filled = <T extends Int8Array | Uint32Array | Float32Array>(x: T): T => {
      const rng = createRng(x.length);
      for (let i = 0; i < x.length; i++) x[i] = (rng.nextUint32() % 7) + 1;
      return x;
    };
    // Another buffer object over the same bytes (as a SharedArrayBuffer passed to a worker and
    // back), where `a.buffer === o.buffer` says the arrays are apart.
    const sharedPair = (bytes: number): [ArrayBuffer, ArrayBuffer] => {
      const sab = new SharedArrayBuffer(bytes);
      const alias = structuredClone(sab);
      expect(alias).not.toBe(sab);
      return [sab as unknown as ArrayBuffer, alias as unknown as ArrayBuffer];
    };

    it('element-wise kernels refuse an output that partly overlaps an operand, writing nothing', () => {
      // vsaCmulF32 says null (its false means a non-finite output).
      for (const [fn, Ctor, extra, refused] of [
        ['vsaMulI8', Int8Array, [], false],
        ['vsaXorU32', Uint32Array, [], false],
        ['vsaCmulF32', Float32Array, [0], null],
      ] as const) {
        const [sab, alias] = sharedPair((3 * L + 8) * Ctor.BYTES_PER_ELEMENT);
        const buf = filled(new Ctor(sab));
        const a = buf.subarray(0, L);
        const b = buf.subarray(L, 2 * L);
        const before = bytesOf(buf);
        // The output two elements past a (one complex number): it shares all but its ends.
        for (const shift of [2, 4, L - 2]) {
          const o = buf.subarray(shift, shift + L);
          expect(fns[fn](a, b, o, ...extra)).toBe(refused);
          expect(fns[fn](b, a, o, ...extra)).toBe(refused);
          expect(fns[fn](a, b, new Ctor(alias, shift * Ctor.BYTES_PER_ELEMENT, L), ...extra)).toBe(
            refused,
          );
        }
        // An operand at the output's start but one row long, broadcast over its two rows: the
        // second row would read the first one overwritten.
        const other = filled(new Ctor(L));
        expect(fns[fn](buf.subarray(0, L), other, buf.subarray(0, 2 * L), ...extra)).toBe(refused);
        expect(fns[fn](other, buf.subarray(L, 2 * L), buf.subarray(L, 3 * L), ...extra)).toBe(
          refused,
        );
        expect(bytesOf(buf)).toEqual(before);
        // The same span (in place) and disjoint rows of one buffer are computed.
        const want = a.slice();
        expect(fns[fn](want.slice(), b, want, ...extra)).toBe(true);
        const copy = a.slice();
        expect(fns[fn](copy, b, copy, ...extra)).toBe(true);
        expect(bytesOf(copy)).toEqual(bytesOf(want));
        const out = buf.subarray(2 * L, 3 * L);
        expect(fns[fn](a, b, out, ...extra)).toBe(true);
        expect(bytesOf(out)).toEqual(bytesOf(want));
      }
    });

    it('rotations refuse any shared byte, the same span included', () => {
      const d = 32 * L - 5;
      const w = filled(new Uint32Array(2 * L + 1));
      const i8 = filled(new Int8Array(2 * L + 1));
      // Float32: an output past a's first L bytes but inside its 4 L (bytes, not elements).
      const f = filled(new Float32Array(2 * L));
      const before = [bytesOf(w), bytesOf(i8), bytesOf(f)];
      for (const shift of [0, 1, L - 1]) {
        expect(fns.vsaRotateBits(w.subarray(0, L), d, 3, w.subarray(shift, shift + L))).toBe(false);
        expect(fns.vsaShift(i8.subarray(0, L), i8.subarray(shift, shift + L), L, 3)).toBe(false);
      }
      const at = L / 2 + 1;
      expect(fns.vsaShift(f.subarray(0, L), f.subarray(at, at + L), L, 3)).toBe(false);
      expect([bytesOf(w), bytesOf(i8), bytesOf(f)]).toEqual(before);
      expect(fns.vsaRotateBits(w.subarray(0, L), d, 3, w.subarray(L, 2 * L))).toBe(true);
      expect(fns.vsaShift(i8.subarray(0, L), i8.subarray(L, 2 * L), L, 3)).toBe(true);
      expect(i8[L + 3]).toBe(i8[0]);
      expect(fns.vsaShift(f.subarray(0, L), f.subarray(L, 2 * L), L, 3)).toBe(true);
      expect(f[L + 3]).toBe(f[0]);
    });

    it('bundles and Hamming distances refuse an output that shares any byte with the rows', () => {
      // BSC's majority (null), MAP-B's signed sum (-1) and the packed Hamming kernel (false):
      // the output over the rows, the same bytes through another SharedArrayBuffer object,
      // and the ties over the output; nothing written in any case.
      const W = 64;
      const n = 8;
      const [sab, alias] = sharedPair(4 * (n + 2) * W);
      const u = filled(new Uint32Array(sab));
      const i8 = new Int8Array(sab);
      for (let i = 0; i < i8.length; i++) i8[i] = (i * 37) % 3 === 0 ? 1 : -1;
      const before = bytesOf(u);
      const rows = u.subarray(0, n * W);
      const ties = new Uint32Array(W);
      const mask = 0xffffffff;
      for (const out of [
        u.subarray(5, 5 + W),
        new Uint32Array(alias, 4 * 40, W),
        new Uint32Array(alias, 0, W),
      ]) {
        expect(fns.vsaMajority(rows, W, mask, out, ties)).toBe(null);
        expect(fns.vsaMajority(rows, W, mask, out, ties, new Int32Array([1, 2, 3, 4]))).toBe(null);
      }
      const spare = new Uint32Array(W);
      expect(fns.vsaMajority(rows, W, mask, spare, u.subarray(3, 3 + W))).toBe(null);
      expect(fns.vsaMajority(rows, W, mask, spare, spare)).toBe(null);
      const d = 4 * W;
      const r8 = i8.subarray(0, n * d);
      const t32 = new Int32Array(d);
      for (const out of [i8.subarray(7, 7 + d), new Int8Array(alias, 100, d)]) {
        expect(fns.vsaSignSumI8(r8, d, out, t32)).toBe(-1);
        expect(fns.vsaSignSumI8(r8, d, out, t32, new Int32Array([1, 2, 3, 4]))).toBe(-1);
      }
      expect(fns.vsaSignSumI8(r8, d, new Int8Array(d), new Int32Array(sab, 8, d))).toBe(-1);
      const q = u.subarray(0, W);
      const c = u.subarray(W, n * W);
      for (const out of [new Float32Array(alias, 4 * W, n - 1), new Float32Array(alias, 8, n - 1)])
        expect(fns.hammingPacked(q, 1, c, n - 1, W, out, 1, 0, 0)).toBe(false);
      expect(bytesOf(u)).toEqual(before);
      // Apart, each is computed.
      expect(typeof fns.vsaMajority(rows, W, mask, spare, ties)).toBe('boolean');
      expect(fns.vsaSignSumI8(r8, d, new Int8Array(d), t32)).toBeGreaterThanOrEqual(0);
      const h = new Float32Array(n - 1);
      expect(fns.hammingPacked(q, 1, c, n - 1, W, h, 1, 0, 0)).toBe(true);
      expect(h[0]).toBeGreaterThan(0);
      expect(fns.hammingPacked(q, 0, c, 0, W, new Float32Array(0), 1, 0, 0)).toBe(true);
    });

    it('the bundles and similarities of the models: refused, or their loops there', () => {
      // BSC at d = 10,000 with 64 rows (majority and Hamming natively), MAP-B with 128 rows; the
      // outputs inside the rows. Through the same buffer object, a RangeError with nothing
      // written; through another object over the same bytes (which JavaScript cannot relate),
      // the loops, the same bytes on every path.
      const bsc = (): { m: ReturnType<typeof BSC>; x: Uint32Array } => {
        const m = BSC({ dim: 10_000 });
        const x = m.random(64, { rng: createRng(9) });
        return { m, x };
      };
      refused(() => {
        const { m, x } = bsc();
        const L = m.length;
        return {
          call: () => m.bundle(x, { rng: createRng(10), out: x.subarray(40 * L + 5, 41 * L + 5) }),
          arrays: [x],
        };
      }, 'BSC.bundle: out expected a row of rows itself (in place) or an array that does not overlap rows, got an array that partly overlaps a row of rows');
      refused(
        () => {
          const { m, x } = bsc();
          const L = m.length;
          return {
            call: () =>
              m.similarity(
                x.subarray(0, L),
                x.subarray(L, 61 * L),
                new Float32Array(x.buffer, 4 * 3 * L, 60),
              ),
            arrays: [x],
          };
        },
        anyOverlap('BSC.similarity', 'codebook'),
      );
      refused(() => {
        const m = MAP({ dim: 1000, variant: 'B' });
        const x = m.random(128, { rng: createRng(11) });
        return {
          call: () =>
            m.bundle(x, { rng: createRng(12), out: x.subarray(90 * 1000 + 7, 91 * 1000 + 7) }),
          arrays: [x],
        };
      }, 'MAP-B.bundle: out expected a row of rows itself (in place) or an array that does not overlap rows, got an array that partly overlaps a row of rows');
      // Into one of the rows itself: computed, the same bytes on every path.
      same(() => {
        const { m, x } = bsc();
        const rng = createRng(10);
        m.bundle(x, { rng, out: m.row(x, 40) });
        return { arrays: [x], rng };
      });
      // Over another SharedArrayBuffer object: the loops.
      same(() => {
        const m = BSC({ dim: 10_000 });
        const L = m.length;
        const r = m.random(64, { rng: createRng(9) });
        const [one, two] = sharedPair(r.byteLength);
        const x = new Uint32Array(one);
        x.set(r);
        const rng = createRng(10);
        m.bundle(x, { rng, out: new Uint32Array(two, 4 * (40 * L + 5), L) });
        // A Float32 out over codebook rows (one similarity a row, 60 rows).
        m.similarity(x.subarray(0, L), x.subarray(L, 61 * L), new Float32Array(two, 4 * 3 * L, 60));
        return { arrays: [x.slice()], rng };
      });
      same(() => {
        const m = MAP({ dim: 1000, variant: 'B' });
        const r = m.random(128, { rng: createRng(11) });
        const [one, two] = sharedPair(r.byteLength);
        const x = new Int8Array(one);
        x.set(r);
        const rng = createRng(12);
        m.bundle(x, { rng, out: new Int8Array(two, 90 * 1000 + 7, 1000) });
        return { arrays: [x.slice()], rng };
      });
    });

    it('the models: refused in one buffer, their loops over another object, the general bytes', () => {
      type Model = {
        name: string;
        length: number;
        random(n: number, o: { rng: Rng }): HVArray;
        bind(a: HVArray, b: HVArray, o?: HVArray): HVArray;
        permute(a: HVArray, k: number, o?: HVArray): HVArray;
      };
      // FHRR at d = 2,000: rows of 16 kB, which the native rotation takes (not above 32 kB).
      for (const make of [
        () => BSC({ dim: 10_000 }),
        () => MAP({ dim: 10_000, variant: 'B' }),
        () => FHRR({ dim: 5_000 }),
        () => FHRR({ dim: 2_000 }),
      ]) {
        // The operands in one buffer; the outputs over it (`outs` the same buffer object), or
        // over another buffer object with the same bytes (`outs` its alias).
        const setup = (shared: boolean) => {
          const m = make() as unknown as Model;
          const L = m.length;
          const r = m.random(4, { rng: createRng(L) }) as Uint32Array;
          const Ctor = r.constructor as Uint32ArrayConstructor;
          const size = Ctor.BYTES_PER_ELEMENT;
          const [one, two] = shared ? sharedPair(r.byteLength) : [new ArrayBuffer(r.byteLength)];
          const x = new Ctor(one);
          x.set(r);
          const outs = two ?? one;
          const view = (at: number) => new Ctor(one, at * size, L);
          const outView = (at: number) => new Ctor(outs, at * size, L);
          return { m, L, x, view, outView };
        };
        const name = (make() as unknown as Model).name;
        // Outputs two elements past the first operand, one over both (a is named, checked
        // first), and rotations into a view over their input: in one buffer object, each a
        // RangeError with nothing written (the fast one-vector paths included).
        const calls: [string, (t: ReturnType<typeof setup>) => unknown][] = [
          [
            partly(`${name}.bind`, 'a'),
            ({ m, view, outView }) => m.bind(view(0), view(m.length), outView(2)),
          ],
          [
            partly(`${name}.bind`, 'a'),
            ({ m, L, view, outView }) => m.bind(view(2 * L), view(L), outView(L + 4)),
          ],
          [
            anyOverlap(`${name}.permute`, 'a'),
            ({ m, L, view, outView }) => m.permute(view(3 * L), 5, outView(3 * L - 6)),
          ],
          [
            anyOverlap(`${name}.permute`, 'a'),
            ({ m, view, outView }) => m.permute(view(0), 0, outView(2)),
          ],
        ];
        for (const [message, call] of calls) {
          refused(() => {
            const t = setup(false);
            return { call: () => call(t), arrays: [t.x] };
          }, message);
        }
        // In one buffer, in place on either operand and a rotation into another row: computed,
        // the same bytes on every path.
        same(() => {
          const { m, L, x, view } = setup(false);
          m.bind(view(0), view(L), view(0));
          m.bind(view(2 * L), view(L), view(L));
          m.permute(view(3 * L), 5, view(0));
          return { arrays: [x.slice()] };
        });
        // Over another SharedArrayBuffer object, which JavaScript cannot relate to the operands'
        // buffer: the native kernels see the pointers and stand aside, and the loops decide.
        same(() => {
          const t = setup(true);
          for (const [, call] of calls) call(t);
          return { arrays: [t.x.slice()] };
        });
      }
    });
  });
});
