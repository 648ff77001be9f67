import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import type { HVArray, ModelName, VSAModel } from '../types.js';
import { BSC } from './bsc.js';
import { createModel, MODEL_NAMES } from './createModel.js';
import { FHRR } from './fhrr.js';
import { HRR } from './hrr.js';
import { MAP } from './map.js';
import { createPermutation } from './permutation.js';
import { SBC } from './sbc.js';

// Algebraic laws of each model, as property tests over seeds and dimensions. Each law lists
// the models where it holds; the others are not generated, so nothing passes by skipping.

type Factory = (dim: number) => VSAModel<HVArray>;
const factories: Record<ModelName, Factory> = {
  'MAP-B': (dim) => MAP({ dim, variant: 'B' }) as unknown as VSAModel<HVArray>,
  'MAP-I': (dim) => MAP({ dim, variant: 'I' }) as unknown as VSAModel<HVArray>,
  'MAP-C': (dim) => MAP({ dim, variant: 'C' }) as unknown as VSAModel<HVArray>,
  BSC: (dim) => BSC({ dim }) as unknown as VSAModel<HVArray>,
  HRR: (dim) => HRR({ dim }) as unknown as VSAModel<HVArray>,
  FHRR: (dim) => FHRR({ dim }) as unknown as VSAModel<HVArray>,
  SBC: (dim) => SBC({ segments: dim, blockSize: 13 }) as unknown as VSAModel<HVArray>,
};

/** Models whose arithmetic is exact (integers, bits, index codes). */
const EXACT: ModelName[] = ['MAP-B', 'MAP-I', 'BSC', 'SBC'];
/** Float models: laws hold up to rounding (Float32 storage: relative 1e-5). */
const FLOAT: ModelName[] = ['MAP-C', 'HRR', 'FHRR'];

const dims = fc.constantFrom(1, 2, 7, 31, 32, 33, 100);
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const RUNS = { numRuns: 40 };

function atoms(m: VSAModel<HVArray>, n: number, s: number): HVArray[] {
  const x = m.random(n, { rng: createRng(s) });
  return Array.from({ length: n }, (_, i) => m.row(x, i));
}

