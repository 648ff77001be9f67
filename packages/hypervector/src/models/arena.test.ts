import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';
import { setVsaScalarForTesting } from '../wasm/vsa.js';
import { createArena } from './arena.js';
import { createModel } from './createModel.js';

// Vector arenas: arrays in a fixed WebAssembly memory, on which bind/unbind (BSC, MAP-B) and
// permute run WebAssembly kernels in place. Every result must equal, bit for bit, the same
// operation on ordinary arrays.

const D = 1_000;
const MODELS = [
  ['MAP-B', {}],
  ['MAP-I', {}],
  ['MAP-C', {}],
  ['BSC', {}],
  ['HRR', {}],
  ['FHRR', {}],
  ['SBC', { segments: 50, blockSize: 20 }],
] as const;

function model(name: (typeof MODELS)[number][0], extra: object): VSAModel<HVArray> {
  return createModel(name, { dim: D, ...extra }) as unknown as VSAModel<HVArray>;
}

function bits(x: HVArray): number[] {
  return Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}

afterEach(() => setVsaScalarForTesting(false));

describe('createArena', () => {
  it('hands out zeroed, 64-byte-aligned arrays of the model type that stay valid', () => {
    const arena = createArena({ bytes: 100_000 });
    expect(arena.accelerated).toBe(true);
    expect(arena.capacity).toBe(100_000);
    const bsc = createModel('BSC', { dim: D });
    const map = createModel('MAP-B', { dim: D });
    const a = arena.alloc(bsc);
    const b = arena.alloc(map, 3);
    expect(a).toBeInstanceOf(Uint32Array);
    expect(a.length).toBe(bsc.length);
    expect(b).toBeInstanceOf(Int8Array);
    expect(b.length).toBe(3 * D);
    expect(a.byteOffset % 64).toBe(0);
    expect(b.byteOffset % 64).toBe(0);
    // 32 words (128 bytes) for a, then b from the next 64-byte boundary.
    expect(b.byteOffset).toBe(128);
    expect(arena.used).toBe(128 + 3 * D);
    expect(b.every((v) => v === 0)).toBe(true);
    a.fill(7);
    // Many more allocations: earlier views keep their memory and contents (no growth).
    for (let i = 0; i < 20; i++) arena.alloc(map);
    expect(a.byteLength).toBe(4 * bsc.length);
    expect(a.every((v) => v === 7)).toBe(true);
    expect(arena.holds(a) && arena.holds(b)).toBe(true);
    expect(arena.holds(bsc.alloc(1))).toBe(false);
    expect(createArena({ bytes: 64 }).holds(a)).toBe(false);
  });

  it('from copies a batch in', () => {
    const arena = createArena({ bytes: 1 << 16 });
    const hrr = createModel('HRR', { dim: D });
    const x = hrr.random(4, { rng: createRng(1) });
    const y = arena.from(hrr, x);
    expect(arena.holds(y)).toBe(true);
    expect(Array.from(y)).toEqual(Array.from(x));
  });

  it('rejects bad options, models and sizes with errors that name them', () => {
    expect(() => createArena(null as never)).toThrow(
      new TypeError('createArena: options expected { bytes }, got null'),
    );
    expect(() => createArena({ bytes: 0 })).toThrow(RangeError);
    expect(() => createArena({ bytes: 1.5 })).toThrow('createArena: options.bytes expected');
    expect(() => createArena({ bytes: 2 ** 31 + 1 })).toThrow(RangeError);
    const arena = createArena({ bytes: 2_000 });
    const map = createModel('MAP-B', { dim: D });
    expect(() => arena.alloc({} as never)).toThrow(TypeError);
    expect(() => arena.alloc(map, 0)).toThrow('VectorArena.alloc: n expected an integer >= 1');
    arena.alloc(map);
    // 1,000 bytes used; the next vector would start at 1,024 and end past 2,000.
    expect(() => arena.alloc(map)).toThrow(
      new RangeError(
        "VectorArena.alloc: n expected at most 0 MAP-B vectors of 1000 bytes (976 of the arena's 2000 bytes are free from the next 64-byte boundary), got 1",
      ),
    );
    expect(() => arena.from(map, new Float32Array(D) as never)).toThrow(
      'VectorArena.from: x expected Int8Array',
    );
    // from names its own argument: x holds 3 vectors.
    expect(() =>
      createArena({ bytes: 2_000 }).from(map, map.random(3, { rng: createRng(1) })),
    ).toThrow(
      new RangeError(
        'VectorArena.from: x expected at most 2 MAP-B vectors of 1000 bytes (2000 of the arena\'s 2000 bytes are free from the next 64-byte boundary), got "3 vectors"',
      ),
    );
  });
});

