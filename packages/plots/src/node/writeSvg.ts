import { atomicWrite } from './atomicWrite.js';
import {
  figureToSvgString,
  SVG_STRING_OPTION_KEYS,
  type SvgStringOptions,
} from './figureToSvgString.js';
import { checkOptionsObject } from '../validate.js';

/**
 * Write a figure to an `.svg` file (atomically: temp file in the same directory, then rename).
 *
 * @param path - the target file; its directory must exist.
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link SvgStringOptions}.
 * @returns a promise that resolves once the file is in place.
 * @throws TypeError (the promise rejects) on a `path` that is not a non-empty string (or names a
 *   directory, or a file in a directory that does not exist), options
 *   that are not an object or an unknown options key; otherwise as {@link figureToSvgString}.
 * @example
 * ```ts
 * await writeSvg('/tmp/norms.svg', featureNorms([[1, 0], [0, 1]], { document: createDocument() }));
 * ```
 */
export async function writeSvg(
  path: string,
  svg: Element,
  options: SvgStringOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`writeSvg: path expected a non-empty string, got ${typeof path}`);
  }
  checkOptionsObject('writeSvg', 'options', options, SVG_STRING_OPTION_KEYS);
  await atomicWrite(path, figureToSvgString(svg, options), 'writeSvg');
}
