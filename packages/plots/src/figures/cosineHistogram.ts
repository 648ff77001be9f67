import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions } from '../types.js';
import { fail, failText, optionKeys, toFiniteArray, toFiniteNumber } from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { theme } from '../theme.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * Input of {@link cosineHistogram}.
 *
 * @example
 * ```ts
 * const input: CosineHistogramInput = { cosines: [0.1, -0.3], n: 3, d: 2 };
 * ```
 */
export interface CosineHistogramInput {
  /**
   * Pairwise cosines between learned feature directions (`[k]`, each in [-1, 1]; |cos| is
   * binned). Give either `cosines` or `histogram`.
   */
  cosines?: ArrayLike<number>;
  /**
   * A histogram of |cos| already binned, e.g. `absCosDistribution(W).histogram` from the
   * interference metrics: `edges` (`[bins + 1]`, increasing, in [0, 1]) and `counts` (`[bins]`).
   */
  histogram?: { edges: ArrayLike<number>; counts: ArrayLike<number> };
  /** Number of features n (for the Welch bound and the caption). */
  n: number;
  /** Dimension d of the space they live in. */
  d: number;
  /**
   * The |cos| law of random directions at the same n and d (optional): curve points (`x`: |cos|
   * values, `density`: probability density, equal lengths), or, with `histogram`, the expected
   * fraction of pairs per bin (`fractions`: `[bins]`, e.g. `randomAbsCosStats(n, d, { edges })`).
   */
  random?: { x: ArrayLike<number>; density: ArrayLike<number> } | { fractions: ArrayLike<number> };
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

/**
 * Every key of {@link CosineHistogramOptions}, the common ones first: {@link cosineHistogram}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const COSINE_HISTOGRAM_OPTION_KEYS: readonly string[] = optionKeys<CosineHistogramOptions>({
  ...FIGURE_OPTIONS,
  bins: true,
});

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
  const o = checkOptions(fn, options, COSINE_HISTOGRAM_OPTION_KEYS);
  if (input === null || typeof input !== 'object')
    fail(fn, 'input', 'an object { cosines, n, d }', input, 'type');
  const n = toFiniteNumber(fn, 'input.n', input.n, { min: 1 });
  const d = toFiniteNumber(fn, 'input.d', input.d, { min: 1 });
  if (!Number.isInteger(n)) fail(fn, 'input.n', 'a positive integer', n);
  if (!Number.isInteger(d)) fail(fn, 'input.d', 'a positive integer', d);
  const welch = welchBound(n, d);
  if ((input.cosines === undefined) === (input.histogram === undefined)) {
    failText(
      fn,
      'input',
      'exactly one of cosines and histogram',
      input.cosines ? 'both' : 'neither',
    );
  }
  let histogram: Bin[];
  let total = 0;
  let top: number;
  let hi = 0;
  if (input.cosines !== undefined) {
    const cos = toFiniteArray(fn, 'input.cosines', input.cosines);
    if (cos.length === 0) fail(fn, 'input.cosines', 'at least one cosine', input.cosines);
    const bins = o.bins ?? 40;
    if (!Number.isInteger(bins) || bins < 1 || bins > 1000) {
      fail(fn, 'options.bins', 'an integer in [1, 1000]', bins);
    }
    for (let k = 0; k < cos.length; k++) {
      if (Math.abs(cos[k]) > 1 + 1e-6)
        fail(fn, `input.cosines[${k}]`, 'a cosine in [-1, 1]', cos[k]);
      hi = Math.max(hi, Math.abs(cos[k]));
    }
    top = Math.min(1, Math.max(hi, welch, 1e-3) * 1.08);
    const width = top / bins;
    histogram = Array.from({ length: bins }, (_, k) => ({
      x1: k * width,
      x2: (k + 1) * width,
      density: 0,
      count: 0,
    }));
    for (const c of cos) histogram[Math.min(bins - 1, Math.floor(Math.abs(c) / width))].count++;
    total = cos.length;
  } else {
    const h = input.histogram;
    if (h === null || typeof h !== 'object')
      fail(fn, 'input.histogram', 'an object { edges, counts }', h, 'type');
    const counts = toFiniteArray(fn, 'input.histogram.counts', h.counts);
    if (counts.length === 0) fail(fn, 'input.histogram.counts', 'at least one bin', h.counts);
    const edges = toFiniteArray(fn, 'input.histogram.edges', h.edges, counts.length + 1);
    for (let k = 0; k < edges.length; k++) {
      if (edges[k] < 0 || edges[k] > 1 + 1e-9 || (k > 0 && !(edges[k] > edges[k - 1]))) {
        fail(fn, `input.histogram.edges[${k}]`, 'increasing edges in [0, 1]', edges[k]);
      }
    }
    histogram = Array.from(counts, (count, k) => {
      if (count < 0) fail(fn, `input.histogram.counts[${k}]`, 'a count >= 0', count);
      total += count;
      if (count > 0) hi = edges[k + 1];
      return { x1: edges[k], x2: edges[k + 1], density: 0, count };
    });
    if (!(total > 0)) failText(fn, 'input.histogram.counts', 'at least one pair', 'only zeros');
    top = Math.max(edges[edges.length - 1], Math.min(1, welch * 1.08));
  }
  for (const b of histogram) b.density = b.count / (total * (b.x2 - b.x1));
  let curve: { x: number; y: number }[] = [];
  const random = input.random;
  if (random !== undefined) {
    if (random === null || typeof random !== 'object') {
      fail(fn, 'input.random', 'an object { x, density } or { fractions }', random, 'type');
    }
    if ('fractions' in random) {
      if (input.histogram === undefined) {
        failText(
          fn,
          'input.random.fractions',
          'a histogram input whose bins they follow',
          'cosines',
        );
      }
      const fr = toFiniteArray(fn, 'input.random.fractions', random.fractions, histogram.length);
      // a step curve: the expected density is constant over each bin
      curve = histogram.flatMap((b, k) => [
        { x: b.x1, y: fr[k] / (b.x2 - b.x1) },
        { x: b.x2, y: fr[k] / (b.x2 - b.x1) },
      ]);
    } else {
      const rx = toFiniteArray(fn, 'input.random.x', random.x);
      const ry = toFiniteArray(fn, 'input.random.density', random.density, rx.length);
      curve = Array.from(rx, (x, k) => ({ x, y: ry[k] }));
    }
  }
  const r = resolveOptions(fn, o, {
    width: 560,
    height: 400,
    title: 'Dense regime: angles between features',
    legends: true,
  });
  // the axis starts at the first bin's edge (0 unless the histogram starts later), and reaches
  // down to the Welch bound so that its rule stays inside the frame
  const lo = Math.min(histogram[0].x1, welch);
  const visibleCurve = curve.filter((p) => p.x >= lo && p.x <= top);
  const labelLeft = welch > lo + 0.6 * (top - lo);
  const items: SwatchItem[] = [
    { label: `learned (${total} pairs)`, color: theme.categorical[0], shape: 'square' },
  ];
  if (curve.length)
    items.push({ label: 'random directions', color: theme.categorical[1], shape: 'line' });
  items.push({ label: 'Welch bound', color: theme.textColor, shape: 'dash' });
  const legend = swatchLegend(r.doc, items, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      x: {
        domain: [lo, top],
        label: '|cos θ| between two features',
      },
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
          // right of the rule, or left of it when the rule is in the right part of the axis
          // (the label would run past the frame)
          textAnchor: labelLeft ? 'end' : 'start',
          dx: labelLeft ? -5 : 5,
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
      o.description ??
      `Histogram of |cos| over ${total} pairs of ${n} features in ${d} dimensions, largest ` +
        `${hi.toFixed(3)}${curve.length ? ', against the density for random directions' : ''}; ` +
        `the Welch bound ${welch.toFixed(3)} is marked.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
