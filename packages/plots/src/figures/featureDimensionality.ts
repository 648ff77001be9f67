import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions } from '../types.js';
import {
  checkKeys,
  fail,
  optionKeys,
  toFiniteArray,
  toFiniteNumber,
  toNonEmptyArray,
  toText,
} from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { extent, logAxis, logTicks, padTop } from '../svg.js';
import { theme } from '../theme.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * One trained instance: its sparsity and its features' dimensionalities.
 *
 * @example
 * ```ts
 * const inst: DimensionalityInstance = { sparsity: 0.9, featureDimensionality: [0.5, 0.5], dimensionsPerFeature: 0.5 };
 * ```
 */
export interface DimensionalityInstance {
  /** Sparsity S in [0, 1) (probability that a feature is zero); the x axis is 1 / (1 - S). */
  sparsity: number;
  /** Feature dimensionality D_i of each feature (`[nFeatures]`, at least one), e.g. from the interference metrics. */
  featureDimensionality: ArrayLike<number>;
  /** Dimensions per feature D* = m / ||W||_F^2 of the instance (optional: the top panel shows it). */
  dimensionsPerFeature?: number;
  /**
   * The series the instance belongs to, e.g. the value of a second swept parameter
   * (`'λ = 0.01'`; a number stands for its decimal text). The D* line joins the instances of one
   * series in order of sparsity (one line per series, never across them); with 2 to 8 series
   * each gets its own colour, in both panels and in the legend. Give it to every instance or to
   * none. Default: every instance in one series.
   */
  series?: string | number;
}

/**
 * Options of {@link featureDimensionality}.
 *
 * @example
 * ```ts
 * const o: FeatureDimensionalityOptions = { fractions: [{ value: 0.5, label: '1/2' }] };
 * ```
 */
export interface FeatureDimensionalityOptions extends FigureOptions {
  /** Fractions drawn as labelled horizontal guides. Default: the paper's 1, 3/4, 2/3, 1/2, 2/5, 3/8, 1/3. */
  fractions?: readonly { value: number; label: string }[];
}

/**
 * Every key of {@link FeatureDimensionalityOptions}, the common ones first:
 * {@link featureDimensionality} refuses any other. Typed so that it cannot drift from the
 * interface.
 * @internal
 */
export const FEATURE_DIMENSIONALITY_OPTION_KEYS: readonly string[] =
  optionKeys<FeatureDimensionalityOptions>({
    ...FIGURE_OPTIONS,
    fractions: true,
  });

/**
 * Every key of one of {@link FeatureDimensionalityOptions.fractions}: each refuses any other.
 * @internal
 */
export const FRACTION_KEYS: readonly string[] = optionKeys<
  NonNullable<FeatureDimensionalityOptions['fractions']>[number]
>({ value: true, label: true });

/** The sticky fractions the paper found (tetrahedron 3/4, triangle 2/3, antipodal 1/2, pentagon 2/5, square antiprism 3/8). */
const FRACTIONS: readonly { value: number; label: string }[] = [
  { value: 1, label: '1' },
  { value: 3 / 4, label: '3/4' },
  { value: 2 / 3, label: '2/3' },
  { value: 1 / 2, label: '1/2' },
  { value: 2 / 5, label: '2/5' },
  { value: 3 / 8, label: '3/8' },
  { value: 1 / 3, label: '1/3' },
];

/** Check the fractions option: an array of `{ value, label }` with values in [0, 1]. */
function toFractions(fn: string, value: unknown): { value: number; label: string }[] {
  if (!Array.isArray(value))
    fail(fn, 'options.fractions', 'an array of { value, label }', value, 'type');
  return value.map((f: unknown, k) => {
    if (f === null || typeof f !== 'object')
      fail(fn, `options.fractions[${k}]`, 'an object { value, label }', f, 'type');
    checkKeys(fn, `options.fractions[${k}]`, f, FRACTION_KEYS);
    const { value: v, label } = f as { value?: unknown; label?: unknown };
    return {
      // a guide is drawn in the panel of D_i, which lies in [0, 1]
      value: toFiniteNumber(fn, `options.fractions[${k}].value`, v, { min: 0, max: 1 }),
      label: toText(fn, `options.fractions[${k}].label`, label, String(v)),
    };
  });
}

interface Point {
  x: number;
  d: number;
  feature: number;
  color: string;
}

interface PerFeature {
  x: number;
  dstar: number;
  series: string;
  color: string;
}

