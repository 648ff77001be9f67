import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions, type MatrixInput } from '../types.js';
import { optionKeys, toFiniteArray, toMatrix, type Matrix } from '../validate.js';
import { columnNorms, superpositionMeasure } from '../linalg.js';
import { composeFigure } from '../frame.js';
import { rampLegend } from '../legend.js';
import { extent } from '../svg.js';
import {
  checkOptions,
  importanceOf,
  labelGap,
  orderByImportance,
  panelOptions,
  renderPanel,
  resolveOptions,
  superpositionColor,
} from './common.js';

/**
 * Options of {@link featureNorms}.
 *
 * @example
 * ```ts
 * const o: FeatureNormsOptions = { importance: [1, 0.7], superposition: [0, 0.4] };
 * ```
 */
export interface FeatureNormsOptions extends FigureOptions {
  /** Importance of each feature (`[nFeatures]`); bars are sorted by it, most important on top. Default: index order. */
  importance?: ArrayLike<number>;
  /**
   * The superposition measure per feature (`[nFeatures]`), e.g. from the interference metrics.
   * Default: computed from W as `sum_{j != i} (W_i_hat . W_j)^2` (0 for a zero-norm feature).
   */
  superposition?: ArrayLike<number>;
}

/**
 * Every key of {@link FeatureNormsOptions}, the common ones first: {@link featureNorms}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const FEATURE_NORMS_OPTION_KEYS: readonly string[] = optionKeys<FeatureNormsOptions>({
  ...FIGURE_OPTIONS,
  importance: true,
  superposition: true,
});

/** One bar. @internal */
export interface NormRow {
  feature: string;
  norm: number;
  superposition: number;
  column?: number;
}

/** Bars of one W, in importance order. @internal */
export function normRows(
  fn: string,
  M: Matrix,
  importance: Float64Array,
  superposition: ArrayLike<number> | undefined,
): NormRow[] {
  const norms = columnNorms(M);
  const sup =
    superposition === undefined
      ? superpositionMeasure(M)
      : toFiniteArray(fn, 'options.superposition', superposition, M.cols);
  return orderByImportance(importance).map((i) => ({
    feature: String(i),
    norm: norms[i],
    superposition: sup[i],
  }));
}

/** Marks of a norm-bar panel. @internal */
export function normMarks(rows: readonly NormRow[], fx?: string): Plot.Markish[] {
  return [
    Plot.barX(rows, {
      x: 'norm',
      y: 'feature',
      fill: 'superposition',
      inset: 0.5,
      title: (d: NormRow) =>
        `feature ${d.feature}: ||W_i|| = ${d.norm.toFixed(3)}, superposition ${d.superposition.toFixed(3)}`,
      ...(fx ? { fx } : {}),
    }),
    Plot.ruleX([0]),
  ];
}

/** Margins of the featureNorms panel, above and below the bars. */
const NORMS_MARGIN_TOP = 24;
const NORMS_MARGIN_BOTTOM = 40;

/**
 * Where the y-axis label of a featureNorms panel `panelHeight` px tall goes. Plot centres the
 * rotated label on the frame, (panelHeight + marginTop - marginBottom) / 2 px from the panel's
 * top, so it stays inside the panel only while panelHeight >= its length + marginBottom -
 * marginTop; on a shorter panel it runs up out of the panel into the legend and out of the
 * figure at the bottom (in DejaVu Sans, with 4 or fewer features at the default height). There
 * it is written on one line above the axis instead, in the top margin. The length is estimated
 * with {@link labelGap}, 0.62 em per character, longer than DejaVu Sans sets it (0.52 em for
 * this label), so the label moves up a little early (6 or fewer features at the default
 * height, 7 or fewer with a subtitle) rather than late in a wider browser font.
 * @internal
 */
export function normsLabelAnchor(panelHeight: number, label: string): 'center' | 'top' {
  const length = labelGap('x', label.length);
  return panelHeight >= length + NORMS_MARGIN_BOTTOM - NORMS_MARGIN_TOP ? 'center' : 'top';
}

/**
 * Feature norms: one horizontal bar of `||W_i||` per feature, most important on top, coloured
 * by how much the feature shares its direction with others (Elhage et al. 2022, "Toy Models of
 * Superposition": dark = a dedicated, orthogonal direction; light = in superposition).
 *
 * @param W - row-major `[nHidden, nFeatures]` (`{ data, rows, cols }` or an array of rows).
 * @param options - see {@link FeatureNormsOptions}; default size 480 x (150 + 18 per feature, at most 900).
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label; one bar per feature.
 * @throws RangeError / TypeError on a malformed W, non-finite entries or entries above 1e100 in
 *   magnitude, wrong option lengths.
 * @example
 * ```ts
 * // two orthogonal features and one squeezed between them
 * const svg = featureNorms([[1, 0, 0.7], [0, 1, 0.7]], { document: createDocument() });
 * ```
 */
export function featureNorms(W: MatrixInput, options: FeatureNormsOptions = {}): SVGSVGElement {
  const fn = 'featureNorms';
  const o = checkOptions(fn, options, FEATURE_NORMS_OPTION_KEYS);
  const M = toMatrix(fn, 'W', W);
  const importance = importanceOf(fn, o.importance, M.cols);
  const rows = normRows(fn, M, importance, o.superposition);
  const r = resolveOptions(fn, o, {
    width: 480,
    height: Math.min(900, 150 + 18 * M.cols),
    title: 'Feature norms',
    legends: true,
  });
  const color = superpositionColor();
  const maxNorm = Math.max(1, extent(rows.map((d) => d.norm))[1]);
  const panelHeight = r.height - r.top;
  const yLabel = 'feature (by importance)';
  const plot = renderPanel(
    panelOptions(r.doc, r.width, panelHeight, {
      marginTop: NORMS_MARGIN_TOP,
      marginBottom: NORMS_MARGIN_BOTTOM,
      x: {
        domain: [0, maxNorm * 1.05],
        label: '‖W_i‖ (norm of the feature’s direction)',
        grid: true,
      },
      y: {
        domain: rows.map((d) => d.feature),
        label: yLabel,
        labelAnchor: normsLabelAnchor(panelHeight, yLabel),
        axis: M.cols <= 40 ? 'left' : null,
      },
      color,
      marks: normMarks(rows),
    }),
  );
  const represented = rows.filter((d) => d.norm > 0.5).length;
  return composeFigure(r.doc, {
    name: fn,
    width: r.width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Bar chart of the norm of each of ${M.cols} features' directions, most important on top, ` +
        `coloured by the superposition measure (dark: orthogonal, light: shared). ` +
        `${represented} feature(s) have norm above 0.5.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [rampLegend(r.doc, color, 'superposition Σⱼ (Ŵᵢ·Wⱼ)²')],
  });
}
