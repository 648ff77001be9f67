import { checkOptionsObject, optionKeys } from '../validate.js';

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
   * Round every decimal number in the attribute values (coordinates, path data, transforms,
   * sizes) to this many digits after the point, for stable snapshots. Text (titles, labels,
   * `<title>` and `<desc>`) and the `aria-*`, `data-*`, `id`, `class` and link attributes are
   * left as they are. Default: no rounding.
   */
  precision?: number;
  /** Prepend an XML declaration. Default: true. */
  xmlDeclaration?: boolean;
}

/**
 * Every key of {@link SvgStringOptions}: {@link figureToSvgString} and `writeSvg` refuse any
 * other. Typed so that it cannot drift from the interface.
 * @internal
 */
export const SVG_STRING_OPTION_KEYS: readonly string[] = optionKeys<SvgStringOptions>({
  precision: true,
  xmlDeclaration: true,
});

const XMLNS = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';

/**
 * Serialise a figure as a standalone SVG (XML) document: adds `xmlns` and `xmlns:xlink` (Plot's
 * elements carry none), escapes text and attributes for XML (HTML serialisers such as
 * linkedom's `outerHTML` leave `<` and `&` bare in attributes, which XML parsers reject), and
 * optionally rounds numbers in attribute values.
 *
 * Characters that XML 1.0 does not allow (control characters other than tab, newline and
 * carriage return, U+FFFE, U+FFFF, unpaired surrogates), which a title or label may carry, are
 * replaced by U+FFFD (the replacement character), so that the output always parses as XML.
 *
 * @param svg - an `<svg>` element returned by any figure function.
 * @param options - see {@link SvgStringOptions}.
 * @returns the SVG markup.
 * @throws TypeError when `svg` is not an `<svg>` element, `options` not an object or an
 *   options key unknown (with a "did you mean" hint for a misspelt one); RangeError on a
 *   `precision` that is not an integer in [0, 12].
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
  const { precision, xmlDeclaration = true } = checkOptionsObject(
    'figureToSvgString',
    'options',
    options,
    SVG_STRING_OPTION_KEYS,
  );
  if (
    precision !== undefined &&
    !(Number.isInteger(precision) && precision >= 0 && precision <= 12)
  ) {
    throw new RangeError(
      `figureToSvgString: options.precision expected an integer in [0, 12], got ${String(precision)}`,
    );
  }
  const text = serialize(svg, true, precision);
  return (xmlDeclaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') + text + '\n';
}

/** Characters outside XML 1.0's Char production (unpaired surrogates included, with `u`). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Attributes that hold text, never rounded. */
function isTextAttribute(name: string): boolean {
  return (
    name.startsWith('aria-') ||
    name.startsWith('data-') ||
    name === 'id' ||
    name === 'class' ||
    name === 'href' ||
    name === 'xlink:href'
  );
}

function roundNumbers(value: string, precision: number): string {
  return value.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (s) => {
    const rounded = Number(Number(s).toFixed(precision));
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}

function escapeText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  // XML parsers normalise a literal tab, newline or carriage return in an attribute to a space
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Serialise an element tree as XML, independent of the DOM implementation. */
function serialize(el: Element, root: boolean, precision: number | undefined): string {
  const name = el.localName ?? el.tagName;
  let out = `<${name}`;
  if (root) out += ` xmlns="${XMLNS}" xmlns:xlink="${XLINK}"`;
  for (const attr of Array.from(el.attributes)) {
    if (root && (attr.name === 'xmlns' || attr.name === 'xmlns:xlink')) continue;
    const value =
      precision === undefined || isTextAttribute(attr.name)
        ? attr.value
        : roundNumbers(attr.value, precision);
    out += ` ${attr.name}="${escapeAttribute(value)}"`;
  }
  const children = Array.from(el.childNodes);
  if (children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of children) {
    if (child.nodeType === 1) out += serialize(child as Element, false, precision);
    else if (child.nodeType === 3 || child.nodeType === 4)
      out += escapeText(child.textContent ?? '');
  }
  return `${out}</${name}>`;
}
