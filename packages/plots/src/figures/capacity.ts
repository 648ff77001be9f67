import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions } from '../types.js';
import { fail, optionKeys, toFiniteArray, toNonEmptyArray, toText } from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { theme } from '../theme.js';
import { extent, logAxis, logDomain, padTop } from '../svg.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * One VSA model's capacity measurement and (optionally) its theory curve.
 *
 * @example
 * ```ts
 * const s: CapacitySeries = { model: 'MAP-I', bundleSize: [10, 30], accuracy: [1, 0.99] };
 * ```
 */
export interface CapacitySeries {
  /** Model name, e.g. `'MAP-I'`, `'BSC'`, `'HRR'`, `'FHRR'`. Default: `model <k>`. */
  model?: string;
  /** Bundle sizes K where accuracy was measured (`[k]`, positive, at least one). */
  bundleSize: ArrayLike<number>;
  /** Measured retrieval accuracy at each K (`[k]`, in [0, 1]). */
  accuracy: ArrayLike<number>;
  /**
   * Predicted accuracy (e.g. Frady, Kleyko and Sommer 2018), as curve points of equal length.
   * Leave it out (or undefined) for no theory curve; `null` is refused.
   */
  theory?: { bundleSize: ArrayLike<number>; accuracy: ArrayLike<number> };
}

/**
 * Options of {@link capacity}.
 *
 * @example
 * ```ts
 * const o: CapacityOptions = { logX: true, subtitle: 'd = 1000, N = 1000' };
 * ```
 */
export interface CapacityOptions extends FigureOptions {
  /** Log scale for the bundle size. Default: true when the sizes span more than a factor 20. */
  logX?: boolean;
}

/**
 * Every key of {@link CapacityOptions}, the common ones first: {@link capacity}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const CAPACITY_OPTION_KEYS: readonly string[] = optionKeys<CapacityOptions>({
  ...FIGURE_OPTIONS,
  logX: true,
});

interface Point {
  model: string;
  k: number;
  a: number;
}

/**
 * Capacity: retrieval accuracy against bundle size for each VSA model, measured points over the
 * theory curve (Frady, Kleyko and Sommer, Neural Computation 2018:
 * p = integral phi(h) Phi(h + sqrt(d_eff / K))^(N - 1) dh).
 *
 * @param series - one {@link CapacitySeries} per model, drawn in the theme's categorical colours.
 * @param options - see {@link CapacityOptions}; default size 600 x 420.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on an empty list, a series without bundle sizes, arrays of
 *   different lengths, accuracy outside [0, 1], a bundle size <= 0, non-finite values, a model
 *   name that is not a string, or a `theory` that is not an object.
 * @example
 * ```ts
 * const svg = capacity(
 *   [{ model: 'MAP-I', bundleSize: [10, 30, 100], accuracy: [1, 0.99, 0.6],
 *      theory: { bundleSize: [10, 30, 100], accuracy: [1, 0.985, 0.62] } }],
 *   { document: createDocument(), subtitle: 'd = 1000, N = 1000 items' },
 * );
 * ```
 */
export function capacity(
  series: readonly CapacitySeries[],
  options: CapacityOptions = {},
): SVGSVGElement {
  const fn = 'capacity';
  const o = checkOptions(fn, options, CAPACITY_OPTION_KEYS);
  const list = toNonEmptyArray<CapacitySeries>(fn, 'series', series);
  const measured: Point[] = [];
  const theory: Point[] = [];
  const check = (
    arg: string,
    model: string,
    ks: Float64Array,
    as: Float64Array,
    out: Point[],
  ): void => {
    ks.forEach((k, q) => {
      if (!(k > 0)) fail(fn, `${arg}.bundleSize[${q}]`, 'a positive bundle size', k);
      if (as[q] < 0 || as[q] > 1) fail(fn, `${arg}.accuracy[${q}]`, 'an accuracy in [0, 1]', as[q]);
      out.push({ model, k, a: as[q] });
    });
  };
  const models = list.map((s, i) => {
    if (s === null || typeof s !== 'object')
      fail(fn, `series[${i}]`, 'an object { model, bundleSize, accuracy }', s, 'type');
    const model = toText(fn, `series[${i}].model`, s.model, `model ${i}`);
    const ks = toFiniteArray(fn, `series[${i}].bundleSize`, s.bundleSize);
    if (ks.length === 0) fail(fn, `series[${i}].bundleSize`, 'at least one value', s.bundleSize);
    check(
      `series[${i}]`,
      model,
      ks,
      toFiniteArray(fn, `series[${i}].accuracy`, s.accuracy, ks.length),
      measured,
    );
    if (s.theory !== undefined) {
      // null, a number or an array would otherwise be reported as a missing theory.bundleSize
      if (s.theory === null || typeof s.theory !== 'object' || Array.isArray(s.theory)) {
        fail(
          fn,
          `series[${i}].theory`,
          'an object { bundleSize, accuracy } or undefined (no theory curve)',
          s.theory,
          'type',
        );
      }
      const tk = toFiniteArray(fn, `series[${i}].theory.bundleSize`, s.theory.bundleSize);
      const ta = toFiniteArray(fn, `series[${i}].theory.accuracy`, s.theory.accuracy, tk.length);
      check(`series[${i}].theory`, model, tk, ta, theory);
    }
    return model;
  });
  theory.sort((p, q) => p.k - q.k);
  const range = models.map((_, k) => theme.categorical[k % theme.categorical.length]);
  const [kmin, kmax] = extent(measured.concat(theory).map((p) => p.k));
  const logX = o.logX ?? kmax / kmin > 20;
  const logDomainK = logDomain(kmin, kmax);
  const r = resolveOptions(fn, o, {
    width: 600,
    height: 420,
    title: 'Capacity of bundles',
    legends: true,
  });
  const items: SwatchItem[] = models.map((label, k) => ({ label, color: range[k], shape: 'ring' }));
  if (theory.length)
    items.push({ label: 'theory (lines)', color: theme.mutedColor, shape: 'line' });
  const legend = swatchLegend(r.doc, items, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      x: logX
        ? {
            type: 'log',
            domain: logDomainK,
            label: 'bundle size K (items superposed, log)',
            ...logAxis(logDomainK[0], logDomainK[1]),
          }
        : { domain: [0, padTop(kmax, 1.02)], label: 'bundle size K (items superposed)' },
      y: {
        domain: [0, 1.02],
        label: 'retrieval accuracy (fraction correct)',
        grid: true,
        tickFormat: '.0%',
      },
      color: { type: 'ordinal', domain: models, range },
      marks: [
        Plot.line(theory, {
          x: 'k',
          y: 'a',
          z: 'model',
          stroke: 'model',
          strokeWidth: 1.75,
          strokeOpacity: 0.85,
        }),
        Plot.dot(measured, {
          x: 'k',
          y: 'a',
          stroke: 'model',
          fill: 'white',
          r: 3.5,
          strokeWidth: 1.75,
          title: (p: Point) => `${p.model}: K = ${p.k}, accuracy ${(100 * p.a).toFixed(1)}%`,
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
      `Retrieval accuracy against bundle size ${kmin} to ${kmax} for ${models.join(', ')}: ` +
        `measured points${theory.length ? ' over theory curves' : ''}.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
