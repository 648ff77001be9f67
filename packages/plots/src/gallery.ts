import { capacity } from './figures/capacity.js';
import { coherenceCurve } from './figures/coherenceCurve.js';
import { cosineHistogram } from './figures/cosineHistogram.js';
import { featureDimensionality } from './figures/featureDimensionality.js';
import { featureGeometry } from './figures/featureGeometry.js';
import { featureNorms } from './figures/featureNorms.js';
import { phaseDiagram } from './figures/phaseDiagram.js';
import { sparseInterference } from './figures/sparseInterference.js';
import { sparsitySweep } from './figures/sparsitySweep.js';
import { trainingLoss } from './figures/trainingLoss.js';
import { wtwHeatmap } from './figures/wtwHeatmap.js';
import { galleryInputs } from './gallery/inputs.js';

export { galleryInputs, type GalleryInputs } from './gallery/inputs.js';

/**
 * One figure of the gallery: an id, a title, a sentence, and how to draw it.
 *
 * @example
 * ```ts
 * const [first] = galleryFigures();
 * first.id; // 'feature-geometry'
 * const svg = first.render(createDocument());
 * ```
 */
export interface GalleryFigure {
  /** Stable id (also the snapshot file name and the ids' prefix). */
  id: string;
  /** Short title. */
  title: string;
  /** What the figure shows and where it comes from. */
  description: string;
  /** Render with a document (default: the global document in browsers). */
  render(doc?: Document): SVGSVGElement;
}

interface Entry extends Omit<GalleryFigure, 'render'> {
  draw: (doc: Document | undefined, idPrefix: string) => SVGSVGElement;
}

/**
 * Every figure of the package, drawn from the seeded {@link galleryInputs}: the docs gallery
 * page renders these in the browser, and the snapshot tests render the same in Node.
 *
 * @returns the figures in a fixed order, each with a stable id.
 * @example
 * ```ts
 * import { createDocument, writeSvg } from '@hyperposition/plots/node';
 * const doc = createDocument();
 * for (const f of galleryFigures()) await writeSvg(`${f.id}.svg`, f.render(doc));
 * ```
 */
