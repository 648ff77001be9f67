import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { featureDimensionality } from './featureDimensionality.js';

const doc = createDocument();

describe('featureDimensionality', () => {
  const instances = [
    { sparsity: 0, featureDimensionality: [1, 1, 0], dimensionsPerFeature: 1 },
    { sparsity: 0.5, featureDimensionality: [0.5, 0.5, 0.5], dimensionsPerFeature: 0.5 },
    { sparsity: 0.9, featureDimensionality: [0.4, 0.4, 0.4] },
  ];

  it('draws one dot per feature and instance, at x = 1 / (1 - S) on a log axis', () => {
    const svg = featureDimensionality(instances, { document: doc });
    const dots = Array.from(svg.querySelectorAll('g[aria-label="dot"] circle'));
    // 9 feature dots plus 2 dimensions-per-feature dots
    expect(dots).toHaveLength(11);
    const titles = dots.map((d) => d.querySelector('title')?.textContent).filter(Boolean);
    expect(titles).toContain('1/(1-S) = 10.0, feature 2: D = 0.400');
  });

  it('marks the fractions the paper found with labelled guides', () => {
    const svg = featureDimensionality(instances, { document: doc });
    const labels = Array.from(svg.querySelectorAll('g[aria-label="text"] text')).map(
      (t) => t.textContent,
    );
    expect(labels.sort()).toEqual(['1', '1/2', '1/3', '2/3', '2/5', '3/4', '3/8']);
  });

  it('omits the dimensions-per-feature panel when no instance has it', () => {
    const svg = featureDimensionality(
      instances.map(({ sparsity, featureDimensionality: D }) => ({
        sparsity,
        featureDimensionality: D,
      })),
      { document: doc },
    );
    expect(svg.querySelectorAll('g[aria-label="line"]')).toHaveLength(0);
    expect(svg.getAttribute('height')).toBe('380');
  });

  it('rejects a negative D_i or D* and fraction guides outside [0, 1]', () => {
    expect(() =>
      featureDimensionality([{ sparsity: 0, featureDimensionality: [0.5, -0.2] }], {
        document: doc,
      }),
    ).toThrow(
      'featureDimensionality: instances[0].featureDimensionality[1] expected a value >= 0, got -0.2',
    );
    expect(() =>
      featureDimensionality(
        [{ sparsity: 0, featureDimensionality: [0.5], dimensionsPerFeature: -1 }],
        { document: doc },
      ),
    ).toThrow(
      'featureDimensionality: instances[0].dimensionsPerFeature expected a number in [0, Infinity], got -1',
    );
    expect(() =>
      featureDimensionality(instances, {
        document: doc,
        fractions: [{ value: 1.5, label: '3/2' }],
      }),
    ).toThrow(
      'featureDimensionality: options.fractions[0].value expected a number in [0, 1], got 1.5',
    );
    // a guide at 0 and one at 1 are both drawn inside the panel
    const svg = featureDimensionality(instances, {
      document: doc,
      fractions: [
        { value: 0, label: '0' },
        { value: 1, label: '1' },
      ],
    });
    expect(svg.querySelectorAll('g[aria-label="text"] text')).toHaveLength(2);
  });

  it('rejects a sparsity of 1 and non-finite dimensionalities', () => {
    expect(() =>
      featureDimensionality([{ sparsity: 1, featureDimensionality: [1] }], { document: doc }),
    ).toThrow('featureDimensionality: instances[0].sparsity expected a number in [0, 1), got 1');
    expect(() =>
      featureDimensionality([{ sparsity: 0, featureDimensionality: [NaN] }], { document: doc }),
    ).toThrow(
      'featureDimensionality: instances[0].featureDimensionality[0] expected a finite number, got NaN',
    );
  });
});
