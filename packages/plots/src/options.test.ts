import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { createDocument } from './node/index.js';
import { FIGURE_OPTIONS } from './types.js';
import { CAPACITY_OPTION_KEYS, capacity, type CapacityOptions } from './figures/capacity.js';
import {
  COHERENCE_CURVE_OPTION_KEYS,
  coherenceCurve,
  type CoherenceCurveOptions,
} from './figures/coherenceCurve.js';
import {
  COSINE_HISTOGRAM_OPTION_KEYS,
  cosineHistogram,
  type CosineHistogramOptions,
} from './figures/cosineHistogram.js';
import {
  FEATURE_DIMENSIONALITY_OPTION_KEYS,
  FRACTION_KEYS,
  featureDimensionality,
  type FeatureDimensionalityOptions,
} from './figures/featureDimensionality.js';
import {
  FEATURE_GEOMETRY_OPTION_KEYS,
  featureGeometry,
  type FeatureGeometryOptions,
} from './figures/featureGeometry.js';
import {
  FEATURE_NORMS_OPTION_KEYS,
  featureNorms,
  type FeatureNormsOptions,
} from './figures/featureNorms.js';
import {
  PHASE_BOUNDARY_KEYS,
  PHASE_DIAGRAM_OPTION_KEYS,
  phaseDiagram,
  type PhaseDiagramOptions,
} from './figures/phaseDiagram.js';
import {
  SPARSE_INTERFERENCE_OPTION_KEYS,
  sparseInterference,
  type SparseInterferenceOptions,
} from './figures/sparseInterference.js';
import {
  SPARSITY_SWEEP_OPTION_KEYS,
  sparsitySweep,
  type SparsitySweepOptions,
} from './figures/sparsitySweep.js';
import {
  COLOR_BY_KEYS,
  TRAINING_LOSS_OPTION_KEYS,
  trainingLoss,
  type TrainingLossOptions,
} from './figures/trainingLoss.js';
import {
  WTW_HEATMAP_OPTION_KEYS,
  wtwHeatmap,
  type WtwHeatmapOptions,
} from './figures/wtwHeatmap.js';

const doc = createDocument();

/** The options every figure shares, each set to a valid value (the title is checked below). */
const common = {
  document: doc,
  width: 520,
  height: 460,
  title: 'T',
  subtitle: 'S',
  description: 'D',
  idPrefix: 'fig_1.a-b',
};

interface Case {
  name: string;
  keys: readonly string[];
  /** Every documented key with a valid value: `Required<...>` makes a missing one a type error. */
  full: object;
  draw: (options: object) => SVGSVGElement;
}

function figure<O extends object>(
  name: string,
  keys: readonly string[],
  draw: (options: O) => SVGSVGElement,
  full: Required<O>,
): Case {
  return { name, keys, full, draw: draw as (options: object) => SVGSVGElement };
}

const W2 = [
  [1, 0, 0.7],
  [0, 1, 0.7],
];
const W3 = [
  [1, 0, 0, 0.5],
  [0, 1, 0, 0.5],
  [0, 0, 1, 0.5],
];

