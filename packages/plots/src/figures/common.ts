import * as Plot from '@observablehq/plot';
import type { FigureOptions } from '../types.js';
import {
  checkFiniteSpan,
  checkOptionsObject,
  fail,
  resolveDocument,
  toFiniteArray,
  toIdPrefix,
  toNonBlankText,
  toText,
} from '../validate.js';
import { headerHeight } from '../frame.js';
import { textWidth, type Legend } from '../legend.js';
import { theme } from '../theme.js';

/** The resolved common options of a figure. @internal */
export interface Resolved {
  doc: Document;
  width: number;
  height: number;
  title: string;
  subtitle: string | undefined;
  idPrefix: string;
  /** Top of the panel area (below title, subtitle and legends). */
  top: number;
}

/**
 * Largest width or height of a figure in px. Plot draws ticks and grid lines in proportion to
 * the size, so a width of 1e7 px would exhaust memory; defaults that grow with the data (a
 * wide sweep, a large W^T W) are capped here too.
 */
export const MAX_FIGURE_SIZE = 100_000;

/**
 * Check the options argument of a figure: undefined (no options) or an object whose keys are
 * all among `known` (the figure's documented options: `FIGURE_OPTIONS` and its own), so
 * that a misspelt key throws a TypeError with a "did you mean" hint instead of being ignored.
 * Call first, before reading any option.
 * @internal
 */
export function checkOptions<T extends FigureOptions>(
  fn: string,
  options: T | undefined,
  known: readonly string[],
): T {
  return checkOptionsObject(fn, 'options', options, known);
}

function toSize(fn: string, arg: string, value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 100 ||
    value > MAX_FIGURE_SIZE
  ) {
    fail(fn, arg, `a finite number in [100, ${MAX_FIGURE_SIZE}] (px)`, value);
  }
  return value;
}

/** Resolve and check the options every figure shares. @internal */
export function resolveOptions(
  fn: string,
  options: FigureOptions | undefined,
  defaults: { width: number; height: number; title: string; legends: boolean },
): Resolved {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    fail(fn, 'options', 'an object', options, 'type');
  }
  const o = options ?? {};
  const doc = resolveDocument(fn, o.document);
  // the title and the description become the accessible name and description: never empty
  const title = toNonBlankText(fn, 'options.title', o.title, defaults.title);
  // a default width holds at least the title (bold, set at x = 12), which would otherwise run
  // off the right edge of a narrow figure (a W^T W of two features)
  const fits = Math.ceil(24 + textWidth(title, theme.titleSize));
  const width =
    o.width === undefined
      ? Math.min(Math.max(defaults.width, fits), MAX_FIGURE_SIZE)
      : toSize(fn, 'options.width', o.width);
  const height =
    o.height === undefined
      ? Math.min(defaults.height, MAX_FIGURE_SIZE)
      : toSize(fn, 'options.height', o.height);
  const subtitle = toText(fn, 'options.subtitle', o.subtitle);
  toNonBlankText(fn, 'options.description', o.description);
  const idPrefix = toIdPrefix(fn, 'options.idPrefix', o.idPrefix, fn);
  return {
    doc,
    width,
    height,
    title,
    subtitle,
    idPrefix,
    top: headerHeight(Boolean(subtitle), defaults.legends ? 40 : 0),
  };
}

/** Plot options shared by every panel. @internal */
export function panelOptions(
  doc: Document,
  width: number,
  height: number,
  extra: Plot.PlotOptions,
): Plot.PlotOptions {
  return {
    document: doc,
    width: Math.round(width),
    height: Math.round(height),
    marginLeft: 52,
    marginBottom: 40,
    marginTop: 16,
    marginRight: 20,
    ...extra,
  };
}

/** Render one panel with Plot; always an SVG because no figure-level options are used. @internal */
export function renderPanel(options: Plot.PlotOptions): Element {
  return Plot.plot(options) as unknown as Element;
}

/** Optional importance vector of length n, default all 1. @internal */
export function importanceOf(
  fn: string,
  value: ArrayLike<number> | undefined,
  n: number,
): Float64Array {
  if (value === undefined) return new Float64Array(n).fill(1);
  const importance = toFiniteArray(fn, 'options.importance', value, n);
  checkFiniteSpan(fn, 'options.importance', importance);
  return importance;
}

/**
 * Feature order by decreasing importance; ties keep index order (stable sort).
 * @internal
 */
export function orderByImportance(importance: Float64Array): number[] {
  return Array.from(importance.keys()).sort((a, b) => importance[b] - importance[a] || a - b);
}

/** Colour options of the importance scale, or null when all importances are equal. @internal */
export function importanceColor(importance: Float64Array): Plot.ScaleOptions | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of importance) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  if (!(hi > lo)) return null;
  return {
    type: 'linear',
    scheme: theme.importanceScheme,
    // reversed (most important darkest) and stopped before viridis' palest yellow
    range: [0.85, 0],
    domain: [lo, hi],
  };
}

/** Colour options of the superposition scale (feature norms), clamped to [0, 1]. @internal */
export function superpositionColor(): Plot.ScaleOptions {
  return { type: 'linear', scheme: theme.superpositionScheme, domain: [0, 1], clamp: true };
}

/**
 * Tick values for a band axis over `domain` drawn across `span` px: every band where labels
 * `gap` px apart fit, else every k-th band (the first, then each k-th after it) with k the
 * smallest step that keeps them `gap` px apart, so that labels never overlap.
 * @internal
 */
export function bandTicks(domain: readonly string[], span: number, gap: number): string[] {
  const n = domain.length;
  if (n === 0) return [];
  const per = span / n;
  const k = per >= gap ? 1 : Math.ceil(gap / Math.max(per, 1e-9));
  return domain.filter((_, i) => i % k === 0);
}

/**
 * The room a band-axis label needs along its axis, in px, at the theme's font size: its
 * height plus a little for a vertical axis, about 0.62 em per character plus a gap for a
 * horizontal one (`longest`: the longest label's characters).
 * @internal
 */
export function labelGap(axis: 'x' | 'y', longest: number): number {
  return axis === 'y' ? theme.fontSize + 2 : Math.ceil(0.62 * theme.fontSize * longest) + 5;
}

/** Label of a sparsity value in a column header. @internal */
export function sparsityLabel(S: number): string {
  return `S = ${Number(S.toPrecision(3))}`;
}

/** Move the panel area down to make room for legends taller than one row. @internal */
export function fitLegends(r: Resolved, legends: readonly Legend[]): void {
  let tallest = 0;
  for (const l of legends) tallest = Math.max(tallest, l.height);
  r.top = headerHeight(Boolean(r.subtitle), tallest);
}
