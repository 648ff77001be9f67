import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ResolvedSweepSpec,
  SweepCellResult,
  SweepParam,
  SweepResult,
  ToyModelRun,
} from '@hyperposition/toy-models';
import {
  featureDimensionality,
  featureGeometry,
  featureNorms,
  phaseDiagram,
  wtwHeatmap,
  type PhaseBoundary,
} from '@hyperposition/plots';
import { createDocument } from '@hyperposition/plots/node';
import { oneLine, UsageError } from './args.js';
import { writeFileAtomic } from './output.js';
import { FEATURE_FIGURE_LIMIT, drawsWtw, writeFigures, type FigureFormats } from './runFigures.js';
import { instancesOf, writeInvocation, writeMetrics } from './runOutputs.js';
import type { RunMetrics } from './runMetrics.js';

/** Grids with at most this many cells also get per-cell geometry and norm figures. */
const PER_CELL_FIGURES = 16;

/** The per-instance parameters a cell sets (mirrors how the trainer applies a sweep's axes). */
function cellInstance(
  spec: ResolvedSweepSpec,
  cell: SweepCellResult,
): { p: number; importance: number[] } {
  let p = spec.model.featureProbability[0];
  const importance = spec.model.importance[0].slice();
  const axes = [
    [spec.x, cell.x],
    [spec.y, cell.y],
  ] as const;
  for (const [axis, value] of axes) {
    if (axis.param === 'featureProbability') p = value;
    else if (axis.param === 'sparsity') p = 1 - value;
    else if (axis.param === 'importanceRatio')
      importance.forEach((_, i) => (importance[i] = value ** i));
  }
  for (const [axis, value] of axes)
    if (axis.param === 'extraImportance') importance[spec.extraFeature] = value;
  return { p, importance };
}

function argmin(xs: readonly number[]): number {
  let k = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[k]) k = i;
  return k;
}

/**
 * A merged sweep as a toy-models run: one instance per cell (index order), holding the best
 * restart's weights and its evaluation loss. The cell's instance seed is recorded, so
 * `modelFromRun` rebuilds each winner. Swept training parameters (lr, weight decay, L1) are
 * in sweep.json; run.json's `config.train` holds the shared ones.
 * @internal
 */
export async function sweepToRun(result: SweepResult): Promise<ToyModelRun> {
  const toy = await import('@hyperposition/toy-models');
  const spec = result.spec;
  const params = result.cells.map((c) => cellInstance(spec, c));
  const model = toy.resolveConfig({
    ...spec.model,
    nInstances: result.cells.length,
    featureProbability: params.map((q) => q.p),
    sparsity: params.map((q) => 1 - q.p),
    importance: params.map((q) => q.importance),
    instanceSeeds: result.cells.map(
      (c) => `${String(spec.seed)}/cell${c.index}/restart${argmin(c.losses)}`,
    ),
  });
  const { nHidden: m, nFeatures: n } = model;
  return {
    format: toy.RUN_FORMAT,
    version: toy.RUN_VERSION,
    config: { model, train: spec.train },
    history: [],
    step: spec.train.steps,
    instances: result.cells.map((c, i) => {
      const W = new Float32Array(m * n);
      c.W.forEach((row, r) => W.set(row, r * n));
      return {
        sparsity: model.sparsity[i],
        featureProbability: model.featureProbability[i],
        importance: model.importance[i],
        W,
        Wdec: null,
        b: Float32Array.from(c.b),
        loss: c.loss,
      };
    }),
  };
}

/** Whether a sweep is one of the paper's phase diagrams (x: extra importance, y: density). @internal */
export function isPhaseDiagram(spec: ResolvedSweepSpec): boolean {
  const { nFeatures: n, nHidden: m } = spec.model;
  return (
    spec.x.param === 'extraImportance' &&
    spec.y.param === 'featureProbability' &&
    ((n === 2 && m === 1) || (n === 3 && m === 2))
  );
}

/** One cell of `phase-diagram.json`. */
export interface PhaseDiagramCell {
  /** Row-major cell index. */
  index: number;
  /** r, relative importance of the extra feature. */
  relativeImportance: number;
  /** p = 1 - S, feature probability. */
  density: number;
  /** The phase the best restart found. */
  phase: string;
  /** The phase theory predicts. */
  theory: string;
  /** Whether they agree. */
  agrees: boolean;
  /** Best restart's evaluation loss. */
  loss: number;
}

