import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions } from '../types.js';
import {
  checkFiniteSpan,
  checkKeys,
  fail,
  failText,
  optionKeys,
  toFiniteArray,
  toNonEmptyArray,
  toText,
} from '../validate.js';
import { composeFigure } from '../frame.js';
import { rampLegend, swatchLegend, type Legend } from '../legend.js';
import { theme } from '../theme.js';
import { extent, logAxis, logDomain } from '../svg.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * The loss curve of one instance.
 *
 * @example
 * ```ts
 * const c: LossCurve = { label: 'S = 0.9', step: [0, 100, 200], loss: [0.1, 0.02, 0.01] };
 * ```
 */
export interface LossCurve {
  /** Legend label. Default: `instance <k>`. */
  label?: string;
  /**
   * Loss at each recorded step (`[k]`, >= 0; exact zeros are drawn at the smallest positive
   * loss), or the trainer's history records `{ step, loss }` (then `step` is not used).
   */
  loss: ArrayLike<number> | readonly { step: number; loss: number }[];
  /** The step of each loss value (`[k]`). Default: 0, 1, 2, ... */
  step?: ArrayLike<number>;
}

/**
 * Options of {@link trainingLoss}.
 *
 * @example
 * ```ts
 * const o: TrainingLossOptions = { colorBy: { label: 'sparsity S', values: [0, 0.5, 0.9] } };
 * ```
 */
export interface TrainingLossOptions extends FigureOptions {
  /** Per-instance values (e.g. sparsity) to colour on a sequential scale instead of categories. */
  colorBy?: { label: string; values: ArrayLike<number> };
}

/**
 * Every key of {@link TrainingLossOptions}, the common ones first: {@link trainingLoss}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const TRAINING_LOSS_OPTION_KEYS: readonly string[] = optionKeys<TrainingLossOptions>({
  ...FIGURE_OPTIONS,
  colorBy: true,
});

/**
 * Every key of {@link TrainingLossOptions.colorBy}: `options.colorBy` refuses any other.
 * @internal
 */
export const COLOR_BY_KEYS: readonly string[] = optionKeys<
  NonNullable<TrainingLossOptions['colorBy']>
>({ label: true, values: true });

interface Point {
  curve: string;
  index: number;
  step: number;
  loss: number;
  value: number;
}

/**
 * Training: loss curves on a log y scale, one line per instance (Elhage et al. 2022, "Toy Models
 * of Superposition": many models trained at once along an instances dimension). Up to eight
 * instances get Okabe-Ito colours and a legend; more, or `colorBy`, get a sequential scale.
 *
 * @param curves - one {@link LossCurve} per instance.
 * @param options - see {@link TrainingLossOptions}; default size 600 x 400.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on an empty list, a negative or non-finite loss, step and loss
 *   arrays of different lengths, an all-zero loss, a label that is neither a string nor a
 *   finite number (a number is written as text). Any positive finite losses draw, 5e-324 to
 *   1.8e308: the log axis stays inside the positive doubles.
 * @example
 * ```ts
 * const loss = Array.from({ length: 100 }, (_, t) => 0.1 * Math.exp(-t / 30) + 1e-3);
 * const svg = trainingLoss([{ label: 'S = 0.9', loss }], { document: createDocument() });
 * ```
 */
