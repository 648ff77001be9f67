import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions, type MatrixInput } from '../types.js';
import { failText, optionKeys, toMatrix, type Matrix } from '../validate.js';
import { principalDirectionsOf } from '../principalDirections.js';
import { columnNorms } from '../linalg.js';
import { composeFigure } from '../frame.js';
import { rampLegend, type Legend } from '../legend.js';
import { theme } from '../theme.js';
import {
  checkOptions,
  importanceColor,
  importanceOf,
  panelOptions,
  renderPanel,
  resolveOptions,
} from './common.js';

/**
 * Options of {@link featureGeometry}.
 *
 * @example
 * ```ts
 * const o: FeatureGeometryOptions = { importance: [1, 0.9, 0.81], projection: [[1, 0, 0], [0, 1, 0]] };
 * ```
 */
export interface FeatureGeometryOptions extends FigureOptions {
  /** Importance of each feature (`[nFeatures]`), colours the lines. Default: all 1 (one colour). */
  importance?: ArrayLike<number>;
  /**
   * How to draw m > 2 hidden dimensions in the plane: `'pca'` (default), the top two principal
   * directions of the columns of W (power iteration, see {@link principalDirections}), or an
   * explicit projection, row-major `[2, nHidden]` (rows: the x and y directions).
   * Ignored when nHidden <= 2.
   */
  projection?: 'pca' | MatrixInput;
  /** Draw each feature's index next to its tip. Default: true when nFeatures <= 12. */
  labels?: boolean;
}

/**
 * Every key of {@link FeatureGeometryOptions}, the common ones first: {@link featureGeometry}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const FEATURE_GEOMETRY_OPTION_KEYS: readonly string[] = optionKeys<FeatureGeometryOptions>({
  ...FIGURE_OPTIONS,
  importance: true,
  projection: true,
  labels: true,
});

/** One feature's tip in the plane. @internal */
export interface GeometryRow {
  feature: number;
  x: number;
  y: number;
  importance: number;
  norm: number;
  column?: number;
}

/** Project the columns of W into the plane. @internal */
export function geometryRows(
  fn: string,
  M: Matrix,
  importance: Float64Array,
  projection: FeatureGeometryOptions['projection'],
): { rows: GeometryRow[]; axes: [string, string] } {
  const { data, rows: m, cols: n } = M;
  let P: number[][];
  let axes: [string, string];
  if (m === 1) {
    P = [[1], [0]];
    axes = ['hidden dimension 1 (weight)', '(m = 1: no second dimension)'];
  } else if (m === 2) {
    P = [
      [1, 0],
      [0, 1],
    ];
    axes = ['hidden dimension 1 (weight)', 'hidden dimension 2 (weight)'];
  } else if (projection === undefined || projection === 'pca') {
    P = principalDirectionsOf(M, 2);
    axes = ['principal direction 1 (weight)', 'principal direction 2 (weight)'];
  } else {
    const Pm = toMatrix(fn, 'options.projection', projection);
    if (Pm.rows !== 2 || Pm.cols !== m) {
      failText(
        fn,
        'options.projection',
        `a [2, nHidden = ${m}] matrix`,
        `[${Pm.rows}, ${Pm.cols}]`,
      );
    }
    P = [Array.from(Pm.data.subarray(0, m)), Array.from(Pm.data.subarray(m, 2 * m))];
    axes = ['projection 1 (weight)', 'projection 2 (weight)'];
  }
  const norms = columnNorms(M);
  const out: GeometryRow[] = [];
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let a = 0; a < m; a++) {
      x += P[0][a] * data[a * n + i];
      y += (P[1]?.[a] ?? 0) * data[a * n + i];
    }
    out.push({ feature: i, x, y, importance: importance[i], norm: norms[i] });
  }
  return { rows: out, axes };
}

/** Marks of a geometry panel (lines from the origin, tips, labels). @internal */
export function geometryMarks(
  rows: readonly GeometryRow[],
  radius: number,
  colored: boolean,
  labels: boolean,
  fx?: string,
): Plot.Markish[] {
  const stroke = colored ? 'importance' : theme.categorical[0];
  const facet = fx ? { fx } : {};
  const marks: Plot.Markish[] = [
    Plot.ruleX([0], { stroke: theme.guideColor, strokeWidth: 0.75 }),
    Plot.ruleY([0], { stroke: theme.guideColor, strokeWidth: 0.75 }),
    Plot.link(rows, { x1: 0, y1: 0, x2: 'x', y2: 'y', stroke, strokeWidth: 2, ...facet }),
    Plot.dot(rows, {
      x: 'x',
      y: 'y',
      fill: stroke,
      r: 3.5,
      stroke: 'white',
      strokeWidth: 0.75,
      title: (d: GeometryRow) =>
        `feature ${d.feature}: ||W_i|| = ${d.norm.toFixed(3)}, importance ${d.importance.toPrecision(3)}`,
      ...facet,
    }),
  ];
  if (labels) {
    const visible = rows.filter((d) => Math.hypot(d.x, d.y) > 0.05 * radius);
    marks.push(
      Plot.text(visible, {
        x: (d: GeometryRow) => d.x + (0.09 * radius * d.x) / Math.hypot(d.x, d.y),
        y: (d: GeometryRow) => d.y + (0.09 * radius * d.y) / Math.hypot(d.x, d.y),
        text: (d: GeometryRow) => String(d.feature),
        fill: theme.mutedColor,
        ...facet,
      }),
    );
  }
  return marks;
}

