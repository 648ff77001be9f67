import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions, type MatrixInput } from '../types.js';
import {
  fail,
  failText,
  optionKeys,
  toFiniteNumber,
  toMatrix,
  toText,
  type Matrix,
} from '../validate.js';
import { composeFigure } from '../frame.js';
import { rampLegend, type Legend } from '../legend.js';
import { theme } from '../theme.js';
import { extent } from '../svg.js';
import {
  bandTicks,
  checkOptions,
  importanceColor,
  importanceOf,
  labelGap,
  MAX_FIGURE_SIZE,
  orderByImportance,
  panelOptions,
  renderPanel,
  resolveOptions,
  sparsityLabel,
  superpositionColor,
} from './common.js';
import { geometryMarks, geometryRows, type GeometryRow } from './featureGeometry.js';
import { normMarks, normRows, type NormRow } from './featureNorms.js';
import { drawGramImages, gramImageMark, rasterFor, type WtwRender } from './raster.js';
import { divergingColor, gramCells } from './wtwHeatmap.js';
import { gram } from '../linalg.js';

/**
 * One column of a sparsity sweep: a trained W at one sparsity.
 *
 * @example
 * ```ts
 * const col: SweepColumn = { sparsity: 0.9, W: [[1, 0, -1], [0, 1, 0]] };
 * ```
 */
export interface SweepColumn {
  /** Sparsity S in [0, 1): the probability that a feature is zero (density p = 1 - S). */
  sparsity: number;
  /** Row-major `[nHidden, nFeatures]`; every column must have the same shape. */
  W: MatrixInput;
  /** Column header. Default: `S = <sparsity>`. */
  label?: string;
}

/**
 * Options of {@link sparsitySweep}.
 *
 * @example
 * ```ts
 * const o: SparsitySweepOptions = { top: 'wtw', importance: [1, 0.9, 0.81] };
 * ```
 */
export interface SparsitySweepOptions extends FigureOptions {
  /** Importance of each feature (`[nFeatures]`). Default: all 1. */
  importance?: ArrayLike<number>;
  /** Top row: feature geometry or the W^T W heatmap. Default: `'geometry'` when nHidden = 2, else `'wtw'`. */
  top?: 'geometry' | 'wtw';
  /** Projection for the geometry row when nHidden > 2 (see {@link FeatureGeometryOptions.projection}). */
  projection?: 'pca' | MatrixInput;
  /**
   * How a W^T W top row is drawn (see {@link WtwHeatmapOptions.render}): `'auto'` draws one
   * rectangle per entry up to {@link WTW_RASTER_THRESHOLD} features and one embedded image per
   * column beyond. Default `'auto'`.
   */
  render?: WtwRender;
}

/**
 * Every key of {@link SparsitySweepOptions}, the common ones first: {@link sparsitySweep}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const SPARSITY_SWEEP_OPTION_KEYS: readonly string[] = optionKeys<SparsitySweepOptions>({
  ...FIGURE_OPTIONS,
  importance: true,
  top: true,
  projection: true,
  render: true,
});

/**
 * Sparsity sweep: small multiples, one column per sparsity, with the feature geometry (or
 * W^T W) on top and the feature norms below, the layout of Elhage et al. 2022, "Toy Models of
 * Superposition" (as sparsity grows, features enter superposition: antipodal pairs, then a
 * pentagon for n = 5, m = 2).
 *
 * @param columns - one {@link SweepColumn} per sparsity, drawn left to right in the given order.
 * @param options - see {@link SparsitySweepOptions}; default width 60 + 170 per column; default
 *   height: the header, the top row (square panels, so it grows with the width) and 14 px per
 *   feature for the norm bars. A given height that leaves the bars less than 8 px a feature (and
 *   their axis, 80 px at least) is raised to leave them that.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError on an empty sweep, a sparsity outside [0, 1), shapes that differ between
 *   columns, non-finite entries, or a wrong importance length.
 * @example
 * ```ts
 * import { createDocument } from '@hyperposition/plots/node';
 * // W: [2, 5] per column: dense, the two most important features on the axes; sparse, a pentagon
 * const axes = [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]];
 * const turn = [0, 1, 2, 3, 4].map((i) => (2 * Math.PI * i) / 5);
 * const pentagon = [turn.map(Math.cos), turn.map(Math.sin)];
 * const cols = [{ sparsity: 0, W: axes }, { sparsity: 0.9, W: pentagon }];
 * const svg = sparsitySweep(cols, { document: createDocument(), importance: [1, 0.9, 0.81, 0.73, 0.66] });
 * svg.getAttribute('role'); // returns 'img'
 * ```
 */
