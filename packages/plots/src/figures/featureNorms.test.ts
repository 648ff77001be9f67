import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { superpositionColor } from './common.js';
import { featureNorms, normsLabelAnchor } from './featureNorms.js';

const doc = createDocument();

function bars(svg: Element): { width: number; fill: string; title: string }[] {
  return Array.from(svg.querySelectorAll('g[aria-label="bar"] rect')).map((r) => ({
    width: Number(r.getAttribute('width')),
    fill: r.getAttribute('fill') ?? '',
    title: r.querySelector('title')?.textContent ?? '',
  }));
}

describe('featureNorms', () => {
  it('draws one bar per feature, most important on top, widths proportional to the norms', () => {
    // norms: 1, 2, 0.5, 0
    const W = [
      [1, 0, 0.3, 0],
      [0, 2, 0.4, 0],
    ];
    const b = bars(featureNorms(W, { document: doc, importance: [0.5, 1, 0.25, 0.1] }));
    expect(b).toHaveLength(4);
    expect(b.map((x) => x.title.split(':')[0])).toEqual([
      'feature 1',
      'feature 0',
      'feature 2',
      'feature 3',
    ]);
    // inset 0.5 px on each side: width + 1 is proportional to the norm
    expect((b[0].width + 1) / (b[1].width + 1)).toBeCloseTo(2, 2);
    expect((b[2].width + 1) / (b[1].width + 1)).toBeCloseTo(0.5, 2);
  });

  it('colours orthogonal features by superposition 0 and shared directions by more', () => {
    const scale = Plot.scale({ color: superpositionColor() });
    // features 0, 1 orthogonal; 2 and 3 antipodal: (W_2_hat . W_3)^2 = 1
    const W = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, -1],
    ];
    const b = bars(featureNorms(W, { document: doc }));
    expect(b[0].fill).toBe(scale.apply(0));
    expect(b[1].fill).toBe(scale.apply(0));
    expect(b[2].fill).toBe(scale.apply(1));
  });

  it('uses a given superposition measure instead of computing one', () => {
    const scale = Plot.scale({ color: superpositionColor() });
    const b = bars(
      featureNorms(
        [
          [1, 0],
          [0, 1],
        ],
        { document: doc, superposition: [0.25, 0.75] },
      ),
    );
    expect(b.map((x) => x.fill)).toEqual([scale.apply(0.25), scale.apply(0.75)]);
  });

  it('gives a zero-norm feature superposition 0, not NaN', () => {
    const b = bars(
      featureNorms(
        [
          [1, 0],
          [0, 0],
        ],
        { document: doc },
      ),
    );
    expect(b[1].title).toBe('feature 1: ||W_i|| = 0.000, superposition 0.000');
  });

  it('refuses an empty title rather than drawing a figure without an accessible name', () => {
    const W = [
      [1, 0],
      [0, 1],
    ];
    expect(() => featureNorms(W, { document: doc, title: '' })).toThrow(RangeError);
    expect(() => featureNorms(W, { document: doc, title: '' })).toThrow(
      'featureNorms: options.title expected a non-empty string (not only white space), got ""',
    );
    const svg = featureNorms(W, { document: doc, title: 0 as never });
    expect(svg.getAttribute('aria-label')).toBe('0');
    expect(svg.querySelector('title')?.textContent).toBe('0');
  });

  it('keeps the y-axis label inside its panel: rotated where it fits, else above the axis', () => {
    const label = (svg: Element): Element | null =>
      svg.querySelector('g[aria-label="y-axis label"] text');
    // 3 features, default height 204 px: a 120 px panel, too short for the rotated label,
    // which ran up into the legend and out of the figure
    const few = featureNorms(
      [
        [1, 0, 0.5],
        [0, 1, 0.5],
      ],
      { document: doc },
    );
    expect(label(few)?.textContent).toBe('feature (by importance)');
    expect(label(few)?.getAttribute('transform')).not.toMatch(/rotate/);
    // 12 features: a 282 px panel, the label rotated along the axis as before
    const many = featureNorms([Array.from({ length: 12 }, () => 1)], { document: doc });
    expect(label(many)?.getAttribute('transform')).toMatch(/rotate\(-90\)/);
    // an estimated 162 px label needs a panel of 162 + 40 - 24 = 178 px
    expect(normsLabelAnchor(177, 'feature (by importance)')).toBe('top');
    expect(normsLabelAnchor(178, 'feature (by importance)')).toBe('center');
  });

  it('rejects bad input', () => {
    expect(() => featureNorms([[1, 0]], { document: doc, superposition: [0.1] })).toThrow(
      'featureNorms: options.superposition expected 2 numbers, got Array(1)',
    );
    expect(() => featureNorms({ data: [1, 2], rows: 1, cols: 3 }, { document: doc })).toThrow(
      'featureNorms: W.data expected rows * cols = 3 numbers (rows 1, cols 3), got Array(2)',
    );
  });
});
