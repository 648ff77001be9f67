/** Activations for which the four-unit product construction applies (s''(0) != 0). */
export type SmoothActivation = 'gelu' | 'swish';

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse for the cancellation here; use the series /
  // continued-fraction pair via the complementary error function.
  const t = Math.abs(x);
  let r: number;
  if (t < 2.5) {
    let term = t;
    let sum = t;
    for (let k = 1; k < 60; k++) {
      term *= (-t * t) / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // Lentz continued fraction for erfc.
    let f = t;
    let C = t;
    let D = 0;
    for (let k = 1; k < 200; k++) {
      const a = k / 2;
      D = t + a * D;
      D = D === 0 ? 1e-300 : 1 / D;
      C = t + a / C;
      const delta = C * D;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    r = 1 - Math.exp(-t * t) / (f * Math.sqrt(Math.PI));
  }
  return x < 0 ? -r : r;
}

/**
 * The activation s(x): GELU x Phi(x) (exact, with erf) or Swish x sigma(x).
 *
 * @param kind - `'gelu'` or `'swish'`.
 * @param x - input.
 * @returns s(x).
 * @example
 * ```ts
 * activation('swish', 0); // returns 0
 * ```
 */
export function activation(kind: SmoothActivation, x: number): number {
  if (kind === 'gelu') return 0.5 * x * (1 + erf(x * SQRT1_2));
  return x / (1 + Math.exp(-x));
}

/**
 * s''(0) of the activation: 2 phi(0) = sqrt(2/pi) for GELU, 1/2 for Swish.
 *
 * @param kind - `'gelu'` or `'swish'`.
 * @returns s''(0).
 * @example
 * ```ts
 * secondDerivativeAtZero('swish'); // returns 0.5
 * ```
 */
export function secondDerivativeAtZero(kind: SmoothActivation): number {
  return kind === 'gelu' ? 2 * INV_SQRT_2PI : 0.5;
}

/**
 * Elementwise product by four hidden units per dimension (Lin, Tegmark and Rolnick 2017,
 * "Why does deep and cheap learning work so well?"): with inputs scaled by lambda,
 * m(u, v) = [s(l(u+v)) + s(-l(u+v)) - s(l(u-v)) - s(-l(u-v))] / (4 s''(0) l^2), which tends to
 * u v as lambda -> 0 (error O(lambda^2) for smooth s). This is exactly a one-hidden-layer MLP of
 * width 4d with fixed weights.
 *
 * @param u - first vector, length d.
 * @param v - second vector, length d.
 * @param kind - smooth activation.
 * @param lambda - input scale (> 0); smaller is more accurate until float rounding dominates.
 * @returns the approximate product, length d.
 * @throws RangeError when lengths differ or lambda <= 0.
 * @example
 * ```ts
 * hadamardByFourUnits([0.5, -1], [2, 0.3], 'gelu', 0.01); // about [1, -0.3]
 * ```
 */
export function hadamardByFourUnits(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  kind: SmoothActivation,
  lambda = 0.1,
): Float64Array {
  const fn = 'hadamardByFourUnits';
  if (u.length !== v.length)
    throw new RangeError(`${fn}: v expected length ${u.length} (like u), got ${v.length}`);
  if (!(lambda > 0)) throw new RangeError(`${fn}: lambda expected a number > 0, got ${lambda}`);
  if (kind !== 'gelu' && kind !== 'swish')
    throw new RangeError(`${fn}: kind expected 'gelu' or 'swish', got ${String(kind)}`);
  const c = 1 / (4 * secondDerivativeAtZero(kind) * lambda * lambda);
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) {
    const a = lambda * (u[i] + v[i]);
    const b = lambda * (u[i] - v[i]);
    out[i] =
      c * (activation(kind, a) + activation(kind, -a) - activation(kind, b) - activation(kind, -b));
  }
  return out;
}
