import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions, type MatrixInput } from '../types.js';
import { fail, failText, optionKeys, toMatrix, toText, type Matrix } from '../validate.js';
import { gram } from '../linalg.js';
import { composeFigure } from '../frame.js';
import { drawGramImages, gramImageMark, rasterFor, type WtwRender } from './raster.js';
import { rampLegend } from '../legend.js';
import { theme } from '../theme.js';
import {
  bandTicks,
  checkOptions,
  importanceOf,
  labelGap,
  MAX_FIGURE_SIZE,
  orderByImportance,
  panelOptions,
  renderPanel,
  resolveOptions,
} from './common.js';

/**
 * Options of {@link wtwHeatmap}.
 *
 * @example
 * ```ts
 * const o: WtwHeatmapOptions = { labels: ['S = 0', 'S = 0.9'], columns: 2, max: 1 };
 * ```
 */
export interface WtwHeatmapOptions extends FigureOptions {
  /** Importance of each feature (`[nFeatures]`); rows and columns are sorted by it, most important first. Default: index order. */
  importance?: ArrayLike<number>;
  /** One label per instance (panel titles). Default: `instance 0`, `instance 1`, ... */
  labels?: readonly string[];
  /** Panels per row (at most the number of instances are used). Default: all in one row up to 5, then rows of 5. */
  columns?: number;
  /** Half-width of the symmetric colour domain `[-max, max]`, a finite number > 0. Default: the largest |entry| over all panels (at least 1e-9). */
  max?: number;
  /**
   * How the entries are drawn: `'cells'`, one SVG rectangle per entry with a tooltip giving its
   * value (about 170 bytes each: n = 300 makes a 15 MB file); `'raster'`, one embedded PNG image
   * of n x n pixels per panel, scaled without smoothing (about 4 bytes per entry, no
   * tooltips); `'auto'` draws cells up to {@link WTW_RASTER_THRESHOLD} features and a raster
   * beyond. Default `'auto'`.
   */
  render?: WtwRender;
}

/**
 * Every key of {@link WtwHeatmapOptions}, the common ones first: {@link wtwHeatmap}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const WTW_HEATMAP_OPTION_KEYS: readonly string[] = optionKeys<WtwHeatmapOptions>({
  ...FIGURE_OPTIONS,
  importance: true,
  labels: true,
  columns: true,
  max: true,
  render: true,
});

const FACET_PADDING = 0.14;

/** One cell of a W^T W panel. @internal */
export interface GramCell {
  panel: number;
  col: number;
  row: number;
  i: string;
  j: string;
  value: number;
}

/**
 * The cells of W^T W for each instance, in importance order (`grams`: each instance's W^T W,
 * computed here when not given). @internal
 */
export function gramCells(
  Ms: readonly Matrix[],
  order: readonly number[],
  grams: readonly Float64Array[] = Ms.map(gram),
): GramCell[] {
  const cells: GramCell[] = [];
  Ms.forEach((M, panel) => {
    const n = M.cols;
    const G = grams[panel];
    for (const a of order) {
      for (const b of order) {
        cells.push({ panel, col: 0, row: 0, i: String(a), j: String(b), value: G[a * n + b] });
      }
    }
  });
  return cells;
}

/** Check one matrix or a list of matrices with a common shape. @internal */
export function toMatrices(
  fn: string,
  arg: string,
  W: MatrixInput | readonly MatrixInput[],
): Matrix[] {
  const list =
    Array.isArray(W) && W.length > 0 && (isMatrixObject(W[0]) || isRowList(W[0]))
      ? (W as readonly MatrixInput[]).map((w, k) => toMatrix(fn, `${arg}[${k}]`, w))
      : [toMatrix(fn, arg, W)];
  const { rows, cols } = list[0];
  list.forEach((M, k) => {
    if (M.rows !== rows || M.cols !== cols) {
      failText(
        fn,
        `${arg}[${k}]`,
        `shape [${rows}, ${cols}] like ${arg}[0]`,
        `[${M.rows}, ${M.cols}]`,
      );
    }
  });
  return list;
}

function isMatrixObject(x: unknown): boolean {
  return x !== null && typeof x === 'object' && 'data' in (x as object) && 'rows' in (x as object);
}

