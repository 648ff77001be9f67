import { describe, expect, it } from 'vitest';
import { candidateLosses, superpositionThreshold, theoreticalPhase } from './theory.js';
import { classifyPhase } from './classifyPhase.js';

describe('candidateLosses (n = 2, m = 1; Elhage et al. 2022, section 4)', () => {
  it('equals the hand-computed losses at r = 2, p = 0.5', () => {
    // single = 0.5/3 - 0.25/4 = 0.1041666...
    const c = candidateLosses(2, 0.5);
    expect(c.dropFirst).toBeCloseTo(0.5 / 3 - 0.0625, 15);
    expect(c.ignoreExtra).toBeCloseTo(2 * (0.5 / 3 - 0.0625), 15);
    expect(c.antipodal).toBeCloseTo((3 * 0.25) / 6, 15);
  });

  it('meets at the triple point r = 1, p = 4/7', () => {
    const c = candidateLosses(1, 4 / 7);
    expect(c.ignoreExtra).toBeCloseTo(c.antipodal, 14);
    expect(c.dropFirst).toBeCloseTo(c.antipodal, 14);
  });

  it.each([0.1, 0.37, 0.9, 1.5, 4, 10])(
    'the threshold at r = %s is where superposition stops being cheapest',
    (r) => {
      const t = superpositionThreshold(r);
      const at = (p: number): number => {
        const c = candidateLosses(r, p);
        return c.antipodal - Math.min(c.ignoreExtra, c.dropFirst);
      };
      expect(at(t * 0.99)).toBeLessThan(0);
      expect(at(t * 1.01)).toBeGreaterThan(0);
      expect(Math.abs(at(t))).toBeLessThan(1e-12);
    },
  );

  it('gives the formulas 4r/(2+5r) below r = 1 and 4/(5+2r) above', () => {
    expect(superpositionThreshold(0.5)).toBeCloseTo(2 / 4.5, 15);
    expect(superpositionThreshold(3)).toBeCloseTo(4 / 11, 15);
    expect(superpositionThreshold(1)).toBeCloseTo(4 / 7, 15);
  });

  it('rejects bad input with messages naming the argument', () => {
    expect(() => candidateLosses(1, 2)).toThrow(
      'candidateLosses: p expected a number in [0, 1], got 2',
    );
    expect(() => superpositionThreshold(0)).toThrow(
      'superpositionThreshold: r expected a number > 0, got 0',
    );
    expect(() => theoreticalPhase(1, 0.5, 4 as 2)).toThrow(
      'theoreticalPhase: nFeatures expected 2 or 3, got 4',
    );
  });
});

describe('theoreticalPhase', () => {
  it.each([
    [0.2, 0.9, 2, 'not-represented'],
    [5, 0.9, 2, 'dedicated'],
    [1, 0.1, 2, 'superposition'],
    [0.3, 0.05, 2, 'superposition'],
    [5, 0.9, 3, 'dedicated'],
    [5, 0.05, 3, 'dedicated'],
    [0.3, 0.05, 3, 'superposition'],
    [0.2, 0.9, 3, 'not-represented'],
  ] as const)('r = %s, p = %s, n = %s: %s', (r, p, n, phase) => {
    expect(theoreticalPhase(r, p, n)).toBe(phase);
  });
});

describe('classifyPhase', () => {
  const view = (rows: number, cols: number, data: number[]) => ({
    data: Float32Array.from(data),
    rows,
    cols,
  });
  it('reads the three candidate solutions of n = 2, m = 1', () => {
    expect(classifyPhase(view(1, 2, [1, 0]))).toBe('not-represented');
    expect(classifyPhase(view(1, 2, [0, 1]))).toBe('dedicated');
    expect(classifyPhase(view(1, 2, [1, -1]))).toBe('superposition');
  });
  it('reads n = 3, m = 2: orthogonal extra is dedicated, shared direction is superposition', () => {
    // columns: (1, 0), (0, 1), (0, 0) | (1, 0), (-1, 0), (0, 1)
    expect(classifyPhase(view(2, 3, [1, 0, 0, 0, 1, 0]))).toBe('not-represented');
    expect(classifyPhase(view(2, 3, [1, -1, 0, 0, 0, 1]))).toBe('dedicated');
    expect(classifyPhase(view(2, 3, [1, 0, -1, 0, 1, 0]))).toBe('superposition');
  });
  it('rejects a length mismatch', () => {
    expect(() => classifyPhase(view(2, 3, [1, 2]))).toThrow(
      'classifyPhase: W.data expected length rows * cols (6), got Float32Array(2)',
    );
  });
  it('refuses a W that is not finite (a diverged model has no phase; NaN once read as dedicated)', () => {
    expect(() => classifyPhase(view(1, 2, [1, NaN]))).toThrow(
      'classifyPhase: W.data[1] expected finite weights (a diverged model has no phase), got NaN',
    );
    expect(() => classifyPhase(view(2, 3, [1, 0, 0, 0, Infinity, 0]))).toThrow(
      'classifyPhase: W.data[4] expected finite weights (a diverged model has no phase), got Infinity',
    );
    expect(() => classifyPhase(undefined as never)).toThrow(
      'classifyPhase: W expected a matrix view { data, rows, cols }, got undefined',
    );
    expect(() => classifyPhase(view(1, 2, [0, 1]), { treshold: 1 } as never)).toThrow(
      /^classifyPhase: options\.treshold expected one of the known options \(feature, normThreshold, interferenceThreshold\)/,
    );
    expect(() => classifyPhase(view(1, 2, [0, 1]), { normThreshold: NaN })).toThrow(
      'classifyPhase: options.normThreshold expected a finite number >= 0, got NaN',
    );
  });
});
