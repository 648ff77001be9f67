import { featureGeometry } from '@hyperposition/plots';
import { createDocument, figureToSvgString } from '@hyperposition/plots/node';
import { pentagon } from './featureMetrics.js';

/** Draw the pentagon's feature geometry in Node and return a standalone SVG file's text. */
export function runPlotToSvg(): string {
  const svg = featureGeometry(pentagon(), {
    document: createDocument(), // in a browser, leave it out: the page's document is used
    importance: [1, 0.9, 0.81, 0.73, 0.66],
    title: 'A regular pentagon',
  });
  return figureToSvgString(svg);
}