/**
 * Feature dimensionality: each feature's dimensionality D_i against 1 / (1 - S) on a log axis,
 * with horizontal guides at the fractions where the paper found features to cluster, and (top
 * panel, when given) the dimensions per feature D* = m / ||W||_F^2, sticky at 1 and 1/2
 * (Elhage et al. 2022, "Toy Models of Superposition", section "The Geometry of Superposition").
 *
 * @param instances - one {@link DimensionalityInstance} per trained instance (any order),
 *   optionally grouped into series (one D* line each).
 * @param options - see {@link FeatureDimensionalityOptions}; default size 640 x 560
 *   (640 x 380 without dimensions per feature).
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on an empty list, an instance without features, a sparsity
 *   outside [0, 1), non-finite values, a negative D_i or D*, fractions that are not
 *   `{ value, label }` objects or whose value is outside [0, 1].
 * @example
 * ```ts
 * const svg = featureDimensionality(
 *   [
 *     { sparsity: 0, featureDimensionality: [1, 1, 0, 0], dimensionsPerFeature: 1 },
 *     { sparsity: 0.9, featureDimensionality: [0.5, 0.5, 0.5, 0.5], dimensionsPerFeature: 0.5 },
 *   ],
 *   { document: createDocument() },
 * );
 * ```
 */
