import { describe, expect, it } from 'vitest';
import { capacity } from './figures/capacity.js';
import { coherenceCurve } from './figures/coherenceCurve.js';
import { featureDimensionality } from './figures/featureDimensionality.js';
import { featureGeometry } from './figures/featureGeometry.js';
import { featureNorms } from './figures/featureNorms.js';
import { phaseDiagram, type PhaseCell } from './figures/phaseDiagram.js';
import { trainingLoss } from './figures/trainingLoss.js';
import { wtwHeatmap } from './figures/wtwHeatmap.js';
import { columnNorms, superpositionMeasure } from './linalg.js';
import { createDocument, figureToPng, figureToSvgString } from './node/index.js';
import { extent, logDomain, logTicks, niceTicks } from './svg.js';
import { toMatrix } from './validate.js';

const doc = createDocument();

/**
 * A figure that an XML parser (resvg's) accepts, with no NaN, Infinity, undefined or
 * [object ...] anywhere in its markup.
 */
function expectValidSvg(svg: Element): string {
  const text = figureToSvgString(svg);
  expect(text).not.toMatch(/NaN|Infinity|undefined|\[object/);
  expect(() => figureToPng(svg, { scale: 0.2 })).not.toThrow();
  return text;
}

function axisTicks(svg: Element, axis: 'x' | 'y'): string[] {
  return Array.from(svg.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)).map(
    (t) => t.textContent ?? '',
  );
}

