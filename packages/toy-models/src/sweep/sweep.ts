import { checkInteger, checkKeys, checkNumber, checkSeed, fail } from '../errors.js';
import {
  resolveConfig,
  type ResolvedToyModelConfig,
  type ToyModelConfig,
} from '../model/config.js';
import { initStd } from '../model/initWeights.js';
import { CHECKPOINT_FORMAT, type ToyModelCheckpoint } from '../train/checkpoint.js';
import { trainBestOf } from '../train/trainBestOf.js';
import {
  resolveTrainOptions,
  TRAIN_KEYS,
  type ResolvedTrainOptions,
  type TrainOptions,
} from '../train/train.js';
import { classifyPhase } from './classifyPhase.js';
import type { Phase } from './theory.js';
import { stableHash } from './stableHash.js';

/**
 * A swept parameter. Per-instance parameters (`featureProbability`, `sparsity`,
 * `extraImportance`: importance of the extra feature, `importanceRatio`: ratio of a geometric
 * importance) let many cells train as instances of one model; training parameters (`lr`,
 * `weightDecay`, `l1W`, `l1Hidden`) split cells into separate models.
 */
export type SweepParam =
  | 'featureProbability'
  | 'sparsity'
  | 'extraImportance'
  | 'importanceRatio'
  | 'lr'
  | 'weightDecay'
  | 'l1W'
  | 'l1Hidden';

const INSTANCE_PARAMS: readonly SweepParam[] = [
  'featureProbability',
  'sparsity',
  'extraImportance',
  'importanceRatio',
];
const ALL_PARAMS: readonly SweepParam[] = [
  ...INSTANCE_PARAMS,
  'lr',
  'weightDecay',
  'l1W',
  'l1Hidden',
];

/**
 * The values each parameter takes, as its config field or training option does:
 * probabilities in [0, 1], importances and training settings finite and >= 0, a geometric
 * ratio finite and > 0.
 */
function checkAxisValue(
  fn: string,
  path: string,
  param: SweepParam,
  v: number,
  nFeatures: number,
): void {
  if (param === 'featureProbability' || param === 'sparsity') {
    checkNumber(fn, path, v, 0, 1);
  } else if (param === 'importanceRatio') {
    checkNumber(fn, path, v, Number.MIN_VALUE, Number.MAX_VALUE, 'a finite number > 0');
    // the importances are ratio^i up to i = nFeatures - 1: each must stay a finite float
    if (!Number.isFinite(v ** (nFeatures - 1)))
      fail(fn, path, `a ratio whose powers up to ${nFeatures - 1} (nFeatures - 1) stay finite`, v);
  } else {
    checkNumber(fn, path, v, 0, Number.MAX_VALUE, 'a finite number >= 0');
  }
}

/** One axis of a grid: a parameter and its values. */
export interface SweepAxis {
  param: SweepParam;
  values: number[];
}

/** Training options a sweep records (no callbacks or generators). */
export type SweepTrainOptions = Omit<
  TrainOptions,
  'signal' | 'onStep' | 'rng' | 'stopAtStep' | 'seed'
>;

/** A grid sweep over two parameters; every cell is trained `restarts` times, keeping the best loss. */
export interface SweepSpec {
  /** The model of one cell (nInstances is ignored). */
  model: ToyModelConfig;
  /** Training options of every cell. */
  train?: SweepTrainOptions;
  /** Horizontal axis (the paper's: relative importance of the extra feature). */
  x: SweepAxis;
  /** Vertical axis (the paper's: feature probability). */
  y: SweepAxis;
  /** Restarts per cell; default 5 (the paper used ten). */
  restarts?: number;
  /** Seed of the sweep; cell c, restart k trains with instance seed `${seed}/cell${c}/restart${k}`. */
  seed?: number | string;
  /** Feature classified into a phase; default the last one. */
  extraFeature?: number;
  /** Samples per instance in the final evaluation; default 4096. */
  evalBatchSize?: number;
}

/** A {@link SweepSpec} with defaults filled in: what the config hash covers. */
export interface ResolvedSweepSpec {
  model: ResolvedToyModelConfig;
  train: ResolvedTrainOptions;
  x: SweepAxis;
  y: SweepAxis;
  restarts: number;
  seed: number | string;
  extraFeature: number;
  evalBatchSize: number;
}

/** One grid cell: row-major index = iy * x.values.length + ix. */
export interface SweepCell {
  index: number;
  ix: number;
  iy: number;
  x: number;
  y: number;
}

/**
 * The label of a trained sweep cell: the phase of the extra feature in its W ({@link Phase}),
 * or `'diverged'` for a cell whose every restart diverged (its W is not finite, and has no
 * phase).
 */
