import * as Plot from '@observablehq/plot';
import { encodePngRgb, toBase64 } from '../png.js';
import { fail } from '../validate.js';

/**
 * Raster drawing of W^T W panels, shared by {@link wtwHeatmap} and {@link sparsitySweep}: one
 * embedded PNG of n x n pixels per panel instead of n^2 rectangles.
 */

/**
 * The number of features above which {@link wtwHeatmap} and {@link sparsitySweep} draw W^T W
 * as a raster image rather than one rectangle per entry when `render` is `'auto'`.
 *
 * @example
 * ```ts
 * const raster = 150 > WTW_RASTER_THRESHOLD; // true: a 150-feature heatmap is drawn as an image
 * ```
 */
export const WTW_RASTER_THRESHOLD = 100;

/** How W^T W is drawn: rectangles, a raster, or rectangles up to {@link WTW_RASTER_THRESHOLD}. */
export type WtwRender = 'auto' | 'cells' | 'raster';

/** Check a `render` option and say whether n features are drawn as a raster. @internal */
export function rasterFor(fn: string, render: unknown, n: number): boolean {
  const mode = render ?? 'auto';
  if (mode !== 'auto' && mode !== 'cells' && mode !== 'raster') {
    fail(fn, 'options.render', "'auto', 'cells' or 'raster'", mode);
  }
  return mode === 'raster' || (mode === 'auto' && n > WTW_RASTER_THRESHOLD);
}

/** Colour levels of a raster: entries are drawn in the colour of the nearest of these values. */
const RASTER_LEVELS = 2049;

/** Parse the colour strings d3's interpolators give: `rgb(r, g, b)` or `#rrggbb`. */
function parseRgb(color: string): [number, number, number] {
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(color);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  throw new Error(
    `wtwHeatmap: the colour scale gave ${JSON.stringify(color)}, not rgb() or #rrggbb`,
  );
}

/**
 * The pixels of one W^T W panel (`[n, n, 3]`, row i, column j in importance order), coloured
 * by the diverging scale `color` through a table of {@link RASTER_LEVELS} levels over
 * [-max, max]: within max / 2048 of the exact entry, and clamped outside the domain as the
 * scale clamps. @internal
 */
export function gramPixels(
  G: Float64Array,
  n: number,
  order: readonly number[],
  color: Plot.ScaleOptions,
  max: number,
): Uint8Array {
  const scale = Plot.scale({ color });
  const lut = new Uint8Array(RASTER_LEVELS * 3);
  for (let k = 0; k < RASTER_LEVELS; k++) {
    const value = -max + (2 * max * k) / (RASTER_LEVELS - 1);
    lut.set(parseRgb(String(scale.apply(value))), 3 * k);
  }
  const pixels = new Uint8Array(n * n * 3);
  const step = (RASTER_LEVELS - 1) / (2 * max);
  for (let r = 0; r < n; r++) {
    const row = order[r] * n;
    for (let c = 0; c < n; c++) {
      const level = Math.round((G[row + order[c]] + max) * step);
      const k = 3 * Math.min(RASTER_LEVELS - 1, Math.max(0, level));
      const p = 3 * (r * n + c);
      pixels[p] = lut[k];
      pixels[p + 1] = lut[k + 1];
      pixels[p + 2] = lut[k + 2];
    }
  }
  return pixels;
}

/**
 * Give each facet's image the box of that facet's frame (Plot draws both in a group or with a
 * transform per facet; the same transform marks the same facet), and a style that asks every
 * renderer for nearest-neighbour scaling. @internal
 */
export function fitImagesToFrames(plot: Element): void {
  const frames = new Map<string, Element>();
  for (const rect of Array.from(plot.querySelectorAll('g[aria-label="frame"] rect'))) {
    frames.set(rect.getAttribute('transform') ?? '', rect);
  }
  for (const image of Array.from(plot.querySelectorAll('g[aria-label="image"] image'))) {
    const key =
      image.getAttribute('transform') ?? image.parentElement?.getAttribute('transform') ?? '';
    const frame = frames.get(key);
    if (frame === undefined) throw new Error(`wtwHeatmap: no frame for the facet at ${key}`);
    for (const name of ['x', 'y', 'width', 'height']) {
      image.setAttribute(name, frame.getAttribute(name) ?? '0');
    }
    // Chromium smooths an image whose rendering is `optimizeSpeed` and drops that value from a
    // style as unknown, keeping `pixelated`; resvg knows only `optimizeSpeed` and takes the last
    // declaration. Both then scale without smoothing (tested in Node and in Chromium).
    image.setAttribute('style', 'image-rendering: pixelated; image-rendering: optimizeSpeed');
  }
}

/**
 * The data URL of each panel's image (`grams[k]`: W^T W of panel k, `[n, n]`). @internal
 */
export function gramImages(
  grams: readonly Float64Array[],
  n: number,
  order: readonly number[],
  color: Plot.ScaleOptions,
  max: number,
): string[] {
  return grams.map(
    (G) =>
      `data:image/png;base64,${toBase64(encodePngRgb(n, n, gramPixels(G, n, order, color, max)))}`,
  );
}

/**
 * The mark that draws each panel's image at its facet (`fx` and, when given, `fy` channels of
 * the data), to be given its frame's box by {@link fitImagesToFrames}. @internal
 */
export function gramImageMark(
  images: readonly { src: string; col: number; row?: number }[],
  fy: boolean,
): Plot.Markish {
  return Plot.image(images, {
    fx: 'col',
    ...(fy ? { fy: 'row' } : {}),
    src: 'src',
    width: 1,
    height: 1,
    frameAnchor: 'middle',
    preserveAspectRatio: 'none',
    // nearest-neighbour scaling (the SVG 1.1 value; see fitImagesToFrames for browsers)
    imageRendering: 'optimizeSpeed',
  });
}