function expectClose(actual: HVArray, expected: HVArray, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

function expectEqual(model: ModelName, actual: HVArray, expected: HVArray): void {
  if (EXACT.includes(model)) expect(Array.from(actual)).toEqual(Array.from(expected));
  else expectClose(actual, expected, 1e-5);
}

it('the law tables cover every model', () => {
  expect([...EXACT, ...FLOAT].sort()).toEqual([...MODEL_NAMES].sort());
  for (const name of MODEL_NAMES) expect(createModel(name, { dim: 64 }).name).toBe(name);
});

describe.each(MODEL_NAMES)('%s: laws that hold for every model', (name) => {
  const make = factories[name];

  it('bind(x, identity) = x', () => {
    fc.assert(
      fc.property(dims, seed, (d, s) => {
        const m = make(d);
        const [x] = atoms(m, 1, s);
        expectEqual(name, m.bind(x, m.identity()), x);
      }),
      RUNS,
    );
  });

  it('bind is commutative: bind(a, b) = bind(b, a)', () => {
    fc.assert(
      fc.property(dims, seed, (d, s) => {
        const m = make(d);
        const [a, b] = atoms(m, 2, s);
        expectEqual(name, m.bind(a, b), m.bind(b, a));
      }),
      RUNS,
    );
  });

  it('bind is associative: bind(bind(a, b), c) = bind(a, bind(b, c))', () => {
    fc.assert(
      fc.property(dims, seed, (d, s) => {
        const m = make(d);
        const [a, b, c] = atoms(m, 3, s);
        expectEqual(name, m.bind(m.bind(a, b), c), m.bind(a, m.bind(b, c)));
      }),
      RUNS,
    );
  });

  it('permute(permute(x, k), -k) = x exactly, and k is taken mod units', () => {
    fc.assert(
      fc.property(dims, seed, fc.integer({ min: -1000, max: 1000 }), (d, s, k) => {
        const m = make(d);
        const x = m.random(2, { rng: createRng(s) });
        expect(Array.from(m.permute(m.permute(x, k), -k))).toEqual(Array.from(x));
        expect(Array.from(m.permute(x, k + m.units))).toEqual(Array.from(m.permute(x, k)));
      }),
      RUNS,
    );
  });

  it('permute(x, k) moves unit i to unit i + k: it equals permuteWith the cyclic permutation', () => {
    fc.assert(
      fc.property(dims, seed, fc.integer({ min: 0, max: 200 }), (d, s, k) => {
        const m = make(d);
        const [x] = atoms(m, 1, s);
        const u = m.units;
        const forward = Uint32Array.from({ length: u }, (_, i) => (((i - k) % u) + u) % u);
        const inverse = new Uint32Array(u);
        for (let i = 0; i < u; i++) inverse[forward[i]] = i;
        expect(Array.from(m.permuteWith(x, { size: u, forward, inverse }))).toEqual(
          Array.from(m.permute(x, k)),
        );
      }),
      RUNS,
    );
  });

  it('unpermuteWith(permuteWith(x, p), p) = x for a random permutation p', () => {
    fc.assert(
      fc.property(dims, seed, (d, s) => {
        const m = make(d);
        const x = m.random(3, { rng: createRng(s) });
        const p = createPermutation(m.units, { rng: createRng(s + 1) });
        expect(Array.from(m.unpermuteWith(m.permuteWith(x, p), p))).toEqual(Array.from(x));
        expect(Array.from(m.permuteWith(m.unpermuteWith(x, p), p))).toEqual(Array.from(x));
      }),
      RUNS,
    );
  });

  it('bind works row by row on batches, and a single vector broadcasts', () => {
    const m = make(33);
    const a = m.random(3, { rng: createRng(1) });
    const b = m.random(1, { rng: createRng(2) });
    const batch = m.bind(a, b);
    for (let i = 0; i < 3; i++) expectEqual(name, m.row(batch, i), m.bind(m.row(a, i), b));
  });

  it('the same seed gives the same atoms; another seed different ones', () => {
    const m = make(64);
    expect(Array.from(m.random(2, { rng: createRng(5) }))).toEqual(
      Array.from(m.random(2, { rng: createRng(5) })),
    );
    expect(Array.from(m.random(2, { rng: createRng(5) }))).not.toEqual(
      Array.from(m.random(2, { rng: createRng(6) })),
    );
  });

  it('bundling is seeded: the same rng gives the same bundle', () => {
    const m = make(64);
    const x = m.random(4, { rng: createRng(8) });
    const b1 = m.bundle(x, { rng: createRng(3) });
    const b2 = m.bundle(x, { rng: createRng(3) });
    expect(Array.from(b1)).toEqual(Array.from(b2));
  });

  it('operations write into out and return it', () => {
    const m = make(33);
    const [a, b] = atoms(m, 2, 11);
    const out = m.alloc(1);
    expect(m.bind(a, b, out)).toBe(out);
    expect(m.permute(a, 3, m.alloc(1)).length).toBe(m.length);
    const sim = new Float32Array(1);
    expect(m.similarity(a, a, sim)).toBe(sim);
  });
});

const SELF_INVERSE: ModelName[] = ['MAP-B', 'MAP-I', 'BSC'];
describe.each(SELF_INVERSE)('%s: binding is self-inverse', (name) => {
  it('bind(a, a) = identity and bind(bind(a, b), b) = a', () => {
    fc.assert(
      fc.property(dims, seed, (d, s) => {
        const m = factories[name](d);
        const [a, b] = atoms(m, 2, s);
        expect(Array.from(m.bind(a, a))).toEqual(Array.from(m.identity()));
        expect(Array.from(m.bind(m.bind(a, b), b))).toEqual(Array.from(a));
      }),
      RUNS,
    );
  });
});

const EXACT_UNBIND: ModelName[] = ['MAP-B', 'MAP-I', 'BSC', 'SBC', 'FHRR'];
describe.each(EXACT_UNBIND)('%s: unbinding is exact', (name) => {
  it('unbind(bind(a, b), a) = b and bind(a, inverse(a)) = identity', () => {
    fc.assert(
      fc.property(dims, seed, (d, s) => {
        const m = factories[name](d);
        const [a, b] = atoms(m, 2, s);
        expectEqual(name, m.unbind(m.bind(a, b), a), b);
        expectEqual(name, m.bind(a, m.inverse(a)), m.identity());
      }),
      RUNS,
    );
  });
});

describe('HRR: exact inverse and unitary atoms', () => {
  it('with inverse "exact", unbind(bind(a, b), a) = b up to rounding', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 64, 100), seed, (d, s) => {
        const m = HRR({ dim: d, inverse: 'exact' });
        const [a, b] = atoms(m as VSAModel<HVArray>, 2, s) as Float32Array[];
        // Gaussian atoms may have a small frequency, which amplifies rounding: compare by cosine.
        expect(m.similarity(m.unbind(m.bind(a, b), a), b)[0]).toBeGreaterThan(0.999);
      }),
      RUNS,
    );
  });

  it('unitary atoms: the involution is the exact inverse, bind(u, involution(u)) = identity', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 64, 100), seed, (d, s) => {
        const m = HRR({ dim: d });
        const u = m.unitary(m.random(1, { rng: createRng(s) }));
        expectClose(m.bind(u, m.involution(u)), m.identity(), 1e-5);
        expectClose(m.unitary(u), u, 1e-5);
      }),
      RUNS,
    );
  });

  it('involution(involution(a)) = a and involution reverses indices 1..d-1', () => {
    const m = HRR({ dim: 5 });
    const a = Float32Array.of(1, 2, 3, 4, 5);
    expect(Array.from(m.involution(a))).toEqual([1, 5, 4, 3, 2]);
    expect(Array.from(m.involution(m.involution(a)))).toEqual([1, 2, 3, 4, 5]);
  });

  it('involution of batches, in place; an output that partly overlaps its input is refused', () => {
    for (const d of [1, 2, 5, 8, 10_000]) {
      const m = HRR({ dim: d });
      const x = m.random(3, { rng: createRng(d) });
      const want = new Float32Array(3 * d);
      for (let r = 0; r < 3; r++)
        for (let i = 0; i < d; i++) want[r * d + i] = x[r * d + ((d - i) % d)];
      expect(Array.from(m.involution(x))).toEqual(Array.from(want));
      const inPlace = x.slice();
      m.involution(inPlace, inPlace);
      expect(Array.from(inPlace)).toEqual(Array.from(want));
      // Rows 0-2 of a buffer into rows 1-3 of the same buffer: one rule for every operation
      // (the element-wise ones would read what they wrote), nothing written.
      const buf = new Float32Array(4 * d);
      buf.set(x);
      expect(() => m.involution(buf.subarray(0, 3 * d), buf.subarray(d, 4 * d))).toThrow(
        new RangeError(
          'HRR.involution: out expected the array a itself (in place) or one that does not overlap a, got an array that partly overlaps a',
        ),
      );
      expect(Array.from(buf.subarray(0, 3 * d))).toEqual(Array.from(x));
    }
  });

  it('binding is circular convolution: a hand-computed case for d = 3', () => {
    const m = HRR({ dim: 3 });
    // c_k = sum_j a_j b_(k - j mod 3): a = [1, 2, 3], b = [4, 5, 6] -> [31, 31, 28].
    expectClose(
      m.bind(Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6)),
      Float32Array.of(31, 31, 28),
      1e-4,
    );
  });
});