export type SweepCellPhase = Phase | 'diverged';

/** A trained cell: the best restart's loss, phase and weights (W row-major [nHidden, nFeatures]). */
export interface SweepCellResult extends SweepCell {
  /**
   * The phase of the extra feature in W ({@link classifyPhase}), or `'diverged'` for a cell
   * whose every restart diverged (NaN `loss`). Parts written before `'diverged'` existed
   * labelled such a cell `'not-represented'`; they are read back as `'diverged'`.
   */
  phase: SweepCellPhase;
  /** The best restart's evaluation loss: the least of `losses`, or NaN when every restart diverged. */
  loss: number;
  /** Evaluation loss of every restart (NaN for a restart that diverged). */
  losses: number[];
  W: number[][];
  b: number[];
}

/** The result of one shard, written as a partial result file. */
export interface SweepPart {
  format: 'hyperposition.toy-models.sweep-part';
  version: 1;
  /** {@link sweepHash} of the spec; parts merge only when equal. */
  hash: string;
  spec: ResolvedSweepSpec;
  shard: { index: number; count: number };
  totalCells: number;
  cells: SweepCellResult[];
  /**
   * `'fused'` when the part trained on the fused engine ({@link RunSweepOptions.engine});
   * absent for the tfjs engine, so that such parts are written as before. Parts merge only
   * when they trained on the same engine.
   */
  engine?: 'fused';
}

/** A complete sweep, from {@link mergeShards}. */
export interface SweepResult {
  format: 'hyperposition.toy-models.sweep';
  version: 1;
  hash: string;
  spec: ResolvedSweepSpec;
  /** `'fused'` when its parts trained on the fused engine; absent for tfjs. */
  engine?: 'fused';
  /** Every cell, in index order. */
  cells: SweepCellResult[];
}

/**
 * Fill in the defaults of a sweep spec and check it.
 *
 * @param spec - the sweep.
 * @returns the resolved spec (plain JSON data).
 * @throws RangeError / TypeError naming the invalid field.
 * @example
 * ```ts
 * resolveSweepSpec(phaseDiagramSpec({ nFeatures: 2 })).restarts; // returns 5
 * ```
 */
export function resolveSweepSpec(spec: SweepSpec | ResolvedSweepSpec): ResolvedSweepSpec {
  const fn = 'resolveSweepSpec';
  if (spec === null || typeof spec !== 'object') fail(fn, 'spec', 'an object', spec, 'type');
  checkKeys(fn, 'spec', spec, [
    'model',
    'train',
    'x',
    'y',
    'restarts',
    'seed',
    'extraFeature',
    'evalBatchSize',
  ]);
  const restarts = checkInteger(fn, 'spec.restarts', spec.restarts ?? 5, 1);
  if (spec.model === null || typeof spec.model !== 'object')
    fail(fn, 'spec.model', 'a model config (an object)', spec.model, 'type');
  const seed = checkSeed(fn, 'spec.seed', spec.seed ?? 0);
  const one = resolveConfig({
    ...spec.model,
    nInstances: 1,
    instanceSeeds: null,
  } as ToyModelConfig);
  if (spec.model.init === undefined || spec.model.init === 'xavier-notebook') {
    // A cell is a model of `restarts` instances: freeze the notebook std at that size so it
    // does not depend on how many cells share a model.
    one.init = { kind: 'normal', std: initStd({ ...one, nInstances: restarts }) };
  }
  for (const axisName of ['x', 'y'] as const) {
    const axis = spec[axisName];
    if (!axis || !ALL_PARAMS.includes(axis.param)) {
      fail(fn, `spec.${axisName}.param`, ALL_PARAMS.map((p) => `'${p}'`).join(', '), axis?.param);
    }
    if (!Array.isArray(axis.values) || axis.values.length < 1) {
      fail(
        fn,
        `spec.${axisName}.values`,
        'a non-empty array of finite numbers',
        axis.values,
        'type',
      );
    }
    // every value checked now, not when its group comes to train
    axis.values.forEach((v: unknown, k: number) => {
      const path = `spec.${axisName}.values[${k}]`;
      if (typeof v !== 'number' || !Number.isFinite(v))
        fail(fn, path, 'a finite number', v, typeof v === 'number' ? 'range' : 'type');
      checkAxisValue(fn, path, axis.param, v, one.nFeatures);
      // two cells at one point would train twice and draw once
      const first = (axis.values as number[]).indexOf(v as number);
      if (first < k)
        fail(fn, path, `a value other than spec.${axisName}.values[${first}] (distinct values)`, v);
    });
  }
  // sparsity and featureProbability are one parameter (S = 1 - p): one axis would override
  // the other
  const same = (a: SweepParam): SweepParam => (a === 'sparsity' ? 'featureProbability' : a);
  if (same(spec.x.param) === same(spec.y.param)) {
    fail(
      fn,
      'spec.y.param',
      spec.x.param === spec.y.param
        ? `a parameter other than x's ('${spec.x.param}')`
        : `a parameter other than x's ('${spec.x.param}'; sparsity and featureProbability are one parameter, S = 1 - p)`,
      spec.y.param,
    );
  }
  const extraFeature = spec.extraFeature ?? one.nFeatures - 1;
  if (!Number.isInteger(extraFeature) || extraFeature < 0 || extraFeature >= one.nFeatures) {
    fail(fn, 'spec.extraFeature', `an integer in [0, ${one.nFeatures})`, extraFeature);
  }
  // only the options a run records: the others a sweep sets itself (seeds, divergence, the
  // engine: runSweep's options.engine) or would drop without a word
  if (spec.train !== undefined && spec.train !== null && typeof spec.train === 'object') {
    const recorded = Object.keys(resolveTrainOptions({}));
    for (const key of Object.keys(spec.train)) {
      if (
        TRAIN_KEYS.includes(key) &&
        !recorded.includes(key) &&
        (spec.train as Record<string, unknown>)[key] !== undefined
      )
        fail(
          fn,
          `spec.train.${key}`,
          key === 'engine'
            ? "to be left out (a sweep's engine is runSweep's options.engine)"
            : `to be left out (a sweep takes ${recorded.join(', ')})`,
          (spec.train as Record<string, unknown>)[key],
        );
    }
  }
  const train = resolveTrainOptions(spec.train as TrainOptions);
  return {
    model: one,
    train,
    x: { param: spec.x.param, values: spec.x.values.slice() },
    y: { param: spec.y.param, values: spec.y.values.slice() },
    restarts,
    seed,
    extraFeature,
    evalBatchSize: checkInteger(fn, 'spec.evalBatchSize', spec.evalBatchSize ?? 4096, 1),
  };
}

