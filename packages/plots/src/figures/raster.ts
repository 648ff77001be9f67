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
function parseRgb(fn: string, color: string): [number, number, number] {
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(color);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  throw new Error(`${fn}: the colour scale gave ${JSON.stringify(color)}, not rgb() or #rrggbb`);
}

/**
 * The pixels of one W^T W panel (`[height, width, 3]`, rows i and columns j in importance
 * order), coloured by the diverging scale `color` through a table of {@link RASTER_LEVELS}
 * levels over [-max, max]: within max / 2048 of the exact entry, and clamped outside the
 * domain as the scale clamps. With `width = height = n` (the default) each pixel is one entry;
 * smaller, pixel (R, C) covers the rows [floor(R n / height), floor((R + 1) n / height)) and the
 * columns likewise, and shows the entry of largest magnitude among them (with its sign), so
 * that an isolated large entry is never dropped. @internal
 */
export function gramPixels(
  G: Float64Array,
  n: number,
  order: readonly number[],
  color: Plot.ScaleOptions,
  max: number,
  width: number = n,
  height: number = n,
  fn = 'wtwHeatmap',
): Uint8Array {
  return tablePixels(G, n, order, colourTable(fn, color, max), max, width, height);
}

/** The colours of {@link RASTER_LEVELS} values evenly spaced over [-max, max], `[levels, 3]`. */
function colourTable(fn: string, color: Plot.ScaleOptions, max: number): Uint8Array {
  const scale = Plot.scale({ color });
  const lut = new Uint8Array(RASTER_LEVELS * 3);
  for (let k = 0; k < RASTER_LEVELS; k++) {
    const value = -max + (2 * max * k) / (RASTER_LEVELS - 1);
    lut.set(parseRgb(fn, String(scale.apply(value))), 3 * k);
  }
  return lut;
}

/** {@link gramPixels} with its colour table already built (one per figure, not per panel). */
function tablePixels(
  G: Float64Array,
  n: number,
  order: readonly number[],
  lut: Uint8Array,
  max: number,
  width: number,
  height: number,
): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  const step = (RASTER_LEVELS - 1) / (2 * max);
  const colStart = Array.from({ length: width + 1 }, (_, C) => Math.floor((C * n) / width));
  for (let R = 0; R < height; R++) {
    const r0 = Math.floor((R * n) / height);
    const r1 = Math.floor(((R + 1) * n) / height);
    for (let C = 0; C < width; C++) {
      let v = 0;
      for (let r = r0; r < r1; r++) {
        const row = order[r] * n;
        for (let c = colStart[C]; c < colStart[C + 1]; c++) {
          const x = G[row + order[c]];
          if (Math.abs(x) > Math.abs(v)) v = x;
        }
      }
      const level = Math.round((v + max) * step);
      const k = 3 * Math.min(RASTER_LEVELS - 1, Math.max(0, level));
      const p = 3 * (R * width + C);
      pixels[p] = lut[k];
      pixels[p + 1] = lut[k + 1];
      pixels[p + 2] = lut[k + 2];
    }
  }
  return pixels;
}

/** What a raster panel's image is drawn from: the Gram matrices and their colour scale. @internal */
export interface GramRaster {
  /** W^T W of each panel, `[n, n]` row-major. */
  grams: readonly Float64Array[];
  n: number;
  /** Feature order (by importance) of rows and columns. */
  order: readonly number[];
  color: Plot.ScaleOptions;
  max: number;
}

/**
 * Draw the images of a rendered panel: give each facet's image (placed by
 * {@link gramImageMark}, its `href` the panel index) the box of that facet's frame (Plot draws
 * both in a group or with a transform per facet; the same transform marks the same facet), its
 * PNG, and a style that asks every renderer for nearest-neighbour scaling. An image has n x n
 * pixels, or as many as its frame has (rounded) where that is fewer: a renderer shrinking it
 * would drop rows and columns, while {@link gramPixels} keeps the largest entry of each block.
 * @returns the pixel size `[width, height]` of the images.
 * @internal
 */
export function drawGramImages(fn: string, plot: Element, raster: GramRaster): [number, number] {
  const frames = new Map<string, Element>();
  for (const rect of Array.from(plot.querySelectorAll('g[aria-label="frame"] rect'))) {
    frames.set(rect.getAttribute('transform') ?? '', rect);
  }
  let size: [number, number] = [raster.n, raster.n];
  const lut = colourTable(fn, raster.color, raster.max);
  for (const image of Array.from(plot.querySelectorAll('g[aria-label="image"] image'))) {
    const key =
      image.getAttribute('transform') ?? image.parentElement?.getAttribute('transform') ?? '';
    const frame = frames.get(key);
    if (frame === undefined) throw new Error(`${fn}: no frame for the facet at ${key}`);
    for (const name of ['x', 'y', 'width', 'height']) {
      image.setAttribute(name, frame.getAttribute(name) ?? '0');
    }
    const panel = Number(image.getAttribute('href'));
    const G = raster.grams[panel];
    if (G === undefined) throw new Error(`${fn}: no W^T W for image ${panel}`);
    const fit = (attr: string): number =>
      Math.max(1, Math.min(raster.n, Math.round(Number(frame.getAttribute(attr)) || raster.n)));
    size = [fit('width'), fit('height')];
    const pixels = tablePixels(G, raster.n, raster.order, lut, raster.max, ...size);
    image.setAttribute(
      'href',
      `data:image/png;base64,${toBase64(encodePngRgb(size[0], size[1], pixels))}`,
    );
    // Chromium smooths an image whose rendering is `optimizeSpeed` and drops that value from a
    // style as unknown, keeping `pixelated`; resvg knows only `optimizeSpeed` and takes the last
    // declaration. Both then scale without smoothing (tested in Node and in Chromium).
    image.setAttribute('style', 'image-rendering: pixelated; image-rendering: optimizeSpeed');
  }
  return size;
}

/**
 * The mark that places each panel's image at its facet (`fx` and, when given, `fy` channels),
 * its `href` the panel index, to be drawn by {@link drawGramImages}. @internal
 */
export function gramImageMark(
  panels: readonly { panel: number; col: number; row?: number }[],
  fy: boolean,
): Plot.Markish {
  return Plot.image(panels, {
    fx: 'col',
    ...(fy ? { fy: 'row' } : {}),
    src: (p: { panel: number }) => String(p.panel),
    width: 1,
    height: 1,
    frameAnchor: 'middle',
    preserveAspectRatio: 'none',
    // nearest-neighbour scaling (the SVG 1.1 value; see drawGramImages for browsers)
    imageRendering: 'optimizeSpeed',
  });
}
