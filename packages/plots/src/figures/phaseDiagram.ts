import * as Plot from '@observablehq/plot';
import { FIGURE_OPTIONS, type FigureOptions, type Phase } from '../types.js';
import {
  checkKeys,
  fail,
  failText,
  optionKeys,
  toFiniteArray,
  toFiniteNumber,
  toNonEmptyArray,
  toText,
} from '../validate.js';
import { composeFigure } from '../frame.js';
import { swatchLegend, type SwatchItem } from '../legend.js';
import { theme } from '../theme.js';
import { logAxis, logDomain } from '../svg.js';
import { checkOptions, fitLegends, panelOptions, renderPanel, resolveOptions } from './common.js';

/**
 * One grid point of a phase diagram.
 *
 * @example
 * ```ts
 * const cell: PhaseCell = { relativeImportance: 0.5, density: 0.1, phase: 'superposition' };
 * ```
 */
export interface PhaseCell {
  /** Importance of the extra feature relative to the others (> 0; the x axis, log). */
  relativeImportance: number;
  /** Feature density p = 1 - S, in (0, 1] (the y axis, log). */
  density: number;
  /** Which solution the trained model found; 0, 1, 2 stand for the three phases in order. */
  phase: Phase | 0 | 1 | 2;
}

/**
 * A theoretical boundary curve, drawn as a dashed line.
 *
 * @example
 * ```ts
 * const r = [0.1, 0.3, 1];
 * const b: PhaseBoundary = { label: 'p = 4r/(2+5r)', relativeImportance: r, density: r.map((x) => (4 * x) / (2 + 5 * x)) };
 * ```
 */
export interface PhaseBoundary {
  /** Legend label, e.g. `'theory: p = 4r / (2 + 5r)'`. Default: `boundary <k>`. */
  label?: string;
  /** x values of the curve (`[k]`, > 0). */
  relativeImportance: ArrayLike<number>;
  /** y values of the curve (`[k]`, > 0). */
  density: ArrayLike<number>;
}

/** Every key of {@link PhaseBoundary}: each of `options.boundaries` refuses any other. @internal */
export const PHASE_BOUNDARY_KEYS: readonly string[] = optionKeys<PhaseBoundary>({
  label: true,
  relativeImportance: true,
  density: true,
});

/**
 * Options of {@link phaseDiagram}.
 *
 * @example
 * ```ts
 * const o: PhaseDiagramOptions = { boundaries: [], subtitle: 'n = 2, m = 1' };
 * ```
 */
export interface PhaseDiagramOptions extends FigureOptions {
  /** Theoretical boundaries to overlay (e.g. from the exact losses of the candidate solutions). */
  boundaries?: readonly PhaseBoundary[];
}

/**
 * Every key of {@link PhaseDiagramOptions}, the common ones first: {@link phaseDiagram}
 * refuses any other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const PHASE_DIAGRAM_OPTION_KEYS: readonly string[] = optionKeys<PhaseDiagramOptions>({
  ...FIGURE_OPTIONS,
  boundaries: true,
});

const PHASES: readonly Phase[] = ['not-represented', 'dedicated', 'superposition'];
const PHASE_LABELS: Record<Phase, string> = {
  'not-represented': 'not represented',
  dedicated: 'dedicated dimension',
  superposition: 'superposition',
};

interface Rect {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  phase: Phase;
  r: number;
  p: number;
}

/**
 * Edges between grid values: geometric midpoints, and half a step beyond each end, computed in
 * log space and kept inside the positive doubles (Math.exp under- or overflows to 0 or Infinity
 * for grids that span hundreds of decades, and a log axis needs finite positive bounds).
 */
function logEdges(values: readonly number[]): number[] {
  const l = values.map(Math.log);
  const n = l.length;
  const first = n > 1 ? (l[1] - l[0]) / 2 : 0.5;
  const last = n > 1 ? (l[n - 1] - l[n - 2]) / 2 : 0.5;
  const exp = (x: number): number =>
    Math.min(Math.max(Math.exp(x), Number.MIN_VALUE), Number.MAX_VALUE);
  const edges = [exp(l[0] - first)];
  for (let k = 1; k < n; k++) edges.push(exp((l[k - 1] + l[k]) / 2));
  edges.push(exp(l[n - 1] + last));
  return edges;
}

