import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions } from '../types.js';
import { fail, optionKeys, toFiniteArray, toText } from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { theme } from '../theme.js';
import { extent, padTop } from '../svg.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * Per-feature points: each feature's sparsity and the interference it suffers.
 *
 * @example
 * ```ts
 * const p: InterferencePoints = { sparsity: [0, 0.9], interference: [0, 0.4] };
 * ```
 */
export interface InterferencePoints {
  /** Legend label. Default `'features'` (main) or `'baseline'`. */
  label?: string;
  /** Sparsity S_i of each feature (`[n]`, in [0, 1], at least one). */
  sparsity: ArrayLike<number>;
  /** Interference of each feature (`[n]`, >= 0), e.g. sum_{j != i} (W_i_hat . W_j)^2. */
  interference: ArrayLike<number>;
}

/**
 * Input of {@link sparseInterference}.
 *
 * @example
 * ```ts
 * const input: SparseInterferenceInput = { points: { sparsity: [0.9], interference: [0.4] } };
 * ```
 */
export interface SparseInterferenceInput {
  /** The features of the model under study (drawn as filled dots). */
  points: InterferencePoints;
  /** A baseline to compare with (e.g. random directions, or a dense model): hollow dots and a line. */
  baseline?: InterferencePoints;
}

/**
 * Options of {@link sparseInterference}.
 *
 * @example
 * ```ts
 * const o: SparseInterferenceOptions = { yLabel: 'interference (squared overlap)' };
 * ```
 */
export interface SparseInterferenceOptions extends FigureOptions {
  /**
   * Label of the sparsity axis, for a sparsity of another kind than a feature's probability of
   * being zero (e.g. the Hoyer sparsity of a direction, also in [0, 1]). Default:
   * `'sparsity S_i of the feature (probability of zero)'`.
   */
  xLabel?: string;
  /** Label of the interference axis (with its unit). Default: `'interference Σⱼ (Ŵᵢ·Wⱼ)²'`. */
  yLabel?: string;
}

/**
 * Every key of {@link SparseInterferenceOptions}, the common ones first: {@link sparseInterference}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const SPARSE_INTERFERENCE_OPTION_KEYS: readonly string[] =
  optionKeys<SparseInterferenceOptions>({
    ...FIGURE_OPTIONS,
    xLabel: true,
    yLabel: true,
  });

interface Point {
  series: string;
  s: number;
  v: number;
  feature: number;
}

function pointsOf(fn: string, arg: string, input: InterferencePoints, fallback: string): Point[] {
  if (input === null || typeof input !== 'object')
    fail(fn, arg, 'an object { sparsity, interference }', input, 'type');
  const s = toFiniteArray(fn, `${arg}.sparsity`, input.sparsity);
  if (s.length === 0) fail(fn, `${arg}.sparsity`, 'at least one value', input.sparsity);
  const v = toFiniteArray(fn, `${arg}.interference`, input.interference, s.length);
  s.forEach((x, k) => {
    if (x < 0 || x > 1) fail(fn, `${arg}.sparsity[${k}]`, 'a sparsity in [0, 1]', x);
    // a sum of squares: a negative value is a mix-up (and would fall below the axis)
    if (v[k] < 0) fail(fn, `${arg}.interference[${k}]`, 'an interference >= 0', v[k]);
  });
  const series = toText(fn, `${arg}.label`, input.label, fallback);
  return Array.from(s, (x, k) => ({ series, s: x, v: v[k], feature: k }));
}

/**
 * Sparse directions: the interference each feature suffers against its own sparsity, for
 * models whose features differ in sparsity, with a baseline series for comparison (Elhage et
 * al. 2022, "Toy Models of Superposition": sparser features tolerate more interference, so
 * they are the ones put in superposition).
 *
 * @param input - see {@link SparseInterferenceInput}.
 * @param options - see {@link SparseInterferenceOptions}; default size 560 x 400.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on arrays of different lengths, an empty `points` or
 *   `baseline` (no values), a sparsity outside [0, 1], a negative interference, non-finite
 *   values.
 * @example
 * ```ts
 * const svg = sparseInterference(
 *   { points: { sparsity: [0, 0.5, 0.9], interference: [0, 0.2, 0.6] },
 *     baseline: { label: 'random', sparsity: [0, 0.5, 0.9], interference: [0.3, 0.3, 0.3] } },
 *   { document: createDocument() },
 * );
 * ```
 */
export function sparseInterference(
  input: SparseInterferenceInput,
  options: SparseInterferenceOptions = {},
): SVGSVGElement {
  const fn = 'sparseInterference';
  const o = checkOptions(fn, options, SPARSE_INTERFERENCE_OPTION_KEYS);
  if (input === null || typeof input !== 'object')
    fail(fn, 'input', 'an object { points, baseline? }', input, 'type');
  const main = pointsOf(fn, 'input.points', input.points, 'features');
  const base =
    input.baseline === undefined ? [] : pointsOf(fn, 'input.baseline', input.baseline, 'baseline');
  base.sort((a, b) => a.s - b.s);
  const xLabel = toText(
    fn,
    'options.xLabel',
    o.xLabel,
    'sparsity S_i of the feature (probability of zero)',
  );
  const yLabel = toText(fn, 'options.yLabel', o.yLabel, 'interference Σⱼ (Ŵᵢ·Wⱼ)²');
  const r = resolveOptions(fn, o, {
    width: 560,
    height: 400,
    title: 'Interference against sparsity',
    legends: true,
  });
  const ymax = Math.max(1e-9, extent(main.concat(base).map((p) => p.v))[1]);
  const mainColor = theme.categorical[0];
  const baseColor = theme.categorical[1];
  const items: SwatchItem[] = [{ label: main[0].series, color: mainColor, shape: 'dot' }];
  if (base.length) items.push({ label: base[0].series, color: baseColor, shape: 'ring' });
  const legend = swatchLegend(r.doc, items, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      x: { domain: [0, 1], label: xLabel },
      y: {
        domain: [0, padTop(ymax, 1.08)],
        label: yLabel,
        grid: true,
      },
      marks: [
        Plot.line(base, {
          x: 's',
          y: 'v',
          stroke: baseColor,
          strokeWidth: 1.25,
          strokeOpacity: 0.8,
        }),
        Plot.dot(base, { x: 's', y: 'v', stroke: baseColor, r: 3, strokeWidth: 1.25 }),
        Plot.dot(main, {
          x: 's',
          y: 'v',
          fill: mainColor,
          r: 3.5,
          fillOpacity: 0.85,
          title: (p: Point) =>
            `feature ${p.feature}: S = ${p.s.toFixed(3)}, interference ${p.v.toFixed(3)}`,
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
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Scatter of the interference of ${main.length} features against their sparsity` +
        `${base.length ? `, with a baseline series of ${base.length} points` : ''}.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
