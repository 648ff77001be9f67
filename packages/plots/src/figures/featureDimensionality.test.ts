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

  describe('with series', () => {
    // two rows of a sweep (l1 = 0 and 0.01) at the same three sparsities: one D* line each
    const rows = [0, 0.01].flatMap((l1) =>
      [0, 0.7, 0.9].map((sparsity, k) => ({
        sparsity,
        featureDimensionality: [0.5, 0.25],
        dimensionsPerFeature: l1 === 0 ? [1, 0.8, 0.6][k] : [2.5, 0.9, 0.7][k],
        series: `l1=${l1}`,
      })),
    );
    /** The points of each D* path ("M x,y L x,y ..."), in drawing order. */
    const paths = (svg: Element): { stroke: string; points: number[][] }[] =>
      Array.from(svg.querySelectorAll('g[aria-label="line"] path')).map((p) => ({
        stroke: p.getAttribute('stroke') ?? '',
        points: (p.getAttribute('d') ?? '')
          .split(/[ML]/)
          .filter((t) => t.trim() !== '')
          .map((t) => t.split(',').map(Number)),
      }));

    it('joins the instances of each series in order of sparsity, never across series', () => {
      // shuffled: the order of the instances does not matter
      const svg = featureDimensionality([rows[4], rows[0], rows[5], rows[2], rows[3], rows[1]], {
        document: doc,
      });
      const lines = paths(svg);
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line.points).toHaveLength(3);
        // x increases along a line: one point per sparsity, none twice
        expect(line.points[1][0]).toBeGreaterThan(line.points[0][0]);
        expect(line.points[2][0]).toBeGreaterThan(line.points[1][0]);
      }
      // series in order of first appearance: l1 = 0.01 (rows[4]) first; its line starts
      // higher (D* = 2.5 against 1: a smaller y in SVG)
      expect(lines[0].points[0][1]).toBeLessThan(lines[1].points[0][1]);
      expect(lines[0].stroke).not.toBe(lines[1].stroke);
    });

    it('gives each series a colour in both panels and a legend entry', () => {
      const svg = featureDimensionality(rows, { document: doc });
      const [a, b] = paths(svg).map((l) => l.stroke);
      const fills = new Set(
        Array.from(svg.querySelectorAll('g[aria-label="dot"] circle')).map((c) =>
          c.getAttribute('fill'),
        ),
      );
      expect([...fills].sort()).toEqual([a, b].sort());
      const legend = svg.querySelector('g[aria-label^="legend"]')?.textContent ?? '';
      expect(legend).toContain('l1=0');
      expect(legend).toContain('l1=0.01');
      expect(svg.querySelector('desc')?.textContent).toContain('(2 series: l1=0, l1=0.01)');
    });

    it('keeps one line per series, in one colour, beyond 8 series', () => {
      const many = Array.from({ length: 10 }, (_, k) =>
        [0, 0.9].map((sparsity) => ({
          sparsity,
          featureDimensionality: [0.5],
          dimensionsPerFeature: 1 - sparsity / 2 + k / 100,
          series: `s${k}`,
        })),
      ).flat();
      const lines = paths(featureDimensionality(many, { document: doc }));
      expect(lines).toHaveLength(10);
      expect(new Set(lines.map((l) => l.stroke)).size).toBe(1);
      for (const line of lines) expect(line.points).toHaveLength(2);
    });

    it('rejects a series given to some instances and not to others', () => {
      expect(() =>
        featureDimensionality([rows[0], { sparsity: 0.5, featureDimensionality: [1] }], {
          document: doc,
        }),
      ).toThrow(
        new TypeError(
          'featureDimensionality: instances[1].series expected a series, as instances[0] has, got undefined',
        ),
      );
      expect(() =>
        featureDimensionality([{ sparsity: 0.5, featureDimensionality: [1] }, rows[0]], {
          document: doc,
        }),
      ).toThrow('instances[1].series expected no series, as instances[0] has none, got "l1=0"');
      // numbers name series by their decimal text
      const svg = featureDimensionality(
        [0, 0.9].flatMap((sparsity) =>
          [1, 2].map((series) => ({
            sparsity,
            featureDimensionality: [0.5],
            dimensionsPerFeature: series,
            series,
          })),
        ),
        { document: doc },
      );
      expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(2);
    });

    it('rejects a series that is not a string or a number', () => {
      expect(() =>
        featureDimensionality(
          [{ sparsity: 0, featureDimensionality: [1], series: {} as unknown as string }],
          { document: doc },
        ),
      ).toThrow(
        new TypeError(
          'featureDimensionality: instances[0].series expected a string or a finite number, got object {}',
        ),
      );
    });
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
