import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions } from '../types.js';
import {
  fail,
  optionKeys,
  toFiniteArray,
  toFiniteNumber,
  toNonEmptyArray,
  toText,
} from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { theme } from '../theme.js';
import { extent, logAxis, logDomain } from '../svg.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';
import { welchBound } from './cosineHistogram.js';

/**
 * One set of feature directions measured at several n (e.g. learned or random).
 *
 * @example
 * ```ts
 * const s: CoherenceSeries = { label: 'random', n: [20, 40], coherence: [0.55, 0.62] };
 * ```
 */
export interface CoherenceSeries {
  /** Legend label, e.g. `'learned'` or `'random'`. Default: `series <k>`. */
  label?: string;
  /** Numbers of features (`[k]`, positive, at least one). */
  n: ArrayLike<number>;
  /** Coherence max_{i != j} |cos(W_i, W_j)| at each n (`[k]`, in [0, 1]). */
  coherence: ArrayLike<number>;
}

/**
 * Options of {@link coherenceCurve}.
 *
 * @example
 * ```ts
 * const o: CoherenceCurveOptions = { d: 16 };
 * ```
 */
export interface CoherenceCurveOptions extends FigureOptions {
  /** The dimension d; when given, the Welch bound sqrt((n - d) / (d (n - 1))) is drawn. */
  d?: number;
}

/**
 * Every key of {@link CoherenceCurveOptions}, the common ones first: {@link coherenceCurve}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const COHERENCE_CURVE_OPTION_KEYS: readonly string[] = optionKeys<CoherenceCurveOptions>({
  ...FIGURE_OPTIONS,
  d: true,
});

interface Point {
  label: string;
  n: number;
  c: number;
}

/**
 * Coherence against the number of features n, one line per set of directions (learned and
 * random), with the Welch bound for dimension d: how close to orthogonal n features can be
 * packed in d dimensions (Elhage et al. 2022, "Toy Models of Superposition"; Welch 1974).
 *
 * @param series - one {@link CoherenceSeries} per set, drawn in the theme's categorical colours.
 * @param options - see {@link CoherenceCurveOptions}; default size 560 x 400.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on an empty list, a series without points, arrays of
 *   different lengths, n <= 0, a coherence outside [0, 1], non-finite values, a label that is
 *   not a string.
 * @example
 * ```ts
 * const svg = coherenceCurve(
 *   [{ label: 'random', n: [20, 40, 80], coherence: [0.55, 0.62, 0.7] }],
 *   { document: createDocument(), d: 16 },
 * );
 * ```
 */
export function coherenceCurve(
  series: readonly CoherenceSeries[],
  options: CoherenceCurveOptions = {},
): SVGSVGElement {
  const fn = 'coherenceCurve';
  const o = checkOptions(fn, options, COHERENCE_CURVE_OPTION_KEYS);
  const list = toNonEmptyArray<CoherenceSeries>(fn, 'series', series);
  const points: Point[] = [];
  const labels = list.map((s, k) => {
    if (s === null || typeof s !== 'object')
      fail(fn, `series[${k}]`, 'an object { label, n, coherence }', s, 'type');
    const label = toText(fn, `series[${k}].label`, s.label, `series ${k}`);
    const ns = toFiniteArray(fn, `series[${k}].n`, s.n);
    if (ns.length === 0) fail(fn, `series[${k}].n`, 'at least one value', s.n);
    const cs = toFiniteArray(fn, `series[${k}].coherence`, s.coherence, ns.length);
    ns.forEach((n, q) => {
      if (!(n > 0)) fail(fn, `series[${k}].n[${q}]`, 'a positive number', n);
      // a maximum |cos|, in [0, 1] up to float rounding (the axis is [0, 1])
      if (!(cs[q] >= 0 && cs[q] <= 1 + 1e-6)) {
        fail(fn, `series[${k}].coherence[${q}]`, 'a coherence in [0, 1]', cs[q]);
      }
      points.push({ label, n, c: cs[q] });
    });
    return label;
  });
  const [nmin, nmax] = extent(points.map((p) => p.n));
  const welch: { n: number; c: number }[] = [];
  const d = o.d === undefined ? undefined : toFiniteNumber(fn, 'options.d', o.d, { min: 1 });
  if (d !== undefined) {
    // geometric steps from nmin to nmax; in log space where nmax / nmin overflows
    const ratio = nmax / nmin;
    const l0 = Math.log(nmin);
    const l1 = Math.log(nmax);
    for (let q = 0; q <= 80; q++) {
      const n = Math.min(
        Number.isFinite(ratio)
          ? nmin * Math.pow(ratio, q / 80)
          : Math.exp(l0 + ((l1 - l0) * q) / 80),
        nmax,
      );
      welch.push({ n, c: welchBound(n, d) });
    }
  }
  const r = resolveOptions(fn, o, {
    width: 560,
    height: 400,
    title: 'Coherence against number of features',
    legends: true,
  });
  const xDomain = logDomain(nmin, nmax);
  const range = labels.map((_, k) => theme.categorical[k % theme.categorical.length]);
  const items: SwatchItem[] = labels.map((label, k) => ({ label, color: range[k], shape: 'line' }));
  if (d !== undefined)
    items.push({ label: `Welch bound (d = ${d})`, color: theme.textColor, shape: 'dash' });
  const legend = swatchLegend(r.doc, items, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      x: {
        type: 'log',
        domain: xDomain,
        label: 'number of features n (log)',
        ...logAxis(xDomain[0], xDomain[1]),
      },
      y: { domain: [0, 1], label: 'coherence max |cos θ|', grid: true },
      color: { type: 'ordinal', domain: labels, range },
      marks: [
        Plot.line(welch, {
          x: 'n',
          y: 'c',
          stroke: theme.textColor,
          strokeDasharray: '5,3',
          strokeWidth: 1.5,
        }),
        Plot.line(points, { x: 'n', y: 'c', z: 'label', stroke: 'label', strokeWidth: 1.75 }),
        Plot.dot(points, {
          x: 'n',
          y: 'c',
          fill: 'label',
          r: 3,
          title: (p: Point) => `${p.label}: n = ${p.n}, coherence ${p.c.toFixed(3)}`,
        }),
      ],
    }),
  );
  return composeFigure(r.doc, {
    name: fn,
    width: r.width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Line chart of coherence against n from ${nmin} to ${nmax} (log axis) for ${labels.join(', ')}` +
        `${d !== undefined ? `, with the Welch bound for d = ${d}` : ''}.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
