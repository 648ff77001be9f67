import { describe, expect, it } from 'vitest';
import { createDocument } from '../node/index.js';
import { theme } from '../theme.js';
import { phaseDiagram, type PhaseCell } from './phaseDiagram.js';

const doc = createDocument();

describe('phaseDiagram', () => {
  // 2 x 2 grid: left column not represented / superposition, right column dedicated / superposition
  const cells: PhaseCell[] = [
    { relativeImportance: 0.1, density: 0.01, phase: 'superposition' },
    { relativeImportance: 0.1, density: 1, phase: 'not-represented' },
    { relativeImportance: 10, density: 0.01, phase: 2 },
    { relativeImportance: 10, density: 1, phase: 1 },
  ];

  it('draws one cell per grid point, in the colour of its phase', () => {
    const rects = Array.from(
      phaseDiagram(cells, { document: doc }).querySelectorAll('g[aria-label="rect"] rect'),
    );
    expect(rects).toHaveLength(4);
    expect(rects.map((r) => r.getAttribute('fill'))).toEqual([
      theme.phaseColors.superposition,
      theme.phaseColors['not-represented'],
      theme.phaseColors.superposition,
      theme.phaseColors.dedicated,
    ]);
  });

  it('draws the grid boundaries between cells of different phases only', () => {
    // differing neighbours: (0.1, 1)-(10, 1) horizontally, (0.1, .01)-(0.1, 1) and (10, .01)-(10, 1) vertically
    const svg = phaseDiagram(cells, { document: doc });
    expect(svg.querySelectorAll('g[aria-label="link"] path')).toHaveLength(3);
    const uniform = cells.map((c) => ({ ...c, phase: 'superposition' as const }));
    expect(
      phaseDiagram(uniform, { document: doc }).querySelectorAll('g[aria-label="link"] path'),
    ).toHaveLength(0);
  });

  it('overlays theoretical boundaries as dashed lines and lists them in the legend', () => {
    const svg = phaseDiagram(cells, {
      document: doc,
      boundaries: [
        { label: 'p = 4r/(2+5r)', relativeImportance: [0.1, 0.5, 1], density: [0.16, 0.44, 0.57] },
      ],
    });
    const line = svg.querySelector('g[aria-label="line"] path');
    expect(line?.getAttribute('d')?.match(/L/g)).toHaveLength(2);
    expect(svg.textContent).toContain('p = 4r/(2+5r)');
    // the clip path's id is numbered deterministically from the figure's prefix
    expect(svg.querySelector('clipPath')?.getAttribute('id')).toBe('phaseDiagram-1');
  });

  it('rejects unknown phases, densities above 1 and an empty grid', () => {
    expect(() => phaseDiagram([], { document: doc })).toThrow(
      'phaseDiagram: cells expected a non-empty array, got Array(0)',
    );
    expect(() =>
      phaseDiagram([{ relativeImportance: 1, density: 0.5, phase: 'mixed' as never }], {
        document: doc,
      }),
    ).toThrow(
      "phaseDiagram: cells[0].phase expected one of 'not-represented', 'dedicated', 'superposition' or 0, 1, 2, got \"mixed\"",
    );
    expect(() =>
      phaseDiagram([{ relativeImportance: 1, density: 2, phase: 0 }], { document: doc }),
    ).toThrow('phaseDiagram: cells[0].density expected a number in (0, 1], got 2');
    expect(() =>
      phaseDiagram(cells, {
        document: doc,
        boundaries: [{ label: 'x', relativeImportance: [1, 2], density: [1] }],
      }),
    ).toThrow('phaseDiagram: options.boundaries[0].density expected 2 numbers, got Array(1)');
  });

  it('refuses two cells at the same point, naming both, whatever their phases', () => {
    // drawn, the later cell would hide the earlier one, whose phase the legend would still list
    const twice: PhaseCell[] = [...cells, { relativeImportance: 0.1, density: 1, phase: 1 }];
    expect(() => phaseDiagram(twice, { document: doc })).toThrow(RangeError);
    expect(() => phaseDiagram(twice, { document: doc })).toThrow(
      'phaseDiagram: cells[4] expected a (relativeImportance, density) point of its own, got relativeImportance 0.1, density 1, the point of cells[1]',
    );
    // the same phase again is refused too: the description would count the point twice
    const same: PhaseCell[] = [cells[0], cells[2], { ...cells[0], phase: 2 }];
    expect(() => phaseDiagram(same, { document: doc })).toThrow(
      'phaseDiagram: cells[2] expected a (relativeImportance, density) point of its own, got relativeImportance 0.1, density 0.01, the point of cells[0]',
    );
    // nearby but distinct points are separate cells
    const near: PhaseCell[] = [cells[0], { ...cells[0], relativeImportance: 0.1 + 1e-12 }];
    expect(
      phaseDiagram(near, { document: doc }).querySelectorAll('g[aria-label="rect"] rect'),
    ).toHaveLength(2);
  });
});