describe('FHRR: fractional power', () => {
  it('power(x, a) bound with power(x, b) = power(x, a + b), and power(x, 1) = x', () => {
    fc.assert(
      fc.property(
        dims,
        seed,
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (d, s, p, q) => {
          const m = FHRR({ dim: d });
          const x = m.random(1, { rng: createRng(s) });
          expectClose(m.bind(m.power(x, p), m.power(x, q)), m.power(x, p + q), 1e-4);
          expectClose(m.power(x, 1), x, 1e-6);
        },
      ),
      RUNS,
    );
  });
});

// Binding distributes over an unnormalised sum: exact for integers, up to rounding for floats.
const DISTRIBUTIVE: [ModelName, 'none'][] = [
  ['MAP-I', 'none'],
  ['MAP-C', 'none'],
  ['HRR', 'none'],
  ['FHRR', 'none'],
];
describe.each(DISTRIBUTIVE)(
  '%s: bind distributes over bundle (normalize %s)',
  (name, normalize) => {
    it('bind(c, bundle([a, b])) = bundle([bind(c, a), bind(c, b)])', () => {
      fc.assert(
        fc.property(dims, seed, (d, s) => {
          const m = factories[name](d);
          const x = m.random(3, { rng: createRng(s) });
          const c = m.row(x, 0);
          const ab = x.subarray(m.length);
          const left = m.bind(c, m.bundle(ab as HVArray, { normalize }));
          const right = m.bundle(m.bind(c, ab as HVArray), { normalize });
          if (name === 'MAP-I') expect(Array.from(left)).toEqual(Array.from(right));
          else expectClose(left, right, 1e-4);
        }),
        RUNS,
      );
    });
  },
);

