import { describe, expect, it } from 'vitest';
import { cosine } from '../ops/cosine.js';
import { createRng } from '../random/rng.js';
import type { HVArray, VSAModel } from '../types.js';
import { BSC } from './bsc.js';
import { createModel, MODEL_NAMES } from './createModel.js';
import { FHRR } from './fhrr.js';
import { HRR } from './hrr.js';
import { MAP } from './map.js';
import { createPermutation } from './permutation.js';
import { SBC } from './sbc.js';

// Bad input at the public boundary: each message names the function, the argument, what was
// expected and what came.

const rng = createRng(1);

describe('factories', () => {
  it('reject a bad dimension', () => {
    expect(() => MAP({ dim: 0 })).toThrow(
      new RangeError('MAP: options.dim expected an integer in [1, 67108864], got 0'),
    );
    expect(() => BSC({ dim: 2.5 })).toThrow(
      'BSC: options.dim expected an integer in [1, 67108864], got 2.5',
    );
    expect(() => HRR({ dim: -3 })).toThrow(
      'HRR: options.dim expected an integer in [1, 67108864], got -3',
    );
    expect(() => FHRR({ dim: Number.NaN })).toThrow(
      'FHRR: options.dim expected an integer in [1, 67108864], got NaN',
    );
  });

  it('reject a dimension above 2^26 at creation, naming the bound (not a typed-array error later)', () => {
    const factory: Record<string, string> = {
      'MAP-B': 'MAP',
      'MAP-I': 'MAP',
      'MAP-C': 'MAP',
      BSC: 'BSC',
      HRR: 'HRR',
      FHRR: 'FHRR',
    };
    for (const [name, fn] of Object.entries(factory)) {
      expect(() => createModel(name as 'BSC', { dim: 1e12 })).toThrow(
        new RangeError(
          `${fn}: options.dim expected an integer in [1, 67108864], got 1000000000000`,
        ),
      );
      expect(createModel(name as 'BSC', { dim: 2 ** 26 }).dim).toBe(2 ** 26);
    }
    expect(() => createModel('SBC', { dim: 1e12 })).toThrow(
      new RangeError('SBC: options.dim expected an integer in [1, 4294967296], got 1000000000000'),
    );
    expect(() => SBC({ segments: 2 ** 26 + 1, blockSize: 4 })).toThrow(
      new RangeError('SBC: options.segments expected an integer in [1, 67108864], got 67108865'),
    );
    expect(SBC({ segments: 2 ** 26, blockSize: 2 }).segments).toBe(2 ** 26);
  });

  it('reject a bad variant, inverse or SBC shape', () => {
    expect(() => MAP({ dim: 4, variant: 'X' as 'B' })).toThrow(
      'MAP: options.variant expected "B", "I" or "C", got "X"',
    );
    expect(() => HRR({ dim: 4, inverse: 'pseudo' as 'exact' })).toThrow(
      'HRR: options.inverse expected "involution" or "exact", got "pseudo"',
    );
    expect(() => SBC({ dim: 100, blockSize: 64 })).toThrow(
      'SBC: options.dim expected a multiple of blockSize 64, got 100',
    );
    expect(() => SBC({ segments: 4, blockSize: 1 })).toThrow(
      'SBC: options.blockSize expected an integer in [2, 65536], got 1',
    );
    expect(() => createModel('XYZ' as 'BSC', { dim: 4 })).toThrow(
      'createModel: name expected one of MAP-B, MAP-I, MAP-C, BSC, HRR, FHRR, SBC, got "XYZ"',
    );
    // A misspelt option is an error (HRR would otherwise keep its involution); another
    // model's option is not (one options object for a loop over every model).
    expect(() => createModel('HRR', { dim: 16, invers: 'exact' } as never)).toThrow(
      'createModel: options.invers expected one of the known options (dim, blockSize, segments, inverse); did you mean options.inverse?, got an unknown key',
    );
    expect(createModel('MAP-B', { dim: 128, blockSize: 64 }).dim).toBe(128);
  });
});

