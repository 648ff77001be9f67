// The Adam update on WebAssembly SIMD against its scalar fallback (bit for bit: both round
// every operation to float32), against a float64 reference (within float32 rounding), and
// Adam's known first step (each weight moves by lr against the sign of its gradient).
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { adamUpdate, setOptimScalarForTesting, type AdamUpdateArgs } from './optim.js';

function gaussian(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => scale * rng.nextNormal());
}

function state(n: number, seed: number): AdamUpdateArgs {
  const t = 7;
  const v = gaussian(n, seed + 3, 0.01);
  for (let i = 0; i < n; i++) v[i] = v[i] * v[i];
  return {
    p: gaussian(n, seed),
    g: gaussian(n, seed + 1, 0.1),
    m: gaussian(n, seed + 2, 0.01),
    v,
    beta1: 0.9,
    beta2: 0.999,
    l2: 0.01,
    decay: 1 - 1e-3 * 0.01,
    sbc2: Math.sqrt(1 - 0.999 ** t),
    eps: 1e-8,
    step: 1e-3 / (1 - 0.9 ** t),
  };
}

const copy = (a: AdamUpdateArgs): AdamUpdateArgs => ({
  ...a,
  p: a.p.slice(),
  g: a.g.slice(),
  m: a.m.slice(),
  v: a.v.slice(),
});

describe('adamUpdate', () => {
  afterEach(() => setOptimScalarForTesting(false));

  it.each([1, 3, 4, 17, 8192, 8193, 20_001])(
    'SIMD equals the scalar fallback bit for bit (n = %i)',
    (n) => {
      const a = state(n, n);
      const b = copy(a);
      adamUpdate(a);
      setOptimScalarForTesting(true);
      adamUpdate(b);
      for (const key of ['p', 'm', 'v'] as const) expect(a[key]).toEqual(b[key]);
    },
  );

  it('updates only [from, to), the same values as a whole-array update there', () => {
    const n = 20_001;
    const whole = state(n, 5);
    const part = copy(whole);
    const before = part.p.slice();
    adamUpdate(whole);
    adamUpdate({ ...part, from: 8190, to: 17_000 });
    for (let j = 0; j < n; j++) {
      const inside = j >= 8190 && j < 17_000;
      expect(part.p[j]).toBe(inside ? whole.p[j] : before[j]);
    }
  });

  it('matches a float64 reference within a few float32 roundings of each term', () => {
    const a = state(5000, 11);
    const ref = copy(a);
    adamUpdate(a);
    // Each bound: a few float32 roundings of the magnitudes that enter the sum.
    const u = 4 * 2 ** -24;
    for (let j = 0; j < 5000; j++) {
      const g = ref.g[j] + ref.l2 * ref.p[j];
      const gMag = Math.abs(ref.g[j]) + Math.abs(ref.l2 * ref.p[j]);
      const mTerms = ref.beta1 * Math.abs(ref.m[j]) + (1 - ref.beta1) * gMag;
      const m = ref.beta1 * ref.m[j] + (1 - ref.beta1) * g;
      const v = ref.beta2 * ref.v[j] + (1 - ref.beta2) * g * g;
      const upd = (ref.step * m) / (Math.sqrt(v) / ref.sbc2 + ref.eps);
      const p = ref.decay * ref.p[j] - upd;
      expect(Math.abs(a.m[j] - m)).toBeLessThanOrEqual(u * mTerms);
      expect(Math.abs(a.v[j] - v)).toBeLessThanOrEqual(3 * u * v);
      expect(Math.abs(a.p[j] - p)).toBeLessThanOrEqual(
        u * Math.abs(ref.p[j]) +
          4 * u * Math.abs(upd) +
          (ref.step * u * mTerms) / (Math.sqrt(v) / ref.sbc2),
      );
    }
  });

  it("takes Adam's first step: every weight moves by lr against its gradient's sign (1e-6)", () => {
    const n = 1001;
    const lr = 0.05;
    const p = gaussian(n, 1);
    const g = gaussian(n, 2);
    const p0 = p.slice();
    adamUpdate({
      p,
      g,
      m: new Float32Array(n),
      v: new Float32Array(n),
      beta1: 0.9,
      beta2: 0.999,
      l2: 0,
      decay: 1,
      eps: 1e-12,
      sbc2: Math.sqrt(1 - 0.999),
      step: lr / (1 - 0.9),
    });
    for (let j = 0; j < n; j++) {
      expect(p[j] - p0[j]).toBeCloseTo(-lr * Math.sign(g[j]), 6);
    }
  });

  it('names the argument and what it expected', () => {
    const a = state(10, 1);
    expect(() => adamUpdate({ ...a, g: [1, 2] as unknown as Float32Array })).toThrow(
      new TypeError('adamUpdate: args.g must be a Float32Array, got Array'),
    );
    expect(() => adamUpdate({ ...a, to: 11 })).toThrow(
      new RangeError('adamUpdate: args.p must hold at least 11 floats (args.to), got length 10'),
    );
    expect(() => adamUpdate({ ...a, from: 5, to: 4 })).toThrow(RangeError);
    expect(() => adamUpdate({ ...a, eps: Number.NaN })).toThrow(
      new RangeError('adamUpdate: args.eps must be a finite number, got NaN'),
    );
  });
});
