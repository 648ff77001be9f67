import { fail } from './validate.js';

/** The SVG namespace. @internal */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Create an SVG element with attributes. @internal */
export function svgElement(
  doc: Document,
  name: string,
  attributes: Record<string, string | number> = {},
  text?: string,
): SVGElement {
  const el = doc.createElementNS(SVG_NS, name) as SVGElement;
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Format a number for a label: up to `digits` significant digits, no trailing zeros. @internal */
export function formatNumber(x: number, digits = 3): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e5 || abs < 1e-3)
    return x.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(digits)));
}

/**
 * Nice, round tick values covering [min, max] (about `count` of them), as in d3's `ticks`.
 * @internal
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  // max - min overflows for bounds near the largest doubles: then max / count - min / count
  const raw = Number.isFinite(max - min) ? (max - min) / count : max / count - min / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const error = raw / power;
  const step = (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1) * power;
  const out: number[] = [];
  const start = Math.ceil(min / step - 1e-9);
  const stop = Math.floor(max / step + 1e-9);
  // a step lost to underflow (subnormal bounds) would never end the loop
  if (!(step > 0 && Number.isFinite(step) && stop - start <= 10 * count)) return [min, max];
  // a span too narrow for its magnitude (1 to 1 + 2^-52): tick indices past 2^52, where k++
  // no longer moves k, and labels that would all read the same; one tick says it all
  if (Math.max(Math.abs(start), Math.abs(stop)) > 2 ** 50) return [min];
  for (let k = start; k <= stop; k++) {
    const v = Number((k * step).toPrecision(12));
    // ticks closer than 12 significant digits tell apart would carry the same label: once
    if (out.length === 0 || v !== out[out.length - 1]) out.push(v);
  }
  return out;
}

/** Most decades a log axis labels one by one; wider spans label every 2nd, 5th, ... decade. */
const MAX_LOG_DECADES = 12;

/**
 * Round tick values for a log axis over [lo, hi]: powers of ten over many decades (every k-th
 * decade past {@link MAX_LOG_DECADES}), then 1-3, 1-2-5 or finer as the span narrows. Bounded
 * for any positive finite bounds (at most about 650 decades between the smallest and the
 * largest double); refuses bounds that are not.
 * @internal
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && lo <= Number.MAX_VALUE)) fail('logTicks', 'lo', 'a finite number > 0', lo);
  if (!(hi >= lo && hi <= Number.MAX_VALUE))
    fail('logTicks', 'hi', `a finite number >= lo = ${lo}`, hi);
  const span = Math.log10(hi) - Math.log10(lo);
  const mult = span > 4 ? [1] : span > 1.6 ? [1, 3] : span > 0.7 ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
  const every = span > MAX_LOG_DECADES ? niceStep(span / MAX_LOG_DECADES) : 1;
  const out: number[] = [];
  const first = Math.floor(Math.log10(lo)) - 1;
  const last = Math.ceil(Math.log10(hi));
  for (let k = first; k <= last; k++) {
    if (k % every !== 0) continue;
    for (const m of mult) {
      const v = Number((m * Math.pow(10, k)).toPrecision(6));
      if (v > 0 && Number.isFinite(v) && v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** The smallest of 1, 2, 5, 10, 20, 50, ... that is >= x. */
function niceStep(x: number): number {
  let step = 1;
  for (let k = 0; step < x; k++) step = [1, 2, 5][k % 3] * Math.pow(10, Math.floor(k / 3));
  return step;
}

/** Below this, d3's log ticks overflow (10^-i) for domains narrower than 11 decades. */
const LOG_SAFE_MIN = 1e-290;

/**
 * A log-axis domain for data over [lo, hi] (both > 0 and finite): [lo, hi] itself, or, when
 * lo = hi, a factor of 2 either side, kept inside the range of positive doubles so that it
 * never reaches 0 or Infinity. A domain that starts below 1e-290 is widened upwards to span
 * at least 11 decades: d3's log ticks (which Plot asks for to format labels) fail on narrower
 * ones there with "Invalid array length".
 * @internal
 */
export function logDomain(lo: number, hi: number): [number, number] {
  let a = lo;
  let b = hi;
  if (!(b > a)) {
    a = Math.max(lo / 2, Number.MIN_VALUE);
    b = Math.min(hi * 2, Number.MAX_VALUE);
  }
  if (a < LOG_SAFE_MIN && b < a * 1e11) b = a * 1e11;
  return [a, b];
}

/** `x * factor` for headroom above a domain's top, capped at the largest double. @internal */
export function padTop(x: number, factor: number): number {
  return Math.min(x * factor, Number.MAX_VALUE);
}

/**
 * The smallest and largest of `values` (`[Infinity, -Infinity]` when empty), in one loop: no
 * `Math.min(...values)`, whose arguments overflow the call stack for long arrays.
 * @internal
 */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Log-axis options with round ticks and plain number labels (no SI prefixes). @internal */
export function logAxis(
  lo: number,
  hi: number,
): { ticks: number[]; tickFormat: (x: number) => string } {
  return { ticks: logTicks(lo, hi), tickFormat: (x: number) => formatNumber(x) };
}
