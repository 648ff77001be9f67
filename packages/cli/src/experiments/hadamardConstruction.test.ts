import { createRng } from '@hyperposition/hypervector';
import { describe, expect, it } from 'vitest';
import { activation, hadamardByFourUnits, secondDerivativeAtZero } from './hadamardConstruction.js';

describe.each(['gelu', 'swish'] as const)('hadamardByFourUnits (%s)', (kind) => {
  it("matches s''(0) by a central finite difference", () => {
    const h = 1e-3;
    const fd = (activation(kind, h) - 2 * activation(kind, 0) + activation(kind, -h)) / (h * h);
    expect(fd).toBeCloseTo(secondDerivativeAtZero(kind), 5);
  });
  it('tends to u v with error shrinking about as lambda^2', () => {
    const rng = createRng(3);
    const u = Array.from({ length: 64 }, () => rng.nextNormal());
    const v = Array.from({ length: 64 }, () => rng.nextNormal());
    const err = (l: number): number => {
      const m = hadamardByFourUnits(u, v, kind, l);
      let e = 0;
      let t = 0;
      for (let i = 0; i < 64; i++) {
        e += (m[i] - u[i] * v[i]) ** 2;
        t += (u[i] * v[i]) ** 2;
      }
      return Math.sqrt(e / t);
    };
    expect(err(0.01)).toBeLessThan(1e-3);
    // Fourth-order Taylor term: halving lambda divides the error by about 4 (3 to 5 allowed).
    const ratio = err(0.2) / err(0.1);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5);
  });
});

describe('hadamardByFourUnits errors', () => {
  it('names the argument at fault', () => {
    expect(() => hadamardByFourUnits([1, 2], [1], 'gelu')).toThrow(
      'hadamardByFourUnits: v expected length 2 (like u), got 1',
    );
    expect(() => hadamardByFourUnits([1], [1], 'gelu', 0)).toThrow(
      'hadamardByFourUnits: lambda expected a number > 0, got 0',
    );
  });
});
