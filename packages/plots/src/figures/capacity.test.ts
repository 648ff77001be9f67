import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { capacity } from './capacity.js';

const doc = createDocument();

describe('capacity', () => {
  const series = [
    {
      model: 'MAP-I',
      bundleSize: [5, 10, 20],
      accuracy: [1, 0.9, 0.5],
      theory: { bundleSize: [5, 10, 20], accuracy: [1, 0.92, 0.48] },
    },
    { model: 'BSC', bundleSize: [5, 10, 20], accuracy: [1, 0.8, 0.3] },
  ];

  it('draws one dot per measurement and one theory line per model that has one', () => {
    const svg = capacity(series, { document: doc });
    expect(svg.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(6);
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
    const ticks = Array.from(svg.querySelectorAll('g[aria-label="y-axis tick label"] text')).map(
      (t) => t.textContent,
    );
    expect(ticks).toContain('100%');
  });

  it('uses a log axis when bundle sizes span more than a factor 20', () => {
    const wide = [{ model: 'MAP-I', bundleSize: [1, 10, 100], accuracy: [1, 0.9, 0.2] }];
    const ticks = Array.from(
      capacity(wide, { document: doc }).querySelectorAll('g[aria-label="x-axis tick label"] text'),
    ).map((t) => t.textContent);
    expect(ticks).toEqual(['1', '3', '10', '30', '100']);
  });

  it('says that theory must be an object or left out, not that its bundle sizes are missing', () => {
    const measured = { model: 'x', bundleSize: [1, 2], accuracy: [1, 0.5] };
    expect(() => capacity([{ ...measured, theory: null as never }], { document: doc })).toThrow(
      'capacity: series[0].theory expected an object { bundleSize, accuracy } or undefined (no theory curve), got null',
    );
    expect(() =>
      capacity([measured, { ...measured, theory: [1, 2] as never }], { document: doc }),
    ).toThrow(
      'capacity: series[1].theory expected an object { bundleSize, accuracy } or undefined (no theory curve), got Array(2)',
    );
    expect(() => capacity([{ ...measured, theory: 0.9 as never }], { document: doc })).toThrow(
      TypeError,
    );
    // left out, or undefined: no theory curve
    const svg = capacity([{ ...measured, theory: undefined }], { document: doc });
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(0);
  });

  it('rejects accuracy outside [0, 1] and non-positive bundle sizes', () => {
    expect(() =>
      capacity([{ model: 'x', bundleSize: [1], accuracy: [1.5] }], { document: doc }),
    ).toThrow('capacity: series[0].accuracy[0] expected an accuracy in [0, 1], got 1.5');
    expect(() =>
      capacity([{ model: 'x', bundleSize: [0], accuracy: [1] }], { document: doc }),
    ).toThrow('capacity: series[0].bundleSize[0] expected a positive bundle size, got 0');
  });
});
