import * as Plot from '@observablehq/plot';
import { formatNumber, niceTicks, svgElement } from './svg.js';
import { theme } from './theme.js';

/** A legend drawn as SVG, with its width for layout. @internal */
export interface Legend {
  element: SVGElement;
  width: number;
  height: number;
}

/** Approximate text width in px for layout (about 0.6 em per character). @internal */
export function textWidth(text: string, size: number = theme.fontSize): number {
  return text.length * size * 0.6;
}

/**
 * A continuous colour legend: a stepped ramp with a label above and ticks below. Drawn with
 * rects (no gradient ids, no canvas) so that it renders in linkedom, resvg and browsers.
 * @internal
 */
export function rampLegend(
  doc: Document,
  color: Plot.ScaleOptions,
  label: string,
  width = 180,
): Legend {
  const scale = Plot.scale({ color });
  const domain = (scale.domain ?? [0, 1]) as number[];
  const lo = domain[0];
  const hi = domain[domain.length - 1];
  const g = svgElement(doc, 'g', { 'aria-label': `colour legend: ${label}` });
  g.appendChild(svgElement(doc, 'text', { x: 0, y: 9, 'font-weight': 600 }, label));
  const steps = 48;
  const barY = 14;
  const barH = 10;
  for (let k = 0; k < steps; k++) {
    const t = (k + 0.5) / steps;
    // hi - lo overflows for a domain near the largest doubles: then lo (1 - t) + hi t
    const v = Number.isFinite(hi - lo)
      ? lo + ((hi - lo) * (k + 0.5)) / steps
      : lo * (1 - t) + hi * t;
    g.appendChild(
      svgElement(doc, 'rect', {
        x: ((k * width) / steps).toFixed(2),
        y: barY,
        width: (width / steps + 0.3).toFixed(2),
        height: barH,
        fill: String(scale.apply(v)),
      }),
    );
  }
  const ticks = niceTicks(Math.min(lo, hi), Math.max(lo, hi), 4);
  for (const t of ticks) {
    const x =
      hi === lo
        ? 0
        : Number.isFinite(hi - lo)
          ? ((t - lo) / (hi - lo)) * width
          : ((t / 2 - lo / 2) / (hi / 2 - lo / 2)) * width;
    g.appendChild(
      svgElement(doc, 'line', {
        x1: x.toFixed(2),
        x2: x.toFixed(2),
        y1: barY,
        y2: barY + barH + 3,
        stroke: theme.textColor,
      }),
    );
    g.appendChild(
      svgElement(
        doc,
        'text',
        { x: x.toFixed(2), y: barY + barH + 13, 'text-anchor': 'middle' },
        formatNumber(t),
      ),
    );
  }
  return { element: g, width: width + 16, height: barY + barH + 16 };
}

/** One entry of a swatch legend. @internal */
export interface SwatchItem {
  label: string;
  color: string;
  shape: 'square' | 'line' | 'dash' | 'dot' | 'ring';
}

/** A categorical legend: swatches and labels in one row. @internal */
export function swatchLegend(
  doc: Document,
  items: readonly SwatchItem[],
  title?: string,
  maxWidth: number = Infinity,
): Legend {
  const g = svgElement(doc, 'g', { 'aria-label': `legend${title ? `: ${title}` : ''}` });
  let x = 0;
  let cy = 8;
  let widest = 0;
  if (title) {
    g.appendChild(svgElement(doc, 'text', { x: 0, y: cy + 4, 'font-weight': 600 }, title));
    x += textWidth(title) + 10;
  }
  for (const item of items) {
    const { shape, color } = item;
    const itemWidth = (shape === 'line' || shape === 'dash' ? 20 : 16) + textWidth(item.label) + 14;
    if (x > 0 && x + itemWidth > maxWidth) {
      widest = Math.max(widest, x);
      x = 0;
      cy += 18;
    }
    if (shape === 'square') {
      g.appendChild(
        svgElement(doc, 'rect', {
          x,
          y: cy - 6,
          width: 12,
          height: 12,
          fill: color,
          stroke: '#888',
          'stroke-width': 0.5,
        }),
      );
    } else if (shape === 'line' || shape === 'dash') {
      g.appendChild(
        svgElement(doc, 'line', {
          x1: x,
          x2: x + 16,
          y1: cy,
          y2: cy,
          stroke: color,
          'stroke-width': 2,
          ...(shape === 'dash' ? { 'stroke-dasharray': '4,3' } : {}),
        }),
      );
    } else {
      g.appendChild(
        svgElement(doc, 'circle', {
          cx: x + 6,
          cy,
          r: 4,
          fill: shape === 'dot' ? color : 'none',
          stroke: color,
          'stroke-width': 1.5,
        }),
      );
    }
    const tx = x + (shape === 'line' || shape === 'dash' ? 20 : 16);
    g.appendChild(svgElement(doc, 'text', { x: tx, y: cy + 4 }, item.label));
    x = tx + textWidth(item.label) + 14;
  }
  return { element: g, width: Math.max(widest, x), height: cy + 10 };
}
