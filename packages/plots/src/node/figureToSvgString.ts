/** Options of {@link figureToSvgString}. */
export interface SvgStringOptions {
  /**
   * Round every decimal number in the markup to this many digits after the point (for stable
   * snapshots). Default: no rounding.
   */
  precision?: number;
  /** Prepend an XML declaration. Default: true. */
  xmlDeclaration?: boolean;
}

const XMLNS = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';

/**
 * Serialise a figure as a standalone SVG document: adds `xmlns` and `xmlns:xlink` (Plot's
 * elements carry none), optionally rounds numbers.
 *
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link SvgStringOptions}.
 * @returns the SVG markup.
 * @example
 * ```ts
 * const text = figureToSvgString(featureNorms([[1, 0], [0, 1]], { document: createDocument() }));
 * text.startsWith('<?xml'); // true
 * ```
 */
export function figureToSvgString(svg: Element, options: SvgStringOptions = {}): string {
  if (!svg || typeof svg !== 'object' || (svg as Element).tagName?.toLowerCase() !== 'svg') {
    throw new TypeError(
      `figureToSvgString: svg expected an <svg> element, got ${svg === null ? 'null' : typeof svg === 'object' ? `<${(svg as Element).tagName?.toLowerCase() ?? '?'}>` : typeof svg}`,
    );
  }
  const { precision, xmlDeclaration = true } = options;
  if (
    precision !== undefined &&
    !(Number.isInteger(precision) && precision >= 0 && precision <= 12)
  ) {
    throw new RangeError(
      `figureToSvgString: options.precision expected an integer in [0, 12], got ${String(precision)}`,
    );
  }
  const copy = svg.cloneNode(true) as Element;
  copy.setAttribute('xmlns', XMLNS);
  copy.setAttribute('xmlns:xlink', XLINK);
  let text = copy.outerHTML;
  if (precision !== undefined) {
    text = text.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (s) => {
      const rounded = Number(Number(s).toFixed(precision));
      return String(Object.is(rounded, -0) ? 0 : rounded);
    });
  }
  return (xmlDeclaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') + text + '\n';
}
