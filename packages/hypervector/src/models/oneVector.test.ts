import { afterEach, describe, expect, it, vi } from 'vitest';
import { setVsaNativeForTesting, vsaNative } from '../native/vsa.js';
import { createRng } from '../random/rng.js';
import type { VSAModel } from '../types.js';
import { createArena } from './arena.js';
import { BSC } from './bsc.js';
import { FHRR } from './fhrr.js';
import { MAP } from './map.js';

// BSC's and MAP-B's bind, unbind and permute (and FHRR's bind and unbind) of one vector into a
// given output take a path of their own (checks and kernel calls written in the model, so that V8 sees one array type at
// each property read). Each must give the general path's bytes, throw its errors, and stand
// aside for everything it does not cover. The general path is the same call without `out` (a
// fresh output) or on a batch of one vector's copy.

afterEach(() => {
  setVsaNativeForTesting(true);
  vi.restoreAllMocks();
});

type Arr = Int8Array | Uint32Array;

/** Every case for one model: plain arrays, arena arrays, mixed, in place, overlapping. */
function cases<V extends Arr>(m: VSAModel<V>, seed: number) {
  const x = m.random(3, { rng: createRng(seed) });
  const a = m.row(x, 0).slice() as V;
  const b = m.row(x, 1).slice() as V;
  const arena = createArena({ bytes: 1 << 20 });
  return { x, a, b, arena };
}

function bytes(x: Arr): number[] {
  return Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}

describe.each([
  ['BSC d = 10,000 (native and arena kernels)', () => BSC({ dim: 10_000 })],
  [
    'BSC d = 1,000 (below the native threshold: no fast path outside arenas)',
    () => BSC({ dim: 1_000 }),
  ],
  ['BSC d = 10,007 (padding bits)', () => BSC({ dim: 10_007 })],
  // Vectors of 4, 60, 68 and 256 bytes: the WebAssembly XOR's 64-byte steps and its tail.
  ['BSC d = 32', () => BSC({ dim: 32 })],
  ['BSC d = 480', () => BSC({ dim: 480 })],
  ['BSC d = 544', () => BSC({ dim: 544 })],
  ['BSC d = 2,047', () => BSC({ dim: 2_047 })],
  ['MAP-B d = 10,000', () => MAP({ dim: 10_000, variant: 'B' })],
  ['MAP-B d = 100 (below the native threshold)', () => MAP({ dim: 100, variant: 'B' })],
  ['MAP-B d = 20,000 (native permutation range)', () => MAP({ dim: 20_000, variant: 'B' })],
] as const)('%s', (_, make) => {
  const m = make() as unknown as VSAModel<Arr>;

  for (const native of [true, false]) {
    it(`gives the general path's bytes (native kernels ${native ? 'on' : 'off'})`, () => {
      setVsaNativeForTesting(native);
      const { a, b, arena } = cases(m, 7);
      const want = {
        bind: bytes(m.bind(a, b)),
        unbind: bytes(m.unbind(b, a)),
        perm: [1, -1, 33, 12_345].map((k) => bytes(m.permute(a, k))),
      };
      const A = arena.from(m, a);
      const B = arena.from(m, b);
      const O = arena.alloc(m);
      for (const [p, q] of [
        [a, b],
        [A, B],
        [a, B],
      ] as const) {
        const outs = [m.alloc(1), O];
        for (const o of outs) {
          expect(m.bind(p, q, o)).toBe(o);
          expect(bytes(o)).toEqual(want.bind);
          expect(m.unbind(q, p, o)).toBe(o);
          expect(bytes(o)).toEqual(want.unbind);
          [1, -1, 33, 12_345].forEach((k, i) => {
            expect(m.permute(p, k, o)).toBe(o);
            expect(bytes(o)).toEqual(want.perm[i]);
          });
        }
      }
      // In place (the output is an operand): the general path, the same bytes.
      const c = a.slice();
      m.bind(c, b, c);
      expect(bytes(c)).toEqual(want.bind);
      const C = arena.from(m, a);
      m.bind(C, B, C);
      expect(bytes(C)).toEqual(want.bind);
    });
  }

  it('leaves the shared checks out where it applies, and takes them for anything else', () => {
    const { x, a, b, arena } = cases(m, 8);
    const A = arena.from(m, a);
    const B = arena.from(m, b);
    const O = arena.alloc(m);
    const count = vi.spyOn(m, 'count');
    m.bind(A, B, O);
    m.unbind(A, B, O);
    m.permute(A, 3, O);
    expect(count).not.toHaveBeenCalled();
    // A batch, a missing output, the output as the permutation's input: the general path.
    m.bind(x, b, m.alloc(3));
    m.bind(a, b);
    expect(() => m.permute(A, 3, A)).toThrow(
      'out expected an array that does not overlap a, got the array a itself',
    );
    expect(count).toHaveBeenCalled();
    count.mockRestore();
  });

  it('throws the general path errors for bad arguments', () => {
    const { a, b } = cases(m, 9);
    const name = m.name;
    const short = m.alloc(1).subarray(1);
    expect(() => m.bind(a, b, short as Arr)).toThrow(`${name}.bind: out expected`);
    expect(() => m.unbind(a, short as Arr, m.alloc(1))).toThrow(`${name}.unbind: a expected`);
    expect(() => m.bind(new Float32Array(m.length) as unknown as Arr, b, m.alloc(1))).toThrow(
      TypeError,
    );
    expect(() => m.permute(a, 1.5, m.alloc(1))).toThrow(`${name}.permute: k expected`);
    expect(() => m.permute(a, '1' as unknown as number, m.alloc(1))).toThrow(TypeError);
    expect(() => m.permute(a, 1, short as Arr)).toThrow(`${name}.permute: out expected`);
  });
});

