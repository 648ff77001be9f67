import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { BSC } from './bsc.js';
import { createModel } from './createModel.js';
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
      new RangeError('MAP: options.dim expected an integer >= 1, got 0'),
    );
    expect(() => BSC({ dim: 2.5 })).toThrow('BSC: options.dim expected an integer >= 1, got 2.5');
    expect(() => HRR({ dim: -3 })).toThrow(
      'HRR: options.dim expected an integer in [1, 67108864], got -3',
    );
    expect(() => FHRR({ dim: Number.NaN })).toThrow(
      'FHRR: options.dim expected an integer >= 1, got NaN',
    );
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
      'MAP-B.permute: out expected an array distinct from a, got "the same array"',
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
