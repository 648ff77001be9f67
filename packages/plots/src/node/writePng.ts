import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { atomicWrite } from './atomicWrite.js';
import { figureToSvgString } from './figureToSvgString.js';
import { theme } from '../theme.js';
import { checkOptionsObject, fail, failText, optionKeys } from '../validate.js';

/**
 * Options of {@link writePng} and {@link figureToPng}.
 *
 * @example
 * ```ts
 * const o: PngOptions = { scale: 2, fontFiles: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] };
 * ```
 */
export interface PngOptions {
  /**
   * Pixels per SVG px (2 for crisp images on high-density screens), in (0, 16]. Default 2.
   * The PNG may have at most 2^26 = 67,108,864 pixels (width x scale times height x scale).
   */
  scale?: number;
  /**
   * Extra font files (.ttf/.otf/.ttc), an array of paths, for machines without system fonts.
   * Each must name an existing font file whose table directory is whole (a missing, empty,
   * other or damaged file is refused; resvg would skip it silently). System fonts are always loaded;
   * DejaVu Sans (Debian's fonts-dejavu-core) is the default family.
   */
  fontFiles?: readonly string[];
}

/**
 * Every key of {@link PngOptions}: {@link figureToPng} and {@link writePng} refuse any other.
 * Typed so that it cannot drift from the interface.
 * @internal
 */
export const PNG_OPTION_KEYS: readonly string[] = optionKeys<PngOptions>({
  scale: true,
  fontFiles: true,
});

/**
 * Most pixels a PNG may have: 2^26 = 67,108,864 (8192 x 8192; 256 MiB of RGBA while it is
 * rendered). Width x scale times height x scale above this is refused, rather than letting the
 * rasteriser try to allocate the pixels and abort the process.
 */
const MAX_PNG_PIXELS = 2 ** 26;

/**
 * Rasterise a figure to PNG bytes with resvg. Fonts: system fonts are loaded and the default
 * family is DejaVu Sans; where a named family is missing resvg falls back to the default,
 * and `fontFiles` adds fonts where the system has none.
 *
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link PngOptions}.
 * @returns the PNG file's bytes; its size is the figure's width and height times `scale`.
 * @throws TypeError on options that are not an object, an unknown options key (with a "did
 *   you mean" hint for a misspelt one), `fontFiles` that is not an array of strings or names
 *   a path that is missing or not a file (resvg would skip it without a word); RangeError on a `scale` outside (0, 16] or an image of more than 2^26 = 67,108,864
 *   pixels (width x scale times height x scale; 8192 x 8192).
 * @example
 * ```ts
 * const png = figureToPng(featureNorms([[1, 0], [0, 1]], { document: createDocument() }), { scale: 2 });
 * png[1] === 0x50; // 'P' of the PNG signature
 * ```
 */
export function figureToPng(svg: Element, options: PngOptions = {}): Uint8Array {
  return renderPng('figureToPng', svg, options);
}

/** The tables every face needs to be indexed and drawn (its outlines: glyf + loca, or CFF). */
const REQUIRED_TABLES = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name'];

/**
 * What is wrong with the table directory of a TrueType/OpenType font or collection, or null:
 * every table inside the file, the tables a face needs present. (The tables' contents are not
 * checked.)
 */
function fontDamage(buf: Uint8Array): string | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const size = buf.byteLength;
  const face = (at: number, label: string): string | null => {
    if (at + 12 > size) return `${label}: the table directory is cut off`;
    const numTables = view.getUint16(at + 4);
    if (numTables === 0) return `${label}: no tables`;
    if (at + 12 + 16 * numTables > size) return `${label}: the table directory is cut off`;
    const tags = new Set<string>();
    for (let t = 0; t < numTables; t++) {
      const rec = at + 12 + 16 * t;
      const tag = String.fromCharCode(...buf.subarray(rec, rec + 4));
      const offset = view.getUint32(rec + 8);
      const length = view.getUint32(rec + 12);
      if (offset + length > size)
        return `${label}: table '${tag}' ends at byte ${offset + length}, past the file's ${size}`;
      tags.add(tag);
    }
    const missing = REQUIRED_TABLES.filter((t) => !tags.has(t));
    if (missing.length > 0) return `${label}: no ${missing.map((t) => `'${t}'`).join(', ')} table`;
    // outlines: TrueType or CFF; a bitmap or colour-only font (CBDT, sbix) draws nothing here
    if (!(tags.has('glyf') && tags.has('loca')) && !tags.has('CFF ') && !tags.has('CFF2'))
      return `${label}: no outlines ('glyf'/'loca' or 'CFF' table): a bitmap or colour-only font, which resvg does not draw`;
    return null;
  };
  if (size >= 4 && String.fromCharCode(...buf.subarray(0, 4)) === 'ttcf') {
    if (size < 12) return 'the collection header is cut off';
    const numFonts = view.getUint32(8);
    if (numFonts === 0 || 12 + 4 * numFonts > size) return 'the collection header is cut off';
    for (let f = 0; f < numFonts; f++) {
      const why = face(view.getUint32(12 + 4 * f), `face ${f}`);
      if (why !== null) return why;
    }
    return null;
  }
  return face(0, 'the font');
}