describe('shapes and array types', () => {
  const vsa = MAP({ dim: 10, variant: 'B' });
  const a = vsa.random(1, { rng });

  it('a dimension mismatch', () => {
    expect(() => vsa.bind(a, new Int8Array(12))).toThrow(
      new RangeError(
        'MAP-B.bind: b expected Int8Array of length a positive multiple of 10, got Int8Array(12)',
      ),
    );
  });

  it('a wrong array type is a TypeError', () => {
    expect(() => vsa.bind(a, new Float32Array(10) as unknown as Int8Array)).toThrow(
      new TypeError(
        'MAP-B.bind: b expected Int8Array(10) (a MAP-B vector or batch), got Float32Array(10)',
      ),
    );
  });

  it('mixing models: a BSC vector into MAP-I, an SBC code into BSC', () => {
    const mapI = MAP({ dim: 64 });
    const bsc = BSC({ dim: 64 });
    expect(() =>
      mapI.similarity(mapI.random(1, { rng }), bsc.random(1, { rng }) as unknown as Int32Array),
    ).toThrow(
      'MAP-I.similarity: codebook expected Int32Array(64) (a MAP-I vector or batch), got Uint32Array(2)',
    );
    expect(() =>
      bsc.bind(
        bsc.random(1, { rng }),
        SBC({ segments: 2, blockSize: 4 }).random(1, { rng }) as unknown as Uint32Array,
      ),
    ).toThrow('BSC.bind: b expected Uint32Array(2) (a BSC vector or batch), got Uint16Array(2)');
  });

  it('batches of different sizes that do not broadcast', () => {
    expect(() => vsa.bind(vsa.random(2, { rng }), vsa.random(3, { rng }))).toThrow(
      'MAP-B.bind: b expected 2 rows (or 1) to match a, got "3 rows"',
    );
  });

  it('a wrong out', () => {
    expect(() => vsa.bind(a, a, new Int8Array(9))).toThrow(
      'MAP-B.bind: out expected Int8Array(10), got Int8Array(9)',
    );
    expect(() => vsa.similarity(a, a, new Float32Array(2))).toThrow(
      'MAP-B.similarity: out expected Float32Array(1) for [1, 1], got Float32Array(2)',
    );
    expect(() => vsa.permute(a, 1, a)).toThrow(
      'MAP-B.permute: out expected an array that does not overlap a, got the array a itself',
    );
  });
});

