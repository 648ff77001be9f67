import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { sparsitySweep } from './sparsitySweep.js';

const doc = createDocument();
const pair = [
  [1, -1, 0],
  [0, 0, 1],
];

describe('sparsitySweep', () => {
  it('draws one column per sparsity: geometry on top, n bars per column below', () => {
    const cols = [0, 0.5, 0.9].map((sparsity) => ({ sparsity, W: pair }));
    const svg = sparsitySweep(cols, { document: doc });
    const headers = Array.from(svg.querySelectorAll('g[aria-label="fx-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(headers).toEqual(['S = 0', 'S = 0.5', 'S = 0.9']);
    expect(svg.querySelectorAll('g[aria-label="link"] path')).toHaveLength(3 * 3);
    expect(svg.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(3 * 3);
  });

  it('puts W^T W on top when asked (and by default when nHidden != 2)', () => {
    const W3 = [pair[0], pair[1], [0, 0, 0]];
    const svg = sparsitySweep(
      [
        { sparsity: 0.1, W: W3 },
        { sparsity: 0.2, W: W3, label: 'sparse' },
      ],
      { document: doc },
    );
    expect(svg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(2 * 9);
    const headers = Array.from(svg.querySelectorAll('g[aria-label="fx-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(headers).toEqual(['S = 0.1', 'sparse']);
  });

  it('draws the W^T W cells square (within 1 px) for any number of columns and any width', () => {
    // the top row was sized to min(panel width, 230) px: cells of 51 x 55 px at two columns
    for (const [k, width] of [
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [7, undefined],
      [2, 900],
    ] as [number, number | undefined][]) {
      const cols = Array.from({ length: k }, (_, c) => ({ sparsity: c / k, W: pair }));
      const svg = sparsitySweep(cols, { document: doc, top: 'wtw', width });
      const rects = Array.from(svg.querySelectorAll('g[aria-label="cell"] rect'));
      expect(rects).toHaveLength(9 * k);
      for (const rect of rects) {
        const w = Number(rect.getAttribute('width'));
        const h = Number(rect.getAttribute('height'));
        expect(w).toBeGreaterThan(20);
        expect(Math.abs(w - h), `${k} columns, width ${width ?? 'default'}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('rejects an empty sweep, a sparsity outside [0, 1) and shapes that differ', () => {
    expect(() => sparsitySweep([], { document: doc })).toThrow(
      'sparsitySweep: columns expected a non-empty sweep (at least one { sparsity, W }), got Array(0)',
    );
    expect(() => sparsitySweep([{ sparsity: 1, W: pair }], { document: doc })).toThrow(
      'sparsitySweep: columns[0].sparsity expected a number in [0, 1), got 1',
    );
    expect(() =>
      sparsitySweep(
        [
          { sparsity: 0, W: pair },
          { sparsity: 0.5, W: [[1, 0]] },
        ],
        { document: doc },
      ),
    ).toThrow('sparsitySweep: columns[1].W expected shape [2, 3] like columns[0].W, got [1, 2]');
  });
});
