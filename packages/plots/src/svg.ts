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
  const raw = (max - min) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const error = raw / power;
  const step = (error >= 7.07 ? 10 : error >= 3.16 ? 5 : error >= 1.41 ? 2 : 1) * power;
  const out: number[] = [];
  const start = Math.ceil(min / step - 1e-9);
  const stop = Math.floor(max / step + 1e-9);
  for (let k = start; k <= stop; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * Round tick values for a log axis over [lo, hi]: powers of ten over many decades, then 1-3,
 * 1-2-5 or finer as the span narrows.
 * @internal
 */
export function logTicks(lo: number, hi: number): number[] {
  const span = Math.log10(hi / lo);
  const mult = span > 4 ? [1] : span > 1.6 ? [1, 3] : span > 0.7 ? [1, 2, 5] : [1, 1.5, 2, 3, 5, 7];
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of mult) {
      const v = Number((m * Math.pow(10, k)).toPrecision(6));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}

/** Log-axis options with round ticks and plain number labels (no SI prefixes). @internal */
export function logAxis(
  lo: number,
  hi: number,
): { ticks: number[]; tickFormat: (x: number) => string } {
  return { ticks: logTicks(lo, hi), tickFormat: (x: number) => formatNumber(x) };
}