describe('values', () => {
  it('non-finite values in a float model name the argument and index', () => {
    const m = MAP({ dim: 4, variant: 'C' });
    const a = Float32Array.of(0.5, 0.1, Number.NaN, 0.2);
    expect(() => m.bind(a, Float32Array.of(1, 1, 1, 1))).toThrow(
      'MAP-C.bind: a expected finite values, got NaN at index 2',
    );
    const h = HRR({ dim: 4 });
    expect(() =>
      h.similarity(Float32Array.of(1, 0, 0, 0), Float32Array.of(1, Infinity, 0, 0)),
    ).toThrow('HRR.similarity: codebook expected finite values, got Infinity at index 1');
    expect(() => FHRR({ dim: 2 }).bundle(Float32Array.of(1, 0, Number.NaN, 0))).toThrow(
      'FHRR.bundle: rows expected finite values, got NaN at index 2',
    );
  });

  it('an empty bundle', () => {
    expect(() => MAP({ dim: 4, variant: 'B' }).bundle(new Int8Array(0))).toThrow(
      'MAP-B.bundle: rows expected at least one vector (Int8Array of 4·n elements, n >= 1), got Int8Array(0)',
    );
  });

  it('an unsupported normalisation, bad weights, a bad rng', () => {
    const b = BSC({ dim: 8 });
    const x = b.random(2, { rng });
    expect(() => b.bundle(x, { normalize: 'sign' })).toThrow(
      'BSC.bundle: options.normalize expected one of "majority", got "sign"',
    );
    expect(() => b.bundle(x, { weights: [1] })).toThrow(
      'BSC.bundle: options.weights expected 2 numbers (one per row), got Array(1)',
    );
    expect(() => b.bundle(x, { weights: [1, Number.NaN] })).toThrow(
      'BSC.bundle: options.weights expected finite numbers, got "NaN at index 1"',
    );
    expect(() => b.random(2, { rng: {} as never })).toThrow(
      new TypeError('BSC.random: options.rng expected an Rng from createRng(seed), got object'),
    );
    expect(() => MAP({ dim: 2 }).bundle(Int32Array.of(1, 1, 1, 1), { weights: [0.5, 1] })).toThrow(
      'MAP-I.bundle: options.weights expected integers keeping the sum within Int32 (MAP-I "none"), got "a sum of 1.5"',
    );
  });

  it('a MAP-I sum outside Int32 without weights names rows (below and above the native size)', () => {
    for (const d of [16, 256]) {
      const rows = new Int32Array(2 * d).fill(2 ** 31 - 1);
      expect(() => MAP({ dim: d }).bundle(rows)).toThrow(
        new RangeError(
          'MAP-I.bundle: rows expected values whose sums fit in Int32 (MAP-I "none"; "sign" has no limit), got "a sum of 4294967294 at index 0"',
        ),
      );
      expect(MAP({ dim: d }).bundle(rows, { normalize: 'sign' })[0]).toBe(1);
    }
  });

  it('MAP-C bundle refuses an infinite or NaN row entry, as bind does (JS and native sizes)', () => {
    for (const d of [4, 256]) {
      const m = MAP({ dim: d, variant: 'C' });
      for (const bad of [Infinity, -Infinity, Number.NaN]) {
        const rows = new Float32Array(2 * d).fill(0.5);
        rows[d + 3] = bad;
        for (const normalize of ['clip', 'none'] as const) {
          expect(() => m.bundle(rows, { normalize })).toThrow(
            new RangeError(
              `MAP-C.bundle: rows expected finite values, got ${String(bad)} at index ${d + 3}`,
            ),
          );
        }
        expect(() => m.bind(rows.subarray(d), m.identity())).toThrow(
          `MAP-C.bind: a expected finite values, got ${String(bad)} at index 3`,
        );
      }
      // Finite rows whose weighted sum overflows Float64 still clip by the sum's sign.
      const rows = new Float32Array(2 * d).fill(2);
      const out = m.bundle(rows, { weights: [1e308, 1e308] });
      expect(out[0]).toBe(1);
      expect(() => m.bundle(rows, { weights: [1e308, 1e308], normalize: 'none' })).toThrow(
        'MAP-C.bundle: result expected finite values, got an overflow (inputs too large)',
      );
    }
  });

  it('k or i out of range', () => {
    const m = SBC({ segments: 4, blockSize: 8 });
    const x = m.random(3, { rng });
    expect(() => m.permute(x, 1.5)).toThrow(
      new RangeError('SBC.permute: k expected a safe integer, got 1.5'),
    );
    expect(() => m.row(x, 3)).toThrow(
      new RangeError('SBC.row: i expected an integer in [0, 2], got 3'),
    );
    expect(() => m.random(-1, { rng })).toThrow('SBC.random: n expected an integer >= 0, got -1');
    expect(() => FHRR({ dim: 2 }).power(FHRR({ dim: 2 }).identity(), Infinity)).toThrow(
      'FHRR.power: exponent expected a finite number, got Infinity',
    );
  });

  it('a permutation of the wrong size or kind', () => {
    const m = MAP({ dim: 8 });
    const x = m.random(1, { rng });
    expect(() => m.permuteWith(x, createPermutation(7, { rng }))).toThrow(
      'MAP-I.permuteWith: perm expected a Permutation of size 8, got "size 7"',
    );
    expect(() => m.unpermuteWith(x, { size: 8 } as never)).toThrow(
      new TypeError(
        'MAP-I.unpermuteWith: perm expected a Permutation from createPermutation(size, { rng }), got object',
      ),
    );
    expect(() => createPermutation(0, { rng })).toThrow(
      'createPermutation: size expected an integer in [1, 4294967295], got 0',
    );
  });
});