describe('BSC: padding bits above d stay zero', () => {
  it.each([1, 31, 33, 63, 100])('d = %i: random, bind, permute, permuteWith, bundle', (d) => {
    const m = BSC({ dim: d });
    const x = m.random(4, { rng: createRng(d) });
    const p = createPermutation(d, { rng: createRng(1) });
    const mask = d % 32 === 0 ? 0 : ~((1 << (d % 32)) - 1) >>> 0;
    const results = [
      x,
      m.bind(m.row(x, 0), m.row(x, 1)),
      m.permute(x, 5),
      m.permute(x, -d - 3),
      m.permuteWith(x, p),
      m.bundle(x),
    ];
    for (const r of results) {
      for (let i = m.length - 1; i < r.length; i += m.length) expect((r[i] & mask) >>> 0).toBe(0);
    }
  });

  it('similarity ignores set padding bits: a vector against its bitwise NOT is 0, never below', () => {
    // d = 100 is the reviewer's case (it gave -0.28); the batches of d = 2,049 (65 words) are
    // large enough for the native kernel (4,096 word pairs) and the WebAssembly one (65,536).
    for (const [d, n] of [
      [100, 1],
      [100, 40],
      [2049, 40],
    ] as const) {
      const m = BSC({ dim: d });
      const x = m.random(n, { rng: createRng(3) });
      const not = x.map((w) => ~w >>> 0);
      const sims = m.similarity(x, not);
      const clean = m.similarity(x, x);
      for (let i = 0; i < n; i++) {
        expect(sims[i * n + i]).toBe(0);
        for (let j = 0; j < n; j++) {
          // Each pair: 1 - its clean similarity (the complement flips every one of the d bits).
          expect(sims[i * n + j]).toBeCloseTo(1 - clean[i * n + j], 6);
          expect(sims[i * n + j]).toBeGreaterThanOrEqual(0);
        }
      }
      // The inputs are left as they were (masked in a copy).
      expect((not[m.length - 1] & ~((1 << (d & 31)) - 1)) >>> 0).not.toBe(0);
    }
  });

  it('permute by one moves bit j to bit j + 1, wrapping at d (not at the word size)', () => {
    const m = BSC({ dim: 40 });
    const x = m.alloc(1);
    x[1] = 1 << 7; // bit 39, the last valid bit
    const y = m.permute(x, 1);
    expect(Array.from(y)).toEqual([1, 0]);
    expect(Array.from(m.permute(y, -1))).toEqual(Array.from(x));
  });
});