describe('log axes over the whole range of doubles', () => {
  it('logTicks ends for any finite positive bounds, with at most about a dozen ticks', () => {
    const ticks = logTicks(Number.MIN_VALUE, Number.MAX_VALUE);
    expect(ticks).toEqual([1e-300, 1e-200, 1e-100, 1, 1e100, 1e200, 1e300]);
    expect(logTicks(1e-300, 1)).toEqual([1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-50, 1]);
    // up to 12 decades: one tick per decade, as before
    expect(logTicks(1, 1e12)).toHaveLength(13);
    expect(logTicks(1e308, Number.MAX_VALUE)).toEqual([1e308, 1.5e308]);
  });

  it('logTicks refuses bounds at 0 or Infinity instead of looping for ever', () => {
    expect(() => logTicks(0, 1)).toThrow('logTicks: lo expected a finite number > 0, got 0');
    expect(() => logTicks(1, Infinity)).toThrow(
      'logTicks: hi expected a finite number >= lo = 1, got Infinity',
    );
  });

  it('logDomain pads a single value by a factor of 2 without reaching 0 or Infinity', () => {
    expect(logDomain(1, 10)).toEqual([1, 10]);
    expect(logDomain(4, 4)).toEqual([2, 8]);
    expect(logDomain(Number.MIN_VALUE, Number.MIN_VALUE)).toEqual([
      Number.MIN_VALUE,
      Number.MIN_VALUE * 1e11,
    ]);
    expect(logDomain(1e308, 1e308)).toEqual([5e307, Number.MAX_VALUE]);
    // below 1e-290, at least 11 decades: d3's log ticks fail on narrower domains there
    expect(logDomain(1e-300, 2e-300)).toEqual([1e-300, 1e-300 * 1e11]);
  });

  it('niceTicks ends when the step underflows or the span overflows', () => {
    expect(niceTicks(Number.MIN_VALUE, 2 * Number.MIN_VALUE, 4)).toEqual([
      Number.MIN_VALUE,
      2 * Number.MIN_VALUE,
    ]);
    expect(niceTicks(-1e308, 1e308, 4)).toEqual([-1e308, -5e307, 0, 5e307, 1e308]);
  });

  it('niceTicks ends on a span too narrow for its magnitude (one tick), and the figures with it', () => {
    // 1 to 1 + 2^-52: steps of 5e-17 put the tick indices near 2e16, where k++ stands still
    expect(niceTicks(1, 1 + 2 ** -52)).toEqual([1]);
    expect(niceTicks(-1 - 2 ** -52, -1)).toEqual([-1 - 2 ** -52]);
    expect(niceTicks(1e6, 1e6 + 1e-8)).toEqual([1e6]);
    // still ticked where they can be told apart
    expect(niceTicks(1, 1 + 1e-9, 4)).toEqual([
      1, 1.0000000002, 1.0000000004, 1.0000000006, 1.0000000008, 1.000000001,
    ]);
    // colour scales over such a range: these never returned
    const W = [
      [0.5, 0.5],
      [0.5, -0.5],
    ];
    expectValidSvg(featureGeometry(W, { document: doc, importance: [1, 1 + 2 ** -52] }));
    expectValidSvg(featureNorms(W, { document: doc, importance: [1, 1 + 2 ** -52] }));
    expectValidSvg(
      trainingLoss(
        [
          { label: 'a', step: [0, 1], loss: [1, 0.5] },
          { label: 'b', step: [0, 1], loss: [1, 0.4] },
        ],
        { document: doc, colorBy: { label: 'r', values: [1, 1 + 2 ** -52] } },
      ),
    );
  });

  it('phaseDiagram draws a grid from 1e-300 to 1 (relative importance and density)', () => {
    const cells: PhaseCell[] = [
      { relativeImportance: 1e-300, density: 0.5, phase: 0 },
      { relativeImportance: 1, density: 0.5, phase: 1 },
    ];
    const svg = phaseDiagram(cells, { document: doc });
    expectValidSvg(svg);
    expect(axisTicks(svg, 'x')).toContain('1e-300');
    const dense: PhaseCell[] = [
      { relativeImportance: 1, density: 1e-300, phase: 0 },
      { relativeImportance: 1, density: 1, phase: 2 },
    ];
    expectValidSvg(phaseDiagram(dense, { document: doc }));
    expectValidSvg(
      phaseDiagram([{ relativeImportance: 1e308, density: 5e-324, phase: 0 }], { document: doc }),
    );
  });

  it('trainingLoss draws a single loss of 1e308 or 5e-324', () => {
    const big = trainingLoss([{ loss: [1e308] }], { document: doc });
    expectValidSvg(big);
    expect(axisTicks(big, 'y')).toEqual(['5e+307', '7e+307', '1e+308', '1.5e+308']);
    expectValidSvg(trainingLoss([{ loss: [5e-324] }], { document: doc }));
    expectValidSvg(trainingLoss([{ loss: [1e-300, 1e300] }], { document: doc }));
    expectValidSvg(trainingLoss([{ loss: [1e-310, 5e-310] }], { document: doc }));
  });

  it('coherenceCurve draws n = 1e308, and n from 1e-300 to 1e300 with the Welch bound', () => {
    expectValidSvg(
      coherenceCurve([{ label: 'a', n: [1e308], coherence: [0.5] }], { document: doc }),
    );
    const wide = coherenceCurve([{ label: 'a', n: [1e-300, 1e300], coherence: [0.1, 0.9] }], {
      document: doc,
      d: 16,
    });
    expectValidSvg(wide);
    // the Welch bound has all its 81 points (nmax / nmin overflows), the axis a tick per 50 decades
    const lines = Array.from(wide.querySelectorAll('g[aria-label="line"] path'));
    expect(lines.map((l) => l.getAttribute('d')?.match(/L/g)?.length ?? 0)).toEqual([80, 1]);
    expect(axisTicks(wide, 'x')).toEqual(
      Array.from({ length: 13 }, (_, k) =>
        k === 6 ? '1' : `1e${k < 6 ? '-' : '+'}${Math.abs(50 * k - 300)}`,
      ),
    );
  });

  it('capacity keeps its domain finite: one bundle size on a log axis, K near the largest double', () => {
    expectValidSvg(
      capacity([{ model: 'a', bundleSize: [5], accuracy: [1] }], { document: doc, logX: true }),
    );
    // 1.79e308 x 1.02 overflowed the linear axis: both dots were drawn at x = 0, with no ticks
    const huge = capacity([{ model: 'a', bundleSize: [1, 1.79e308], accuracy: [1, 0] }], {
      document: doc,
      logX: false,
    });
    expectValidSvg(huge);
    const cx = Array.from(huge.querySelectorAll('g[aria-label="dot"] circle')).map((c) =>
      Number(c.getAttribute('cx')),
    );
    expect(cx[1] - cx[0]).toBeGreaterThan(400);
    expect(axisTicks(huge, 'x').length).toBeGreaterThan(2);
  });
});

