import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { atomicWrite } from './atomicWrite.js';
import { figureToSvgString } from './figureToSvgString.js';
import { theme } from '../theme.js';

/**
 * Options of {@link writePng} and {@link figureToPng}.
 *
 * @example
 * ```ts
 * const o: PngOptions = { scale: 2, fontFiles: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] };
 * ```
 */
export interface PngOptions {
  /** Pixels per SVG px (2 for crisp images on high-density screens). Default 2. */
  scale?: number;
  /**
   * Extra font files (.ttf/.otf) for machines without system fonts. System fonts are always
   * loaded; DejaVu Sans (Debian's fonts-dejavu-core) is the default family.
   */
  fontFiles?: string[];
}

/**
 * Rasterise a figure to PNG bytes with resvg. Fonts: system fonts are loaded and the default
 * family is DejaVu Sans; where a named family is missing resvg falls back to the default,
 * and `fontFiles` adds fonts where the system has none.
 *
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link PngOptions}.
 * @returns the PNG file's bytes; its size is the figure's width and height times `scale`.
 * @example
 * ```ts
 * const png = figureToPng(featureNorms([[1, 0], [0, 1]], { document: createDocument() }), { scale: 2 });
 * png[1] === 0x50; // 'P' of the PNG signature
 * ```
 */
export function figureToPng(svg: Element, options: PngOptions = {}): Uint8Array {
  const { scale = 2, fontFiles = [] } = options;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 16) {
    throw new RangeError(
      `figureToPng: options.scale expected a number in (0, 16], got ${String(scale)}`,
    );
  }
  const render: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    background: theme.background,
    font: {
      loadSystemFonts: true,
      fontFiles,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  };
  const resvg = new Resvg(figureToSvgString(svg, { xmlDeclaration: false }), render);
  return resvg.render().asPng();
}

/**
 * Write a figure to a `.png` file (atomically: temp file in the same directory, then rename).
 *
 * @param path - the target file; its directory must exist.
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link PngOptions}; `scale` defaults to 2.
 * @returns a promise that resolves once the file is in place.
 * @example
 * ```ts
 * await writePng('/tmp/norms.png', featureNorms([[1, 0], [0, 1]], { document: createDocument() }), { scale: 2 });
 * ```
 */
export async function writePng(
  path: string,
  svg: Element,
  options: PngOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`writePng: path expected a non-empty string, got ${typeof path}`);
  }
  await atomicWrite(path, figureToPng(svg, options));
}