describe('outputs that overlap inputs', () => {
  // One buffer holds the input at offset 0 and the output one element further on: the loops
  // would read entries they have already written.
  const partly = (m: VSAModel<HVArray>, n: number, x: HVArray): [HVArray, HVArray] => {
    const L = m.length;
    const buf = m.alloc(n + 1);
    buf.set(x);
    return [buf.subarray(0, n * L) as HVArray, buf.subarray(1, n * L + 1) as HVArray];
  };

  it("the reviewer's case: MAP-C permute into a view one element on is refused", () => {
    const c = createModel('MAP-C', { dim: 8 });
    const b = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 0);
    expect(() => c.permute(b.subarray(0, 8), 1, b.subarray(1, 9))).toThrow(
      new RangeError(
        'MAP-C.permute: out expected an array that does not overlap a, got an array that overlaps a',
      ),
    );
    expect(Array.from(b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 0]);
    expect(Array.from(c.permute(b.subarray(0, 8), 1))).toEqual([8, 1, 2, 3, 4, 5, 6, 7]);
  });

  describe.each(MODEL_NAMES)('%s', (name) => {
    // Sizes below and above the native kernels' thresholds (every path refuses the same way).
    it.each([64, 4096])(
      'bind, unbind, inverse: partly overlapping out refused; in place kept (d = %i)',
      (dim) => {
        const m = createModel(name, { dim, blockSize: 8 });
        const x = m.random(2, { rng: createRng(11) });
        const y = m.random(2, { rng: createRng(12) });
        const msg = (fn: string, arg: string): RangeError =>
          new RangeError(
            `${name}.${fn}: out expected the array ${arg} itself (in place) or one that does not overlap ${arg}, got an array that partly overlaps ${arg}`,
          );
        {
          const [a, out] = partly(m, 2, x);
          expect(() => m.bind(a, y, out)).toThrow(msg('bind', 'a'));
          expect(() => m.bind(y, a, out)).toThrow(msg('bind', 'b'));
          expect(() => m.unbind(a, y, out)).toThrow(msg('unbind', 'bound'));
          expect(() => m.unbind(y, a, out)).toThrow(msg('unbind', 'a'));
          // (HRR's inverse is its involution, and says so.)
          expect(() => m.inverse(a, out)).toThrow(
            msg(name === 'HRR' ? 'involution' : 'inverse', 'a'),
          );
          // Nothing was written.
          expect(Array.from(a)).toEqual(Array.from(x));
        }
        // A single vector broadcast over a batch that it is row 0 of: partly overlapping too.
        const batch = x.slice();
        expect(() => m.bind(batch, m.row(batch, 0), batch)).toThrow(msg('bind', 'b'));
        // Exactly in place: the same values as into a fresh array.
        for (const op of ['bind', 'unbind'] as const) {
          const want = m[op](x, y);
          const a = x.slice();
          expect(Array.from(m[op](a, y, a))).toEqual(Array.from(want));
          const b = y.slice();
          expect(Array.from(m[op](x, b, b))).toEqual(Array.from(want));
        }
        const a = x.slice();
        expect(Array.from(m.inverse(a, a))).toEqual(Array.from(m.inverse(x)));
      },
    );

    it('permute, permuteWith, unpermuteWith: any overlap refused', () => {
      const m = createModel(name, { dim: 64, blockSize: 8 });
      const x = m.random(2, { rng: createRng(13) });
      const p = createPermutation(m.units, { rng: createRng(14) });
      const [a, out] = partly(m, 2, x);
      const msg = (fn: string): RangeError =>
        new RangeError(
          `${name}.${fn}: out expected an array that does not overlap a, got an array that overlaps a`,
        );
      expect(() => m.permute(a, 3, out)).toThrow(msg('permute'));
      expect(() => m.permuteWith(a, p, out)).toThrow(msg('permuteWith'));
      expect(() => m.unpermuteWith(a, p, out)).toThrow(msg('unpermuteWith'));
      expect(Array.from(a)).toEqual(Array.from(x));
    });

    it('similarity: an out over the query or the codebook is refused', () => {
      const m = createModel(name, { dim: 64, blockSize: 8 });
      const x = m.random(2, { rng: createRng(15) });
      // A Float32Array output over the same bytes as the query (or codebook).
      const over = (v: HVArray, len: number): Float32Array =>
        new Float32Array(v.buffer, v.byteOffset, len);
      const q = x.slice();
      expect(() => m.similarity(q, x, over(q, 4))).toThrow(
        new RangeError(
          `${name}.similarity: out expected an array that does not overlap query, got an array that overlaps query`,
        ),
      );
      const c = x.slice();
      expect(() => m.similarity(x, c, over(c, 4))).toThrow(
        `${name}.similarity: out expected an array that does not overlap codebook, got an array that overlaps codebook`,
      );
      expect(Array.from(q)).toEqual(Array.from(x));
    });

    it('bundle: out may be one of the rows, not a view across two', () => {
      const m = createModel(name, { dim: 64, blockSize: 8 });
      const x = m.random(3, { rng: createRng(16) });
      const want = m.bundle(x);
      const rows = x.slice();
      expect(Array.from(m.bundle(rows, { out: m.row(rows, 1) }))).toEqual(Array.from(want));
      const [r, out] = partly(m, 3, x);
      expect(() => m.bundle(r, { out: out.subarray(0, m.length) as HVArray })).toThrow(
        new RangeError(
          `${name}.bundle: out expected a row of rows itself (in place) or an array that does not overlap rows, got an array that partly overlaps a row of rows`,
        ),
      );
    });
  });

  it('the standalone similarities refuse an out over an operand', () => {
    const q = new Float32Array(8).fill(1);
    expect(() => cosine(q, q, 4, q.subarray(0, 4))).toThrow(
      'cosine: out expected an array that does not overlap query, got an array that overlaps query',
    );
  });
});