describe('operations on arena arrays equal those on ordinary arrays', () => {
  it.each(MODELS)('%s: bind, unbind (batches, broadcast, in place) and permute', (name, extra) => {
    for (const scalar of [false, true]) {
      // Forced scalar: the arena is a plain buffer (not accelerated), the results the same.
      setVsaScalarForTesting(scalar);
      const m = model(name, extra);
      const arena = createArena({ bytes: 1 << 20 });
      expect(arena.accelerated).toBe(!scalar);
      const x = m.random(3, { rng: createRng(5) });
      const a = m.row(x, 0);
      const X = arena.from(m, x);
      const A = arena.from(m, a);
      const O = arena.alloc(m, 3);
      const O1 = arena.alloc(m);
      expect(bits(m.bind(X, A, O))).toEqual(bits(m.bind(x, a)));
      expect(bits(m.bind(A, X, O))).toEqual(bits(m.bind(a, x)));
      expect(bits(m.unbind(X, A, O))).toEqual(bits(m.unbind(x, a)));
      expect(bits(m.bind(A, A, O1))).toEqual(bits(m.bind(a, a)));
      // In place: out is the first operand.
      const inPlace = arena.from(m, x);
      m.bind(inPlace, A, inPlace);
      expect(bits(inPlace)).toEqual(bits(m.bind(x, a)));
      for (const k of [0, 1, 7, 31, 32, 33, -5, m.units - 1, 3 * m.units + 2]) {
        expect(bits(m.permute(X, k, O))).toEqual(bits(m.permute(x, k)));
        expect(bits(m.permute(A, k, O1))).toEqual(bits(m.permute(a, k)));
      }
      // A row of an arena batch (a subarray) and an ordinary output: ordinary paths, same bits.
      expect(bits(m.bind(m.row(X, 2), A))).toEqual(bits(m.bind(m.row(x, 2), a)));
      expect(bits(m.permute(m.row(X, 1), 3, O1))).toEqual(bits(m.permute(m.row(x, 1), 3)));
    }
  });

  // In place on either operand (and on both), at sizes whose bytes end inside a vector of the
  // WebAssembly XOR (its scalar tail) or on one.
  it('BSC binding in place on either operand, at sizes that end inside a vector', () => {
    for (const d of [32, 100, 480, 544, 1000, 2047, 10_000]) {
      const m = createModel('BSC', { dim: d });
      const arena = createArena({ bytes: 1 << 16 });
      const x = m.random(2, { rng: createRng(d) });
      const a = m.row(x, 0);
      const b = m.row(x, 1);
      const want = bits(m.bind(a, b));
      const A = arena.from(m, a);
      const B = arena.from(m, b);
      m.bind(A, B, A);
      expect(bits(A)).toEqual(want);
      const A2 = arena.from(m, a);
      m.bind(A2, B, B);
      expect(bits(B)).toEqual(want);
      const S = arena.from(m, a);
      m.bind(S, S, S);
      expect(bits(S)).toEqual(bits(m.bind(a, a)));
    }
  });

  it('BSC permutations (bit rotations) for every edge of the word layout, stray padding ignored', () => {
    const rng = createRng(21);
    for (const d of [1, 5, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 257, 1000, 10_000]) {
      const m = createModel('BSC', { dim: d });
      const arena = createArena({ bytes: 1 << 16 });
      const x = m.random(3, { rng });
      // A stray padding bit in each row's last word: both paths must ignore it.
      if (d % 32 !== 0) for (let r = 0; r < 3; r++) x[(r + 1) * m.length - 1] |= 0x80000000;
      const X = arena.from(m, x);
      const O = arena.alloc(m, 3);
      const shifts = new Set([0, 1, 2, 31, 32, 33, 64, 95, d - 33, d - 32, d - 31, d - 1, d]);
      for (let i = 0; i < 8; i++) shifts.add(rng.nextInt(d));
      for (const k of shifts) {
        if (k < 0) continue;
        const want = m.permute(x, k);
        expect(Array.from(m.permute(X, k, O)), `d = ${d}, k = ${k}`).toEqual(Array.from(want));
      }
    }
  });

  it('BSC permutations at every shift count within a word, for both terms of the rotation', () => {
    // The rotation runs one generated loop per s & 31 (and per (d - s) & 31 for the bits
    // that wrap around): every one of the 64 is reached here, on rows long enough for its
    // four-vector steps, its one-vector steps and the single words after them.
    for (const d of [1000, 2081, 10_000]) {
      const m = createModel('BSC', { dim: d });
      const arena = createArena({ bytes: 1 << 16 });
      const x = m.random(2, { rng: createRng(d) });
      if (d % 32 !== 0) for (let r = 0; r < 2; r++) x[(r + 1) * m.length - 1] |= 0xf0000000;
      const X = arena.from(m, x);
      const O = arena.alloc(m, 2);
      const shifts = new Set<number>();
      for (let s = 0; s < 64; s++) shifts.add(s);
      for (let s = 1; s <= 64; s++) shifts.add(d - s);
      for (let s = 0; s < 32; s++) shifts.add(Math.floor(d / 2) + s);
      for (const k of shifts) {
        const want = m.permute(x, k);
        expect(Array.from(m.permute(X, k, O)), `d = ${d}, k = ${k}`).toEqual(Array.from(want));
      }
    }
  });

  it('an output that partly overlaps an operand is refused, on arena and ordinary arrays', () => {
    for (const name of ['BSC', 'MAP-B'] as const) {
      const m = model(name, {});
      const arena = createArena({ bytes: 1 << 16 });
      const X = arena.from(m, m.random(3, { rng: createRng(9) }));
      const plain = X.slice();
      // out = rows 1..2 of X, a = rows 0..1 of X: they share row 1.
      const L = m.length;
      const a = X.subarray(0, 2 * L) as HVArray;
      const out = X.subarray(L, 3 * L) as HVArray;
      const b = arena.from(m, m.random(1, { rng: createRng(3) }));
      // The same overlap on an ordinary buffer; nothing is written either way.
      const message = `${name}.bind: out expected the array a itself (in place) or one that does not overlap a, got an array that partly overlaps a`;
      expect(() =>
        m.bind(plain.subarray(0, 2 * L) as HVArray, b, plain.subarray(L, 3 * L) as HVArray),
      ).toThrow(new RangeError(message));
      expect(() => m.bind(a, b, out)).toThrow(new RangeError(message));
      expect(bits(X)).toEqual(bits(plain));
      // In place (out = a) is fine, and gives what the ordinary arrays give.
      m.bind(a, b, a);
      m.bind(plain.subarray(0, 2 * L) as HVArray, b, plain.subarray(0, 2 * L) as HVArray);
      expect(bits(X)).toEqual(bits(plain));
      // A permutation refuses any overlap.
      expect(() => m.permute(a, 1, a)).toThrow(
        'out expected an array that does not overlap a, got the array a itself',
      );
      expect(() => m.permute(a, 1, out)).toThrow(
        `${name}.permute: out expected an array that does not overlap a, got an array that overlaps a`,
      );
    }
  });
});