export function sparsitySweep(
  columns: readonly SweepColumn[],
  options: SparsitySweepOptions = {},
): SVGSVGElement {
  const fn = 'sparsitySweep';
  const o = checkOptions(fn, options, SPARSITY_SWEEP_OPTION_KEYS);
  if (!Array.isArray(columns)) fail(fn, 'columns', 'an array of { sparsity, W }', columns, 'type');
  if (columns.length === 0)
    fail(fn, 'columns', 'a non-empty sweep (at least one { sparsity, W })', columns);
  const Ms: Matrix[] = columns.map((c, k) => {
    if (c === null || typeof c !== 'object')
      fail(fn, `columns[${k}]`, 'an object { sparsity, W }', c, 'type');
    toFiniteNumber(fn, `columns[${k}].sparsity`, c.sparsity, { min: 0, max: 1, maxOpen: true });
    return toMatrix(fn, `columns[${k}].W`, c.W);
  });
  const { rows: m, cols: n } = Ms[0];
  Ms.forEach((M, k) => {
    if (M.rows !== m || M.cols !== n) {
      failText(
        fn,
        `columns[${k}].W`,
        `shape [${m}, ${n}] like columns[0].W`,
        `[${M.rows}, ${M.cols}]`,
      );
    }
  });
  const importance = importanceOf(fn, o.importance, n);
  const top = o.top ?? (m === 2 ? 'geometry' : 'wtw');
  if (top !== 'geometry' && top !== 'wtw') fail(fn, 'options.top', "'geometry' or 'wtw'", top);
  const k = columns.length;
  const headers = columns.map((c, i) =>
    toText(fn, `columns[${i}].label`, c.label, sparsityLabel(c.sparsity)),
  );
  const impColor = importanceColor(importance);
  const hasLegends = true;
  const r = resolveOptions(fn, o, {
    width: 60 + 170 * k,
    height: 150 + 190 + Math.max(110, 14 * n + 50),
    title: 'Superposition as sparsity grows',
    legends: hasLegends,
  });
  const width = r.width;
  const margins = { marginLeft: 48, marginRight: 12 };
  const panelW = (width - margins.marginLeft - margins.marginRight) / k;
  let topH = Math.round(Math.min(panelW, 230) + 46);
  const legends: Legend[] = [];
  let topPlot: Element;
  if (top === 'geometry') {
    const all: GeometryRow[] = [];
    Ms.forEach((M, col) => {
      for (const row of geometryRows(fn, M, importance, o.projection).rows)
        all.push({ ...row, column: col });
    });
    let radius = 0;
    for (const d of all) radius = Math.max(radius, Math.abs(d.x), Math.abs(d.y));
    radius = radius > 1e-12 ? radius * 1.18 : 1;
    topPlot = renderPanel(
      panelOptions(r.doc, width, topH, {
        ...margins,
        marginTop: 26,
        marginBottom: 20,
        height: undefined,
        aspectRatio: 1, // true angles in every column
        x: { domain: [-radius, radius], axis: null },
        y: { domain: [-radius, radius], label: null, ticks: 3 },
        fx: {
          domain: columns.map((_, c) => c),
          tickFormat: (c: number) => headers[c],
          label: null,
          axis: 'top',
          padding: 0.12,
        },
        color: impColor ?? undefined,
        marks: [
          ...geometryMarks(all, radius, impColor !== null, false, 'column'),
          Plot.frame({ stroke: theme.guideColor }),
        ],
      }),
    );
    if (impColor) legends.push(rampLegend(r.doc, impColor, 'importance', 150));
  } else {
    const raster = rasterFor(fn, o.render, n);
    const order = orderByImportance(importance);
    const grams = Ms.map(gram);
    const cells = raster ? [] : gramCells(Ms, order, grams);
    let max = 1e-9;
    for (const G of grams) for (const v of G) max = Math.max(max, Math.abs(v));
    const color = divergingColor(max);
    const domain = order.map(String);
    // a raster fills its frame: no padding between bands
    const padding = raster ? 0 : 0.02;
    // Square panels (an n x n matrix, square cells): the facet bands have inner padding 0.12
    // and no outer padding, so each is (width - margins) 0.88 / max(1, k - 0.12) px wide.
    const frame =
      ((width - margins.marginLeft - margins.marginRight) * (1 - 0.12)) / Math.max(1, k - 0.12);
    topH = Math.round(frame) + 26 + 20;
    topPlot = renderPanel(
      panelOptions(r.doc, width, topH, {
        ...margins,
        marginTop: 26,
        marginBottom: 20,
        x: { type: 'band', domain, axis: null, padding },
        y: {
          type: 'band',
          domain,
          label: 'feature i',
          axis: n <= 24 ? 'left' : null,
          ticks: bandTicks(domain, frame, labelGap('y', 1)),
          tickSize: 0,
          padding,
        },
        fx: {
          domain: columns.map((_, c) => c),
          tickFormat: (c: number) => headers[c],
          label: null,
          axis: 'top',
          padding: 0.12,
        },
        color,
        marks: raster
          ? [
              gramImageMark(
                grams.map((_, col) => ({ panel: col, col })),
                false,
              ),
              // invisible: the box each image is fitted to
              Plot.frame({ stroke: 'none' }),
            ]
          : [Plot.cell(cells, { x: 'j', y: 'i', fx: 'panel', fill: 'value', inset: 0 })],
      }),
    );
    if (raster) drawGramImages(fn, topPlot, { grams, n, order, color, max });
    legends.push(rampLegend(r.doc, color, 'W\u1d40W entry', 150));
  }
  topH = Number(topPlot.getAttribute('height'));
  // The norm bars below: 14 px a feature by default. A top row taller than the default's (a
  // wide figure: square panels, or the geometry's 1:1 aspect) makes the default height grow
  // with it, so that the bars stay inside the figure; a given height keeps at least 8 px a
  // feature for them (and the axis), and the figure grows only where even that does not fit.
  const barsWanted = Math.max(110, 14 * n + 50);
  const barsLeast = Math.max(80, 8 * n + 48);
  if (o.height === undefined)
    r.height = Math.min(Math.round(r.top + topH + barsWanted), MAX_FIGURE_SIZE);
  // (at the size limit the bars take what is left, so that they stay inside the figure)
  const bottomH = Math.min(
    Math.max(barsLeast, r.height - r.top - topH),
    Math.max(1, MAX_FIGURE_SIZE - r.top - topH),
  );
  r.height = Math.max(r.height, Math.min(Math.ceil(r.top + topH + bottomH), MAX_FIGURE_SIZE));
  const bars: NormRow[] = [];
  Ms.forEach((M, col) => {
    for (const row of normRows(fn, M, importance, undefined)) bars.push({ ...row, column: col });
  });
  const maxNorm = Math.max(1, extent(bars.map((d) => d.norm))[1]);
  const supColor = superpositionColor();
  const normDomain = orderByImportance(importance).map(String);
  const bottomPlot = renderPanel(
    panelOptions(r.doc, width, bottomH, {
      ...margins,
      marginTop: 8,
      x: { domain: [0, maxNorm * 1.05], label: '‖W_i‖', ticks: 3 },
      y: {
        domain: normDomain,
        label: 'feature',
        axis: n <= 30 ? 'left' : null,
        ticks: bandTicks(normDomain, bottomH - 8 - 40, labelGap('y', 1)),
      },
      fx: { domain: columns.map((_, c) => c), axis: null, padding: 0.12 },
      color: supColor,
      marks: normMarks(bars, 'column'),
    }),
  );
  legends.push(rampLegend(r.doc, supColor, 'superposition', 150));
  return composeFigure(r.doc, {
    name: fn,
    width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Small multiples over ${k} sparsities (${headers.join(', ')}) of ${n} features in ${m} ` +
        `hidden dimensions: ${top === 'geometry' ? 'feature geometry' : 'W transpose W'} on top, ` +
        `feature norms coloured by superposition below.`,
    panels: [
      { plot: topPlot, x: 0, y: r.top },
      { plot: bottomPlot, x: 0, y: r.top + topH },
    ],
    legends,
  });
}
