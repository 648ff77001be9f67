import { fail } from '../errors.js';

const SQRT2 = Math.SQRT2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) for 0 <= x < 2 by its Maclaurin series, 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)):
 * the terms stay below e^4, so it keeps about 15 significant digits (and all of them near 0,
 * where 1 - erfc(x) would keep none).
 */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/**
 * erfc(x) for x >= 0: 1 - erf(x) below 2 (where erfc(x) > 0.0046, so the subtraction loses
 * less than three digits), and beyond, where the series would lose them all, the continued
 * fraction erfc(x) = exp(-x^2)/sqrt(pi) · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) by modified
 * Lentz.
 */
function erfcPositive(x: number): number {
  if (x < 2) return 1 - erfSeries(x);
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 2000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/**
 * The complementary error function erfc(x) = 1 - erf(x), accurate to about 1e-12 relative
 * in the tails (series for |x| < 2, continued fraction beyond; Abramowitz and Stegun 7.1.5,
 * 7.1.14).
 *
 * @param x - any finite number.
 * @returns erfc(x) in [0, 2].
 * @example
 * ```ts
 * erfc(1); // returns 0.15729920705028522 (exact: 0.15729920705028513...)
 * ```
 */
export function erfc(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) fail('erfc', 'x', 'a number', x, 'type');
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/**
 * The error function erf(x) (see {@link erfc} for the method).
 *
 * @param x - any number.
 * @returns erf(x) in [-1, 1].
 * @example
 * ```ts
 * erf(0.5); // returns 0.5204998778130465
 * erf(1e-20); // returns 1.1283791670955125e-20 (2x/sqrt(pi) near 0)
 * ```
 */
export function erf(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) fail('erf', 'x', 'a number', x, 'type');
  const ax = Math.abs(x);
  // the series directly (no 1 - erfc cancellation: erf(1e-20) is 1.13e-20, not 0)
  const r = ax < 2 ? erfSeries(ax) : ax === Infinity ? 1 : 1 - erfcPositive(ax);
  return x < 0 ? -r : r;
}

/**
 * Standard normal density phi(x) = exp(-x^2/2) / sqrt(2 pi).
 *
 * @param x - any number.
 * @returns phi(x).
 * @example
 * ```ts
 * normalPdf(0); // returns 0.3989422804014327
 * ```
 */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal distribution Phi(x) = erfc(-x / sqrt 2) / 2, accurate in both tails.
 *
 * @param x - any number.
 * @returns Phi(x) in [0, 1].
 * @example
 * ```ts
 * normalCdf(1.959963984540054); // returns 0.975 (to 1e-12)
 * ```
 */
export function normalCdf(x: number): number {
  if (typeof x !== 'number' || Number.isNaN(x)) fail('normalCdf', 'x', 'a number', x, 'type');
  return 0.5 * erfc(-x / SQRT2);
}
