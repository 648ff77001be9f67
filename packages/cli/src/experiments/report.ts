import type { DensePhaseOutput } from './densePhase.js';

/** A number to k significant digits without trailing zeros; '–' for null, NaN or ±∞. */
function sig(x: number | null | undefined, k: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return String(Number(x.toPrecision(k)));
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/**
 * The dense-phase Findings page's results table, rendered from a `results.json`: one row per
 * cell (losses, share of the gain reached by frozen random directions, movement of W,
 * represented features and |cos| statistics against random directions and the Welch bound).
 * The docs test checks that the page shows exactly this table for the committed data.
 *
 * @param out - the results of `hyperposition experiment dense-phase`.
 * @returns a Markdown table (unpadded; Prettier aligns it).
 * @example
 * ```ts
 * const out = await runDensePhase({ dir: 'runs/dense', scale: 'small', seed: 1 });
 * densePhaseTable(out).split('\n')[0]; // '| n | d | S | n/d | L trained | …'
 * ```
 */
export function densePhaseTable(out: DensePhaseOutput): string {
  const header = [
    'n',
    'd',
    'S',
    'n/d',
    'L trained',
    'L frozen W',
    'L dedicated',
    'L nothing',
    'share of gain, frozen',
    'rel. ΔW',
    'cos(W0, W)',
    'represented',
    'represented / d',
    'mean abs cos: learned / random',
    'coherence: learned / init / Welch',
  ];
  const rows = out.cells.map((c) => {
    const beats = c.lossTrained < c.lossDedicated;
    const share = beats
      ? (c.lossDedicated - c.lossFrozen) / (c.lossDedicated - c.lossTrained)
      : null;
    const l = c.learned;
    return [
      String(c.nFeatures),
      String(c.nHidden),
      String(c.sparsity),
      sig(c.ratio, 3),
      sig(c.lossTrained, 4),
      sig(c.lossFrozen, 4),
      sig(c.lossDedicated, 4),
      sig(c.lossNothing, 4),
      sig(share, 2),
      sig(c.relativeChange, 2),
      sig(c.meanCosInitFinal, 3),
      sig(c.fractionRepresented, 3),
      sig(c.fractionRepresented * c.ratio, 3),
      l ? `${sig(l.meanAbsCos, 3)} / ${sig(l.randomMeanAbsCos, 3)}` : '–',
      l ? `${sig(l.coherence, 3)} / ${sig(c.init?.coherence, 3)} / ${sig(l.welch, 3)}` : '–',
    ];
  });
  return table(header, rows);
}

/**
 * The dense-phase boundary table: per (d, S), the largest n/d on the grid where the trained
 * model, and where W frozen at its random init, still beat d dedicated dimensions, the n/d
 * where half the features stop being represented, and the most represented features per
 * dimension.
 *
 * @param out - the results of `hyperposition experiment dense-phase`.
 * @returns a Markdown table.
 * @example
 * ```ts
 * import { useBackend } from '@hyperposition/toy-models';
 * await useBackend('wasm');
 * const out = await runDensePhase({ dir: 'runs/dense', scale: 'small', seed: 1 });
 * densePhaseBoundaryTable(out).split('\n')[0]; // '| d | S | n/d on the grid | …'
 * ```
 */
export function densePhaseBoundaryTable(out: DensePhaseOutput): string {
  const header = [
    'd',
    'S',
    'n/d on the grid',
    'largest n/d where trained beats dedicated',
    'largest n/d where frozen random beats dedicated',
    'n/d at half represented',
    'max represented / d',
  ];
  const rows = out.summary.boundary.map((b) => [
    String(b.nHidden),
    String(b.sparsity),
    b.ratios.map((r) => sig(r, 3)).join(', '),
    sig(b.lastRatioBeatingDedicated, 3),
    sig(b.lastRatioFrozenBeatingDedicated, 3),
    sig(b.halfRepresentedRatio, 3),
    sig(b.maxRepresentedPerDimension, 3),
  ]);
  return table(header, rows);
}
