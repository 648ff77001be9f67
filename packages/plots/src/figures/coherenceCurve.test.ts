import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { theme } from '../theme.js';
import { coherenceCurve } from './coherenceCurve.js';

const doc = createDocument();

describe('coherenceCurve', () => {
  const series = [
    { label: 'random', n: [20, 40, 80], coherence: [0.7, 0.75, 0.8] },
    { label: 'learned', n: [20, 40, 80], coherence: [0.4, 0.5, 0.6] },
  ];

  it('draws one line and one dot per measurement per series, in Okabe-Ito colours', () => {
    const svg = coherenceCurve(series, { document: doc });
    const dots = Array.from(svg.querySelectorAll('g[aria-label="dot"] circle'));
    expect(dots).toHaveLength(6);
    expect(new Set(dots.map((d) => d.getAttribute('fill')))).toEqual(
      new Set([theme.categorical[0], theme.categorical[1]]),
    );
    // two series lines; no Welch line without d
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(2);
  });

  it('adds the Welch bound for dimension d', () => {
    const svg = coherenceCurve(series, { document: doc, d: 16 });
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(3);
    expect(svg.textContent).toContain('Welch bound (d = 16)');
  });

  it('rejects mismatched lengths and non-positive n', () => {
    expect(() =>
      coherenceCurve([{ label: 'a', n: [1, 2], coherence: [0.5] }], { document: doc }),
    ).toThrow('coherenceCurve: series[0].coherence expected 2 numbers, got Array(1)');
    expect(() =>
      coherenceCurve([{ label: 'a', n: [0], coherence: [0.5] }], { document: doc }),
    ).toThrow('coherenceCurve: series[0].n[0] expected a positive number, got 0');
    // the axis is [0, 1]: a coherence outside it (a mix-up with another metric) is refused
    expect(() =>
      coherenceCurve([{ label: 'a', n: [4, 8], coherence: [0.5, 1.2] }], { document: doc }),
    ).toThrow('coherenceCurve: series[0].coherence[1] expected a coherence in [0, 1], got 1.2');
    expect(() =>
      coherenceCurve([{ label: 'a', n: [4], coherence: [-0.1] }], { document: doc }),
    ).toThrow('coherenceCurve: series[0].coherence[0] expected a coherence in [0, 1], got -0.1');
    // float rounding above 1 (identical float32 vectors) is accepted
    expect(() =>
      coherenceCurve([{ label: 'a', n: [4], coherence: [1 + 1e-7] }], { document: doc }),
    ).not.toThrow();
    expect(() => coherenceCurve([], { document: doc })).toThrow(
      'coherenceCurve: series expected a non-empty array, got Array(0)',
    );
  });
});
