import type { Legend } from './legend.js';
import { SVG_NS, svgElement } from './svg.js';
import { theme } from './theme.js';

/** Height of the title block, with or without a subtitle and a row of legends. @internal */
export function headerHeight(hasSubtitle: boolean, legendHeight: number): number {
  const top = hasSubtitle ? 52 : 36;
  return legendHeight > 0 ? top + Math.max(40, legendHeight + 8) : top + 4;
}

/** A panel (the SVG Plot returned) and where it goes in the figure. @internal */
export interface Panel {
  plot: Element;
  x: number;
  y: number;
}

/** Everything the frame of a figure needs. @internal */
export interface FrameSpec {
  name: string;
  width: number;
  height: number;
  title: string;
  subtitle?: string;
  description: string;
  idPrefix?: string;
  panels: readonly Panel[];
  legends?: readonly Legend[];
}

/**
 * Move a Plot SVG's content into a translated group, keeping its presentation attributes and
 * dropping its class and stylesheet: nested `<svg>` elements would pick up Plot's
 * `height: auto` rule in browsers and resize.
 */
function plotToGroup(doc: Document, plot: Element, x: number, y: number): Element {
  const g = doc.createElementNS(SVG_NS, 'g');
  g.setAttribute('transform', `translate(${x},${y})`);
  for (const name of ['fill', 'text-anchor', 'font-variant']) {
    const value = plot.getAttribute(name);
    if (value !== null) g.setAttribute(name, value);
  }
  const children = Array.from(plot.childNodes);
  for (const child of children) {
    if ((child as Element).tagName?.toLowerCase() === 'style') continue;
    g.appendChild(child);
  }
  return g;
}

/**
 * Rename every `id` in document order to `${prefix}-${k}` and rewrite references to it,
 * so that output is deterministic (Plot numbers clip paths with a global counter) and two
 * figures on one page do not collide when their prefixes differ.
 * @internal
 */
export function normalizeIds(root: Element, prefix: string): void {
  const renamed = new Map<string, string>();
  let k = 0;
  const all = Array.from(root.querySelectorAll('*'));
  for (const el of all) {
    const id = el.getAttribute('id');
    if (id !== null) {
      const next = `${prefix}-${++k}`;
      renamed.set(id, next);
      el.setAttribute('id', next);
    }
  }
  if (renamed.size === 0) return;
  for (const el of all) {
    for (const attr of Array.from(el.attributes)) {
      let value = attr.value;
      if (!value.includes('#')) continue;
      value = value.replace(/url\(#([^)]+)\)/g, (m, id: string) =>
        renamed.has(id) ? `url(#${renamed.get(id)})` : m,
      );
      if (value.startsWith('#') && renamed.has(value.slice(1))) {
        value = `#${renamed.get(value.slice(1))}`;
      }
      if (value !== attr.value) el.setAttribute(attr.name, value);
    }
  }
}

/**
 * Assemble a figure: root `<svg role="img">` with aria-label, `<title>`, `<desc>`, a
 * background, the title block, the legends and the panels.
 * @internal
 */
export function composeFigure(doc: Document, spec: FrameSpec): SVGSVGElement {
  const { width, height, title, subtitle, description } = spec;
  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  const attrs: Record<string, string | number> = {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': title,
    'data-figure': spec.name,
    'font-family': theme.fontFamily,
    'font-size': theme.fontSize,
    color: theme.textColor,
    fill: 'currentColor',
  };
  for (const [key, value] of Object.entries(attrs)) svg.setAttribute(key, String(value));
  svg.appendChild(svgElement(doc, 'title', {}, title));
  svg.appendChild(svgElement(doc, 'desc', {}, description));
  svg.appendChild(svgElement(doc, 'rect', { width, height, fill: theme.background }));
  svg.appendChild(
    svgElement(
      doc,
      'text',
      { x: 12, y: 24, 'font-size': theme.titleSize, 'font-weight': 700, 'aria-hidden': 'true' },
      title,
    ),
  );
  if (subtitle) {
    svg.appendChild(
      svgElement(
        doc,
        'text',
        {
          x: 12,
          y: 42,
          'font-size': theme.subtitleSize,
          fill: theme.mutedColor,
          'aria-hidden': 'true',
        },
        subtitle,
      ),
    );
  }
  let lx = 12;
  const ly = subtitle ? 52 : 36;
  for (const legend of spec.legends ?? []) {
    legend.element.setAttribute('transform', `translate(${lx},${ly})`);
    svg.appendChild(legend.element);
    lx += legend.width + 28;
  }
  for (const panel of spec.panels) svg.appendChild(plotToGroup(doc, panel.plot, panel.x, panel.y));
  normalizeIds(svg, spec.idPrefix ?? spec.name);
  return svg;
}