describe('outside arenas, with the native kernels loaded', () => {
  const nat = vsaNative();
  it.runIf(nat !== null)(
    'BSC and MAP-B take the one-vector path (no shared checks) and its native kernels',
    () => {
      for (const [m, kernels] of [
        // BSC's fast API calls where this Node has them (src/native/fast.test.ts).
        [
          BSC({ dim: 10_000 }),
          nat?.vsaFastXorU32 !== undefined
            ? (['vsaFastXorU32', 'vsaFastRotateBits'] as const)
            : (['vsaXorU32', 'vsaRotateBits'] as const),
        ],
        [MAP({ dim: 20_000, variant: 'B' }), ['vsaMulI8', 'vsaShift']],
      ] as const) {
        const mm = m as unknown as VSAModel<Arr>;
        const { a, b } = cases(mm, 13);
        const o = mm.alloc(1);
        const spies = kernels.map((k) => vi.spyOn(nat!, k));
        const count = vi.spyOn(mm, 'count');
        mm.bind(a, b, o);
        mm.unbind(a, b, o);
        mm.permute(a, 5, o);
        expect(count).not.toHaveBeenCalled();
        expect(spies[0]).toHaveBeenCalledTimes(2);
        expect(spies[1]).toHaveBeenCalledTimes(1);
        for (const spy of spies) spy.mockRestore();
        count.mockRestore();
      }
    },
  );

  it.runIf(nat !== null)('FHRR takes it too, and leaves it below the native threshold', () => {
    const f = FHRR({ dim: 10_000 });
    const x = f.random(2, { rng: createRng(14) });
    const [p, q, r] = [f.row(x, 0).slice(), f.row(x, 1).slice(), f.alloc(1)];
    const count = vi.spyOn(f, 'count');
    f.bind(p, q, r);
    expect(count).not.toHaveBeenCalled();
    count.mockRestore();
    const small = FHRR({ dim: 64 });
    const y = small.random(2, { rng: createRng(15) });
    const a = small.row(y, 0).slice();
    const b = small.row(y, 1).slice();
    const smallCount = vi.spyOn(small, 'count');
    const o = small.alloc(1);
    small.bind(a, b, o);
    expect(smallCount).toHaveBeenCalled();
    smallCount.mockRestore();
    expect(bytes32(o)).toEqual(bytes32(small.bind(a, b)));
  });

  it('rows of one batch as operands and output, and FHRR in place, give the general bytes', () => {
    for (const m of [BSC({ dim: 10_000 }), MAP({ dim: 10_000, variant: 'B' })]) {
      const mm = m as unknown as VSAModel<Arr>;
      const x = mm.random(3, { rng: createRng(16) });
      const a = mm.row(x, 0).slice();
      const b = mm.row(x, 1).slice();
      const want = bytes(mm.bind(a, b));
      const wantPerm = bytes(mm.permute(a, 7));
      // a, b and out are disjoint rows of one buffer: the general path (shared memory).
      const y = mm.alloc(3);
      y.set(a, 0);
      y.set(b, mm.length);
      mm.bind(mm.row(y, 0), mm.row(y, 1), mm.row(y, 2));
      expect(bytes(mm.row(y, 2))).toEqual(want);
      mm.permute(mm.row(y, 0), 7, mm.row(y, 2));
      expect(bytes(mm.row(y, 2))).toEqual(wantPerm);
    }
    const f = FHRR({ dim: 10_000 });
    const x = f.random(2, { rng: createRng(17) });
    const a = f.row(x, 0).slice();
    const b = f.row(x, 1).slice();
    const want = bytes32(f.unbind(a, b));
    const c = a.slice();
    f.unbind(c, b, c);
    expect(bytes32(c)).toEqual(want);
  });
});