/** Radius of a symmetric square domain that holds every tip (with room for labels). @internal */
export function geometryRadius(rows: readonly GeometryRow[]): number {
  let r = 0;
  for (const d of rows) r = Math.max(r, Math.abs(d.x), Math.abs(d.y));
  return r > 1e-12 ? r * 1.18 : 1;
}

/** The legend of the importance scale, or none. @internal */
export function importanceLegend(doc: Document, color: Plot.ScaleOptions | null): Legend[] {
  return color ? [rampLegend(doc, color, 'importance')] : [];
}

/**
 * Feature geometry: each feature's column of W drawn as a line from the origin with a dot at
 * its tip, coloured by importance (Elhage et al. 2022, "Toy Models of Superposition", the
 * pentagon and antipodal-pair figures). For m = 2 the plane is the hidden space itself; for
 * m > 2 it is a projection (top two principal directions by default). The aspect is 1:1 so
 * angles are true.
 *
 * @param W - row-major `[nHidden, nFeatures]` (`{ data, rows, cols }` or an array of rows).
 * @param options - see {@link FeatureGeometryOptions}; default size 420 x 460.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on a malformed W, non-finite entries or entries above 1e100 in
 *   magnitude, a wrong importance length or projection shape, or no document.
 * @example
 * ```ts
 * import { createDocument, writeSvg } from '@hyperposition/plots/node';
 * // a regular pentagon: feature i at angle 2 pi i / 5
 * const W = [0, 1].map((r) => [0, 1, 2, 3, 4].map((i) => (r ? Math.sin : Math.cos)((2 * Math.PI * i) / 5)));
 * const svg = featureGeometry(W, { document: createDocument(), importance: [1, 0.9, 0.81, 0.73, 0.66] });
 * await writeSvg('pentagon.svg', svg);
 * ```
 */
export function featureGeometry(
  W: MatrixInput,
  options: FeatureGeometryOptions = {},
): SVGSVGElement {
  const fn = 'featureGeometry';
  const o = checkOptions(fn, options, FEATURE_GEOMETRY_OPTION_KEYS);
  const M = toMatrix(fn, 'W', W);
  const importance = importanceOf(fn, o.importance, M.cols);
  const color = importanceColor(importance);
  const r = resolveOptions(fn, o, {
    width: 420,
    height: 460,
    title: 'Feature geometry',
    legends: color !== null,
  });
  const { rows, axes } = geometryRows(fn, M, importance, o.projection);
  const radius = geometryRadius(rows);
  const labels = o.labels ?? M.cols <= 12;
  const margin = { marginLeft: 52, marginRight: 16, marginTop: 28, marginBottom: 40 };
  const side = Math.max(60, Math.min(r.width - 68, r.height - r.top - 68));
  // Five labelled ticks collide below about 200 px (e.g. the docs' 300 px demo); three do not.
  const ticks = side < 200 ? 3 : 5;
  const plot = renderPanel(
    panelOptions(r.doc, side + 68, side + 68, {
      ...margin,
      x: { domain: [-radius, radius], label: axes[0], ticks, nice: false },
      y: { domain: [-radius, radius], label: axes[1], ticks, nice: false },
      color: color ?? undefined,
      marks: geometryMarks(rows, radius, color !== null, labels),
    }),
  );
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of rows) {
    lo = Math.min(lo, d.norm);
    hi = Math.max(hi, d.norm);
  }
  return composeFigure(r.doc, {
    name: fn,
    width: r.width,
    height: r.height,
    title: r.title,
    subtitle: r.subtitle,
    idPrefix: r.idPrefix,
    description:
      o.description ??
      `Feature geometry of ${M.cols} features in ${M.rows} hidden dimension(s)` +
        `${M.rows > 2 ? ', projected onto two directions' : ''}: each line from the origin is one ` +
        `feature's column of W, coloured by importance. Norms range from ${lo.toFixed(2)} to ${hi.toFixed(2)}.`,
    panels: [{ plot, x: Math.max(0, (r.width - (side + 68)) / 2), y: r.top }],
    legends: importanceLegend(r.doc, color),
  });
}
