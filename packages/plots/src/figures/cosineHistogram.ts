import * as Plot from '@observablehq/plot';
import type { FigureOptions } from '../types.js';
import { fail, toFiniteArray, toFiniteNumber } from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { theme } from '../theme.js';
import { fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * Input of {@link cosineHistogram}.
 *
 * @example
 * ```ts
 * const input: CosineHistogramInput = { cosines: [0.1, -0.3], n: 3, d: 2 };
 * ```
 */
export interface CosineHistogramInput {
  /** Pairwise cosines between learned feature directions (`[k]`, each in [-1, 1]; |cos| is plotted). */
  cosines: ArrayLike<number>;
  /** Number of features n (for the Welch bound and the caption). */
  n: number;
  /** Dimension d of the space they live in. */
  d: number;
  /**
   * The density of |cos| for random directions at the same n and d, as curve points
   * (`x`: |cos| values, `density`: probability density, equal lengths). Optional.
   */
  random?: { x: ArrayLike<number>; density: ArrayLike<number> };
}

/**
 * Options of {@link cosineHistogram}.
 *
 * @example
 * ```ts
 * const o: CosineHistogramOptions = { bins: 30 };
 * ```
 */
export interface CosineHistogramOptions extends FigureOptions {
  /** Number of equal-width bins on [0, max |cos|]. Default 40. */
  bins?: number;
}

interface Bin {
  x1: number;
  x2: number;
  density: number;
  count: number;
}

/**
 * The Welch bound: the smallest possible maximum |cos| of n unit vectors in d dimensions,
 * sqrt((n - d) / (d (n - 1))), 0 when n <= d (Welch 1974). @internal
 */
export function welchBound(n: number, d: number): number {
  return n <= d ? 0 : Math.sqrt((n - d) / (d * (n - 1)));
}

/**
 * The dense regime: histogram of |cos| between learned feature directions (as a probability
 * density) against the density for random directions at the same n and d, with the Welch bound
 * marked. Dense superposition packs n >> d features at angles near 90 degrees, as random
 * vectors do (Johnson-Lindenstrauss; Elhage et al. 2022, "Toy Models of Superposition").
 *
 * @param input - see {@link CosineHistogramInput}.
 * @param options - see {@link CosineHistogramOptions}; default size 560 x 400.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on empty or non-finite cosines, a cosine outside [-1, 1],
 *   n or d not positive integers, or random-curve arrays of different lengths.
 * @example
 * ```ts
 * const svg = cosineHistogram(
 *   { cosines: [0.1, -0.2, 0.05, 0.3], n: 4, d: 2, random: { x: [0, 0.5, 1], density: [1.3, 1, 0.4] } },
 *   { document: createDocument(), bins: 10 },
 * );
 * ```
 */
export function cosineHistogram(
  input: CosineHistogramInput,
  options: CosineHistogramOptions = {},
): SVGSVGElement {
  const fn = 'cosineHistogram';
  if (input === null || typeof input !== 'object')
    fail(fn, 'input', 'an object { cosines, n, d }', input, 'type');
  const cos = toFiniteArray(fn, 'input.cosines', input.cosines);
  if (cos.length === 0) fail(fn, 'input.cosines', 'at least one cosine', input.cosines);
  const n = toFiniteNumber(fn, 'input.n', input.n, { min: 1 });
  const d = toFiniteNumber(fn, 'input.d', input.d, { min: 1 });
  if (!Number.isInteger(n)) fail(fn, 'input.n', 'a positive integer', n);
  if (!Number.isInteger(d)) fail(fn, 'input.d', 'a positive integer', d);
  const bins = options.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000)
    fail(fn, 'options.bins', 'an integer in [1, 1000]', bins);
  let hi = 0;
  for (let k = 0; k < cos.length; k++) {
    if (Math.abs(cos[k]) > 1 + 1e-6) fail(fn, `input.cosines[${k}]`, 'a cosine in [-1, 1]', cos[k]);
    hi = Math.max(hi, Math.abs(cos[k]));
  }
  let curve: { x: number; y: number }[] = [];
  if (input.random !== undefined) {
    const rx = toFiniteArray(fn, 'input.random.x', input.random?.x);
    const ry = toFiniteArray(fn, 'input.random.density', input.random?.density, rx.length);
    curve = Array.from(rx, (x, k) => ({ x, y: ry[k] }));
  }
  const welch = welchBound(n, d);
  const top = Math.min(1, Math.max(hi, welch, 1e-3) * 1.08);
  const width = top / bins;
  const histogram: Bin[] = Array.from({ length: bins }, (_, k) => ({
    x1: k * width,
    x2: (k + 1) * width,
    density: 0,
    count: 0,
  }));
  for (const c of cos) histogram[Math.min(bins - 1, Math.floor(Math.abs(c) / width))].count++;
  for (const b of histogram) b.density = b.count / (cos.length * width);
  const r = resolveOptions(fn, options, {
    width: 560,
    height: 400,
    title: 'Dense regime: angles between features',
    legends: true,
  });
  const visibleCurve = curve.filter((p) => p.x >= 0 && p.x <= top);
  const items: SwatchItem[] = [
    { label: `learned (${cos.length} pairs)`, color: theme.categorical[0], shape: 'square' },
  ];
  if (curve.length)
    items.push({ label: 'random directions', color: theme.categorical[1], shape: 'line' });
  items.push({ label: 'Welch bound', color: theme.textColor, shape: 'dash' });
  const legend = swatchLegend(r.doc, items, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      x: { domain: [0, top], label: '|cos θ| between two features' },
      y: { label: 'probability density (1 / unit of |cos|)', grid: true, nice: true },
      marks: [
        Plot.rectY(histogram, {
          x1: 'x1',
          x2: 'x2',
          y: 'density',
          fill: theme.categorical[0],
          fillOpacity: 0.75,
          inset: 0.5,
          title: (b: Bin) => `|cos| in [${b.x1.toFixed(3)}, ${b.x2.toFixed(3)}): ${b.count}`,
        }),
        Plot.line(visibleCurve, { x: 'x', y: 'y', stroke: theme.categorical[1], strokeWidth: 2 }),
        Plot.ruleX([welch], { stroke: theme.textColor, strokeDasharray: '5,3', strokeWidth: 1.5 }),
        Plot.text([welch], {
          x: (w: number) => w,
          text: () => `Welch bound ${welch.toFixed(3)}`,
          frameAnchor: 'top',
          textAnchor: 'start',
          dx: 5,
          dy: 4,
        }),
        Plot.ruleY([0]),
      ],
    }),
  );
  return composeFigure(r.doc, {
    name: fn,
    width: r.width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle ?? `n = ${n} features in d = ${d} dimensions`,
    idPrefix: r.idPrefix,
    description:
      options.description ??
      `Histogram of |cos| over ${cos.length} pairs of ${n} features in ${d} dimensions, largest ` +
        `${hi.toFixed(3)}${curve.length ? ', against the density for random directions' : ''}; ` +
        `the Welch bound ${welch.toFixed(3)} is marked.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