/** {@link figureToPng}, with errors naming `fn` (`writePng` when it writes the file). */
function renderPng(fn: string, svg: Element, options: PngOptions): Uint8Array {
  const { scale = 2, fontFiles = [] } = checkOptionsObject(fn, 'options', options, PNG_OPTION_KEYS);
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 16) {
    throw new RangeError(`${fn}: options.scale expected a number in (0, 16], got ${String(scale)}`);
  }
  // resvg reads its options as a whole: one malformed field and it silently drops them all
  if (!Array.isArray(fontFiles)) {
    fail(fn, 'options.fontFiles', 'an array of font file paths (strings)', fontFiles, 'type');
  }
  fontFiles.forEach((file: unknown, k) => {
    if (typeof file !== 'string' || file.length === 0) {
      fail(fn, `options.fontFiles[${k}]`, 'a font file path (a non-empty string)', file, 'type');
    }
    // resvg skips a font file it cannot read without a word, and the text falls back to
    // another font (or to none)
    let found: Stats | undefined;
    try {
      found = statSync(file);
    } catch {
      found = undefined;
    }
    if (!found?.isFile()) {
      failText(
        fn,
        `options.fontFiles[${k}]`,
        'an existing font file',
        `${JSON.stringify(file)} (${found ? 'not a file' : 'missing'})`,
        'type',
      );
    }
    // a font resvg reads starts with a TrueType, OpenType or collection tag (an empty or other
    // file would be skipped as silently)
    const head = Buffer.alloc(4);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    const tag = head.toString('latin1');
    if (!(head.readUInt32BE(0) === 0x00010000 || ['OTTO', 'true', 'ttcf'].includes(tag))) {
      failText(
        fn,
        `options.fontFiles[${k}]`,
        'a TrueType or OpenType font file (.ttf, .otf, .ttc)',
        `${JSON.stringify(file)} (${found.size === 0 ? 'empty' : 'not a font'})`,
        'type',
      );
    }
    // a font with the right tag but a damaged table directory (a truncated download, say) is
    // skipped as silently: check the directory and the tables a face needs
    const damage = fontDamage(readFileSync(file));
    if (damage !== null) {
      failText(
        fn,
        `options.fontFiles[${k}]`,
        'a TrueType or OpenType font file (.ttf, .otf, .ttc)',
        `${JSON.stringify(file)} (damaged: ${damage})`,
        'type',
      );
    }
  });
  const render: ResvgRenderOptions = {
    fitTo: { mode: 'zoom', value: scale },
    background: theme.background,
    font: {
      loadSystemFonts: true,
      fontFiles: [...fontFiles],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  };
  const resvg = new Resvg(figureToSvgString(svg, { xmlDeclaration: false }), render);
  // the size resvg will allocate, known after parsing and before rendering
  const width = Math.ceil(resvg.width * scale);
  const height = Math.ceil(resvg.height * scale);
  if (width * height > MAX_PNG_PIXELS) {
    failText(
      fn,
      'options.scale',
      `a PNG of at most ${MAX_PNG_PIXELS} pixels (2^26; figure width x scale by height x scale)`,
      `${width} x ${height} = ${width * height} pixels (a ${resvg.width} x ${resvg.height} px figure at scale ${scale})`,
    );
  }
  return resvg.render().asPng();
}

/**
 * Write a figure to a `.png` file (atomically: temp file in the same directory, then rename).
 *
 * @param path - the target file; its directory must exist.
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link PngOptions}; `scale` defaults to 2.
 * @returns a promise that resolves once the file is in place.
 * @throws TypeError (the promise rejects) on a `path` that is not a non-empty string (or names a
 *   directory, or a file in a directory that does not exist), options
 *   that are not an object or an unknown options key; otherwise as {@link figureToPng}, the
 *   message naming `writePng`.
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
  await atomicWrite(path, renderPng('writePng', svg, options), 'writePng');
}
