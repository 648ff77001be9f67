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

  it('keeps the norm bars inside the figure however wide it is, on either top row', () => {
    // a 900 px wide sweep of two columns put the bars at y = 523 in a 450 px figure
    const W3 = [pair[0], pair[1], [0, 0, 0]];
    for (const [W, top, k, width, height] of [
      [W3, 'wtw', 2, 900, undefined],
      [W3, 'wtw', 1, 1200, undefined],
      [pair, 'geometry', 2, 900, undefined],
      [W3, 'wtw', 3, undefined, undefined],
      [W3, 'wtw', 2, 900, 300],
    ] as [number[][], 'wtw' | 'geometry', number, number | undefined, number | undefined][]) {
      const cols = Array.from({ length: k }, (_, c) => ({ sparsity: c / k, W }));
      const svg = sparsitySweep(cols, { document: doc, top, width, height });
      const figureHeight = Number(svg.getAttribute('height'));
      const bars = Array.from(svg.querySelectorAll('g[aria-label="bar"] rect'));
      expect(bars).toHaveLength(3 * k);
      const label = `${top}, ${k} columns, width ${width ?? 'default'}, height ${height ?? 'default'}`;
      // where an element is in the figure: its y plus every enclosing translate
      const absY = (el: Element): number => {
        // (a text's y in em, its baseline shift, counts as 0)
        const own = el.getAttribute('y') ?? '0';
        let y = own.endsWith('em') ? 0 : Number(own);
        for (let e: Element | null = el; e !== null && e !== svg; e = e.parentElement) {
          const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(e.getAttribute('transform') ?? '');
          if (m !== null) y += Number(m[2]);
        }
        return y;
      };
      const barTop = Math.min(...bars.map(absY));
      const barBottom = Math.max(...bars.map((b) => absY(b) + Number(b.getAttribute('height'))));
      // the bars' axis labels sit below them: also inside the figure
      const ticks = Array.from(svg.querySelectorAll('g[aria-label="x-axis tick label"] text'));
      expect(ticks.length).toBeGreaterThan(0);
      for (const t of ticks) expect(absY(t), label).toBeLessThan(figureHeight);
      expect(barBottom, label).toBeLessThanOrEqual(figureHeight);
      // three bars of at least 8 px each, even where the given height is small
      expect(barBottom - barTop, label).toBeGreaterThanOrEqual(3 * 8);
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