/**
 * Whether `x` is a matrix given as rows (so that `W` is a list of matrices): an array whose
 * first element is itself array-like (a plain array or a typed array of numbers), where a row
 * of a single matrix holds numbers.
 */
function isRowList(x: unknown): boolean {
  if (!Array.isArray(x) || x.length === 0) return false;
  const first: unknown = x[0];
  return Array.isArray(first) || ArrayBuffer.isView(first);
}

/** The diverging colour options, symmetric around zero. @internal */
export function divergingColor(max: number): Plot.ScaleOptions {
  return { type: 'diverging', scheme: theme.diverging, domain: [-max, max], pivot: 0 };
}

/**
 * W^T W heatmap: the Gram matrix of the feature directions, one panel per instance, rows and
 * columns in order of decreasing importance, on a diverging colour scale centred at zero with
 * a symmetric domain (Elhage et al. 2022, "Toy Models of Superposition": the diagonal shows
 * which features are represented, off-diagonal entries the interference between them).
 *
 * @param W - one matrix or one per instance, each row-major `[nHidden, nFeatures]`, all of the
 *   same shape (`{ data, rows, cols }` or arrays of rows, plain or typed arrays). A list whose
 *   first element is a matrix (an object or an array of rows) is read as one matrix per instance.
 * @param options - see {@link WtwHeatmapOptions}; default width 60 + max(150, 16 n + 30) per column of
 *   panels; default height makes the cells square (both at most 100,000 px).
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on malformed matrices, shapes that differ, non-finite entries
 *   or entries above 1e100 in magnitude, a wrong importance or labels length, a `max` that is
 *   not a finite number > 0.
 * @example
 * ```ts
 * const doc = createDocument();
 * const instances = [[[1, 0, 0.5], [0, 1, 0.5]], [[1, 0, 0], [0, 1, 0]]];
 * const svg = wtwHeatmap(instances, { document: doc, importance: [1, 0.9, 0.81], labels: ['S = 0.9', 'S = 0'] });
 * ```
 */
