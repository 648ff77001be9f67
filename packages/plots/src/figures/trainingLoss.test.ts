import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { theme } from '../theme.js';
import { trainingLoss } from './trainingLoss.js';

const doc = createDocument();

describe('trainingLoss', () => {
  it('draws one line per instance on a log y axis, coloured by instance', () => {
    const curves = [0, 1, 2].map((k) => ({ loss: [1, 0.1, 0.01].map((x) => x * (k + 1)) }));
    const svg = trainingLoss(curves, { document: doc });
    const lines = Array.from(svg.querySelectorAll('g[aria-label="line"] path'));
    expect(lines.map((l) => l.getAttribute('stroke'))).toEqual(theme.categorical.slice(0, 3));
    // log scale: equal ratios give equal pixel steps
    const ys = (lines[0].getAttribute('d') ?? '')
      .match(/-?[\d.]+/g)!
      .map(Number)
      .filter((_, k) => k % 2 === 1);
    expect(ys[1] - ys[0]).toBeCloseTo(ys[2] - ys[1], 1);
    expect(svg.textContent).toContain('instance 2');
  });

  it('switches to a sequential scale past eight instances', () => {
    const curves = Array.from({ length: 10 }, (_, k) => ({ loss: [1 + k, 0.5] }));
    const svg = trainingLoss(curves, { document: doc });
    const strokes = Array.from(svg.querySelectorAll('g[aria-label="line"] path')).map((l) =>
      l.getAttribute('stroke'),
    );
    expect(new Set(strokes).size).toBe(10);
    expect(svg.querySelector('g[aria-label^="colour legend"]')).not.toBeNull();
  });

  it('draws an exact zero at the smallest positive loss instead of dropping it', () => {
    const svg = trainingLoss([{ loss: [1, 0.01, 0] }], { document: doc });
    const d = svg.querySelector('g[aria-label="line"] path')?.getAttribute('d') ?? '';
    const ys = d
      .match(/-?[\d.]+/g)!
      .map(Number)
      .filter((_, k) => k % 2 === 1);
    expect(ys).toHaveLength(3);
    expect(ys[2]).toBeCloseTo(ys[1], 6);
  });

  it("takes the trainer's history records { step, loss } as they come", () => {
    const history = [
      { step: 100, loss: 0.1 },
      { step: 200, loss: 0.01 },
    ];
    const a = trainingLoss([{ loss: history }], { document: doc });
    const b = trainingLoss([{ loss: [0.1, 0.01], step: [100, 200] }], { document: doc });
    const path = (svg: Element): string | null | undefined =>
      svg.querySelector('g[aria-label="line"] path')?.getAttribute('d');
    expect(path(a)).toBe(path(b));
    expect(() => trainingLoss([{ loss: [{ step: 1, loss: NaN }] }], { document: doc })).toThrow(
      'trainingLoss: curves[0].loss[].loss[0] expected a finite number, got NaN',
    );
  });

  it('rejects negative losses, step arrays of another length and an all-zero loss', () => {
    expect(() => trainingLoss([{ loss: [1, -1] }], { document: doc })).toThrow(
      'trainingLoss: curves[0].loss[1] expected a loss >= 0, got -1',
    );
    expect(() => trainingLoss([{ loss: [1, 0.5], step: [0] }], { document: doc })).toThrow(
      'trainingLoss: curves[0].step expected 2 numbers, got Array(1)',
    );
    expect(() => trainingLoss([{ loss: [0, 0] }], { document: doc })).toThrow(
      'trainingLoss: curves expected at least one positive loss (log scale), got only zeros',
    );
  });
});
