import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../backend.js';
import { phaseDiagramSpec, logspace } from './phaseDiagram.js';
import {
  mergeShards,
  resolveSweepSpec,
  runSweep,
  shardOf,
  sweepCells,
  sweepHash,
  type SweepCellResult,
  type SweepCheckpoint,
  type SweepPart,
  type SweepResult,
  type SweepSpec,
} from './sweep.js';
import { theoreticalPhase } from './theory.js';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('shardOf', () => {
  it('splits round robin into a partition, deterministically', () => {
    const cells = Array.from({ length: 11 }, (_, i) => i);
    const shards = [0, 1, 2].map((i) => shardOf(cells, i, 3));
    expect(shards).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7, 10],
      [2, 5, 8],
    ]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(cells);
    expect(shardOf(cells, 0, 1)).toEqual(cells);
  });
  it('rejects a bad index or count', () => {
    expect(() => shardOf([1], 3, 3)).toThrow('shardOf: index expected an integer in [0, 3), got 3');
    expect(() => shardOf([1], 0, 0)).toThrow('shardOf: count expected an integer >= 1, got 0');
    expect(() => shardOf(null as never, 0, 1)).toThrow(
      'shardOf: cells expected an array, got null',
    );
  });
});

describe('sweep grid', () => {
  it('uses the paper axes: r log 0.1..10, p log 1..0.01, row-major cells', () => {
    const spec = phaseDiagramSpec({ nFeatures: 2, resolution: 3 });
    expect(spec.x.values.map((v) => +v.toFixed(12))).toEqual([0.1, 1, 10]);
    expect(spec.y.values.map((v) => +v.toFixed(12))).toEqual([1, 0.1, 0.01]);
    const cells = sweepCells(spec);
    expect(cells[5]).toMatchObject({ index: 5, ix: 2, iy: 1 });
    expect(logspace(2, 2, 1)).toEqual([2]);
  });
  it('names the argument of a spec that is missing or misspelt', () => {
    expect(() => sweepCells({} as never)).toThrow(
      'sweepCells: spec.x.values expected an array of numbers, got undefined',
    );
    expect(() => sweepCells(undefined as never)).toThrow(
      'sweepCells: spec expected a sweep spec, got undefined',
    );
    expect(() => phaseDiagramSpec(undefined as never)).toThrow(
      'phaseDiagramSpec: options expected an object { nFeatures: 2 | 3, ... }, got undefined',
    );
    expect(() => phaseDiagramSpec({ nFeatures: 2, resoluton: 3 } as never)).toThrow(
      'phaseDiagramSpec: options.resoluton expected one of the known options (nFeatures, resolution, importanceRange, probabilityRange, restarts, train, seed); did you mean options.resolution?, got an unknown key',
    );
    expect(() => phaseDiagramSpec({ nFeatures: 2, restarts: 0 })).toThrow(
      'phaseDiagramSpec: options.restarts expected an integer >= 1, got 0',
    );
    expect(() => phaseDiagramSpec({ nFeatures: 2, resolution: 0 })).toThrow(
      'phaseDiagramSpec: options.resolution expected an integer >= 1, got 0',
    );
    expect(() => phaseDiagramSpec({ nFeatures: 2, probabilityRange: [1, 0] })).toThrow(
      'phaseDiagramSpec: options.probabilityRange[1] expected a number in (0, 1], got 0',
    );
    expect(() => phaseDiagramSpec({ nFeatures: 2, importanceRange: [0.1] as never })).toThrow(
      'phaseDiagramSpec: options.importanceRange expected [start, stop], each a finite number > 0, got Array(1)',
    );
    expect(() => phaseDiagramSpec({ nFeatures: 2, seed: 0.5 })).toThrow(
      'phaseDiagramSpec: options.seed expected an integer or a string, got 0.5',
    );
  });
  it('hashes equal specs equally and different specs differently', () => {
    const a = phaseDiagramSpec({ nFeatures: 2, resolution: 3 });
    expect(sweepHash(a)).toBe(sweepHash(phaseDiagramSpec({ nFeatures: 2, resolution: 3 })));
    expect(sweepHash(a)).not.toBe(sweepHash({ ...a, restarts: 2 }));
    expect(sweepHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('runSweep and mergeShards', () => {
  // Cells well away from the boundaries (p* = 4r/(2+5r) for r < 1, 4/(5+2r) for r > 1).
  const spec: SweepSpec = {
    model: { nFeatures: 2, nHidden: 1 },
    train: { steps: 800, lr: 0.02, batchSize: 256, optimizer: 'adam' },
    x: { param: 'extraImportance', values: [0.2, 5] },
    y: { param: 'featureProbability', values: [0.9, 0.08] },
    restarts: 2,
    seed: 1,
    evalBatchSize: 2048,
  };
  let whole: SweepPart;
  beforeAll(async () => {
    whole = await runSweep(spec);
  }, 60_000);

  it('reproduces the theoretical phase on cells far from the boundary (n = 2, m = 1)', () => {
    expect(whole.cells).toHaveLength(4);
    for (const cell of whole.cells) {
      expect(cell.phase, `r = ${cell.x}, p = ${cell.y}`).toBe(theoreticalPhase(cell.x, cell.y, 2));
      expect(cell.losses).toHaveLength(2);
      expect(cell.loss).toBe(Math.min(...cell.losses));
    }
  });

  it('trains a shard to the same cells as the unsharded run, and merges it', async () => {
    const shard0 = await runSweep(spec, { shard: { index: 0, count: 2 } });
    expect(shard0.cells.map((c) => c.index)).toEqual([0, 2]);
    expect(shard0.hash).toBe(whole.hash);
    // Each cell has its own seeds, so sharding changes nothing but float rounding.
    shard0.cells.forEach((cell) => {
      const ref = whole.cells[cell.index];
      expect(cell.phase).toBe(ref.phase);
      expect(cell.loss).toBeCloseTo(ref.loss, 5);
    });
    const shard1: SweepPart = {
      ...whole,
      shard: { index: 1, count: 2 },
      cells: whole.cells.filter((c) => c.index % 2 === 1),
    };
    const merged = mergeShards([shard1, shard0]);
    expect(merged.format).toBe('hyperposition.toy-models.sweep');
    expect(merged.cells.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('trains on the fused engine to the same phases and losses within float tolerance, and says so', async () => {
    const fused = await runSweep(spec, { engine: 'fused' });
    expect(fused.engine).toBe('fused');
    expect(whole.engine).toBeUndefined();
    // not part of the config: the same hash, as for the tfjs backend
    expect(fused.hash).toBe(whole.hash);
    fused.cells.forEach((cell, k) => {
      const ref = whole.cells[k];
      expect(cell.phase).toBe(ref.phase);
      // the same data and update; float32 sums in another order over 800 Adam steps
      expect(Math.abs(cell.loss - ref.loss)).toBeLessThan(1e-3 * Math.max(ref.loss, 1e-3));
    });
    const merged = mergeShards([fused]);
    expect(merged.engine).toBe('fused');
    expect(mergeShards([whole]).engine).toBeUndefined();
    // parts of one engine only
    const half = (part: SweepPart, index: number): SweepPart => ({
      ...part,
      shard: { index, count: 2 },
      cells: part.cells.filter((c) => c.index % 2 === index),
    });
    expect(() => mergeShards([half(whole, 0), half(fused, 1)])).toThrow(
      'mergeShards: parts[1].engine expected the engine of parts[0] (tfjs), got "fused"',
    );
    expect(() => mergeShards([half(fused, 0), half(whole, 1)])).toThrow(
      'mergeShards: parts[1].engine expected the engine of parts[0] (fused), got "tfjs"',
    );
    expect(() => mergeShards([{ ...whole, engine: 'gpu' as never }])).toThrow(
      'mergeShards: parts[0].engine expected "fused" or absent (tfjs), got "gpu"',
    );
    await expect(runSweep(spec, { engine: 'gpu' as never })).rejects.toThrow(
      "runSweep: options.engine expected 'tfjs' or 'fused', got \"gpu\"",
    );
    await expect(runSweep(spec, { engin: 'fused' } as never)).rejects.toThrow(
      /^runSweep: options\.engin expected one of the known options \(shard, signal, onProgress, engine, done, onGroup, checkpointEvery, onCheckpoint, resumeFrom\); did you mean options\.engine\?/,
    );
  }, 60_000);

  it('rejects mismatched, duplicate and missing shards', () => {
    const a: SweepPart = {
      ...whole,
      shard: { index: 0, count: 2 },
      cells: whole.cells.filter((c) => c.index % 2 === 0),
    };
    const b: SweepPart = {
      ...whole,
      shard: { index: 1, count: 2 },
      cells: whole.cells.filter((c) => c.index % 2 === 1),
    };
    expect(mergeShards([a, b]).cells).toHaveLength(4);
    expect(() => mergeShards([a])).toThrow(
      'mergeShards: parts expected all 4 cells, got "2 cells, missing 1, 3"',
    );
    expect(() => mergeShards([a, a, b])).toThrow(
      'mergeShards: parts[1] expected no cell already in parts[0], got "cell 0 twice"',
    );
    expect(() => mergeShards([a, { ...b, hash: 'ffff' }])).toThrow(
      /mergeShards: parts\[1\]\.hash expected ".*" \(the config hash of parts\[0\]\), got "ffff"/,
    );
    expect(() => mergeShards([])).toThrow(
      'mergeShards: parts expected a non-empty array of sweep parts, got Array(0)',
    );
  });

  it('refuses out-of-range axis values, one parameter on both axes, and a bad seed, before any training', async () => {
    const bad = (patch: Partial<SweepSpec>): SweepSpec => ({ ...spec, ...patch });
    const cases: [Partial<SweepSpec>, string][] = [
      [
        { x: { param: 'sparsity', values: [0.5] } },
        "resolveSweepSpec: spec.y.param expected a parameter other than x's ('sparsity'; sparsity and featureProbability are one parameter, S = 1 - p), got \"featureProbability\"",
      ],
      [
        { x: { param: 'lr', values: [0.01, -1] } },
        'resolveSweepSpec: spec.x.values[1] expected a finite number >= 0, got -1',
      ],
      [
        { y: { param: 'featureProbability', values: [0.5, 2] } },
        'resolveSweepSpec: spec.y.values[1] expected a number in [0, 1], got 2',
      ],
      [
        { y: { param: 'sparsity', values: [-0.1] } },
        'resolveSweepSpec: spec.y.values[0] expected a number in [0, 1], got -0.1',
      ],
      [
        { x: { param: 'extraImportance', values: [-1] } },
        'resolveSweepSpec: spec.x.values[0] expected a finite number >= 0, got -1',
      ],
      [
        { x: { param: 'importanceRatio', values: [0] } },
        'resolveSweepSpec: spec.x.values[0] expected a finite number > 0, got 0',
      ],
      [
        { x: { param: 'weightDecay', values: [Infinity] } },
        'resolveSweepSpec: spec.x.values[0] expected a finite number, got Infinity',
      ],
      [
        { x: { param: 'l1W', values: ['1' as never] } },
        'resolveSweepSpec: spec.x.values[0] expected a finite number, got "1"',
      ],
      [
        { x: { param: 'lr', values: [0.01, 0.02, 0.01] } },
        'resolveSweepSpec: spec.x.values[2] expected a value other than spec.x.values[0] (distinct values), got 0.01',
      ],
      [{ seed: 1.5 }, 'resolveSweepSpec: spec.seed expected an integer or a string, got 1.5'],
      [
        { model: undefined as never },
        'resolveSweepSpec: spec.model expected a model config (an object), got undefined',
      ],
    ];
    for (const [patch, message] of cases) {
      expect(() => resolveSweepSpec(bad(patch))).toThrow(message);
      // runSweep checks them all before it trains its first group: no progress reported
      let trained = 0;
      await expect(
        runSweep(bad(patch), { onProgress: (done) => void (trained = done) }),
      ).rejects.toThrow(message);
      expect(trained).toBe(0);
    }
    // the grid still holds 0 and 1 as probabilities, and a geometric ratio > 1
    expect(
      resolveSweepSpec(
        bad({
          x: { param: 'importanceRatio', values: [0.5, 2] },
          y: { param: 'sparsity', values: [0, 1] },
        }),
      ).y.values,
    ).toEqual([0, 1]);
    // and runSweep's own options
    await expect(runSweep(spec, { shard: { index: 2, count: 2 } })).rejects.toThrow(
      'runSweep: options.shard.index expected an integer in [0, 2), got 2',
    );
    await expect(runSweep(spec, { shard: 3 as never })).rejects.toThrow(
      'runSweep: options.shard expected an object { index, count }, got 3',
    );
    await expect(runSweep(spec, { onProgress: 1 as never })).rejects.toThrow(
      'runSweep: options.onProgress expected a function, got 1',
    );
  });

  it('rejects an unknown field of a spec or its training options', () => {
    expect(() => resolveSweepSpec({ ...spec, restart: 3 } as never)).toThrow(
      /^resolveSweepSpec: spec\.restart expected one of the known options \(model, train, x, y, restarts, seed, extraFeature, evalBatchSize\); did you mean spec\.restarts\?, got an unknown key$/,
    );
    expect(() =>
      resolveSweepSpec({ ...spec, train: { ...spec.train, learningRate: 0.1 } } as never),
    ).toThrow(/^train: options\.learningRate expected one of the known options/);
  });

  it('rejects a part whose cells or spec were changed, naming the cell and field', () => {
    // A part as read back from its JSON file, with one change to cell 1 (its cells[0]).
    const edit = (change: (cell: Record<string, unknown>, part: SweepPart) => void): SweepPart => {
      const part = JSON.parse(
        JSON.stringify({ ...whole, cells: whole.cells.slice(1) }),
      ) as SweepPart;
      change(part.cells[0] as unknown as Record<string, unknown>, part);
      return part;
    };
    const a: SweepPart = { ...whole, cells: whole.cells.slice(0, 1) };
    const merge = (b: SweepPart): SweepResult => mergeShards([a, b]);
    expect(merge(edit(() => undefined)).cells).toEqual(whole.cells);
    const cell1 = whole.cells[1];
    expect(() => merge(edit((c) => (c.W = [[1]])))).toThrow(
      'mergeShards: parts[1].cells[0].W[0] expected an array of 2 numbers, got Array(1)',
    );
    expect(() => merge(edit((c) => ((c.W as number[][])[0][1] = 'x' as never)))).toThrow(
      'mergeShards: parts[1].cells[0].W[0][1] expected a number (or null for NaN), got "x"',
    );
    expect(() => merge(edit((c) => (c.b = [])))).toThrow(
      'mergeShards: parts[1].cells[0].b expected an array of 2 numbers, got Array(0)',
    );
    expect(() => merge(edit((c) => (c.loss = 'x')))).toThrow(
      'mergeShards: parts[1].cells[0].loss expected a number (or null for NaN), got "x"',
    );
    expect(() => merge(edit((c) => (c.x = 0.7)))).toThrow(
      `mergeShards: parts[1].cells[0].x expected ${cell1.x} (cell 1 of the grid), got 0.7`,
    );
    expect(() => merge(edit((c) => (c.phase = 'bogus')))).toThrow(
      "mergeShards: parts[1].cells[0].phase expected one of 'not-represented', 'dedicated', 'superposition', 'diverged', got \"bogus\"",
    );
    const other = cell1.phase === 'dedicated' ? 'superposition' : 'dedicated';
    expect(() => merge(edit((c) => (c.phase = other)))).toThrow(
      `mergeShards: parts[1].cells[0].phase expected '${cell1.phase}' (the phase of its W), got "${other}"`,
    );
    // A weight zeroed in the file changes the phase its W gives (cell 1: r = 5, p = 0.9).
    expect(() => merge(edit((c) => ((c.W as number[][])[0] = [0, 0])))).toThrow(
      /mergeShards: parts\[1\]\.cells\[0\]\.phase expected 'not-represented' \(the phase of its W\)/,
    );
    expect(() => merge(edit((_, p) => (p.spec.restarts = 3)))).toThrow(
      new RegExp(
        `^mergeShards: parts\\[1\\]\\.spec expected the spec whose hash the part records \\("${whole.hash}"\\), got "[0-9a-f]{16}"$`,
      ),
    );
    // A NaN written to JSON comes back as null, and reads as NaN (a restart that diverged:
    // here the one that lost).
    const lost = cell1.losses[0] === cell1.loss ? 1 : 0;
    const nanLoss = merge(edit((c) => ((c.losses as (number | null)[])[lost] = null)));
    expect(nanLoss.cells[1].losses[lost]).toBeNaN();
    expect(nanLoss.cells[1].loss).toBe(cell1.loss);
  });

  it('refuses a cell whose loss is not the least of its losses, or a loss below 0', () => {
    const edit = (change: (cell: Record<string, unknown>) => void): SweepPart => {
      const part = JSON.parse(JSON.stringify(whole)) as SweepPart;
      change(part.cells[2] as unknown as Record<string, unknown>);
      return part;
    };
    const cell2 = whole.cells[2];
    const least = Math.min(...cell2.losses);
    expect(() => mergeShards([edit((c) => (c.loss = 123))])).toThrow(
      `mergeShards: parts[0].cells[2].loss expected the least of its losses (${least}), got 123`,
    );
    expect(() => mergeShards([edit((c) => (c.loss = null))])).toThrow(
      `mergeShards: parts[0].cells[2].loss expected the least of its losses (${least}), got NaN`,
    );
    expect(() =>
      mergeShards([
        edit((c) => {
          c.losses = [-1, cell2.losses[1]];
          c.loss = -1;
        }),
      ]),
    ).toThrow(
      'mergeShards: parts[0].cells[2].losses[0] expected a finite number >= 0 (or null for a diverged restart), got -1',
    );
    // every restart diverged, but a loss kept: refused
    expect(() => mergeShards([edit((c) => (c.losses = [null, null]))])).toThrow(
      `mergeShards: parts[0].cells[2].loss expected NaN (null: every restart diverged), got ${cell2.loss}`,
    );
  });
});

describe('runSweep: n = 3, m = 2 with importances (1, 1, r)', () => {
  it('classifies the extra feature as theory says on cells far from the boundary', async () => {
    const spec: SweepSpec = {
      model: { nFeatures: 3, nHidden: 2 },
      train: { steps: 800, lr: 0.02, batchSize: 256, optimizer: 'adam' },
      x: { param: 'extraImportance', values: [0.2, 5] },
      y: { param: 'featureProbability', values: [0.9] },
      restarts: 2,
      seed: 2,
      evalBatchSize: 2048,
    };
    const part = await runSweep(spec);
    expect(part.cells.map((c) => c.phase)).toEqual([
      theoreticalPhase(0.2, 0.9, 3),
      theoreticalPhase(5, 0.9, 3),
    ]);
    expect(part.cells.map((c) => c.phase)).toEqual(['not-represented', 'dedicated']);
  });
});

describe('runSweep: a cell that diverges', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is kept with a NaN loss while the other cells finish (a learning-rate axis reaching too far)', async () => {
    const spec: SweepSpec = {
      model: { nFeatures: 5, nHidden: 2 },
      train: { steps: 100, batchSize: 128, optimizer: 'adam' },
      x: { param: 'lr', values: [0.01, 1e30] },
      y: { param: 'featureProbability', values: [0.1] },
      restarts: 2,
      seed: 1,
    };
    const part = await runSweep(spec, { engine: 'fused' });
    expect(part.cells).toHaveLength(2);
    expect(Number.isFinite(part.cells[0].loss)).toBe(true);
    expect(Number.isNaN(part.cells[1].loss)).toBe(true);
    expect(part.cells[1].losses.every(Number.isNaN)).toBe(true);
    // its W is not finite, so it has no phase of its own: it is labelled 'diverged' (it used
    // to read as 'dedicated', then 'not-represented')
    expect(part.cells[1].W.flat().some((v) => !Number.isFinite(v))).toBe(true);
    expect(part.cells[1].phase).toBe('diverged');
    // and it merges and round-trips (NaN written as null, read back as NaN)
    const text = JSON.stringify(part);
    const merged = mergeShards([JSON.parse(text) as SweepPart]);
    expect(Number.isNaN(merged.cells[1].loss)).toBe(true);
    expect(merged.cells[1].phase).toBe('diverged');
    // a part written before the label existed is read back with it
    const legacy = JSON.parse(text) as SweepPart;
    legacy.cells[1].phase = 'not-represented';
    expect(mergeShards([legacy]).cells[1].phase).toBe('diverged');
    // a diverged cell labelled with a phase, or a cell with null weights passed off as trained
    const edited = (change: (cells: Record<string, unknown>[]) => void): SweepPart => {
      const copy = JSON.parse(text) as SweepPart;
      change(copy.cells as unknown as Record<string, unknown>[]);
      return copy;
    };
    expect(() => mergeShards([edited((cells) => (cells[1].phase = 'dedicated'))])).toThrow(
      `mergeShards: parts[0].cells[1].phase expected 'diverged' (every restart diverged: its loss is NaN), got "dedicated"`,
    );
    // and a trained cell passed off as diverged
    expect(() => mergeShards([edited((cells) => (cells[0].phase = 'diverged'))])).toThrow(
      `mergeShards: parts[0].cells[0].phase expected '`,
    );
    expect(() =>
      mergeShards([
        edited((cells) => {
          (cells[0].W as (number | null)[][])[0][0] = null;
          cells[0].phase = 'dedicated';
        }),
      ]),
    ).toThrow(
      'mergeShards: parts[0].cells[0].W[0][0] expected a finite float32 number (the cell did not diverge), got NaN',
    );
  });
});

describe('runSweep: resuming from saved groups', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  // two training settings (lr): two groups of two cells (sparsity trains as instances)
  const spec: SweepSpec = {
    model: { nFeatures: 4, nHidden: 2 },
    train: { steps: 200, batchSize: 128, optimizer: 'adam' },
    x: { param: 'sparsity', values: [0, 0.9] },
    y: { param: 'lr', values: [0.01, 0.03, 0.05] },
    restarts: 2,
    seed: 3,
  };

  it('hands over each group as it is trained, and skips the groups given back: the same cells, bit for bit', async () => {
    const saved: SweepCellResult[][] = [];
    const whole = await runSweep(spec, {
      onGroup: (cells) => {
        saved.push(cells);
      },
    });
    expect(saved.map((g) => g.map((c) => c.index))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    // the callback's copy is not the result's
    saved[0][0].W[0][0] = 99;
    expect(whole.cells[0].W[0][0]).not.toBe(99);
    saved[0][0] = whole.cells[0];
    // as written to a file and read back
    const done = JSON.parse(JSON.stringify([...saved[0], ...saved[2]])) as SweepCellResult[];
    const trained: number[][] = [];
    const progress: number[] = [];
    const resumed = await runSweep(spec, {
      done,
      onGroup: (cells) => {
        trained.push(cells.map((c) => c.index));
      },
      onProgress: (d) => progress.push(d),
    });
    // only the missing group trained; progress starts from the cells given
    expect(trained).toEqual([[2, 3]]);
    expect(progress).toEqual([4, 6]);
    expect(resumed.hash).toBe(whole.hash);
    // every cell exactly as the uninterrupted run's (a group trains as the same model)
    expect(resumed.cells).toEqual(whole.cells);
    // all given: nothing trains
    const none = await runSweep(spec, {
      done: whole.cells,
      onGroup: () => {
        throw new Error('trained a group');
      },
    });
    expect(none.cells).toEqual(whole.cells);
  }, 60_000);

  it('trains a group again in full when only some of its cells are given', async () => {
    const whole = await runSweep(spec, { shard: { index: 0, count: 1 } });
    const trained: number[][] = [];
    const resumed = await runSweep(spec, {
      done: [whole.cells[1], whole.cells[2], whole.cells[3]],
      onGroup: (cells) => {
        trained.push(cells.map((c) => c.index));
      },
    });
    expect(trained).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(resumed.cells).toEqual(whole.cells);
  }, 60_000);

  it('checks the cells given: their grid place, phase and shard, each once; and the callback', async () => {
    const whole = await runSweep(
      { ...spec, y: { param: 'lr', values: [0.01] } },
      { shard: { index: 0, count: 1 } },
    );
    const one = { ...spec, y: { param: 'lr' as const, values: [0.01] } };
    const cell = whole.cells[1];
    await expect(runSweep(one, { done: [cell, cell] })).rejects.toThrow(
      'runSweep: options.done[1].index expected a cell not given before, got 1',
    );
    await expect(runSweep(one, { done: [cell], shard: { index: 0, count: 2 } })).rejects.toThrow(
      'runSweep: options.done[0].index expected a cell of shard 0 of 2, got 1',
    );
    await expect(runSweep(one, { done: [{ ...cell, x: 0.5 }] })).rejects.toThrow(
      'runSweep: options.done[0].x expected 0.9 (cell 1 of the grid), got 0.5',
    );
    const flipped = cell.phase === 'superposition' ? 'dedicated' : 'superposition';
    await expect(runSweep(one, { done: [{ ...cell, phase: flipped }] })).rejects.toThrow(
      `runSweep: options.done[0].phase expected '${cell.phase}' (the phase of its W), got "${flipped}"`,
    );
    await expect(runSweep(one, { done: {} as never })).rejects.toThrow(
      'runSweep: options.done expected an array of trained cells, got',
    );
    await expect(runSweep(one, { onGroup: 1 as never })).rejects.toThrow(
      'runSweep: options.onGroup expected a function, got 1',
    );
    // a callback that fails (a full disk, say) ends the sweep with its error
    await expect(
      runSweep(one, {
        onGroup: () => Promise.reject(new Error('ENOSPC: no space left on device')),
      }),
    ).rejects.toThrow('ENOSPC');
  }, 60_000);
});

describe('runSweep: the group of a checkpoint trains first', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  it('so that the checkpoints taken next are its own; the cells are the same', async () => {
    const spec: SweepSpec = {
      model: { nFeatures: 4, nHidden: 2 },
      train: { steps: 200, batchSize: 64, optimizer: 'adam' },
      x: { param: 'sparsity', values: [0, 0.9] },
      y: { param: 'lr', values: [0.01, 0.02, 0.03] },
      restarts: 1,
      seed: 8,
    };
    const saved: SweepCheckpoint[] = [];
    const whole = await runSweep(spec, {
      engine: 'fused',
      checkpointEvery: 100,
      onCheckpoint: (c) => void saved.push(c),
    });
    // the last group's checkpoint at step 100
    const last = saved.find((c) => c.cells[0] === 4 && c.checkpoint.step === 100)!;
    const order: number[][] = [];
    const seen: number[][] = [];
    const resumed = await runSweep(spec, {
      engine: 'fused',
      checkpointEvery: 100,
      onCheckpoint: (c) => void seen.push(c.cells),
      onGroup: (cells) => void order.push(cells.map((c) => c.index)),
      resumeFrom: last,
    });
    expect(order).toEqual([
      [4, 5],
      [0, 1],
      [2, 3],
    ]);
    // its own checkpoint (step 200 is the last: none), then the others'
    expect(seen[0]).toEqual([0, 1]);
    expect(resumed.cells).toEqual(whole.cells);
  }, 60_000);
});

describe('runSweep: checkpoints of the group in training', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  // one group: sparsity and importance train as instances of one model
  const spec: SweepSpec = {
    model: { nFeatures: 4, nHidden: 2 },
    train: { steps: 300, batchSize: 128, optimizer: 'adam', lr: 0.01 },
    x: { param: 'sparsity', values: [0, 0.9] },
    y: { param: 'importanceRatio', values: [0.5, 0.9] },
    restarts: 2,
    seed: 5,
  };

  it('hands over checkpoints of the group, and goes on from one to the cells of an uninterrupted run', async () => {
    const saved: SweepCheckpoint[] = [];
    const whole = await runSweep(spec, {
      engine: 'fused',
      checkpointEvery: 100,
      onCheckpoint: (c) => void saved.push(c),
    });
    expect(saved.map((c) => [c.cells, c.checkpoint.step])).toEqual([
      [[0, 1, 2, 3], 100],
      [[0, 1, 2, 3], 200],
    ]);
    // 4 cells x 2 restarts
    expect(saved[0].checkpoint.config.nInstances).toBe(8);
    const resumed = await runSweep(spec, {
      engine: 'fused',
      checkpointEvery: 100,
      onCheckpoint: () => undefined,
      resumeFrom: saved[1],
    });
    expect(resumed.cells).toEqual(whole.cells);
    // a checkpoint of a group that `done` completes is not used
    const none = await runSweep(spec, {
      engine: 'fused',
      done: whole.cells,
      resumeFrom: saved[0],
    });
    expect(none.cells).toEqual(whole.cells);
    await expect(
      runSweep(spec, {
        engine: 'fused',
        resumeFrom: { cells: [0, 1], checkpoint: saved[0].checkpoint },
      }),
    ).rejects.toThrow(
      'runSweep: options.resumeFrom.cells expected the cells of a group of shard 0 of 1 (cells that train as one model), got "[0, 1]"',
    );
    // the options are checked before anything trains
    let trained = 0;
    const count = { onGroup: () => void trained++ };
    await expect(runSweep(spec, { ...count, checkpointEvery: 10 })).rejects.toThrow(
      'runSweep: options.onCheckpoint expected given together with options.checkpointEvery',
    );
    await expect(
      runSweep(spec, { ...count, checkpointEvery: 10, onCheckpoint: 5 as never }),
    ).rejects.toThrow('runSweep: options.onCheckpoint expected a function, got 5');
    await expect(
      runSweep(spec, { ...count, checkpointEvery: 0, onCheckpoint: () => undefined }),
    ).rejects.toThrow('runSweep: options.checkpointEvery expected an integer >= 1, got 0');
    expect(trained).toBe(0);
    // a checkpoint that does not fit is named as runSweep's; one missing is refused
    await expect(
      runSweep({ ...spec, seed: 99 }, { engine: 'fused', resumeFrom: saved[0] }),
    ).rejects.toThrow(
      'runSweep: options.resumeFrom.checkpoint.config expected the config replicated 2 times',
    );
    await expect(runSweep(spec, { resumeFrom: { cells: [0, 1, 2, 3] } as never })).rejects.toThrow(
      'runSweep: options.resumeFrom.checkpoint expected a checkpoint from onCheckpoint (parseCheckpoint reads a saved one), got undefined',
    );
    // options a sweep would drop are refused in its spec
    expect(() =>
      resolveSweepSpec({ ...spec, train: { ...spec.train, engine: 'fused' } } as never),
    ).toThrow(
      `resolveSweepSpec: spec.train.engine expected to be left out (a sweep's engine is runSweep's options.engine), got "fused"`,
    );
    expect(() =>
      resolveSweepSpec({ ...spec, train: { ...spec.train, resetOptimizer: true } } as never),
    ).toThrow('resolveSweepSpec: spec.train.resetOptimizer expected to be left out (a sweep takes');
    await expect(runSweep(spec, { resumeFrom: null as never })).rejects.toThrow(
      'runSweep: options.resumeFrom expected a sweep checkpoint { cells, checkpoint }, got null',
    );
  }, 60_000);
});