const cases: Case[] = [
  figure<FeatureGeometryOptions>(
    'featureGeometry',
    FEATURE_GEOMETRY_OPTION_KEYS,
    (o) => featureGeometry(W3, o),
    {
      ...common,
      importance: [1, 0.9, 0.8, 0.7],
      projection: [
        [1, 0, 0],
        [0, 1, 0],
      ],
      labels: true,
    },
  ),
  figure<FeatureNormsOptions>(
    'featureNorms',
    FEATURE_NORMS_OPTION_KEYS,
    (o) => featureNorms(W2, o),
    {
      ...common,
      importance: [1, 0.9, 0.8],
      superposition: [0, 0.1, 0.5],
    },
  ),
  figure<WtwHeatmapOptions>('wtwHeatmap', WTW_HEATMAP_OPTION_KEYS, (o) => wtwHeatmap([W2, W2], o), {
    ...common,
    importance: [1, 0.9, 0.8],
    labels: ['a', 'b'],
    columns: 2,
    max: 1,
    render: 'raster',
  }),
  figure<SparsitySweepOptions>(
    'sparsitySweep',
    SPARSITY_SWEEP_OPTION_KEYS,
    (o) =>
      sparsitySweep(
        [
          { sparsity: 0, W: W3 },
          { sparsity: 0.9, W: W3 },
        ],
        o,
      ),
    {
      ...common,
      importance: [1, 0.9, 0.8, 0.7],
      top: 'geometry',
      projection: 'pca',
      render: 'raster',
    },
  ),
  figure<PhaseDiagramOptions>(
    'phaseDiagram',
    PHASE_DIAGRAM_OPTION_KEYS,
    (o) =>
      phaseDiagram(
        [
          { relativeImportance: 0.5, density: 0.1, phase: 'superposition' },
          { relativeImportance: 2, density: 0.1, phase: 'dedicated' },
        ],
        o,
      ),
    {
      ...common,
      boundaries: [{ label: 'b', relativeImportance: [0.5, 2], density: [0.05, 0.2] }],
    },
  ),
  figure<FeatureDimensionalityOptions>(
    'featureDimensionality',
    FEATURE_DIMENSIONALITY_OPTION_KEYS,
    (o) =>
      featureDimensionality(
        [{ sparsity: 0.5, featureDimensionality: [1, 0.5], dimensionsPerFeature: 0.75 }],
        o,
      ),
    { ...common, fractions: [{ value: 0.5, label: '1/2' }] },
  ),
  figure<CosineHistogramOptions>(
    'cosineHistogram',
    COSINE_HISTOGRAM_OPTION_KEYS,
    (o) => cosineHistogram({ cosines: [0.1, -0.2, 0.3], n: 3, d: 2 }, o),
    { ...common, bins: 10 },
  ),
  figure<CoherenceCurveOptions>(
    'coherenceCurve',
    COHERENCE_CURVE_OPTION_KEYS,
    (o) => coherenceCurve([{ label: 'random', n: [10, 20], coherence: [0.3, 0.4] }], o),
    { ...common, d: 4 },
  ),
  figure<SparseInterferenceOptions>(
    'sparseInterference',
    SPARSE_INTERFERENCE_OPTION_KEYS,
    (o) => sparseInterference({ points: { sparsity: [0, 0.5], interference: [0, 0.2] } }, o),
    { ...common, xLabel: 'x', yLabel: 'y' },
  ),
  figure<CapacityOptions>(
    'capacity',
    CAPACITY_OPTION_KEYS,
    (o) => capacity([{ model: 'm', bundleSize: [1, 100], accuracy: [1, 0.5] }], o),
    { ...common, logX: true },
  ),
  figure<TrainingLossOptions>(
    'trainingLoss',
    TRAINING_LOSS_OPTION_KEYS,
    (o) => trainingLoss([{ loss: [1, 0.5] }, { loss: [2, 0.1] }], o),
    { ...common, colorBy: { label: 'S', values: [0, 0.9] } },
  ),
];

/** A near miss of `key`: two neighbours swapped, or a one-letter key upper-cased. */
function misspell(key: string): string {
  return key.length > 1 ? key[1] + key[0] + key.slice(2) : key.toUpperCase();
}

describe('unknown option keys', () => {
  it('the table covers every figure function the package exports', () => {
    const notFigures = new Set(['principalDirections', 'galleryFigures', 'galleryInputs']);
    const figures = Object.entries(api)
      .filter(([name, value]) => typeof value === 'function' && !notFigures.has(name))
      .map(([name]) => name)
      .sort();
    expect(cases.map((c) => c.name).sort()).toEqual(figures);
  });

  describe.each(cases)('$name', ({ name, keys, full, draw }) => {
    it('lists the common keys first, then its own', () => {
      const own = keys.slice(Object.keys(FIGURE_OPTIONS).length);
      expect(keys).toEqual([...Object.keys(FIGURE_OPTIONS), ...own]);
      expect(Object.keys(full).sort()).toEqual([...keys].sort());
    });

    it('draws with every documented key set', () => {
      const svg = draw(full);
      expect(svg.querySelector('title')?.textContent).toBe('T');
      for (const el of Array.from(svg.querySelectorAll('[id]'))) {
        expect(el.getAttribute('id')).toMatch(/^fig_1\.a-b-\d+$/);
      }
    });

    it('accepts every documented key, and any key, set to undefined', () => {
      const none = Object.fromEntries([...keys, 'notAnOption'].map((k) => [k, undefined]));
      expect(() => draw({ ...none, document: doc })).not.toThrow();
    });

    it.each(keys.map((k) => [k, misspell(k)]))(
      'refuses options.%s misspelt as %s, with a hint',
      (key, wrong) => {
        const options = { ...full, [key]: undefined, [wrong]: (full as never)[key] };
        expect(() => draw(options)).toThrow(TypeError);
        expect(() => draw(options)).toThrow(
          `${name}: options.${wrong} expected one of the known options (${keys.join(', ')})` +
            `; did you mean options.${key}?, got an unknown key`,
        );
      },
    );

    it('refuses an empty or blank title or description: the accessible name is never empty', () => {
      for (const [value, got] of [
        ['', '""'],
        ['  \n', '"  \\n"'],
      ]) {
        for (const key of ['title', 'description']) {
          const options = { ...full, [key]: value };
          expect(() => draw(options)).toThrow(RangeError);
          expect(() => draw(options)).toThrow(
            `${name}: options.${key} expected a non-empty string (not only white space), got ${got}`,
          );
        }
      }
      // left out, the default title names the figure
      const svg = draw({ document: doc });
      const label = svg.getAttribute('aria-label') ?? '';
      expect(label.trim().length).toBeGreaterThan(3);
      expect(svg.querySelector('title')?.textContent).toBe(label);
    });

    it('refuses an unknown key far from every known one, without a hint', () => {
      expect(() => draw({ document: doc, colourScheme: 'x' })).toThrow(
        `${name}: options.colourScheme expected one of the known options (${keys.join(', ')}), got an unknown key`,
      );
    });
  });

  it('names the figure, the key, the known keys and the nearest one', () => {
    expect(() => featureNorms(W2, { document: doc, widht: 500 } as never)).toThrow(
      'featureNorms: options.widht expected one of the known options (document, width, height, ' +
        'title, subtitle, description, idPrefix, importance, superposition); did you mean ' +
        'options.width?, got an unknown key',
    );
  });

  it('checks the keys before the data, so a misspelt option is reported first', () => {
    expect(() => featureNorms([] as never, { document: doc, titel: 'x' } as never)).toThrow(
      'featureNorms: options.titel expected',
    );
  });

  it('checks nested option objects with their own path', () => {
    expect(() =>
      trainingLoss([{ loss: [1, 0.5] }], {
        document: doc,
        colorBy: { lable: 'S', values: [0.5] } as never,
      }),
    ).toThrow(
      `trainingLoss: options.colorBy.lable expected one of the known options (${COLOR_BY_KEYS.join(', ')}); did you mean options.colorBy.label?, got an unknown key`,
    );
    expect(() =>
      featureDimensionality([{ sparsity: 0, featureDimensionality: [1] }], {
        document: doc,
        fractions: [{ value: 1, label: '1' }, { value: 0.5, lable: '1/2' } as never],
      }),
    ).toThrow(
      `featureDimensionality: options.fractions[1].lable expected one of the known options (${FRACTION_KEYS.join(', ')}); did you mean options.fractions[1].label?, got an unknown key`,
    );
    expect(() =>
      phaseDiagram([{ relativeImportance: 1, density: 0.5, phase: 'dedicated' }], {
        document: doc,
        boundaries: [{ label: 'b', relativeImportance: [1], densty: [0.5] } as never],
      }),
    ).toThrow(
      `phaseDiagram: options.boundaries[0].densty expected one of the known options (${PHASE_BOUNDARY_KEYS.join(', ')}); did you mean options.boundaries[0].density?, got an unknown key`,
    );
    // undefined values pass in nested objects too
    expect(() =>
      trainingLoss([{ loss: [1, 0.5] }], {
        document: doc,
        colorBy: { label: 'S', values: [0.5], extra: undefined } as never,
      }),
    ).not.toThrow();
  });
});