/** The content of `phase-diagram.json`. */
export interface PhaseDiagramDocument {
  /** Always `'hyperposition.phase-diagram'`. */
  format: 'hyperposition.phase-diagram';
  /** Layout version. */
  version: 1;
  /** n (2 or 3). */
  nFeatures: number;
  /** m (1 or 2). */
  nHidden: number;
  /** Every cell, row-major. */
  cells: PhaseDiagramCell[];
  /** Fraction of cells where the trained phase equals theory's. */
  agreement: number;
  /** The theory's boundary curves over the grid's r range. */
  boundaries: PhaseBoundary[];
  /** The triple point (n = 2): r = 1, p = 4/7. */
  triplePoint: { relativeImportance: number; density: number };
}

/**
 * The phase-diagram document: each cell's trained phase next to the phase the exact losses
 * of the candidate solutions predict (Elhage et al. 2022, section 4), and the boundaries
 * p = 4r/(2+5r) (r < 1) and p = 4/(5+2r) (r > 1, n = 2 only), plus r = 1.
 * @internal
 */
export async function phaseDiagramDocument(result: SweepResult): Promise<PhaseDiagramDocument> {
  const toy = await import('@hyperposition/toy-models');
  const n = result.spec.model.nFeatures as 2 | 3;
  const cells = result.cells.map((c) => {
    const theory = toy.theoreticalPhase(c.x, c.y, n);
    return {
      index: c.index,
      relativeImportance: c.x,
      density: c.y,
      phase: c.phase,
      theory,
      agrees: theory === c.phase,
      loss: c.loss,
    };
  });
  // Span the drawn grid: half a log step beyond the outermost values.
  const span = (values: readonly number[], cap = Infinity): [number, number] => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const half = values.length > 1 ? Math.sqrt((hi / lo) ** (1 / (values.length - 1))) : 1;
    return [lo / half, Math.min(cap, hi * half)];
  };
  const [r0, r1] = span(result.spec.x.values);
  const [p0, p1] = span(result.spec.y.values, 1);
  const curve = (lo: number, hi: number): { relativeImportance: number[]; density: number[] } => {
    const k = 40;
    const r = Array.from({ length: k }, (_, i) => lo * (hi / lo) ** (i / (k - 1)));
    return { relativeImportance: r, density: r.map((x) => toy.superpositionThreshold(x)) };
  };
  const boundaries: PhaseBoundary[] = [];
  if (r0 < 1) boundaries.push({ label: 'theory: p = 4r/(2+5r)', ...curve(r0, Math.min(1, r1)) });
  if (n === 2 && r1 > 1)
    boundaries.push({ label: 'theory: p = 4/(5+2r)', ...curve(Math.max(1, r0), r1) });
  if (r0 <= 1 && r1 >= 1) {
    const bottom = n === 2 ? 4 / 7 : p0;
    if (p1 > bottom)
      boundaries.push({
        label: 'theory: r = 1',
        relativeImportance: [1, 1],
        density: [bottom, p1],
      });
  }
  return {
    format: 'hyperposition.phase-diagram',
    version: 1,
    nFeatures: n,
    nHidden: result.spec.model.nHidden,
    cells,
    agreement: cells.filter((c) => c.agrees).length / cells.length,
    boundaries,
    triplePoint: { relativeImportance: 1, density: 4 / 7 },
  };
}

/** The symbols of the sweep parameters in the W^T W panels' labels (narrow panels). */
const SYMBOL: Record<SweepParam, string> = {
  featureProbability: 'p',
  sparsity: 'S',
  extraImportance: 'r',
  importanceRatio: 'R',
  lr: 'lr',
  weightDecay: 'wd',
  l1W: 'λW',
  l1Hidden: 'λh',
};

/** The swept axes: x, and y where it has more than one value. */
const sweptAxes = (spec: ResolvedSweepSpec): SweepParam[] =>
  spec.y.values.length > 1 ? [spec.x.param, spec.y.param] : [spec.x.param];

/** A cell's value on each swept axis, in the order of {@link sweptAxes}. */
const cellValues = (spec: ResolvedSweepSpec, c: SweepCellResult): number[] =>
  spec.y.values.length > 1 ? [c.x, c.y] : [c.x];

/** A parameter value in a label: three significant digits. */
const fmt3 = (x: number): string => String(Number(x.toPrecision(3)));

