/**
 * Options of {@link figureToSvgString}.
 *
 * @example
 * ```ts
 * const o: SvgStringOptions = { precision: 2, xmlDeclaration: false };
 * ```
 */
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
 * Serialise a figure as a standalone SVG (XML) document: adds `xmlns` and `xmlns:xlink` (Plot's
 * elements carry none), escapes text and attributes for XML (HTML serialisers such as
 * linkedom's `outerHTML` leave `<` and `&` bare in attributes, which XML parsers reject), and
 * optionally rounds numbers.
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
  let text = serialize(svg, true);
  if (precision !== undefined) {
    text = text.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (s) => {
      const rounded = Number(Number(s).toFixed(precision));
      return String(Object.is(rounded, -0) ? 0 : rounded);
    });
  }
  return (xmlDeclaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') + text + '\n';
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** Serialise an element tree as XML, independent of the DOM implementation. */
function serialize(el: Element, root: boolean): string {
  const name = el.localName ?? el.tagName;
  let out = `<${name}`;
  if (root) out += ` xmlns="${XMLNS}" xmlns:xlink="${XLINK}"`;
  for (const attr of Array.from(el.attributes)) {
    if (root && (attr.name === 'xmlns' || attr.name === 'xmlns:xlink')) continue;
    out += ` ${attr.name}="${escapeAttribute(attr.value)}"`;
  }
  const children = Array.from(el.childNodes);
  if (children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of children) {
    if (child.nodeType === 1) out += serialize(child as Element, false);
    else if (child.nodeType === 3 || child.nodeType === 4)
      out += escapeText(child.textContent ?? '');
  }
  return `${out}</${name}>`;
}
