import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { sparseInterference } from './sparseInterference.js';

const doc = createDocument();

describe('sparseInterference', () => {
  const input = {
    points: { sparsity: [0, 0.5, 0.9, 0.99], interference: [0, 0.1, 0.4, 0.8] },
    baseline: { label: 'random', sparsity: [0.9, 0, 0.5], interference: [0.3, 0.3, 0.3] },
  };

  it('draws the features as filled dots and the baseline as hollow dots joined by a line', () => {
    const svg = sparseInterference(input, { document: doc });
    const dots = Array.from(svg.querySelectorAll('g[aria-label="dot"] circle'));
    expect(dots).toHaveLength(7);
    expect(dots.filter((d) => d.closest('g')?.getAttribute('fill') === 'none')).toHaveLength(3);
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
    expect(svg.textContent).toContain('random');
  });

  it('works without a baseline', () => {
    const svg = sparseInterference({ points: input.points }, { document: doc });
    expect(svg.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(4);
  });

  it('labels its axes as told (a sparsity of another kind), the feature sparsity by default', () => {
    const axisLabel = (svg: Element, axis: 'x' | 'y'): string =>
      svg.querySelector(`g[aria-label="${axis}-axis label"] text`)?.textContent ?? '';
    const plain = sparseInterference(input, { document: doc });
    expect(axisLabel(plain, 'x')).toContain('sparsity S_i of the feature (probability of zero)');
    const hoyer = sparseInterference(input, {
      document: doc,
      xLabel: 'mean Hoyer sparsity of the directions',
      yLabel: 'mean |cos|',
    });
    expect(axisLabel(hoyer, 'x')).toContain('mean Hoyer sparsity of the directions');
    expect(axisLabel(hoyer, 'y')).toContain('mean |cos|');
    expect(() => sparseInterference(input, { document: doc, xLabel: {} as never })).toThrow(
      TypeError,
    );
  });

  it('rejects a sparsity outside [0, 1] and mismatched lengths', () => {
    expect(() =>
      sparseInterference({ points: { sparsity: [1.2], interference: [0] } }, { document: doc }),
    ).toThrow(
      'sparseInterference: input.points.sparsity[0] expected a sparsity in [0, 1], got 1.2',
    );
    expect(() =>
      sparseInterference(
        { points: { sparsity: [0.1, 0.2], interference: [0] } },
        { document: doc },
      ),
    ).toThrow('sparseInterference: input.points.interference expected 2 numbers, got Array(1)');
    // a sum of squares is never negative; the axis starts at 0
    expect(() =>
      sparseInterference(
        {
          points: { sparsity: [0.1], interference: [0.2] },
          baseline: { sparsity: [0.5, 0.6], interference: [0.1, -0.3] },
        },
        { document: doc },
      ),
    ).toThrow(
      'sparseInterference: input.baseline.interference[1] expected an interference >= 0, got -0.3',
    );
  });

  it('refuses empty points and an empty baseline, as the README says of every series', () => {
    expect(() =>
      sparseInterference({ points: { sparsity: [], interference: [] } }, { document: doc }),
    ).toThrow(RangeError);
    expect(() =>
      sparseInterference({ points: { sparsity: [], interference: [] } }, { document: doc }),
    ).toThrow(
      'sparseInterference: input.points.sparsity expected at least one value, got Array(0)',
    );
    expect(() =>
      sparseInterference(
        {
          points: { sparsity: [0.1], interference: [0.2] },
          baseline: { sparsity: new Float64Array(0), interference: [] },
        },
        { document: doc },
      ),
    ).toThrow(
      'sparseInterference: input.baseline.sparsity expected at least one value, got Float64Array(0)',
    );
  });
});