/**
 * A short hash identifying a sweep (FNV-1a over its canonical JSON, 64 bits as hex). Shards
 * merge only when their hashes agree.
 *
 * @param spec - the sweep.
 * @returns 16 hex digits.
 * @example
 * ```ts
 * sweepHash(phaseDiagramSpec({ nFeatures: 2 })) === sweepHash(phaseDiagramSpec({ nFeatures: 2 })); // returns true
 * ```
 */
export function sweepHash(spec: SweepSpec | ResolvedSweepSpec): string {
  return stableHash(resolveSweepSpec(spec));
}

/**
 * Every cell of a sweep's grid, row-major (index = iy * nx + ix).
 *
 * @param spec - the sweep.
 * @returns nx * ny cells.
 * @example
 * ```ts
 * sweepCells(phaseDiagramSpec({ nFeatures: 2, resolution: 4 })).length; // returns 16
 * ```
 */
export function sweepCells(spec: SweepSpec | ResolvedSweepSpec): SweepCell[] {
  const fn = 'sweepCells';
  if (spec === null || typeof spec !== 'object') fail(fn, 'spec', 'a sweep spec', spec, 'type');
  for (const axisName of ['x', 'y'] as const) {
    const values = (spec[axisName] as SweepAxis | undefined)?.values;
    if (!Array.isArray(values))
      fail(fn, `spec.${axisName}.values`, 'an array of numbers', values, 'type');
  }
  const { x, y } = spec;
  const cells: SweepCell[] = [];
  y.values.forEach((yv, iy) =>
    x.values.forEach((xv, ix) =>
      cells.push({ index: iy * x.values.length + ix, ix, iy, x: xv, y: yv }),
    ),
  );
  return cells;
}

/**
 * The cells of shard i of N: every N-th cell starting at i (round robin, so every shard gets
 * a similar mix of cheap and costly cells). Deterministic; the N shards partition the cells.
 *
 * @param cells - all cells, e.g. from {@link sweepCells}.
 * @param index - shard index i in [0, N).
 * @param count - number of shards N (>= 1).
 * @returns the cells of shard i, in order.
 * @example
 * ```ts
 * shardOf([0, 1, 2, 3, 4], 1, 2); // returns [1, 3]
 * ```
 */
export function shardOf<T>(cells: readonly T[], index: number, count: number): T[] {
  if (!Array.isArray(cells)) fail('shardOf', 'cells', 'an array', cells, 'type');
  checkInteger('shardOf', 'count', count, 1);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    fail('shardOf', 'index', `an integer in [0, ${count})`, index);
  }
  return cells.filter((_, k) => k % count === index);
}