/**
 * Phase diagram: which of three solutions a model finds for an extra feature, over its relative
 * importance (x, log) and the feature density (y, log): not represented, a dedicated dimension,
 * or superposition (Elhage et al. 2022, "Toy Models of Superposition", section "Superposition as
 * a Phase Change"; n = 2, m = 1 and n = 3, m = 2). Each grid point is drawn as a cell, the
 * empirical boundaries (edges between cells of different phases) as solid lines, and optional
 * theoretical curves as dashed lines.
 *
 * @param cells - one {@link PhaseCell} per grid point (any order; a full grid is not required;
 *   two cells at the same point are refused).
 * @param options - see {@link PhaseDiagramOptions}; default size 520 x 480.
 * @returns an `<svg role="img">` with `<title>`, `<desc>` and aria-label.
 * @throws RangeError / TypeError on an empty cell list, a non-positive or non-finite
 *   coordinate, a density above 1, an unknown phase, two cells at the same point (naming
 *   both), curve arrays of different lengths, or a boundary label that is neither a string
 *   nor a finite number. Any positive finite coordinates draw: the log axes stay inside the
 *   positive doubles.
 * @example
 * ```ts
 * // n = 2, m = 1: the exact boundaries from the losses of the three candidate solutions
 * const cells = [];
 * for (const r of [0.1, 0.3, 1, 3, 10]) for (const p of [0.01, 0.1, 1]) {
 *   const sup = r < 1 ? p < (4 * r) / (2 + 5 * r) : p < 4 / (5 + 2 * r);
 *   cells.push({ relativeImportance: r, density: p, phase: sup ? 'superposition' : r < 1 ? 'not-represented' : 'dedicated' });
 * }
 * const svg = phaseDiagram(cells, { document: createDocument() });
 * ```
 */