export function galleryFigures(): GalleryFigure[] {
  const inputs = galleryInputs();
  const figures: Entry[] = [
    {
      id: 'feature-geometry',
      title: 'Feature geometry: the pentagon',
      description: 'n = 5 features in m = 2 dimensions at high sparsity: a regular pentagon.',
      draw: (document, idPrefix) =>
        featureGeometry(inputs.pentagon.W, {
          document,
          idPrefix,
          importance: inputs.pentagon.importance,
          title: 'Feature geometry: a pentagon',
          subtitle: 'n = 5, m = 2, importance 0.9^i (seeded example)',
        }),
    },
    {
      id: 'feature-geometry-projected',
      title: 'Feature geometry in 3-D, projected',
      description:
        'Eight features in m = 3 dimensions, drawn through the top two principal directions.',
      draw: (document, idPrefix) =>
        featureGeometry(inputs.projected.W, {
          document,
          idPrefix,
          importance: inputs.projected.importance,
          title: 'Feature geometry in 3-D, projected',
          subtitle: 'n = 8, m = 3, top two principal directions (seeded example)',
        }),
    },
    {
      id: 'wtw-heatmap',
      title: 'W^T W heatmaps',
      description:
        'Interference between features for three instances of n = 12, m = 4, ordered by importance.',
      draw: (document, idPrefix) =>
        wtwHeatmap(inputs.instances.W, {
          document,
          idPrefix,
          importance: inputs.instances.importance,
          labels: inputs.instances.labels,
          subtitle: 'n = 12, m = 4, importance 0.85^i (seeded example)',
        }),
    },
    {
      id: 'feature-norms',
      title: 'Feature norms',
      description:
        'Norm of each feature direction, coloured by superposition, for the sparsest instance.',
      draw: (document, idPrefix) =>
        featureNorms(inputs.instances.W[1], {
          document,
          idPrefix,
          importance: inputs.instances.importance,
          subtitle: 'n = 12, m = 4, S = 0.9 (seeded example)',
        }),
    },
    {
      id: 'sparsity-sweep',
      title: 'Sparsity sweep',
      description:
        'As sparsity grows, n = 5 features in m = 2 go from two dedicated directions to antipodal pairs to a pentagon.',
      draw: (document, idPrefix) =>
        sparsitySweep(inputs.sweep.columns, {
          document,
          idPrefix,
          importance: inputs.sweep.importance,
          subtitle: 'n = 5, m = 2, importance 0.9^i (seeded example)',
        }),
    },
    {
      id: 'sparsity-sweep-wtw',
      title: 'Sparsity sweep with W^T W',
      description: 'The same sweep with W^T W on top instead of the geometry.',
      draw: (document, idPrefix) =>
        sparsitySweep(inputs.sweep.columns, {
          document,
          idPrefix,
          importance: inputs.sweep.importance,
          top: 'wtw',
          subtitle: 'n = 5, m = 2 (seeded example)',
        }),
    },
    {
      id: 'phase-diagram',
      title: 'Phase diagram',
      description:
        'n = 2, m = 1: the solution with the lowest exact loss at each grid point, with the theoretical boundaries.',
      draw: (document, idPrefix) =>
        phaseDiagram(inputs.phase.cells, {
          document,
          idPrefix,
          boundaries: inputs.phase.boundaries,
          subtitle: 'n = 2, m = 1: lowest exact loss among the three candidate solutions',
        }),
    },
    {
      id: 'feature-dimensionality',
      title: 'Feature dimensionality',
      description: 'Dimensionality of each feature and dimensions per feature against 1/(1 - S).',
      draw: (document, idPrefix) =>
        featureDimensionality(inputs.dimensionality, {
          document,
          idPrefix,
          subtitle: '16 instances of 20 features (synthetic, seeded)',
        }),
    },
    {
      id: 'cosine-histogram',
      title: 'Dense regime: |cos| histogram',
      description:
        'Angles between 120 spread-out directions in d = 16 against random directions, with the Welch bound.',
      draw: (document, idPrefix) => cosineHistogram(inputs.cosines, { document, idPrefix }),
    },
    {
      id: 'coherence-curve',
      title: 'Coherence against n',
      description:
        'Largest |cos| among n directions in d = 16, random and spread out, with the Welch bound.',
      draw: (document, idPrefix) =>
        coherenceCurve(inputs.coherence, {
          document,
          idPrefix,
          d: 16,
          subtitle: 'd = 16 (seeded example)',
        }),
    },
    {
      id: 'sparse-interference',
      title: 'Interference against sparsity',
      description: 'Per-feature interference against per-feature sparsity, with a random baseline.',
      draw: (document, idPrefix) =>
        sparseInterference(inputs.interference, {
          document,
          idPrefix,
          subtitle: 'synthetic, seeded',
        }),
    },
    {
      id: 'capacity',
      title: 'Capacity of bundles',
      description:
        'Retrieval accuracy of a bundle of K items among N = 100 at d = 256, measured against theory.',
      draw: (document, idPrefix) =>
        capacity(inputs.capacity, {
          document,
          idPrefix,
          subtitle:
            'd = 256, N = 100 items, 200 trials per point (simulated from the theory, seeded)',
        }),
    },
    {
      id: 'training-loss',
      title: 'Training loss',
      description: 'Loss curves of six instances at different sparsities, on a log scale.',
      draw: (document, idPrefix) =>
        trainingLoss(inputs.loss, {
          document,
          idPrefix,
          subtitle: 'six instances (synthetic, seeded)',
        }),
    },
  ];
  return figures.map(({ id, title, description, draw }) => ({
    id,
    title,
    description,
    render: (doc?: Document) => draw(doc, id),
  }));
}