/** What the symbols of the given axes stand for, e.g. `r = extraImportance, p = featureProbability`. */
const symbolKey = (axes: readonly SweepParam[]): string =>
  axes.map((a) => `${SYMBOL[a]} = ${a}`).join(', ');

/** Whether an axis moves the x of the feature-dimensionality figure, 1 / (1 - S). */
const isSparsityAxis = (param: SweepParam): boolean =>
  param === 'sparsity' || param === 'featureProbability';

/**
 * The series of a cell in the feature-dimensionality figure: the values of the axes other than
 * sparsity (`{ series: 'λh=0.01' }`), so that its D* line joins the cells of one row or column
 * instead of zigzagging between them; none where sparsity is the only axis, or not an axis.
 */
function seriesOf(spec: ResolvedSweepSpec, c: SweepCellResult): { series?: string } {
  // Without a swept sparsity every cell sits at one x: no line to join, so no series.
  const axes = sweptAxes(spec);
  if (!axes.some(isSparsityAxis)) return {};
  const values = cellValues(spec, c);
  const parts = axes.flatMap((a, k) =>
    isSparsityAxis(a) ? [] : [`${SYMBOL[a]}=${fmt3(values[k])}`],
  );
  return parts.length === 0 ? {} : { series: parts.join(', ') };
}

/** The title, and what the series' symbols stand for where there are series. */
function seriesSubtitle(spec: ResolvedSweepSpec, title: string): string {
  const swept = sweptAxes(spec);
  const axes = swept.filter((a) => !isSparsityAxis(a));
  return axes.length === 0 || axes.length === swept.length
    ? title
    : `${title}; series: ${symbolKey(axes)}`;
}

/** A cell's parameters: `extraImportance=0.1, featureProbability=0.25` (short: `r=0.1, p=0.25`). */
function cellLabel(spec: ResolvedSweepSpec, c: SweepCellResult, short = false): string {
  const values = cellValues(spec, c);
  return sweptAxes(spec)
    .map((a, k) => `${short ? SYMBOL[a] : a}=${fmt3(values[k])}`)
    .join(', ');
}

/**
 * The figures of a merged sweep: the phase diagram with theory boundaries (phase diagrams),
 * feature dimensionality against 1/(1-S), the W^T W heatmap with a panel per cell (up to 36
 * cells), and per-cell geometry and norm bars for grids of at most 16 cells.
 * @returns paths written, relative to `dir`.
 * @internal
 */
