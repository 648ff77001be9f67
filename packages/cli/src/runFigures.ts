import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  featureDimensionality,
  featureGeometry,
  featureNorms,
  sparsitySweep,
  trainingLoss,
  wtwHeatmap,
} from '@hyperposition/plots';
import { createDocument, writePng, writeSvg } from '@hyperposition/plots/node';
import type { InstanceData, RunMetrics } from './runMetrics.js';

/** Which figure files to write: `--figures svg,png` (default), `svg`, `png` or `none`. */
export type FigureFormats = 'svg,png' | 'svg' | 'png' | 'none';

/** Runs with more features than this get no per-feature geometry, norm or sparsity-sweep figures. */
export const FEATURE_FIGURE_LIMIT = 1000;

/**
 * Runs with up to this many features get a W^T W heatmap drawn as n^2 rectangles per panel
 * (with a tooltip each); larger ones get it as a raster image per panel when the panels hold
 * at most {@link WTW_ENTRY_LIMIT} entries in all.
 */
export const WTW_FIGURE_LIMIT = 100;

/**
 * The most W^T W entries, over all panels, that a heatmap of more than
 * {@link WTW_FIGURE_LIMIT} features may hold: one panel of 1,000 features, four of 500. Each
 * entry takes about 4 bytes of SVG as a raster.
 */
export const WTW_ENTRY_LIMIT = 1_000_000;

/**
 * Whether the CLI draws the W^T W heatmap of `panels` instances of `n` features: always up to
 * {@link WTW_FIGURE_LIMIT} features, beyond that when `panels * n^2 <= WTW_ENTRY_LIMIT`.
 * @internal
 */
export function drawsWtw(n: number, panels: number): boolean {
  return n <= WTW_FIGURE_LIMIT || panels * n * n <= WTW_ENTRY_LIMIT;
}

/** A figure the CLI writes: its base name (no extension) and its SVG element. */
interface NamedFigure {
  name: string;
  svg: SVGSVGElement;
}

/**
 * Write a set of figures into `DIR/figures/` as `NAME.svg` and `NAME.png` (2x), each file
 * written atomically; `formats` picks which.
 *
 * @param dir - the run directory.
 * @param figures - the figures.
 * @returns the written paths, relative to `dir`.
 * @internal
 */
export async function writeFigures(
  dir: string,
  figures: readonly NamedFigure[],
  formats: FigureFormats = 'svg,png',
): Promise<string[]> {
  if (formats === 'none' || figures.length === 0) return [];
  const out = join(dir, 'figures');
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  for (const f of figures) {
    if (formats !== 'png') {
      await writeSvg(join(out, `${f.name}.svg`), f.svg);
      written.push(`figures/${f.name}.svg`);
    }
    if (formats !== 'svg') {
      await writePng(join(out, `${f.name}.png`), f.svg);
      written.push(`figures/${f.name}.png`);
    }
  }
  return written;
}

function sparsityText(S: number): string {
  return `S = ${Number(S.toPrecision(4))}`;
}

/**
 * The figures of one training run with `@hyperposition/plots`: per instance the feature
 * geometry (Elhage et al. 2022, intro figure) and the norm bars coloured by superposition;
 * one W^T W heatmap with a panel per instance; with several instances the sparsity sweep
 * (geometry over norms, one column per instance) and feature dimensionality against
 * 1/(1-S); the loss curve.
 *
 * @param instances - the trained instances; `W` row-major `[nHidden, nFeatures]`.
 * @param metrics - their metrics (the superposition measure colours the norm bars).
 * @param history - `(step, loss)` pairs of the run.
 * @param title - a subtitle naming the setup (`n = 5, m = 2, seed 0`).
 * @returns the figures, named as in the output layout.
 * @internal
 */
export function runFigures(
  instances: readonly InstanceData[],
  metrics: RunMetrics,
  history: readonly { step: number; loss: number }[],
  title: string,
): NamedFigure[] {
  const document = createDocument();
  const figures: NamedFigure[] = [];
  const n = instances[0]?.nFeatures ?? 0;
  // Per-feature drawings stop being readable (and small) past these sizes.
  const drawFeatures = n <= FEATURE_FIGURE_LIMIT;
  if (drawFeatures)
    instances.forEach((inst, i) => {
      const W = { data: inst.W, rows: inst.nHidden, cols: inst.nFeatures };
      const subtitle = `${title}, instance ${i}, ${sparsityText(inst.sparsity)}`;
      figures.push({
        name: `feature-geometry-${i}`,
        svg: featureGeometry(W, {
          document,
          importance: inst.importance,
          subtitle,
          idPrefix: `geometry-${i}`,
        }),
      });
      figures.push({
        name: `feature-norms-${i}`,
        svg: featureNorms(W, {
          document,
          importance: inst.importance,
          superposition: metrics.instances[i].superposition,
          subtitle,
          idPrefix: `norms-${i}`,
        }),
      });
    });
  if (drawsWtw(n, instances.length))
    figures.push({
      name: 'wtw-heatmap',
      svg: wtwHeatmap(
        instances.map((inst) => ({ data: inst.W, rows: inst.nHidden, cols: inst.nFeatures })),
        {
          document,
          importance: instances[0].importance,
          labels: instances.map((inst) => sparsityText(inst.sparsity)),
          subtitle: title,
        },
      ),
    });
  if (instances.length > 1 && drawFeatures) {
    figures.push({
      name: 'sparsity-sweep',
      svg: sparsitySweep(
        instances.map((inst) => ({
          sparsity: inst.sparsity,
          W: { data: inst.W, rows: inst.nHidden, cols: inst.nFeatures },
        })),
        {
          document,
          importance: instances[0].importance,
          subtitle: title,
          // W^T W on top (nHidden != 2) under the heatmap's size rule, the geometry beyond it
          ...(instances[0].nHidden !== 2 && !drawsWtw(n, instances.length)
            ? { top: 'geometry' as const }
            : {}),
        },
      ),
    });
  }
  if (instances.length > 1) {
    figures.push({
      name: 'feature-dimensionality',
      svg: featureDimensionality(
        metrics.instances.map((m) => ({
          sparsity: m.sparsity,
          featureDimensionality: m.dimensionality,
          ...(m.dimensionsPerFeature !== null
            ? { dimensionsPerFeature: m.dimensionsPerFeature }
            : {}),
        })),
        { document, subtitle: title },
      ),
    });
  }
  const recorded = history.filter((h) => Number.isFinite(h.loss) && h.loss >= 0);
  if (recorded.some((h) => h.loss > 0)) {
    figures.push({
      name: 'loss-curve',
      svg: trainingLoss(
        [
          {
            label: 'loss, summed over instances',
            step: recorded.map((h) => h.step),
            loss: recorded.map((h) => h.loss),
          },
        ],
        { document, subtitle: title },
      ),
    });
  }
  return figures;
}
