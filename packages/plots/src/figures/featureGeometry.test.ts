import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { featureGeometry } from './featureGeometry.js';

const doc = createDocument();

/** A regular pentagon of radius r: feature i at angle 2 pi i / 5 + phase. */
function pentagon(r = 1, phase = 0): number[][] {
  const a = [0, 1, 2, 3, 4].map((i) => (2 * Math.PI * i) / 5 + phase);
  return [a.map((t) => r * Math.cos(t)), a.map((t) => r * Math.sin(t))];
}

/** Tips (pixel coordinates) of the feature lines, read from the `M x0,y0 L x,y` paths. */
function tips(svg: Element): { origin: [number, number]; tips: [number, number][] } {
  const paths = Array.from(svg.querySelectorAll('g[aria-label="link"] path'));
  const parsed = paths.map((p) => (p.getAttribute('d') ?? '').match(/-?[\d.]+/g)!.map(Number));
  return {
    origin: [parsed[0][0], parsed[0][1]],
    tips: parsed.map((c) => [c[2], c[3]] as [number, number]),
  };
}

describe('featureGeometry', () => {
  it('featureGeometry(pentagon) draws 5 lines whose tips are 72 degrees apart', () => {
    const svg = featureGeometry(pentagon(1, 0.3), { document: doc });
    const { origin, tips: t } = tips(svg);
    expect(t).toHaveLength(5);
    // pixel y grows downwards; the plot is square, so pixel angles are true angles
    const angles = t
      .map(([x, y]) => Math.atan2(origin[1] - y, x - origin[0]))
      .sort((a, b) => a - b);
    const gaps = angles.map(
      (a, k) => ((k === 4 ? angles[0] + 2 * Math.PI : angles[k + 1]) - a) * (180 / Math.PI),
    );
    // Plot rounds path coordinates to 3 decimals: 0.05 degree is far above that error
    for (const gap of gaps) expect(gap).toBeCloseTo(72, 1);
    // all tips at the same distance from the origin
    const radii = t.map(([x, y]) => Math.hypot(x - origin[0], y - origin[1]));
    for (const r of radii) expect(r).toBeCloseTo(radii[0], 1);
    // one dot per tip
    expect(svg.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(5);
  });

  it('draws antipodal pairs on opposite sides of the origin', () => {
    const W = [
      [1, -1, 0, 0],
      [0, 0, 1, -1],
    ];
    const { origin, tips: t } = tips(featureGeometry(W, { document: doc }));
    expect(t[0][0] - origin[0]).toBeCloseTo(-(t[1][0] - origin[0]), 2);
    expect(t[2][1] - origin[1]).toBeCloseTo(-(t[3][1] - origin[1]), 2);
  });

  it('projects m > 2 onto the top two principal directions (a plane in 3-D keeps its shape)', () => {
    const flat = pentagon(1, 0.3);
    // the pentagon's plane tilted into 3-D: rows are combinations of the two planar rows
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const W3 = [flat[0], flat[1].map((y) => c * y), flat[1].map((y) => s * y)];
    const { origin, tips: t } = tips(featureGeometry(W3, { document: doc }));
    const angles = t
      .map(([x, y]) => Math.atan2(origin[1] - y, x - origin[0]))
      .sort((a, b) => a - b);
    const gaps = angles.map(
      (a, k) => ((k === 4 ? angles[0] + 2 * Math.PI : angles[k + 1]) - a) * (180 / Math.PI),
    );
    for (const gap of gaps) expect(gap).toBeCloseTo(72, 1);
    const radii = t.map(([x, y]) => Math.hypot(x - origin[0], y - origin[1]));
    for (const r of radii) expect(r).toBeCloseTo(radii[0], 1);
  });

  it('uses an explicit projection [2, nHidden]', () => {
    const W = [
      [1, 0],
      [0, 1],
      [0, 0],
    ];
    const P = [
      [0, 1, 0],
      [1, 0, 0],
    ];
    const { origin, tips: t } = tips(featureGeometry(W, { document: doc, projection: P }));
    // feature 0 = e1 maps to (0, 1): straight up; feature 1 = e2 maps to (1, 0): right
    expect(t[0][0]).toBeCloseTo(origin[0], 2);
    expect(t[0][1]).toBeLessThan(origin[1]);
    expect(t[1][1]).toBeCloseTo(origin[1], 2);
    expect(t[1][0]).toBeGreaterThan(origin[0]);
  });

  it('is accessible: role img, aria-label, <title> and <desc>', () => {
    const svg = featureGeometry(pentagon(), { document: doc, title: 'Pentagon' });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Pentagon');
    expect(svg.querySelector('title')?.textContent).toBe('Pentagon');
    expect(svg.querySelector('desc')?.textContent).toMatch(/5 features in 2 hidden dimension/);
    expect(svg.getAttribute('width')).toBe('420');
  });

  it('rejects bad input with messages naming the function and argument', () => {
    expect(() => featureGeometry([[1, NaN]], { document: doc })).toThrow(
      'featureGeometry: W[0][1] expected a finite number, got NaN',
    );
    expect(() => featureGeometry(pentagon(), { document: doc, importance: [1, 2] })).toThrow(
      'featureGeometry: options.importance expected 5 numbers, got Array(2)',
    );
    expect(() => featureGeometry([[1], [0], [0]], { document: doc, projection: [[1, 0]] })).toThrow(
      'featureGeometry: options.projection expected a [2, nHidden = 3] matrix, got [1, 2]',
    );
    expect(() => featureGeometry(pentagon())).toThrow(
      /featureGeometry: options.document expected a DOM Document .*, got undefined/,
    );
    expect(() => featureGeometry(pentagon(), { document: doc, width: 10 })).toThrow(
      'featureGeometry: options.width expected a finite number in [100, 100000] (px), got 10',
    );
  });
});
