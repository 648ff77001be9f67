import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { theme } from '../theme.js';
import { bandTicks, labelGap } from './common.js';
import { sparsitySweep } from './sparsitySweep.js';
import { wtwHeatmap } from './wtwHeatmap.js';

const doc = createDocument();

/**
 * The positions of an axis's tick labels along the axis, from their transforms: one list per
 * run of increasing positions (the labels of one facet; each panel's axis starts again).
 */
function labelPositions(svg: Element, axis: 'x' | 'y'): number[][] {
  const runs: number[][] = [];
  for (const g of Array.from(svg.querySelectorAll(`g[aria-label="${axis}-axis tick label"]`))) {
    let run: number[] = [];
    for (const t of Array.from(g.querySelectorAll('text'))) {
      const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.getAttribute('transform') ?? '');
      if (m === null) throw new Error('a tick label without a translate');
      const at = Number(axis === 'x' ? m[1] : m[2]);
      if (run.length > 0 && at <= run[run.length - 1]) {
        runs.push(run);
        run = [];
      }
      run.push(at);
    }
    runs.push(run);
  }
  return runs;
}

describe('bandTicks', () => {
  const domain = Array.from({ length: 20 }, (_, i) => String(i));

  it('keeps every band where the labels fit and every k-th one, from the first, where not', () => {
    expect(bandTicks(domain, 400, 12)).toEqual(domain); // 20 px a band
    expect(bandTicks(domain, 240, 12)).toEqual(domain); // exactly 12 px
    expect(bandTicks(domain, 200, 12)).toEqual(domain.filter((_, i) => i % 2 === 0)); // 10 px
    expect(bandTicks(domain, 100, 12)).toEqual(['0', '3', '6', '9', '12', '15', '18']); // 5 px
    expect(bandTicks(domain, 0, 12)).toEqual(['0']);
    expect(bandTicks([], 100, 12)).toEqual([]);
  });

  it('needs more room across for longer labels, and a line height down', () => {
    expect(labelGap('y', 1)).toBe(theme.fontSize + 2);
    expect(labelGap('x', 2)).toBeGreaterThan(labelGap('x', 1));
    // two digits at the theme's 11 px: at least the width of the digits themselves
    expect(labelGap('x', 2)).toBeGreaterThanOrEqual(2 * 0.55 * theme.fontSize);
  });
});

describe('band-axis labels never overlap', () => {
  const instance = (n: number): number[][] => [
    Array.from({ length: n }, (_, j) => Math.cos(j)),
    Array.from({ length: n }, (_, j) => Math.sin(j)),
    Array.from({ length: n }, (_, j) => Math.cos(2 * j)),
  ];

  it('in the W^T W row of sparsitySweep (20 features: 7.5 px a row, every second label)', () => {
    const cols = [0, 0.5, 0.9].map((sparsity) => ({ sparsity, W: instance(20) }));
    const svg = sparsitySweep(cols, { document: doc, top: 'wtw' });
    const [top, bottom] = labelPositions(svg, 'y');
    // a line of text (the font size) between neighbours
    for (const ys of [top, bottom]) {
      for (let i = 1; i < ys.length; i++)
        expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(theme.fontSize);
    }
    expect(top.length).toBeLessThan(20);
    expect(top.length).toBeGreaterThanOrEqual(5);
    expect(bottom).toHaveLength(20); // the bars are 14 px apart: every label
  });

  it('in wtwHeatmap across and down, however many panels share the width', () => {
    for (const [k, n] of [
      [1, 20],
      [3, 20],
      [5, 24],
      [2, 12],
    ]) {
      const svg = wtwHeatmap(
        Array.from({ length: k }, () => instance(n)),
        { document: doc },
      );
      const xs = labelPositions(svg, 'x')[0];
      const ys = labelPositions(svg, 'y')[0];
      expect(xs.length).toBeGreaterThanOrEqual(Math.ceil(n / 3));
      // two-digit labels: about 0.55 em a digit, and 4 px of space between two of them (at
      // 16 px per cell, unthinned, "10" and "11" stood 2.5 px apart)
      for (let i = 1; i < xs.length; i++)
        expect(xs[i] - xs[i - 1], `${k} panels of ${n}`).toBeGreaterThanOrEqual(
          2 * 0.55 * theme.fontSize + 4,
        );
      for (let i = 1; i < ys.length; i++)
        expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(theme.fontSize);
    }
  });
});