export function phaseDiagram(
  cells: readonly PhaseCell[],
  options: PhaseDiagramOptions = {},
): SVGSVGElement {
  const fn = 'phaseDiagram';
  const o = checkOptions(fn, options, PHASE_DIAGRAM_OPTION_KEYS);
  const list = toNonEmptyArray<PhaseCell>(fn, 'cells', cells);
  const checked = list.map((c, k) => {
    if (c === null || typeof c !== 'object')
      fail(fn, `cells[${k}]`, 'an object { relativeImportance, density, phase }', c, 'type');
    const r = toFiniteNumber(fn, `cells[${k}].relativeImportance`, c.relativeImportance, {
      min: 0,
      minOpen: true,
    });
    const p = toFiniteNumber(fn, `cells[${k}].density`, c.density, {
      min: 0,
      max: 1,
      minOpen: true,
    });
    const phase = typeof c.phase === 'number' ? PHASES[c.phase] : c.phase;
    if (!PHASES.includes(phase as Phase)) {
      fail(
        fn,
        `cells[${k}].phase`,
        `one of ${PHASES.map((s) => `'${s}'`).join(', ')} or 0, 1, 2`,
        c.phase,
      );
    }
    return { r, p, phase: phase as Phase };
  });
  // one cell per grid point: a second one would be drawn over the first, whose phase the
  // legend and the description would still count
  const seen = new Map<string, number>();
  checked.forEach((c, k) => {
    const key = `${c.r},${c.p}`;
    const first = seen.get(key);
    if (first !== undefined) {
      failText(
        fn,
        `cells[${k}]`,
        'a (relativeImportance, density) point of its own',
        `relativeImportance ${c.r}, density ${c.p}, the point of cells[${first}]`,
      );
    }
    seen.set(key, k);
  });
  const xs = [...new Set(checked.map((c) => c.r))].sort((a, b) => a - b);
  const ys = [...new Set(checked.map((c) => c.p))].sort((a, b) => a - b);
  const xe = logEdges(xs);
  const ye = logEdges(ys);
  const xi = new Map(xs.map((v, k) => [v, k]));
  const yi = new Map(ys.map((v, k) => [v, k]));
  const grid = new Map<string, Phase>();
  const rects: Rect[] = checked.map((c) => {
    const i = xi.get(c.r) as number;
    const j = yi.get(c.p) as number;
    grid.set(`${i},${j}`, c.phase);
    return { x1: xe[i], x2: xe[i + 1], y1: ye[j], y2: ye[j + 1], phase: c.phase, r: c.r, p: c.p };
  });
  const edges: { x1: number; y1: number; x2: number; y2: number }[] = [];
  for (const [key, phase] of grid) {
    const [i, j] = key.split(',').map(Number);
    const right = grid.get(`${i + 1},${j}`);
    if (right !== undefined && right !== phase)
      edges.push({ x1: xe[i + 1], x2: xe[i + 1], y1: ye[j], y2: ye[j + 1] });
    const up = grid.get(`${i},${j + 1}`);
    if (up !== undefined && up !== phase)
      edges.push({ x1: xe[i], x2: xe[i + 1], y1: ye[j + 1], y2: ye[j + 1] });
  }
  const curves: { x: number; y: number; label: string }[] = [];
  const boundaries = o.boundaries ?? [];
  if (!Array.isArray(boundaries))
    fail(fn, 'options.boundaries', 'an array of curves', boundaries, 'type');
  const boundaryLabels = boundaries.map((b, k) => {
    if (b === null || typeof b !== 'object')
      fail(
        fn,
        `options.boundaries[${k}]`,
        'an object { label, relativeImportance, density }',
        b,
        'type',
      );
    checkKeys(fn, `options.boundaries[${k}]`, b, PHASE_BOUNDARY_KEYS);
    const bx = toFiniteArray(
      fn,
      `options.boundaries[${k}].relativeImportance`,
      b.relativeImportance,
    );
    const by = toFiniteArray(fn, `options.boundaries[${k}].density`, b.density, bx.length);
    const label = toText(fn, `options.boundaries[${k}].label`, b.label, `boundary ${k}`);
    for (let q = 0; q < bx.length; q++) {
      if (bx[q] > 0 && by[q] > 0) curves.push({ x: bx[q], y: by[q], label });
    }
    return label;
  });
  const r = resolveOptions(fn, o, {
    width: 520,
    height: 480,
    title: 'Phase diagram',
    legends: true,
  });
  const present = PHASES.filter((ph) => checked.some((c) => c.phase === ph));
  const items: SwatchItem[] = present.map((ph) => ({
    label: PHASE_LABELS[ph],
    color: theme.phaseColors[ph],
    shape: 'square',
  }));
  items.push({ label: 'boundary (grid)', color: theme.textColor, shape: 'line' });
  for (const label of boundaryLabels) items.push({ label, color: theme.textColor, shape: 'dash' });
  const legend = swatchLegend(r.doc, items, undefined, r.width - 24);
  fitLegends(r, [legend]);
  const xDomain = logDomain(xe[0], xe[xe.length - 1]);
  const yDomain = logDomain(ye[0], ye[ye.length - 1]);
  const plot = renderPanel(
    panelOptions(r.doc, r.width, r.height - r.top, {
      marginTop: 24,
      marginBottom: 44,
      x: {
        type: 'log',
        domain: xDomain,
        label: 'relative importance of the extra feature (log)',
        ...logAxis(xDomain[0], xDomain[1]),
      },
      y: {
        type: 'log',
        domain: yDomain,
        label: 'feature density 1 − S (log)',
        ...logAxis(yDomain[0], yDomain[1]),
      },
      color: {
        type: 'ordinal',
        domain: PHASES as Phase[],
        range: PHASES.map((ph) => theme.phaseColors[ph]),
      },
      marks: [
        Plot.rect(rects, {
          x1: 'x1',
          x2: 'x2',
          y1: 'y1',
          y2: 'y2',
          fill: 'phase',
          title: (d: Rect) => `r = ${d.r}, p = ${d.p}: ${PHASE_LABELS[d.phase]}`,
        }),
        Plot.link(edges, {
          x1: 'x1',
          y1: 'y1',
          x2: 'x2',
          y2: 'y2',
          stroke: theme.textColor,
          strokeWidth: 1.5,
        }),
        Plot.line(curves, {
          x: 'x',
          y: 'y',
          z: 'label',
          stroke: theme.textColor,
          strokeDasharray: '5,4',
          strokeWidth: 1.5,
          clip: true,
        }),
        Plot.frame({ stroke: theme.mutedColor }),
      ],
    }),
  );
  const counts = present.map(
    (ph) => `${checked.filter((c) => c.phase === ph).length} ${PHASE_LABELS[ph]}`,
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
      `Phase diagram over relative importance ${xs[0]} to ${xs[xs.length - 1]} and density ` +
        `${ys[0]} to ${ys[ys.length - 1]} (both log): ${counts.join(', ')} of ${checked.length} grid points` +
        `${boundaries.length ? `, with ${boundaries.length} theoretical boundary curve(s)` : ''}.`,
    panels: [{ plot, x: 0, y: r.top }],
    legends: [legend],
  });
}