describe('long inputs', () => {
  it('extent reads 200,000 values without spreading them into arguments', () => {
    const values = Float64Array.from({ length: 200_000 }, (_, k) => (k % 1000) - 500);
    expect(extent(values)).toEqual([-500, 499]);
    expect(extent([])).toEqual([Infinity, -Infinity]);
  });

  it('trainingLoss colours 130,000 points on a continuous scale', () => {
    const loss = Float64Array.from({ length: 130_000 }, (_, t) => 1 / (t + 1));
    const svg = trainingLoss([{ loss }], {
      document: doc,
      colorBy: { label: 'S', values: [0.5] },
    });
    expect(svg.querySelectorAll('g[aria-label="line"] path')).toHaveLength(1);
  });
});

describe('lists of matrices with typed rows', () => {
  it('wtwHeatmap reads [[Float64Array, Float64Array], ...] as one matrix per instance', () => {
    const I = [Float64Array.of(1, 0), Float64Array.of(0, 1)];
    const svg = wtwHeatmap([I, I, I], { document: doc });
    expect(svg.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(3 * 4);
    expect(svg.querySelector('desc')?.textContent).toMatch(/^Heatmap of W transpose W for 3 /);
    // a single matrix of typed rows is still one instance of n = 2 features
    const one = wtwHeatmap(I, { document: doc });
    expect(one.querySelectorAll('g[aria-label="cell"] rect')).toHaveLength(4);
  });
});

describe('large and tiny matrix entries', () => {
  const W2 = [
    [1, 0],
    [0, 1],
  ];

  it('refuses entries above 1e100, whose squares would overflow, naming the entry', () => {
    const W = [
      [1e200, 0],
      [0, 1],
    ];
    const message =
      'W[0][0] expected a number with |x| <= 1e+100 (squares must not overflow), got 1e+200';
    expect(() => featureNorms(W, { document: doc })).toThrow(`featureNorms: ${message}`);
    expect(() => featureGeometry(W, { document: doc })).toThrow(`featureGeometry: ${message}`);
    expect(() => wtwHeatmap(W, { document: doc })).toThrow(`wtwHeatmap: ${message}`);
    expect(() => toMatrix('f', 'W', { data: [1, -1e101], rows: 1, cols: 2 })).toThrow(
      'f: W.data[1] expected a number with |x| <= 1e+100 (squares must not overflow), got -1e+101',
    );
  });

  it('draws entries of 1e100 with finite norms, W^T W and legend colours', () => {
    const W = [
      [1e100, 0],
      [0, 1],
    ];
    expectValidSvg(featureNorms(W, { document: doc }));
    expectValidSvg(featureGeometry(W, { document: doc }));
    const heat = expectValidSvg(wtwHeatmap(W, { document: doc }));
    expect(heat).not.toContain('fill="undefined"');
  });

  it('draws a colour legend over a domain near the largest doubles', () => {
    const svg = wtwHeatmap([[1, 0.5]], { document: doc, max: 1e308 });
    expectValidSvg(svg);
    const legend = svg.querySelector('g[aria-label^="colour legend"]');
    expect(Array.from(legend?.querySelectorAll('text') ?? []).map((t) => t.textContent)).toEqual([
      'W\u1d40W entry (dot product)',
      '-1e+308',
      '-5e+307',
      '0',
      '5e+307',
      '1e+308',
    ]);
  });

  it('refuses colour values whose range overflows, which d3 cannot map', () => {
    expect(() =>
      trainingLoss([{ loss: [1] }, { loss: [2] }], {
        document: doc,
        colorBy: { label: 'S', values: [-1e308, 1e308] },
      }),
    ).toThrow(
      'trainingLoss: options.colorBy.values expected values whose range max - min is finite, got -1e+308 to 1e+308',
    );
    expect(() => featureGeometry(W2, { document: doc, importance: [-1.7e308, 1.7e308] })).toThrow(
      'featureGeometry: options.importance expected values whose range max - min is finite, got -1.7e+308 to 1.7e+308',
    );
  });

  it('superpositionMeasure goes through W W^T beyond 2,048 features, equal to the term-by-term sum', () => {
    // A seeded [6, n] matrix (a linear congruential stream), a dedicated-looking column and a
    // zero column among them.
    const measure = (n: number): { got: Float64Array; data: Float64Array } => {
      const m = 6;
      const data = new Float64Array(m * n);
      let x = 12345;
      for (let k = 0; k < data.length; k++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        data[k] = x / 2 ** 32 - 0.5;
      }
      for (let a = 0; a < m; a++) data[a * n + 3] = 0;
      return { got: superpositionMeasure({ data, rows: m, cols: n }), data };
    };
    const n = 2100;
    const { got, data } = measure(n);
    for (const i of [0, 1, 3, 777, n - 1]) {
      let norm2 = 0;
      for (let a = 0; a < 6; a++) norm2 += data[a * n + i] ** 2;
      let s = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        let d = 0;
        for (let a = 0; a < 6; a++) d += data[a * n + i] * data[a * n + j];
        s += d * d;
      }
      const want = norm2 > 0 ? s / norm2 : 0;
      expect(Math.abs(got[i] - want)).toBeLessThanOrEqual(1e-10 * Math.max(1, want));
    }
    expect(got[3]).toBe(0);
    // 30,000 features: W^T W would be 7.2 GB; here it is 36 numbers.
    const big = measure(30_000).got;
    expect(big.length).toBe(30_000);
    expect(big.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });

  it('columnNorms scales before squaring, so tiny columns keep their norm', () => {
    const norms = columnNorms(
      toMatrix('f', 'W', [
        [3e-200, 1e100],
        [4e-200, 1e100],
      ]),
    );
    expect(norms[0]).toBeCloseTo(5e-200, 210);
    expect(norms[0] / 5e-200).toBeCloseTo(1, 12);
    expect(norms[1] / (Math.SQRT2 * 1e100)).toBeCloseTo(1, 12);
  });
});

describe('empty series', () => {
  it('featureDimensionality, coherenceCurve and capacity name the empty series', () => {
    expect(() =>
      featureDimensionality(
        [
          { sparsity: 0, featureDimensionality: [1] },
          { sparsity: 0.5, featureDimensionality: [] },
        ],
        { document: doc },
      ),
    ).toThrow(
      'featureDimensionality: instances[1].featureDimensionality expected at least one value, got Array(0)',
    );
    expect(() => coherenceCurve([{ label: 'a', n: [], coherence: [] }], { document: doc })).toThrow(
      'coherenceCurve: series[0].n expected at least one value, got Array(0)',
    );
    expect(() =>
      capacity([{ model: 'a', bundleSize: [], accuracy: [] }], { document: doc }),
    ).toThrow('capacity: series[0].bundleSize expected at least one value, got Array(0)');
  });
});

describe('options and labels', () => {
  const W = [
    [1, 0],
    [0, 1],
  ];

  it('checks that options is an object before reading any option', () => {
    expect(() => featureNorms(W, null as never)).toThrow(
      'featureNorms: options expected an object, got null',
    );
    expect(() => featureGeometry(W, null as never)).toThrow(
      'featureGeometry: options expected an object, got null',
    );
    expect(() => wtwHeatmap(W, 'x' as never)).toThrow(
      'wtwHeatmap: options expected an object, got "x"',
    );
  });

  it('requires titles, subtitles and descriptions to be strings (or numbers), id prefixes strings', () => {
    expect(() => featureNorms(W, { document: doc, title: {} as never })).toThrow(
      'featureNorms: options.title expected a string or a finite number, got object {}',
    );
    expect(() => featureNorms(W, { document: doc, subtitle: true as never })).toThrow(
      'featureNorms: options.subtitle expected a string or a finite number, got boolean',
    );
    expect(() => featureNorms(W, { document: doc, description: [] as never })).toThrow(
      'featureNorms: options.description expected a string or a finite number, got Array(0)',
    );
    // an id prefix must be a string usable in an XML id (a number would start with a digit)
    expect(() => featureNorms(W, { document: doc, idPrefix: null as never })).toThrow(
      "featureNorms: options.idPrefix expected a string usable in an XML id: an ASCII letter or '_', then letters, digits, '-', '_' or '.', got null",
    );
  });

  it('caps width and height at 100,000 px (Plot draws ticks in proportion to the size)', () => {
    expect(() => featureNorms(W, { document: doc, width: 1e7 })).toThrow(
      'featureNorms: options.width expected a finite number in [100, 100000] (px), got 10000000',
    );
    expect(() => featureNorms(W, { document: doc, height: Infinity })).toThrow(
      'featureNorms: options.height expected a finite number in [100, 100000] (px), got Infinity',
    );
  });

  it('featureDimensionality checks its fractions', () => {
    const instances = [{ sparsity: 0.5, featureDimensionality: [1] }];
    expect(() =>
      featureDimensionality(instances, { document: doc, fractions: 'abc' as never }),
    ).toThrow(
      'featureDimensionality: options.fractions expected an array of { value, label }, got "abc"',
    );
    expect(() =>
      featureDimensionality(instances, { document: doc, fractions: [{ value: NaN, label: 'x' }] }),
    ).toThrow(
      'featureDimensionality: options.fractions[0].value expected a finite number, got NaN',
    );
  });

  it('falls back to `boundary k`, `series k` and `model k` for a missing label', () => {
    const cells: PhaseCell[] = [
      { relativeImportance: 1, density: 1, phase: 0 },
      { relativeImportance: 2, density: 1, phase: 1 },
    ];
    const phase = phaseDiagram(cells, {
      document: doc,
      boundaries: [{ relativeImportance: [1, 2], density: [0.5, 0.6] }],
    });
    expect(expectValidSvg(phase)).toContain('>boundary 0</text>');
    const coh = coherenceCurve([{ n: [16, 32], coherence: [0.2, 0.3] }], { document: doc });
    expect(expectValidSvg(coh)).toContain('>series 0</text>');
    const cap = capacity([{ bundleSize: [5, 6], accuracy: [1, 0.5] }], { document: doc });
    expect(expectValidSvg(cap)).toContain('>model 0</text>');
  });

  it('rejects labels that are neither strings nor finite numbers, and writes numbers as text', () => {
    const cells: PhaseCell[] = [{ relativeImportance: 1, density: 1, phase: 0 }];
    expect(() =>
      phaseDiagram(cells, {
        document: doc,
        boundaries: [{ label: NaN as never, relativeImportance: [1], density: [1] }],
      }),
    ).toThrow(
      'phaseDiagram: options.boundaries[0].label expected a string or a finite number, got NaN',
    );
    expect(() =>
      coherenceCurve([{ label: {} as never, n: [1], coherence: [0] }], { document: doc }),
    ).toThrow(
      'coherenceCurve: series[0].label expected a string or a finite number, got object {}',
    );
    expect(() =>
      capacity([{ model: null as never, bundleSize: [1], accuracy: [1] }], { document: doc }),
    ).toThrow('capacity: series[0].model expected a string or a finite number, got null');
    const svg = figureToSvgString(
      trainingLoss([{ label: 3 as never, loss: [1, 0.5] }], { document: doc }),
    );
    expect(svg).toContain('>3<');
  });

  it('wtwHeatmap rejects a max that is not a finite number > 0', () => {
    expect(() => wtwHeatmap(W, { document: doc, max: -1 })).toThrow(
      'wtwHeatmap: options.max expected a finite number > 0, got -1',
    );
    expect(() => wtwHeatmap(W, { document: doc, max: 0 })).toThrow(
      'wtwHeatmap: options.max expected a finite number > 0, got 0',
    );
    expect(wtwHeatmap(W, { document: doc, max: 2 }).querySelector('desc')?.textContent).toContain(
      'colour domain -2.00 to 2.00',
    );
  });
});

describe('default widths', () => {
  it('hold the title of a narrow figure (a W^T W of two features)', () => {
    const svg = wtwHeatmap(
      [
        [1, 0.5],
        [0.2, 0.9],
      ],
      { document: doc },
    );
    const width = Number(svg.getAttribute('width'));
    // the title at 15 px bold, from x = 12: 25 characters at 0.6 em, and a margin
    expect(width).toBe(Math.ceil(24 + 'WᵀW: feature interference'.length * 15 * 0.6));
    // a given width is kept
    expect(
      Number(
        wtwHeatmap(
          [
            [1, 0.5],
            [0.2, 0.9],
          ],
          { document: doc, width: 180 },
        ).getAttribute('width'),
      ),
    ).toBe(180);
  });
});