function applyInstanceParams(
  spec: ResolvedSweepSpec,
  cell: SweepCell,
): { featureProbability: number; importance: number[] } {
  let p = spec.model.featureProbability[0];
  const importance = spec.model.importance[0].slice();
  for (const [axis, value] of [
    [spec.x, cell.x],
    [spec.y, cell.y],
  ] as const) {
    if (axis.param === 'featureProbability') p = value;
    else if (axis.param === 'sparsity') p = 1 - value;
    else if (axis.param === 'importanceRatio')
      importance.forEach((_, i) => (importance[i] = value ** i));
  }
  for (const [axis, value] of [
    [spec.x, cell.x],
    [spec.y, cell.y],
  ] as const) {
    if (axis.param === 'extraImportance') importance[spec.extraFeature] = value;
  }
  return { featureProbability: p, importance };
}

function trainParams(spec: ResolvedSweepSpec, cell: SweepCell): Partial<ResolvedTrainOptions> {
  const out: Partial<Record<SweepParam, number>> = {};
  if (!INSTANCE_PARAMS.includes(spec.x.param)) out[spec.x.param] = cell.x;
  if (!INSTANCE_PARAMS.includes(spec.y.param)) out[spec.y.param] = cell.y;
  return out as Partial<ResolvedTrainOptions>;
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /** Run only shard `index` of `count` ({@link shardOf}); default the whole grid. */
  shard?: { index: number; count: number };
  /** Stop between models; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each group of cells is trained, with the cells done so far. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Cells already trained by an interrupted run of the same spec, shard and engine (as
   * {@link RunSweepOptions.onGroup} handed them over, or read back from a file: NaN may be
   * `null`). Each is checked like a part's cell ({@link mergeShards}) and must belong to this
   * shard. A group of cells that train together is skipped when all of its cells are here, and
   * its cells are returned as given; a group with only some of them is trained again in full
   * (its given cells are not used), so that every cell is exactly what an uninterrupted run
   * gives. Default none.
   */
  done?: readonly SweepCellResult[];
  /**
   * Called after each group of cells is trained, with that group's results, and awaited
   * before the next group starts: save them here to resume a long sweep with
   * {@link RunSweepOptions.done}. A rejection ends the sweep with that error.
   */
  onGroup?: (cells: SweepCellResult[]) => void | Promise<void>;
  /**
   * The trainer's engine ({@link TrainOptions.engine}): `'tfjs'` (default) or `'fused'` (much
   * faster on large models; the same data and update, equal within float tolerance). Not part
   * of the config hash, as the tfjs backend is not; the part records it, and
   * {@link mergeShards} refuses to mix engines.
   */
  engine?: 'tfjs' | 'fused';
  /**
   * Steps between checkpoints of the group in training, handed to
   * {@link RunSweepOptions.onCheckpoint} (given together); default none. See
   * the `onCheckpoint` of {@link trainBestOf} for when one is taken (also when the sweep is
   * aborted).
   */
  checkpointEvery?: number;
  /** Called, and awaited, with each checkpoint of the group in training. */
  onCheckpoint?: (state: SweepCheckpoint) => void | Promise<void>;
  /**
   * A checkpoint from {@link RunSweepOptions.onCheckpoint} of an interrupted run of the same
   * spec and shard: its group trains first and goes on from it (to the cells an uninterrupted
   * run gives), unless `done` completes that group already. Its config and training options
   * are checked; the engine and the tfjs backend are not recorded in a checkpoint, so they are
   * the caller's to keep (on another, the result matches neither run).
   */
  resumeFrom?: SweepCheckpoint;
}

/** A checkpoint of one group of a sweep in training ({@link RunSweepOptions.onCheckpoint}). */
export interface SweepCheckpoint {
  /** The indices of the group's cells, ascending: the cells that train as one model. */
  cells: number[];
  /** The group's model, every restart of every cell an instance ({@link trainBestOf}). */
  checkpoint: ToyModelCheckpoint;
}