export function featureDimensionality(
  instances: readonly DimensionalityInstance[],
  options: FeatureDimensionalityOptions = {},
): SVGSVGElement {
  const fn = 'featureDimensionality';
  const o = checkOptions(fn, options, FEATURE_DIMENSIONALITY_OPTION_KEYS);
  const list = toNonEmptyArray<DimensionalityInstance>(fn, 'instances', instances);
  const seriesOf = list.map((inst, k) => {
    if (inst === null || typeof inst !== 'object') {
      fail(fn, `instances[${k}]`, 'an object { sparsity, featureDimensionality }', inst, 'type');
    }
    return toText(fn, `instances[${k}].series`, inst.series, '');
  });
  // a series for some instances and not for others would group the rest under a nameless one
  const named = list.map((inst) => inst.series !== undefined);
  if (named.some(Boolean) && !named.every(Boolean)) {
    const k = named.indexOf(!named[0]);
    fail(
      fn,
      `instances[${k}].series`,
      named[0] ? 'a series, as instances[0] has' : 'no series, as instances[0] has none',
      list[k].series,
      'type',
    );
  }
  // Series in order of first appearance; a colour each where there are 2 to 8 of them.
  const seriesNames = [...new Set(seriesOf)];
  const colored = seriesNames.length > 1 && seriesNames.length <= theme.categorical.length;
  const colorOf = (series: string, fallback: string): string =>
    colored ? theme.categorical[seriesNames.indexOf(series)] : fallback;
  const points: Point[] = [];
  const perFeature: PerFeature[] = [];
  list.forEach((inst, k) => {
    const series = seriesOf[k];
    const S = toFiniteNumber(fn, `instances[${k}].sparsity`, inst.sparsity, {
      min: 0,
      max: 1,
      maxOpen: true,
    });
    const x = 1 / (1 - S);
    const D = toFiniteArray(
      fn,
      `instances[${k}].featureDimensionality`,
      inst.featureDimensionality,
    );
    if (D.length === 0) {
      fail(
        fn,
        `instances[${k}].featureDimensionality`,
        'at least one value',
        inst.featureDimensionality,
      );
    }
    D.forEach((d, feature) => {
      // D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2 is never negative: a negative value is a mix-up
      if (d < 0) fail(fn, `instances[${k}].featureDimensionality[${feature}]`, 'a value >= 0', d);
      points.push({ x, d, feature, color: colorOf(series, theme.categorical[0]) });
    });
    if (inst.dimensionsPerFeature !== undefined) {
      const dstar = toFiniteNumber(
        fn,
        `instances[${k}].dimensionsPerFeature`,
        inst.dimensionsPerFeature,
        { min: 0 },
      );
      perFeature.push({ x, dstar, series, color: colorOf(series, theme.categorical[1]) });
    }
  });
  // each series' line in order of sparsity
  perFeature.sort(
    (a, b) => seriesNames.indexOf(a.series) - seriesNames.indexOf(b.series) || a.x - b.x,
  );
  const fractions = o.fractions === undefined ? FRACTIONS : toFractions(fn, o.fractions);
  const hasTop = perFeature.length > 0;
  const r = resolveOptions(fn, o, {
    width: 640,
    height: hasTop ? 560 : 380,
    title: 'Feature dimensionality',
    legends: true,
  });
  let xmin = Infinity;
  let xmax = -Infinity;
  let dmax = 1;
  for (const p of points) {
    xmin = Math.min(xmin, p.x);
    xmax = Math.max(xmax, p.x);
    dmax = Math.max(dmax, p.d);
  }
  const xDomain = [xmin / 1.15, xmax * 1.15];
  const legendItems: SwatchItem[] = colored
    ? [
        // one entry per series, in its colour: the dots below and the D* line above
        ...seriesNames.map((series, k) => ({
          label: series,
          color: theme.categorical[k],
          shape: hasTop ? ('line' as const) : ('dot' as const),
        })),
        {
          label: hasTop ? 'dots: D_i of one feature; lines: D*' : 'D_i of one feature',
          color: theme.mutedColor,
          shape: 'dot' as const,
        },
      ]
    : [
        { label: 'D_i of one feature', color: theme.categorical[0], shape: 'dot' as const },
        ...(hasTop
          ? [
              {
                label:
                  seriesNames.length > 1
                    ? `dimensions per feature D* (${seriesNames.length} series)`
                    : 'dimensions per feature D*',
                color: theme.categorical[1],
                shape: 'line' as const,
              },
            ]
          : []),
      ];
  legendItems.push({
    label: 'fractions the paper found',
    color: theme.guideColor,
    shape: 'dash' as const,
  });
  const legend = swatchLegend(r.doc, legendItems, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const available = r.height - r.top;
  const topH = hasTop ? Math.round(available * 0.36) : 0;
  const margins = { marginLeft: 56, marginRight: 64 };
  const panels = [];
  if (hasTop) {
    const top = renderPanel(
      panelOptions(r.doc, r.width, topH, {
        ...margins,
        marginTop: 26,
        marginBottom: 26,
        x: { type: 'log', domain: xDomain, axis: null, ticks: logTicks(xDomain[0], xDomain[1]) },
        color: { type: 'identity' },
        y: {
          domain: [0, Math.max(1.1, padTop(extent(perFeature.map((d) => d.dstar))[1], 1.05))],
          label: 'D* = m / ‖W‖²_F',
          ticks: 4,
          grid: true,
        },
        marks: [
          Plot.ruleY([1, 0.5], { stroke: theme.guideColor, strokeDasharray: '3,3' }),
          Plot.line(perFeature, {
            x: 'x',
            y: 'dstar',
            z: 'series',
            stroke: 'color',
            strokeWidth: 1.5,
          }),
          Plot.dot(perFeature, {
            x: 'x',
            y: 'dstar',
            fill: 'color',
            r: 3,
            title: (p: PerFeature) =>
              `${p.series ? `${p.series}, ` : ''}1/(1-S) = ${p.x.toPrecision(3)}: D* = ${p.dstar.toFixed(3)}`,
          }),
        ],
      }),
    );
    panels.push({ plot: top, x: 0, y: r.top });
  }
  const bottom = renderPanel(
    panelOptions(r.doc, r.width, available - topH, {
      ...margins,
      marginTop: hasTop ? 22 : 26,
      x: {
        type: 'log',
        domain: xDomain,
        label: '1 / (1 − S)  (log; S = sparsity)',
        ...logAxis(xDomain[0], xDomain[1]),
      },
      y: { domain: [0, padTop(dmax, 1.05)], label: 'feature dimensionality D_i', ticks: 5 },
      color: { type: 'identity' },
      marks: [
        Plot.ruleY(fractions, { y: 'value', stroke: theme.guideColor, strokeDasharray: '3,3' }),
        // two columns of labels so that close fractions (2/5, 3/8) do not overlap
        ...[0, 1].map((parity) =>
          Plot.text(
            fractions.filter((_, k) => k % 2 === parity),
            {
              y: 'value',
              text: 'label',
              frameAnchor: 'right',
              textAnchor: 'start',
              dx: parity ? 30 : 6,
              fill: theme.mutedColor,
            },
          ),
        ),
        Plot.dot(points, {
          x: 'x',
          y: 'd',
          r: 2.5,
          fill: 'color',
          fillOpacity: 0.55,
          title: (p: Point) =>
            `1/(1-S) = ${p.x.toPrecision(3)}, feature ${p.feature}: D = ${p.d.toFixed(3)}`,
        }),
      ],
    }),
  );
  panels.push({ plot: bottom, x: 0, y: r.top + topH });
  return composeFigure(r.doc, {
    name: fn,
    width: r.width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Scatter of the dimensionality of ${points.length} features over ${list.length} instance(s) against ` +
        `1/(1 - S) from ${xmin.toPrecision(3)} to ${xmax.toPrecision(3)} (log axis), with guides at ` +
        `${fractions.map((f) => f.label).join(', ')}` +
        `${hasTop ? '; above, the dimensions per feature of each instance' : ''}` +
        `${seriesNames.length > 1 ? ` (${seriesNames.length} series: ${seriesNames.join(', ')})` : ''}.`,
    panels,
    legends: [legend],
  });
}
