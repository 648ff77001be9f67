/**
 * Four neurons with a smooth nonlinearity compute a product (Lin, Tegmark and Rolnick,
 * "Why does deep and cheap learning work so well?", J. Stat. Phys. 2017):
 *
 *   m(u, v) = [s(u + v) + s(-u - v) - s(u - v) - s(-u + v)] / (4 s''(0))
 *
 * The even part of s's Taylor series leaves s''(0) * 4uv; scaling the inputs by a small
 * lambda (and the output by 1/lambda^2) shrinks the error like lambda^2. For swish,
 * s(x) + s(-x) = x tanh(x/2), and the error is lambda^2 uv (u^2 + v^2) / 6 to leading order.
 */

/** Swish (SiLU): s(x) = x * sigmoid(x), with s''(0) = 1/2. */
export function swish(x: number): number {
  return x / (1 + Math.exp(-x));
}

/** The product u * v from four swish neurons, with input scale `lambda`. */
export function neuralProduct(u: number, v: number, lambda = 0.1): number {
  const s = swish;
  const [a, b] = [lambda * u, lambda * v];
  return (s(a + b) + s(-a - b) - s(a - b) - s(-a + b)) / (4 * 0.5) / (lambda * lambda);
}

/** The worst absolute error of {@link neuralProduct} on a grid of u, v in [-1, 1]. */
export function worstProductError(lambda: number, gridSize = 21): number {
  let worst = 0;
  for (let i = 0; i < gridSize; i++) {
    for (let j = 0; j < gridSize; j++) {
      const u = -1 + (2 * i) / (gridSize - 1);
      const v = -1 + (2 * j) / (gridSize - 1);
      worst = Math.max(worst, Math.abs(neuralProduct(u, v, lambda) - u * v));
    }
  }
  return worst;
}

/** The example's printed output: 0.6 * -0.7 through four neurons, and the worst errors at two scales. */
export function runMultiplyWithNeurons(): { product: number; worstAt1: number; worstAt01: number } {
  return {
    product: neuralProduct(0.6, -0.7),
    worstAt1: worstProductError(1),
    worstAt01: worstProductError(0.1),
  };
}