/**
 * Train the cells of a sweep (or of one shard) and classify each into a phase
 * (Elhage et al. 2022, section 4: every phase-diagram point fitted several times, lowest
 * loss kept). Cells that differ only in per-instance parameters train together as instances
 * of one model; each cell's restarts have their own seeds, so a cell's result does not
 * depend on the sharding.
 *
 * @param spec - the sweep.
 * A long sweep is resumable by groups: save each group's cells from
 * {@link RunSweepOptions.onGroup} and give them back as {@link RunSweepOptions.done}; the
 * groups they complete are not trained again.
 *
 * @param options - shard, signal, progress, engine, and resuming (`done`, `onGroup`).
 * @returns a {@link SweepPart}; merge the parts of all shards with {@link mergeShards}.
 * @example
 * ```ts
 * const spec = phaseDiagramSpec({ nFeatures: 2, resolution: 3, restarts: 2, train: { steps: 500, lr: 0.01 } });
 * const parts = [await runSweep(spec, { shard: { index: 0, count: 2 } }), await runSweep(spec, { shard: { index: 1, count: 2 } })];
 * mergeShards(parts).cells.length; // returns 9
 * ```
 * @example
 * ```ts
 * // two learning rates: two groups, each saved when it is trained
 * const spec = { model: { nFeatures: 3, nHidden: 2 }, train: { steps: 300 }, restarts: 1,
 *   x: { param: 'sparsity', values: [0, 0.9] }, y: { param: 'lr', values: [0.01, 0.03] } };
 * const saved = [];
 * const first = await runSweep(spec, { onGroup: (cells) => { saved.push(...cells); } });
 * saved.length; // returns 4
 * // a run stopped after the first group, resumed: only the second group trains
 * const rest = await runSweep(spec, { done: saved.slice(0, 2) });
 * rest.cells[3].loss === first.cells[3].loss; // returns true
 * ```
 */