describe('permutations from elsewhere are checked', () => {
  const m = MAP({ dim: 5 });
  const x = Int32Array.of(1, 2, 3, 4, 5);

  it('forward must be a permutation of 0..size-1 and inverse its inverse', () => {
    const inv = Uint32Array.of(0, 1, 2, 3, 4);
    expect(() =>
      m.permuteWith(x, { size: 5, forward: Uint32Array.of(9, 9, 9, 9, 9), inverse: inv }),
    ).toThrow(
      new RangeError(
        'MAP-I.permuteWith: perm.forward expected a permutation of 0..4, got "9 at index 0 (out of range)"',
      ),
    );
    expect(() =>
      m.permuteWith(x, { size: 5, forward: Uint32Array.of(1, 0, 1, 3, 4), inverse: inv }),
    ).toThrow('perm.forward expected a permutation of 0..4, got "1 at index 2 (repeated)"');
    expect(() =>
      m.unpermuteWith(x, { size: 5, forward: Uint32Array.of(1, 2, 3, 4, 0), inverse: inv }),
    ).toThrow(
      'MAP-I.unpermuteWith: perm.inverse expected the inverse of perm.forward (inverse[forward[i]] = i), got "inverse[1] = 1 for i = 0"',
    );
    expect(() => m.permuteWith(x, { size: 5, forward: inv, inverse: new Uint32Array(4) })).toThrow(
      'MAP-I.permuteWith: perm.inverse expected Uint32Array(5), got Uint32Array(4)',
    );
  });

  it('a valid hand-made permutation works, and is trusted while it keeps its arrays', () => {
    const p = {
      size: 5,
      forward: Uint32Array.of(1, 2, 3, 4, 0),
      inverse: Uint32Array.of(4, 0, 1, 2, 3),
    };
    expect(Array.from(m.permuteWith(x, p))).toEqual([2, 3, 4, 5, 1]);
    expect(Array.from(m.unpermuteWith(m.permuteWith(x, p), p))).toEqual([1, 2, 3, 4, 5]);
    // Entries written later are not checked again (documented); new arrays are.
    const q = { ...p, forward: Uint32Array.of(0, 0, 0, 0, 0) };
    expect(() => m.permuteWith(x, q)).toThrow('perm.forward expected a permutation of 0..4');
  });

  it('createPermutation output is trusted and correct for every model', () => {
    for (const name of MODEL_NAMES) {
      const v = createModel(name, { dim: 64, blockSize: 8 });
      const p = createPermutation(v.units, { rng: createRng(5) });
      const y = v.random(2, { rng: createRng(6) });
      expect(Array.from(v.unpermuteWith(v.permuteWith(y, p), p))).toEqual(Array.from(y));
    }
  });
});
