import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { cosineHistogram, welchBound } from './cosineHistogram.js';

const doc = createDocument();

describe('welchBound', () => {
  it('is 1/2 for three vectors in the plane (the Mercedes frame meets it) and 0 when n <= d', () => {
    expect(welchBound(3, 2)).toBeCloseTo(0.5, 15);
    expect(welchBound(5, 2)).toBeCloseTo(Math.sqrt(3 / 8), 15);
    expect(welchBound(4, 4)).toBe(0);
  });
});

describe('cosineHistogram', () => {
  const input = {
    cosines: [0.05, -0.05, 0.15, 0.25, -0.35, 0.36, 0.9, -0.02],
    n: 5,
    d: 2,
    random: { x: [0, 0.5, 1], density: [1.2, 1, 0.3] },
  };

  it('bins |cos|: the bin counts add up to the number of cosines', () => {
    const svg = cosineHistogram(input, { document: doc, bins: 10 });
    const rects = Array.from(svg.querySelectorAll('g[aria-label="rect"] rect'));
    expect(rects).toHaveLength(10);
    const counts = rects.map((r) => Number(r.querySelector('title')?.textContent?.split(': ')[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8);
    // |cos| = 0.05 twice and 0.02 land in the first bin of width 0.0972
    expect(counts[0]).toBe(3);
  });

  it('draws the random-direction curve and marks the Welch bound', () => {
    const svg = cosineHistogram(input, { document: doc });
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
    expect(svg.querySelectorAll('g[aria-label="rule"] line').length).toBeGreaterThanOrEqual(1);
    expect(svg.textContent).toContain(`Welch bound ${Math.sqrt(3 / 8).toFixed(3)}`);
  });

  it('takes a histogram already binned, with the random law as fractions per bin', () => {
    // as absCosDistribution(W).histogram and randomAbsCosStats(n, d, { edges }).fractions give them
    const histogram = { edges: [0, 0.1, 0.2, 0.4], counts: [2, 6, 2] };
    const svg = cosineHistogram(
      { histogram, n: 20, d: 8, random: { fractions: [0.3, 0.4, 0.3] } },
      { document: doc },
    );
    const rects = Array.from(svg.querySelectorAll('g[aria-label="rect"] rect'));
    expect(rects.map((r) => r.querySelector('title')?.textContent)).toEqual([
      '|cos| in [0.000, 0.100): 2',
      '|cos| in [0.100, 0.200): 6',
      '|cos| in [0.200, 0.400): 2',
    ]);
    // densities 2, 6, 1 (count / (total * width)): pixel heights in the same ratios
    const heights = rects.map((r) => Number(r.getAttribute('height')));
    expect(heights[1] / heights[0]).toBeCloseTo(3, 1);
    expect(heights[2] / heights[0]).toBeCloseTo(0.5, 1);
    // the random law is a step curve over the same bins: two points per bin
    const d = svg.querySelector('g[aria-label="line"] path')?.getAttribute('d') ?? '';
    expect(d.match(/[ML]/g)).toHaveLength(6);
  });

  it('keeps the Welch rule, the bars and the curve inside the frame when the bins start above 0', () => {
    // Welch bound for n = 20, d = 8: sqrt(12 / 152) = 0.281, below the first edge 0.3
    const welch = Math.sqrt(12 / 152);
    const svg = cosineHistogram(
      {
        histogram: { edges: [0.3, 0.4, 0.5], counts: [3, 1] },
        n: 20,
        d: 8,
        random: { x: [0, 0.1, 0.2, 0.35, 0.45], density: [5, 4, 3, 2, 1] },
      },
      { document: doc },
    );
    // the frame's horizontal extent is that of the y grid lines
    const grid = svg.querySelector('g[aria-label="y-grid"] line');
    const [left, right] = [Number(grid?.getAttribute('x1')), Number(grid?.getAttribute('x2'))];
    const rule = svg.querySelector('g[aria-label="rule"] line');
    const x = Number(rule?.getAttribute('x1'));
    expect(x).toBeGreaterThanOrEqual(left);
    expect(x).toBeLessThanOrEqual(right);
    // the axis starts at the Welch bound: its rule is the frame's left edge (to 0.01 px)
    expect(x).toBeCloseTo(left, 2);
    expect(svg.textContent).toContain(`Welch bound ${welch.toFixed(3)}`);
    for (const r of Array.from(svg.querySelectorAll('g[aria-label="rect"] rect'))) {
      expect(Number(r.getAttribute('x'))).toBeGreaterThanOrEqual(left);
      expect(Number(r.getAttribute('x')) + Number(r.getAttribute('width'))).toBeLessThanOrEqual(
        right + 1e-9,
      );
    }
    // the random curve keeps only its points in [welch, 0.5]: x = 0.35 and 0.45
    const d = svg.querySelector('g[aria-label="line"] path')?.getAttribute('d') ?? '';
    const xs = Array.from(d.matchAll(/[ML]([\d.]+),/g), (m) => Number(m[1]));
    expect(xs).toHaveLength(2);
    for (const px of xs) {
      expect(px).toBeGreaterThanOrEqual(left);
      expect(px).toBeLessThanOrEqual(right);
    }
  });

  it('keeps the Welch label inside the frame when the bound is near the right end of the axis', () => {
    // a regular tetrahedron: every pair at |cos| = 1/3, the Welch bound for n = 4, d = 3
    const svg = cosineHistogram({ cosines: Array(6).fill(1 / 3), n: 4, d: 3 }, { document: doc });
    const grid = svg.querySelector('g[aria-label="y-grid"] line');
    const right = Number(grid?.getAttribute('x2'));
    const label = svg.querySelector('g[aria-label="text"] text');
    const group = label?.closest('g[aria-label="text"]');
    // the label ends 5 px left of the rule, inside the frame
    expect(group?.getAttribute('text-anchor')).toBe('end');
    const x = Number(/translate\(([-\d.]+),/.exec(label?.getAttribute('transform') ?? '')?.[1]);
    expect(x).toBeLessThanOrEqual(right);
    // a bound in the left part keeps its label on the right of the rule
    const left = cosineHistogram({ cosines: [0.1, 0.5, 0.9], n: 20, d: 8 }, { document: doc });
    expect(left.querySelector('g[aria-label="text"]')?.getAttribute('text-anchor')).toBe('start');
  });

  it('rejects cosines outside [-1, 1], an empty list and mismatched curve arrays', () => {
    expect(() => cosineHistogram({ ...input, cosines: [1.5] }, { document: doc })).toThrow(
      'cosineHistogram: input.cosines[0] expected a cosine in [-1, 1], got 1.5',
    );
    expect(() => cosineHistogram({ ...input, cosines: [] }, { document: doc })).toThrow(
      'cosineHistogram: input.cosines expected at least one cosine, got Array(0)',
    );
    expect(() =>
      cosineHistogram({ ...input, random: { x: [0, 1], density: [1] } }, { document: doc }),
    ).toThrow('cosineHistogram: input.random.density expected 2 numbers, got Array(1)');
    expect(() => cosineHistogram({ n: 3, d: 2 }, { document: doc })).toThrow(
      'cosineHistogram: input expected exactly one of cosines and histogram, got neither',
    );
    expect(() =>
      cosineHistogram({ ...input, random: { fractions: [1] } }, { document: doc }),
    ).toThrow(
      'cosineHistogram: input.random.fractions expected a histogram input whose bins they follow, got cosines',
    );
    expect(() =>
      cosineHistogram(
        { histogram: { edges: [0, 0.2, 0.1], counts: [1, 1] }, n: 3, d: 2 },
        { document: doc },
      ),
    ).toThrow(
      'cosineHistogram: input.histogram.edges[2] expected increasing edges in [0, 1], got 0.1',
    );
    expect(() => cosineHistogram({ ...input, n: 2.5 }, { document: doc })).toThrow(
      'cosineHistogram: input.n expected a positive integer, got 2.5',
    );
  });
});