describe('options.idPrefix', () => {
  const cells = [
    { relativeImportance: 0.5, density: 0.1, phase: 'superposition' as const },
    { relativeImportance: 2, density: 0.1, phase: 'dedicated' as const },
  ];
  // the boundary curve is clipped, so the figure has a clip path and url(#...) references
  const boundaries = [{ relativeImportance: [0.1, 10], density: [0.01, 0.9] }];

  it('prefixes every id, and every url(#...) reference points at one of them', () => {
    for (const idPrefix of ['a', '_x', 'Fig.2-b_c', 'sweep-3']) {
      const svg = phaseDiagram(cells, { document: doc, boundaries, idPrefix });
      const ids = new Set(Array.from(svg.querySelectorAll('[id]'), (el) => el.id));
      expect(ids.size).toBeGreaterThan(0);
      for (const id of ids) expect(id.startsWith(`${idPrefix}-`)).toBe(true);
      const refs = svg.outerHTML.match(/url\(#[^)]*\)/g) ?? [];
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(ids.has(ref.slice(5, -1))).toBe(true);
    }
  });

  it('refuses a prefix that is not usable in an XML id, with a RangeError', () => {
    const expected =
      "phaseDiagram: options.idPrefix expected a string usable in an XML id: an ASCII letter or '_', then letters, digits, '-', '_' or '.', got ";
    for (const [idPrefix, got] of [
      ['my figure', '"my figure"'],
      ['', '""'],
      ['1st', '"1st"'],
      ['-a', '"-a"'],
      ['a)b', '"a)b"'],
      ['a#b', '"a#b"'],
      ['a:b', '"a:b"'],
      ['fig\u00e9', '"fig\u00e9"'],
    ]) {
      expect(() => phaseDiagram(cells, { document: doc, idPrefix })).toThrow(RangeError);
      expect(() => phaseDiagram(cells, { document: doc, idPrefix })).toThrow(expected + got);
    }
  });

  it('refuses what is not a string (a number would start with a digit), with a TypeError', () => {
    for (const idPrefix of [7, null, {}]) {
      expect(() => featureNorms(W2, { document: doc, idPrefix: idPrefix as never })).toThrow(
        TypeError,
      );
    }
    expect(() => featureNorms(W2, { document: doc, idPrefix: 7 as never })).toThrow(
      "featureNorms: options.idPrefix expected a string usable in an XML id: an ASCII letter or '_', then letters, digits, '-', '_' or '.', got 7",
    );
  });
});
