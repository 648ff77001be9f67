import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { theme } from '../theme.js';
import { wtwHeatmap } from './wtwHeatmap.js';

const doc = createDocument();

function cells(svg: Element): { fill: string; title: string }[] {
  return Array.from(svg.querySelectorAll('g[aria-label="cell"] rect')).map((r) => ({
    fill: r.getAttribute('fill') ?? '',
    title: r.querySelector('title')?.textContent ?? '',
  }));
}

describe('wtwHeatmap', () => {
  const W = [
    [1, 0, 0.5],
    [0, -2, 0.5],
  ];

  it('draws n x n cells per instance and one panel label per instance', () => {
    const svg = wtwHeatmap([W, W, W], { document: doc, labels: ['a', 'b', 'c'] });
    expect(cells(svg)).toHaveLength(3 * 9);
    const labels = Array.from(svg.querySelectorAll('g[aria-label="text"] text')).map(
      (t) => t.textContent,
    );
    expect(labels).toEqual(['a', 'b', 'c']);
  });

  it('maps 0 to the neutral midpoint of the diverging scheme (symmetric domain)', () => {
    // W^T W = [[1, 0, 0.5], [0, 4, -1], [0.5, -1, 0.5]]: asymmetric range [-1, 4]
    const all = cells(wtwHeatmap(W, { document: doc }));
    const zero = all.find((c) => c.title === 'W_0 · W_1 = 0.000');
    const midpoint = Plot.scale({
      color: { type: 'linear', scheme: theme.diverging, domain: [0, 1] },
    }).apply(0.5);
    expect(zero?.fill).toBe(midpoint);
    // the largest |entry| (4) takes the scheme's end, and -4 would take the other end
    const top = all.find((c) => c.title === 'W_1 · W_1 = 4.000');
    expect(top?.fill).toBe(
      Plot.scale({ color: { type: 'linear', scheme: theme.diverging, domain: [0, 1] } }).apply(1),
    );
  });

  it('orders rows and columns by decreasing importance', () => {
    const svg = wtwHeatmap(W, { document: doc, importance: [0.1, 0.5, 1] });
    const ticks = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(ticks).toEqual(['2', '1', '0']);
    expect(cells(svg)[0].title).toBe('W_2 · W_2 = 0.500');
  });

  it('accepts { data, rows, cols } views and reads them row-major [nHidden, nFeatures]', () => {
    const view = { data: new Float32Array([1, 0, 0.5, 0, -2, 0.5]), rows: 2, cols: 3 };
    expect(cells(wtwHeatmap(view, { document: doc }))).toEqual(
      cells(wtwHeatmap(W, { document: doc })),
    );
  });

  it('has an accessible name and description', () => {
    const svg = wtwHeatmap(W, { document: doc });
    expect(svg.getAttribute('aria-label')).toBeTruthy();
    expect(svg.querySelector('desc')?.textContent).toMatch(/1 instance\(s\) of 3 features/);
  });

  it('rejects mismatched shapes and label counts', () => {
    expect(() => wtwHeatmap([W, [[1, 0]]], { document: doc })).toThrow(
      'wtwHeatmap: W[1] expected shape [2, 3] like W[0], got [1, 2]',
    );
    expect(() => wtwHeatmap([W, W], { document: doc, labels: ['only one'] })).toThrow(
      'wtwHeatmap: options.labels expected 2 labels (one per instance), got Array(1)',
    );
    expect(() => wtwHeatmap(W, { document: doc, importance: [1] })).toThrow(
      'wtwHeatmap: options.importance expected 3 numbers, got Array(1)',
    );
  });
});