describe('MAP-B: bundling', () => {
  it('sign of the sum: [1, 1, -1, 1] + [1, -1, -1, -1] gives +1 and -1 where decided', () => {
    const m = MAP({ dim: 4, variant: 'B' });
    const b = m.bundle(Int8Array.of(1, 1, -1, 1, 1, -1, -1, -1), { rng: createRng(1) });
    expect([b[0], b[2]]).toEqual([1, -1]);
    expect([Math.abs(b[1]), Math.abs(b[3])]).toEqual([1, 1]);
  });

  it('ties (x with -x) take a fair seeded coin: about half +1, 4 sigma', () => {
    const m = MAP({ dim: 4000, variant: 'B' });
    const x = m.random(1, { rng: createRng(2) });
    const rows = new Int8Array(8000);
    rows.set(x);
    for (let i = 0; i < 4000; i++) rows[4000 + i] = -x[i];
    const b = m.bundle(rows, { rng: createRng(9) });
    const plus = b.reduce((s, v) => s + (v === 1 ? 1 : 0), 0);
    // Binomial(4000, 1/2): sd = sqrt(1000) = 31.6, 4 sigma = 126.
    expect(Math.abs(plus - 2000)).toBeLessThan(126);
    expect(Array.from(m.bundle(rows, { rng: createRng(9) }))).toEqual(Array.from(b));
    expect(Array.from(m.bundle(rows, { rng: createRng(10) }))).not.toEqual(Array.from(b));
  });
});

describe('SBC: bundling', () => {
  it('per-segment vote and arg-max; weights change the winner', () => {
    const m = SBC({ segments: 2, blockSize: 8 });
    const rows = Uint16Array.of(1, 2, 1, 3, 4, 3);
    expect(Array.from(m.bundle(rows))).toEqual([1, 3]);
    expect(Array.from(m.bundle(rows, { weights: [1, 1, 3] }))).toEqual([4, 3]);
  });
});

describe('createPermutation with cycle: true (Sattolo)', () => {
  it('is one cycle through every position: no power below size has a fixed point', () => {
    for (const size of [2, 3, 7, 64, 1000]) {
      for (const seed of [1, 2, 3]) {
        const { forward } = createPermutation(size, { rng: createRng(seed), cycle: true });
        // follow the cycle from 0: it closes after exactly `size` steps
        let at = 0;
        let steps = 0;
        do {
          at = forward[at];
          steps++;
        } while (at !== 0 && steps <= size);
        expect(steps, `size ${size}, seed ${seed}`).toBe(size);
      }
    }
    // a plain random permutation has fixed points (one on average): 1000 positions, 3 seeds
    const fixed = [1, 2, 3].map(
      (seed) =>
        createPermutation(1000, { rng: createRng(seed) }).forward.filter((v, i) => v === i).length,
    );
    expect(fixed.some((f) => f > 0)).toBe(true);
    expect(() => createPermutation(4, { rng: createRng(1), cycle: 'yes' as never })).toThrow(
      'createPermutation: options.cycle expected a boolean, got "yes"',
    );
  });

  it('every cycle is equally likely (6 cycles of 4 positions, 6000 draws)', () => {
    const rng = createRng(9);
    const counts = new Map<string, number>();
    for (let t = 0; t < 6000; t++) {
      const key = Array.from(createPermutation(4, { rng, cycle: true }).forward).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // (4 - 1)! = 6 cycles, 1000 each expected; 5 standard deviations of a binomial count
    expect(counts.size).toBe(6);
    for (const c of counts.values())
      expect(Math.abs(c - 1000)).toBeLessThan(5 * Math.sqrt(1000 * (5 / 6)));
  });
});