export function trainingLoss(
  curves: readonly LossCurve[],
  options: TrainingLossOptions = {},
): SVGSVGElement {
  const fn = 'trainingLoss';
  const o = checkOptions(fn, options, TRAINING_LOSS_OPTION_KEYS);
  const list = toNonEmptyArray<LossCurve>(fn, 'curves', curves);
  let colorValues: Float64Array | undefined;
  let colorLabel = 'instance';
  if (o.colorBy !== undefined) {
    if (o.colorBy === null || typeof o.colorBy !== 'object')
      fail(fn, 'options.colorBy', 'an object { label, values }', o.colorBy, 'type');
    checkKeys(fn, 'options.colorBy', o.colorBy, COLOR_BY_KEYS);
    colorValues = toFiniteArray(fn, 'options.colorBy.values', o.colorBy.values, list.length);
    checkFiniteSpan(fn, 'options.colorBy.values', colorValues);
    colorLabel = toText(fn, 'options.colorBy.label', o.colorBy.label, colorLabel);
  }
  const points: Point[] = [];
  let minPositive = Infinity;
  const labels: string[] = [];
  list.forEach((c, k) => {
    if (c === null || typeof c !== 'object')
      fail(fn, `curves[${k}]`, 'an object { loss, step? }', c, 'type');
    const records = Array.isArray(c.loss) && c.loss.length > 0 && typeof c.loss[0] === 'object';
    const history = c.loss as readonly { step: number; loss: number }[];
    const loss = records
      ? toFiniteArray(
          fn,
          `curves[${k}].loss[].loss`,
          history.map((e) => e?.loss),
        )
      : toFiniteArray(fn, `curves[${k}].loss`, c.loss);
    if (loss.length === 0) fail(fn, `curves[${k}].loss`, 'at least one value', c.loss);
    const step = records
      ? toFiniteArray(
          fn,
          `curves[${k}].loss[].step`,
          history.map((e) => e?.step),
        )
      : c.step === undefined
        ? Float64Array.from(loss, (_, t) => t)
        : toFiniteArray(fn, `curves[${k}].step`, c.step, loss.length);
    const label = toText(fn, `curves[${k}].label`, c.label, `instance ${k}`);
    labels.push(label);
    loss.forEach((v, t) => {
      if (v < 0) fail(fn, `curves[${k}].loss[${t}]`, 'a loss >= 0', v);
      if (v > 0) minPositive = Math.min(minPositive, v);
      points.push({
        curve: label,
        index: k,
        step: step[t],
        loss: v,
        value: colorValues ? colorValues[k] : k,
      });
    });
  });
  if (!Number.isFinite(minPositive))
    failText(fn, 'curves', 'at least one positive loss (log scale)', 'only zeros');
  for (const p of points) if (p.loss === 0) p.loss = minPositive;
  const categorical = colorValues === undefined && list.length <= theme.categorical.length;
  const r = resolveOptions(fn, o, {
    width: 600,
    height: 400,
    title: 'Training loss',
    legends: true,
  });
  let color: Plot.ScaleOptions;
  let legend: Legend;
  if (categorical) {
    const range = labels.map((_, k) => theme.categorical[k]);
    color = { type: 'ordinal', domain: labels.map((_, k) => k), range };
    legend = swatchLegend(
      r.doc,
      labels.map((label, k) => ({ label, color: range[k], shape: 'line' })),
      undefined,
      r.width - 24,
    );
  } else {
    // one value per curve: colorBy.values, else the index (no spread over every point)
    const [lo, hi] = extent(colorValues ?? list.map((_, k) => k));
    // equal values: a domain of +-1 around them (relative for values too large for +-1)
    const pad = Math.max(1, Math.abs(lo) * 1e-6);
    color = {
      type: 'linear',
      scheme: theme.importanceScheme,
      range: [0, 0.85],
      domain:
        hi > lo
          ? [lo, hi]
          : [Math.max(lo - pad, -Number.MAX_VALUE), Math.min(lo + pad, Number.MAX_VALUE)],
    };
    legend = rampLegend(r.doc, color, colorLabel);
  }
  fitLegends(r, [legend]);
  // a single loss value gets a factor of 2 either side, kept inside the positive doubles
  const [lossLo, lossHi] = logDomain(...extent(points.map((p) => p.loss)));
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      marginLeft: 60,
      x: { label: 'training step', grid: true },
      y: {
        type: 'log',
        domain: [lossLo, lossHi],
        label: 'loss (importance-weighted MSE, log)',
        grid: true,
        ...logAxis(lossLo, lossHi),
      },
      color,
      marks: [
        Plot.line(points, {
          x: 'step',
          y: 'loss',
          z: 'index',
          stroke: categorical ? 'index' : 'value',
          strokeWidth: 1.5,
          strokeOpacity: 0.9,
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
      `Loss curves of ${list.length} instance(s) on a log scale, ${points.length} points in all; ` +
        `smallest loss ${minPositive.toExponential(2)}.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