export async function writeSweepFigures(
  dir: string,
  result: SweepResult,
  run: ToyModelRun,
  metrics: RunMetrics,
  formats: FigureFormats = 'svg,png',
): Promise<string[]> {
  if (formats === 'none') return [];
  const document = createDocument();
  const spec = result.spec;
  const c = spec.model;
  const title = `${c.model}, n = ${c.nFeatures}, m = ${c.nHidden}, ${result.cells.length} cells x ${spec.restarts} restarts, seed ${String(spec.seed)}`;
  const figures: { name: string; svg: SVGSVGElement }[] = [];
  if (isPhaseDiagram(spec)) {
    const doc = await phaseDiagramDocument(result);
    figures.push({
      name: 'phase-diagram',
      svg: phaseDiagram(
        doc.cells.map((cell) => ({
          relativeImportance: cell.relativeImportance,
          density: cell.density,
          phase: cell.phase as 'dedicated',
        })),
        {
          document,
          boundaries: doc.boundaries,
          subtitle: `${title}; theory agrees on ${Math.round(100 * doc.agreement)}% of cells`,
        },
      ),
    });
  }
  const instances = instancesOf(run);
  figures.push({
    name: 'feature-dimensionality',
    svg: featureDimensionality(
      metrics.instances.map((m, i) => ({
        sparsity: m.sparsity,
        featureDimensionality: m.dimensionality,
        ...(m.dimensionsPerFeature !== null
          ? { dimensionsPerFeature: m.dimensionsPerFeature }
          : {}),
        ...seriesOf(spec, result.cells[i]),
      })),
      { document, subtitle: seriesSubtitle(spec, title) },
    ),
  });
  if (result.cells.length <= 36 && drawsWtw(c.nFeatures, result.cells.length)) {
    figures.push({
      name: 'wtw-heatmap',
      svg: wtwHeatmap(
        instances.map((inst) => ({ data: inst.W, rows: inst.nHidden, cols: inst.nFeatures })),
        {
          document,
          labels: result.cells.map((cell) => cellLabel(spec, cell, true)),
          columns: Math.min(6, spec.x.values.length),
          subtitle: `${title}; panels: ${symbolKey(sweptAxes(spec))}`,
        },
      ),
    });
  }
  if (result.cells.length <= PER_CELL_FIGURES && c.nFeatures <= FEATURE_FIGURE_LIMIT) {
    instances.forEach((inst, i) => {
      const W = { data: inst.W, rows: inst.nHidden, cols: inst.nFeatures };
      const subtitle = `${title}; cell ${i}: ${cellLabel(spec, result.cells[i])}`;
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
  }
  return writeFigures(dir, figures, formats);
}

/**
 * Write every output of a merged sweep into `dir`: sweep.json, run.json (one instance per
 * cell), metrics.json, phase-diagram.json (phase diagrams) and the figures.
 * @returns the files written, relative to `dir`, and the metrics.
 * @internal
 */
export async function writeSweepOutputs(
  dir: string,
  result: SweepResult,
  formats: FigureFormats = 'svg,png',
  command = 'sweep',
): Promise<{
  files: string[];
  run: ToyModelRun;
  metrics: RunMetrics;
  phase: PhaseDiagramDocument | null;
}> {
  writeFileAtomic(join(dir, 'sweep.json'), JSON.stringify(result) + '\n');
  writeInvocation(dir, command, {
    hash: result.hash,
    cells: result.cells.length,
    engine: result.engine ?? 'tfjs',
  });
  // cells whose every restart diverged have no weights a run can hold: the sweep keeps them
  // (NaN losses) and nothing is drawn
  const diverged = result.cells.filter((c) => Number.isNaN(c.loss));
  if (diverged.length > 0) {
    const { x, y } = result.spec;
    throw new SweepDivergedError(
      diverged.map((c) => `cell ${c.index} (${x.param}=${fmt3(c.x)}, ${y.param}=${fmt3(c.y)})`),
    );
  }
  const run = await sweepToRun(result);
  const { saveRun } = await import('@hyperposition/toy-models/node');
  await saveRun(dir, run);
  const metrics = writeMetrics(dir, run);
  const files = ['sweep.json', 'run.json', 'metrics.json', 'cli.json'];
  let phase: PhaseDiagramDocument | null = null;
  if (isPhaseDiagram(result.spec)) {
    phase = await phaseDiagramDocument(result);
    writeFileAtomic(join(dir, 'phase-diagram.json'), JSON.stringify(phase, null, 1) + '\n');
    files.push('phase-diagram.json');
  }
  files.push(...(await writeSweepFigures(dir, result, run, metrics, formats)));
  return { files, run, metrics, phase };
}

/**
 * Read `sweep.json` beside a run.json, if there is one.
 * @internal
 */
export async function readSweepBeside(
  command: string,
  dir: string,
): Promise<SweepResult | undefined> {
  const path = join(dir, 'sweep.json');
  if (!existsSync(path)) return undefined;
  let obj: SweepResult;
  try {
    obj = JSON.parse(readFileSync(path, 'utf8')) as SweepResult;
    if (
      obj.format !== 'hyperposition.toy-models.sweep' ||
      obj.version !== 1 ||
      !Array.isArray(obj.cells)
    ) {
      throw new Error(`format ${String(obj.format)} version ${String(obj.version)}`);
    }
    const toy = await import('@hyperposition/toy-models');
    toy.resolveSweepSpec(obj.spec);
  } catch (error) {
    throw new UsageError(
      command,
      '<run.json>',
      'a valid sweep.json beside it (or none)',
      `${path}: ${oneLine((error as Error).message)}`,
    );
  }
  return obj;
}

/**
 * Thrown by {@link writeSweepOutputs} after it wrote sweep.json and cli.json for a sweep with
 * cells whose every restart diverged (they have no finite weights for run.json, metrics or
 * figures). `cells` describes them. @internal
 */
export class SweepDivergedError extends Error {
  readonly cells: string[];
  constructor(cells: string[]) {
    super(
      `${cells.length} cell(s) diverged in every restart: ${cells.slice(0, 5).join(', ')}${cells.length > 5 ? ', ...' : ''}; lower the learning rate there`,
    );
    this.name = 'SweepDivergedError';
    this.cells = cells;
  }
}