export function wtwHeatmap(
  W: MatrixInput | readonly MatrixInput[],
  options: WtwHeatmapOptions = {},
): SVGSVGElement {
  const fn = 'wtwHeatmap';
  const o = checkOptions(fn, options, WTW_HEATMAP_OPTION_KEYS);
  const Ms = toMatrices(fn, 'W', W);
  const n = Ms[0].cols;
  const importance = importanceOf(fn, o.importance, n);
  const labels = o.labels ?? Ms.map((_, k) => `instance ${k}`);
  if (!Array.isArray(labels) || labels.length !== Ms.length) {
    fail(fn, 'options.labels', `${Ms.length} labels (one per instance)`, labels);
  }
  labels.forEach((label, k) => toText(fn, `options.labels[${k}]`, label, ''));
  const asked = o.columns ?? Math.min(Ms.length, 5);
  if (!Number.isInteger(asked) || asked < 1)
    fail(fn, 'options.columns', 'a positive integer', asked);
  // Plot draws a facet column only where a panel is: more columns than instances would size
  // the panels for columns that are never drawn.
  const columns = Math.min(asked, Ms.length);
  const gridRows = Math.ceil(Ms.length / columns);
  const raster = rasterFor(fn, o.render, n);
  const order = orderByImportance(importance);
  const grams = Ms.map(gram);
  const cells = raster ? [] : gramCells(Ms, order, grams);
  for (const c of cells) {
    c.col = c.panel % columns;
    c.row = Math.floor(c.panel / columns);
  }
  let max: number;
  if (o.max === undefined) {
    max = 1e-9; // an all-zero W^T W still gets a (tiny) symmetric domain
    for (const G of grams) for (const v of G) max = Math.max(max, Math.abs(v));
  } else {
    max = o.max;
    if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) {
      fail(fn, 'options.max', 'a finite number > 0', max);
    }
  }
  const color = divergingColor(max);
  const r = resolveOptions(fn, o, {
    // 16 px per cell; a raster is scaled, so its default stops at 720 px per panel
    width: 60 + columns * Math.max(150, (raster ? Math.min(16 * n, 720) : 16 * n) + 30),
    height: 400, // replaced below unless given: square cells
    title: 'W\u1d40W: feature interference',
    legends: true,
  });
  // Plot's facet bands have inner padding p and no outer padding: over a range of R px, k
  // panels are R (1 - p) / max(1, k - p) px each (d3's scaleBand). The panels are square when
  // the plot area's height gives the rows the width's panel size.
  const plotWidth = r.width - 40 - 20;
  const panelSize = (plotWidth * (1 - FACET_PADDING)) / Math.max(1, columns - FACET_PADDING);
  const squareHeight =
    (panelSize * Math.max(1, gridRows - FACET_PADDING)) / (1 - FACET_PADDING) + 20 + 36;
  if (o.height === undefined)
    r.height = Math.min(Math.round(r.top + squareHeight), MAX_FIGURE_SIZE);
  const panelHeight = r.height - r.top;
  // Tick labels (n <= 24) thinned where the panel is too small for each band to carry one.
  const frameHeight =
    ((panelHeight - 20 - 36) * (1 - FACET_PADDING)) / Math.max(1, gridRows - FACET_PADDING);
  const panelsLabels = labels.map((label, panel) => ({
    label,
    col: panel % columns,
    row: Math.floor(panel / columns),
  }));
  const domain = order.map(String);
  const images = raster
    ? grams.map((_, panel) => ({
        panel,
        col: panel % columns,
        row: Math.floor(panel / columns),
      }))
    : [];
  // a raster fills its frame exactly: no padding between bands, so that band centres (the axis
  // ticks when n <= 24) fall on pixel centres
  const padding = raster ? 0 : 0.04;
  const plot = renderPanel(
    panelOptions(r.doc, r.width, panelHeight, {
      marginLeft: 40,
      marginRight: 20,
      marginTop: 20,
      marginBottom: 36,
      x: {
        type: 'band',
        domain,
        label: 'feature j (by importance)',
        tickSize: 0,
        padding,
        axis: n <= 24 ? 'bottom' : null,
        ticks: bandTicks(domain, panelSize, labelGap('x', String(n - 1).length)),
      },
      y: {
        type: 'band',
        domain,
        label: 'feature i',
        tickSize: 0,
        padding,
        axis: n <= 24 ? 'left' : null,
        ticks: bandTicks(domain, frameHeight, labelGap('y', 1)),
      },
      fx: { axis: null, padding: FACET_PADDING },
      fy: { axis: null, padding: FACET_PADDING },
      color,
      marks: [
        raster
          ? gramImageMark(images, true) // given its frame's box below
          : Plot.cell(cells, {
              x: 'j',
              y: 'i',
              fx: 'col',
              fy: 'row',
              fill: 'value',
              inset: 0,
              title: (c: GramCell) => `W_${c.i} · W_${c.j} = ${c.value.toFixed(3)}`,
            }),
        Plot.frame({ stroke: theme.guideColor }),
        Plot.text(panelsLabels, {
          fx: 'col',
          fy: 'row',
          text: 'label',
          frameAnchor: 'top',
          dy: -12,
          fontWeight: 600,
          // a label wider than its panel ends in an ellipsis (the whole text in its <title>)
          // rather than running into its neighbours: bold glyphs are about 10% wider than the
          // regular ones Plot measures
          lineWidth: (0.9 * panelSize) / theme.fontSize,
          textOverflow: 'ellipsis',
        }),
      ],
    }),
  );
  const pixels = raster ? drawGramImages(fn, plot, { grams, n, order, color, max }) : null;
  return composeFigure(r.doc, {
    name: fn,
    width: r.width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Heatmap of W transpose W for ${Ms.length} instance(s) of ${n} features, ordered by importance; ` +
        `red is negative, blue positive, white zero (colour domain -${max.toPrecision(3)} to ${max.toPrecision(3)})` +
        (pixels === null
          ? '.'
          : pixels[0] === n && pixels[1] === n
            ? `; each panel is an image of ${n} x ${n} pixels, one per entry.`
            : `; each panel is an image of ${pixels[0]} x ${pixels[1]} pixels, each showing the largest entry of the block of features it covers.`),
    panels: [{ plot, x: 0, y: r.top }],
    legends: [rampLegend(r.doc, color, 'W\u1d40W entry (dot product)')],
  });
}
