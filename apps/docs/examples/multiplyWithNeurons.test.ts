import { describe, expect, it } from 'vitest';
import {
  neuralProduct,
  runMultiplyWithNeurons,
  swish,
  worstProductError,
} from './multiplyWithNeurons.js';

describe('examples/multiplyWithNeurons', () => {
  it("swish has s''(0) = 1/2 (central second difference)", () => {
    const h = 1e-3;
    expect((swish(h) - 2 * swish(0) + swish(-h)) / (h * h)).toBeCloseTo(0.5, 5);
  });

  it('computes products exactly when an input is zero, and keeps the sign of the product', () => {
    expect(neuralProduct(0, 0.8)).toBeCloseTo(0, 12);
    expect(neuralProduct(0.7, 0)).toBeCloseTo(0, 12);
    expect(Math.sign(neuralProduct(0.6, -0.7))).toBe(-1);
  });

  it('has the worst error lambda^2 / 3 on [-1, 1]^2 that the Taylor series predicts', () => {
    // s(x) + s(-x) = x tanh(x / 2) = x^2/2 - x^4/24 + O(x^6), so m = uv - lambda^2 uv (u^2 + v^2) / 6 + O(lambda^4),
    // largest at u = v = +-1: lambda^2 / 3 (2% covers the O(lambda^4) term at lambda <= 0.2).
    for (const lambda of [0.2, 0.1, 0.05]) {
      expect(worstProductError(lambda) / ((lambda * lambda) / 3)).toBeCloseTo(1, 1);
    }
  });

  it('has an error that shrinks like lambda^2 (halving lambda quarters it, within 10%)', () => {
    const ratio = worstProductError(0.2) / worstProductError(0.1);
    expect(ratio).toBeGreaterThan(4 * 0.9);
    expect(ratio).toBeLessThan(4 * 1.1);
  });

  it('prints the numbers the page shows', () => {
    const out = runMultiplyWithNeurons();
    // 0.6 * -0.7 = -0.42, minus lambda^2 uv (u^2 + v^2) / 6 = -0.00059 at lambda = 0.1.
    expect(out.product).toBeCloseTo(-0.42 + (0.01 * 0.42 * 0.85) / 6, 5);
    expect(out.worstAt1).toBeGreaterThan(out.worstAt01);
  });
});