describe('the one-vector paths call the kernels of the general path', () => {
  it('BSC and MAP-B at d = 10,000 call the native kernels outside arenas where loaded', () => {
    const nat = vsaNative();
    if (nat === null) return; // no addon here: the WebAssembly paths are covered above
    for (const [m, kernel] of [
      [BSC({ dim: 10_000 }), nat.vsaFastXorU32 !== undefined ? 'vsaFastXorU32' : 'vsaXorU32'],
      [MAP({ dim: 10_000, variant: 'B' }), 'vsaMulI8'],
    ] as const) {
      const mm = m as unknown as VSAModel<Arr>;
      const spy = vi.spyOn(nat, kernel);
      const { a, b } = cases(mm, 10);
      mm.bind(a, b, mm.alloc(1));
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    }
  });
});

describe('FHRR bind and unbind of one vector into a given output', () => {
  const f = FHRR({ dim: 10_000 });

  for (const native of [true, false]) {
    it(`give the general path's bytes (native kernels ${native ? 'on' : 'off'})`, () => {
      setVsaNativeForTesting(native);
      const x = f.random(2, { rng: createRng(11) });
      const a = f.row(x, 0).slice();
      const b = f.row(x, 1).slice();
      const o = f.alloc(1);
      expect(bytes32(f.bind(a, b, o))).toEqual(bytes32(f.bind(a, b)));
      expect(bytes32(f.unbind(a, b, o))).toEqual(bytes32(f.unbind(a, b)));
      // In place: the general path, the same bytes.
      const c = a.slice();
      f.bind(c, b, c);
      expect(bytes32(c)).toEqual(bytes32(f.bind(a, b)));
    });
  }

  it('leaves the shared checks out, and throws the general path errors', () => {
    const x = f.random(2, { rng: createRng(12) });
    const a = f.row(x, 0).slice();
    const b = f.row(x, 1).slice();
    const o = f.alloc(1);
    const count = vi.spyOn(f, 'count');
    f.bind(a, b, o);
    f.unbind(a, b, o);
    expect(count).toHaveBeenCalledTimes(vsaNative() === null ? 4 : 0);
    count.mockRestore();
    const bad = a.slice();
    bad[7] = NaN;
    expect(() => f.bind(bad, b, o)).toThrow(
      'FHRR.bind: a expected finite values, got NaN at index 7',
    );
    expect(() => f.unbind(a, bad, o)).toThrow('FHRR.unbind: a expected finite values');
    const big = new Float32Array(f.length).fill(3e38);
    expect(() => f.bind(big, big, o)).toThrow(RangeError);
    expect(() => f.bind(a, b, o.subarray(2))).toThrow('FHRR.bind: out expected');
  });
});

function bytes32(x: Float32Array): number[] {
  return Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}