export async function runSweep(
  spec: SweepSpec | ResolvedSweepSpec,
  options: RunSweepOptions = {},
): Promise<SweepPart> {
  if (options === null || typeof options !== 'object')
    fail('runSweep', 'options', 'an object', options, 'type');
  checkKeys('runSweep', 'options', options, [
    'shard',
    'signal',
    'onProgress',
    'engine',
    'done',
    'onGroup',
    'checkpointEvery',
    'onCheckpoint',
    'resumeFrom',
  ]);
  const resolved = resolveSweepSpec(spec);
  const engine = options.engine ?? 'tfjs';
  if (engine !== 'tfjs' && engine !== 'fused') {
    fail('runSweep', 'options.engine', "'tfjs' or 'fused'", engine);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    fail('runSweep', 'options.onProgress', 'a function', options.onProgress, 'type');
  if (options.onGroup !== undefined && typeof options.onGroup !== 'function')
    fail('runSweep', 'options.onGroup', 'a function', options.onGroup, 'type');
  if (options.onCheckpoint !== undefined && typeof options.onCheckpoint !== 'function')
    fail('runSweep', 'options.onCheckpoint', 'a function', options.onCheckpoint, 'type');
  if (options.checkpointEvery !== undefined)
    checkInteger('runSweep', 'options.checkpointEvery', options.checkpointEvery, 1);
  if ((options.checkpointEvery === undefined) !== (options.onCheckpoint === undefined))
    fail(
      'runSweep',
      options.checkpointEvery === undefined ? 'options.checkpointEvery' : 'options.onCheckpoint',
      `given together with ${options.checkpointEvery === undefined ? 'options.onCheckpoint' : 'options.checkpointEvery'}`,
      undefined,
    );
  const hash = stableHash(resolved);
  const all = sweepCells(resolved);
  const shard = options.shard ?? { index: 0, count: 1 };
  if (shard === null || typeof shard !== 'object')
    fail('runSweep', 'options.shard', 'an object { index, count }', shard, 'type');
  checkInteger('runSweep', 'options.shard.count', shard.count, 1);
  if (!Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count)
    fail('runSweep', 'options.shard.index', `an integer in [0, ${shard.count})`, shard.index);
  const cells = shardOf(all, shard.index, shard.count);
  const groups = new Map<string, SweepCell[]>();
  for (const cell of cells) {
    const key = JSON.stringify(trainParams(resolved, cell));
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(cell);
  }
  // cells of an interrupted run: checked, and each in this shard at most once
  const given = new Map<number, SweepCellResult>();
  if (options.done !== undefined) {
    if (!Array.isArray(options.done))
      fail('runSweep', 'options.done', 'an array of trained cells', options.done, 'type');
    const mine = new Set(cells.map((c) => c.index));
    options.done.forEach((cell: unknown, k) => {
      const c = checkCell('runSweep', `options.done[${k}]`, cell, resolved, all);
      if (!mine.has(c.index)) {
        fail(
          'runSweep',
          `options.done[${k}].index`,
          `a cell of shard ${shard.index} of ${shard.count}`,
          c.index,
        );
      }
      if (given.has(c.index))
        fail('runSweep', `options.done[${k}].index`, 'a cell not given before', c.index);
      given.set(c.index, c);
    });
  }
  // the group a checkpoint belongs to, when it is still to train
  const resume = options.resumeFrom;
  let resumeKey: string | undefined;
  if (resume !== undefined) {
    if (resume === null || typeof resume !== 'object' || !Array.isArray(resume.cells))
      fail(
        'runSweep',
        'options.resumeFrom',
        'a sweep checkpoint { cells, checkpoint }',
        resume,
        'type',
      );
    if (
      resume.checkpoint === null ||
      typeof resume.checkpoint !== 'object' ||
      resume.checkpoint.format !== CHECKPOINT_FORMAT
    )
      fail(
        'runSweep',
        'options.resumeFrom.checkpoint',
        'a checkpoint from onCheckpoint (parseCheckpoint reads a saved one)',
        resume.checkpoint,
        'type',
      );
    const want = JSON.stringify(resume.cells);
    resumeKey = [...groups].find(([, g]) => JSON.stringify(g.map((c) => c.index)) === want)?.[0];
    if (resumeKey === undefined)
      fail(
        'runSweep',
        'options.resumeFrom.cells',
        `the cells of a group of shard ${shard.index} of ${shard.count} (cells that train as one model)`,
        `[${resume.cells.slice(0, 8).join(', ')}${resume.cells.length > 8 ? ', ...' : ''}]`,
      );
  }
  const results: SweepCellResult[] = [];
  const { nHidden: m, nFeatures: n } = resolved.model;
  for (const group of groups.values()) {
    if (group.every((c) => given.has(c.index))) {
      for (const c of group) results.push(given.get(c.index)!);
      continue;
    }
  }
  if (results.length > 0) options.onProgress?.(results.length, cells.length);
  // the group of a checkpoint first, so that its checkpoints are the next ones taken
  const order = [...groups].sort(([a], [b]) => Number(b === resumeKey) - Number(a === resumeKey));
  for (const [key, group] of order) {
    if (group.every((c) => given.has(c.index))) continue;
    options.signal?.throwIfAborted();
    const cellsOf = group.map((c) => c.index);
    const onCheckpoint = options.onCheckpoint;
    const params = group.map((c) => applyInstanceParams(resolved, c));
    const config: ResolvedToyModelConfig = {
      ...resolved.model,
      nInstances: group.length,
      featureProbability: params.map((q) => q.featureProbability),
      sparsity: params.map((q) => 1 - q.featureProbability),
      importance: params.map((q) => q.importance),
      instanceSeeds: group.map((c) => `${resolved.seed}/cell${c.index}`),
    };
    let trainedGroup;
    try {
      trainedGroup = await trainBestOf(config, {
        ...resolved.train,
        ...trainParams(resolved, group[0]),
        seed: undefined,
        restarts: resolved.restarts,
        evalBatchSize: resolved.evalBatchSize,
        evalSeed: resolved.seed,
        signal: options.signal,
        engine,
        // a cell whose every restart diverged (a learning-rate axis reaching too far) is kept,
        // with a NaN loss, rather than ending the sweep
        divergence: 'record',
        ...(options.checkpointEvery !== undefined || onCheckpoint !== undefined
          ? {
              checkpointEvery: options.checkpointEvery,
              onCheckpoint:
                onCheckpoint &&
                ((checkpoint) => onCheckpoint({ cells: cellsOf.slice(), checkpoint })),
            }
          : {}),
        ...(key === resumeKey ? { resumeFrom: resume!.checkpoint } : {}),
      });
    } catch (error) {
      // a checkpoint that does not fit: named as the caller gave it
      const m = /^trainBestOf: options\.resumeFrom(.*)$/s.exec((error as Error).message);
      if (m && key === resumeKey) {
        const E = error instanceof TypeError ? TypeError : RangeError;
        throw new E(`runSweep: options.resumeFrom.checkpoint${m[1]}`);
      }
      throw error;
    }
    const { best, train: trainedFor } = trainedGroup;
    // stopped inside the training: not a result (its checkpoint, if any, was taken); a group
    // whose training ended is kept even if the signal came during its evaluation
    if (trainedFor.aborted) options.signal?.throwIfAborted();
    const trained: SweepCellResult[] = group.map((cell, k) => {
      const w = best[k];
      return {
        ...cell,
        // a cell whose every restart diverged has no W to classify (see SweepCellResult.phase)
        phase: w.diverged
          ? DIVERGED_PHASE
          : classifyPhase({ data: w.W, rows: m, cols: n }, { feature: resolved.extraFeature }),
        loss: w.loss,
        losses: w.losses,
        W: Array.from({ length: m }, (_, r) => Array.from(w.W.subarray(r * n, (r + 1) * n))),
        b: Array.from(w.b),
      };
    });
    // a copy: what the callback keeps or changes is not the result's
    await options.onGroup?.(structuredClone(trained));
    results.push(...trained);
    options.onProgress?.(results.length, cells.length);
  }
  results.sort((a, b) => a.index - b.index);
  return {
    format: 'hyperposition.toy-models.sweep-part',
    version: 1,
    hash,
    spec: resolved,
    shard: { index: shard.index, count: shard.count },
    totalCells: all.length,
    cells: results,
    ...(engine === 'fused' ? { engine } : {}),
  };
}

const PHASES: readonly SweepCellPhase[] = [
  'not-represented',
  'dedicated',
  'superposition',
  'diverged',
];
/** The label of a cell whose every restart diverged (NaN loss). */
const DIVERGED_PHASE: SweepCellPhase = 'diverged';
/** What parts written before 'diverged' existed labelled such a cell. */
const LEGACY_DIVERGED_PHASE: SweepCellPhase = 'not-represented';

/**
 * One cell of a part read back from a file, checked against the spec: its place in the grid,
 * its phase, losses and weights (numbers, or null where JSON wrote a NaN: read back as NaN),
 * and its phase again from its W. Returns the cell with typed values.
 */
function checkCell(
  fn: string,
  at: string,
  cell: unknown,
  spec: ResolvedSweepSpec,
  grid: readonly SweepCell[],
): SweepCellResult {
  if (cell === null || typeof cell !== 'object') fail(fn, at, 'an object', cell, 'type');
  const c = cell as Record<string, unknown>;
  const index = c.index as number;
  if (!Number.isInteger(index) || index < 0 || index >= grid.length) {
    fail(fn, `${at}.index`, `an integer in [0, ${grid.length})`, index);
  }
  const want = grid[index];
  for (const key of ['ix', 'iy', 'x', 'y'] as const) {
    if (c[key] !== want[key])
      fail(fn, `${at}.${key}`, `${want[key]} (cell ${index} of the grid)`, c[key]);
  }
  const num = (path: string, v: unknown): number => {
    if (v === null) return NaN;
    if (typeof v !== 'number') fail(fn, path, 'a number (or null for NaN)', v, 'type');
    return v;
  };
  const list = (path: string, v: unknown, len: number): number[] => {
    if (!Array.isArray(v) || v.length !== len)
      fail(fn, path, `an array of ${len} numbers`, v, 'type');
    return v.map((x: unknown, i: number) => num(`${path}[${i}]`, x));
  };
  const { nHidden: m, nFeatures: n } = spec.model;
  if (!Array.isArray(c.W) || c.W.length !== m)
    fail(fn, `${at}.W`, `an array of nHidden (${m}) rows`, c.W, 'type');
  const W = c.W.map((row: unknown, r: number) => list(`${at}.W[${r}]`, row, n));
  const b = list(`${at}.b`, c.b, n);
  const losses = list(`${at}.losses`, c.losses, spec.restarts);
  // an evaluation loss is a mean of squares (NaN for a restart that diverged)
  losses.forEach((l, k) => {
    if (l < 0 || l === Infinity)
      fail(fn, `${at}.losses[${k}]`, 'a finite number >= 0 (or null for a diverged restart)', l);
  });
  const loss = num(`${at}.loss`, c.loss);
  // the cell's loss is its best restart's: the least of its losses, NaN when all diverged
  const finite = losses.filter((l) => !Number.isNaN(l));
  const least = finite.length > 0 ? Math.min(...finite) : NaN;
  if (!Object.is(loss, least)) {
    fail(
      fn,
      `${at}.loss`,
      finite.length > 0
        ? `the least of its losses (${least})`
        : 'NaN (null: every restart diverged)',
      loss,
    );
  }
  if (!PHASES.includes(c.phase as SweepCellPhase))
    fail(fn, `${at}.phase`, `one of ${PHASES.map((p) => `'${p}'`).join(', ')}`, c.phase);
  // A cell whose restarts all diverged has no phase its W could give; every other cell's
  // W is finite, and its phase a function of W: one that disagrees means W or the phase was
  // changed.
  if (Number.isNaN(loss)) {
    if (c.phase !== DIVERGED_PHASE && c.phase !== LEGACY_DIVERGED_PHASE) {
      fail(
        fn,
        `${at}.phase`,
        `'${DIVERGED_PHASE}' (every restart diverged: its loss is NaN)`,
        c.phase,
      );
    }
    return { ...want, phase: DIVERGED_PHASE, loss, losses, W, b };
  }
  // (finite as float32: 1e39 is not)
  const finiteRow = (path: string, row: number[]): void =>
    row.forEach((v, j) => {
      if (!Number.isFinite(Math.fround(v)))
        fail(fn, `${path}[${j}]`, 'a finite float32 number (the cell did not diverge)', v);
    });
  W.forEach((row, r) => finiteRow(`${at}.W[${r}]`, row));
  finiteRow(`${at}.b`, b);
  const phase = classifyPhase(
    { data: Float32Array.from(W.flat()), rows: m, cols: n },
    { feature: spec.extraFeature },
  );
  if (phase !== c.phase) fail(fn, `${at}.phase`, `'${phase}' (the phase of its W)`, c.phase);
  return { ...want, phase, loss, losses, W, b };
}

/**
 * Merge the partial results of a sharded sweep, checking that they belong together: same
 * format and config hash (and a spec that has that hash), no cell twice, no cell missing;
 * and that each cell is whole: its place in the grid, a phase that its W gives, losses and
 * weights of the spec's shapes (numbers, or null where a file holds a NaN).
 *
 * @param parts - one {@link SweepPart} per shard, in any order.
 * @returns the full {@link SweepResult}, cells in index order.
 * @throws RangeError naming the offending part or cells.
 * @example
 * ```ts
 * const spec = phaseDiagramSpec({ nFeatures: 2, resolution: 2, train: { steps: 100, lr: 0.01 } });
 * const shard = (index: number) => runSweep(spec, { shard: { index, count: 3 } });
 * const result = mergeShards([await shard(0), await shard(1), await shard(2)]);
 * result.cells.length; // returns 4 (the phase diagram, row-major: result.cells.map((c) => c.phase))
 * ```
 */
export function mergeShards(parts: readonly SweepPart[]): SweepResult {
  const fn = 'mergeShards';
  if (!Array.isArray(parts) || parts.length === 0)
    fail(fn, 'parts', 'a non-empty array of sweep parts', parts, 'type');
  parts.forEach((part, k) => {
    if (part?.format !== 'hyperposition.toy-models.sweep-part') {
      fail(fn, `parts[${k}].format`, '"hyperposition.toy-models.sweep-part"', part?.format);
    }
    if (part.version !== 1) fail(fn, `parts[${k}].version`, '1', part.version);
  });
  const { hash, totalCells } = parts[0];
  const engine = parts[0].engine;
  parts.forEach((part, k) => {
    if (part.engine !== undefined && part.engine !== 'fused')
      fail(fn, `parts[${k}].engine`, '"fused" or absent (tfjs)', part.engine);
    if (part.engine !== engine) {
      fail(
        fn,
        `parts[${k}].engine`,
        `the engine of parts[0] (${engine ?? 'tfjs'})`,
        part.engine ?? 'tfjs',
      );
    }
    if (part.hash !== hash)
      fail(fn, `parts[${k}].hash`, `"${hash}" (the config hash of parts[0])`, part.hash);
    if (part.totalCells !== totalCells)
      fail(fn, `parts[${k}].totalCells`, String(totalCells), part.totalCells);
  });
  // The spec each part carries is the one its hash was taken of (runSweep hashes the resolved
  // spec it stores), so an edited spec is caught, and the grid follows from it.
  parts.forEach((part, k) => {
    const actual = stableHash(part.spec);
    if (actual !== hash)
      fail(fn, `parts[${k}].spec`, `the spec whose hash the part records ("${hash}")`, actual);
  });
  const spec = resolveSweepSpec(parts[0].spec);
  const grid = sweepCells(spec);
  if (grid.length !== totalCells)
    fail(fn, 'parts[0].totalCells', `${grid.length} (the cells of its spec)`, totalCells);
  const owner = new Map<number, number>();
  const cells: SweepCellResult[] = [];
  parts.forEach((part, k) => {
    if (!Array.isArray(part.cells)) fail(fn, `parts[${k}].cells`, 'an array', part.cells, 'type');
    part.cells.forEach((cell: unknown, j: number) => {
      const c = checkCell(fn, `parts[${k}].cells[${j}]`, cell, spec, grid);
      const prev = owner.get(c.index);
      if (prev !== undefined) {
        fail(fn, `parts[${k}]`, `no cell already in parts[${prev}]`, `cell ${c.index} twice`);
      }
      owner.set(c.index, k);
      cells.push(c);
    });
  });
  if (cells.length !== totalCells) {
    const missing: number[] = [];
    for (let i = 0; i < totalCells && missing.length < 10; i++) if (!owner.has(i)) missing.push(i);
    fail(
      fn,
      'parts',
      `all ${totalCells} cells`,
      `${cells.length} cells, missing ${missing.join(', ')}${totalCells - cells.length > missing.length ? ', ...' : ''}`,
    );
  }
  cells.sort((a, b) => a.index - b.index);
  return {
    format: 'hyperposition.toy-models.sweep',
    version: 1,
    hash,
    spec: parts[0].spec,
    cells,
    ...(engine === 'fused' ? { engine } : {}),
  };
}
