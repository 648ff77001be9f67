import { describe, expect, it } from 'vitest';
import { galleryFigures, galleryInputs } from './gallery.js';
import { createDocument, figureToSvgString } from './node/index.js';

const doc = createDocument();
const figures = galleryFigures();
const rendered = new Map<string, SVGSVGElement>();
function render(figure: (typeof figures)[number]): SVGSVGElement {
  if (!rendered.has(figure.id)) rendered.set(figure.id, figure.render(doc));
  return rendered.get(figure.id) as SVGSVGElement;
}

describe('galleryFigures', () => {
  it('lists every figure function with a unique id', () => {
    const ids = figures.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const kinds = new Set(figures.map((f) => render(f).getAttribute('data-figure')));
    expect([...kinds].sort()).toEqual([
      'capacity',
      'coherenceCurve',
      'cosineHistogram',
      'featureDimensionality',
      'featureGeometry',
      'featureNorms',
      'phaseDiagram',
      'sparseInterference',
      'sparsitySweep',
      'trainingLoss',
      'wtwHeatmap',
    ]);
  });

  it('builds the same inputs on every call (seeded)', () => {
    expect(galleryInputs()).toEqual(galleryInputs());
  });

  describe.each(figures.map((f) => [f.id, f] as const))('%s', (id, figure) => {
    it('matches its SVG snapshot (numbers rounded to 2 decimals)', async () => {
      // one element per line, so that a changed figure reads as a small diff in review
      const text = figureToSvgString(render(figure), { precision: 2 }).replace(/></g, '>\n<');
      await expect(text).toMatchFileSnapshot(`./__snapshots__/${id}.svg`);
    });

    it('renders deterministically, with an accessible name, title, description and prefixed ids', () => {
      const a = render(figure);
      const b = figure.render(createDocument());
      expect(figureToSvgString(a)).toBe(figureToSvgString(b));
      expect(a.getAttribute('role')).toBe('img');
      expect(a.getAttribute('aria-label')?.length).toBeGreaterThan(3);
      expect(a.querySelector('title')?.textContent?.length).toBeGreaterThan(3);
      expect(a.querySelector('desc')?.textContent?.length).toBeGreaterThan(20);
      for (const el of Array.from(a.querySelectorAll('[id]')))
        expect(el.getAttribute('id')).toMatch(new RegExp(`^${id}-\\d+$`));
      // no NaN or Infinity leaked into the markup
      expect(figureToSvgString(a)).not.toMatch(/NaN|Infinity/);
    });
  });
});
