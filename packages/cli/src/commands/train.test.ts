import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { decodeRun } from '@hyperposition/toy-models';
import { loadRun } from '@hyperposition/toy-models/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, FAST, fakeLock, tempDir, tree, type CliRun } from '../testing/harness.js';
import { drawsWtw } from '../runFigures.js';
import {
  EXACT_METRICS_LIMIT,
  EXACT_PAIR_FLOPS,
  pairMethod,
  runMetrics,
  type RunMetrics,
} from '../runMetrics.js';
import type { TrainSummary } from './train.js';
import { FUSED_AUTO_MIN_WEIGHTS, resolveEngine } from './trainFlags.js';

const root = tempDir('train');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// n = 5, m = 2, I_i = 0.9^i (the paper's intro setup), two sparsities, a short run.
const ARGS = [
  'train',
  '--features',
  '5',
  '--hidden',
  '2',
  '--sparsity',
  '0,0.9',
  '--steps',
  '200',
  '--seed',
  '7',
  ...FAST,
];

describe('hyperposition train', () => {
  let run: CliRun;
  const out = join(root, 'intro');
  beforeAll(async () => {
    run = await cli([...ARGS, '--out', out, '--json']);
  });

  it('exits 0 and prints one JSON summary naming the files', () => {
    expect(run.err).toContain('train: done 200/200 steps');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.out) as TrainSummary;
    expect(summary).toMatchObject({ command: 'train', out, steps: 200, resumed: false });
    expect(summary.instances.map((i) => i.sparsity)).toEqual([0, 0.9]);
    for (const f of summary.files) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('writes run.json that the toy-models loader accepts, with every parameter and the documented shapes', async () => {
    const text = readFileSync(join(out, 'run.json'), 'utf8');
    const decoded = decodeRun(text); // throws on any deviation from RUN_FORMAT.md
    expect(decoded.instances).toHaveLength(2);
    const raw = JSON.parse(text) as {
      config: { model: Record<string, unknown>; train: Record<string, unknown> };
      history: { step: number; loss: number }[];
      instances: {
        sparsity: number;
        importance: number[];
        W: number[][];
        b: number[];
        loss: number;
      }[];
    };
    expect(raw.config.model).toMatchObject({
      model: 'relu-output',
      nFeatures: 5,
      nHidden: 2,
      nInstances: 2,
      seed: 7,
    });
    expect(raw.config.train).toMatchObject({
      steps: 200,
      batchSize: 256,
      lr: 0.001,
      optimizer: 'adamw',
      weightDecay: 0.01,
    });
    expect(raw.history.at(-1)!.step).toBe(200);
    expect(raw.history.every((h, k) => k === 0 || h.step > raw.history[k - 1].step)).toBe(true);
    raw.instances.forEach((inst, i) => {
      expect(inst.sparsity).toBe([0, 0.9][i]);
      // I_i = 0.9^i, within float64 rounding of repeated products
      inst.importance.forEach((v, j) => expect(v).toBeCloseTo(0.9 ** j, 12));
      expect(inst.W).toHaveLength(2); // nHidden rows
      for (const row of inst.W) expect(row).toHaveLength(5); // of nFeatures numbers
      expect(inst.b).toHaveLength(5);
      expect(Number.isFinite(inst.loss) && inst.loss > 0).toBe(true);
    });
    // The loss of the dense instance cannot beat the exact optimum of the S = 0 problem (0.036585).
    expect(raw.instances[0].loss).toBeGreaterThan(0.0365);
  });

  it('writes metrics.json whose norms are the column norms of W', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as RunMetrics;
    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      instances: { W: number[][] }[];
    };
    expect(metrics).toMatchObject({
      format: 'hyperposition.metrics',
      version: 1,
      nFeatures: 5,
      nHidden: 2,
    });
    metrics.instances.forEach((m, i) => {
      const W = runJson.instances[i].W;
      for (let j = 0; j < 5; j++) {
        // float32 weights, norms summed in float64
        expect(m.norms[j]).toBeCloseTo(Math.hypot(W[0][j], W[1][j]), 6);
      }
      // sum_i D_i <= m for any W (exact identity), with float rounding slack
      expect(m.dimensionalitySum).toBeLessThanOrEqual(2 + 1e-9);
      expect(m.represented.count).toBe(m.norms.filter((x) => x > 0.5).length);
      expect(
        m.geometry!.configurations.reduce((a, c) => a + c.size, 0) +
          m.geometry!.unrepresented.length,
      ).toBe(5);
      expect(m.superposition).toHaveLength(5);
      expect(m.biasRoles).toHaveLength(5);
    });
  });

  it('writes every figure as SVG and PNG, and nothing beside the run folder', () => {
    const files = tree(out);
    for (const name of [
      'loss-curve',
      'wtw-heatmap',
      'sparsity-sweep',
      'feature-dimensionality',
      'feature-geometry-0',
      'feature-geometry-1',
      'feature-norms-0',
      'feature-norms-1',
    ]) {
      expect(files).toContain(`figures/${name}.svg`);
      expect(files).toContain(`figures/${name}.png`);
      expect(readFileSync(join(out, 'figures', `${name}.svg`), 'utf8')).toContain('<svg');
      expect(
        readFileSync(join(out, 'figures', `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    expect(files.filter((f) => !f.startsWith('figures/'))).toEqual([
      'cli.json',
      'figures',
      'metrics.json',
      'run.json',
    ]);
    expect(tree(root).filter((f) => !f.startsWith('intro'))).toEqual([]);
  });

  it('recomputes the same metrics.json with `metrics` and redraws the figures with `figures`', async () => {
    const m = await cli(['metrics', join(out, 'run.json'), '--out', join(root, 'again.json')]);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/inst {2}sparsity/);
    expect(readFileSync(join(root, 'again.json'), 'utf8')).toBe(
      readFileSync(join(out, 'metrics.json'), 'utf8'),
    );
    const f = await cli(['figures', out, '--out', join(root, 'figs'), '--json']);
    expect(f.code).toBe(0);
    const files = (JSON.parse(f.out) as { files: string[] }).files;
    expect(files).toContain('figures/feature-geometry-1.png');
    for (const file of files)
      expect(readFileSync(join(root, 'figs', file)).length).toBeGreaterThan(100);
    rmSync(join(root, 'figs'), { recursive: true });
    rmSync(join(root, 'again.json'));
    // a renamed copy of run.json is read the same way
    const copy = join(root, 'renamed-run.json');
    writeFileSync(copy, readFileSync(join(out, 'run.json')));
    const r = await cli(['metrics', copy, '--out', join(root, 'again2.json')]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(root, 'again2.json'), 'utf8')).toBe(
      readFileSync(join(out, 'metrics.json'), 'utf8'),
    );
    const g = await cli(['figures', copy, '--out', join(root, 'figs2'), '--json']);
    expect(g.code, g.err).toBe(0);
    expect((JSON.parse(g.out) as { files: string[] }).files).toEqual(files);
    rmSync(join(root, 'figs2'), { recursive: true });
    rmSync(copy);
    rmSync(join(root, 'again2.json'));
  });

  it('with --quiet writes nothing on stderr, and the same seed gives the same run.json', async () => {
    const again = join(root, 'again');
    const r = await cli([...ARGS, '--out', again, '--quiet', '--figures', 'svg']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^trained relu-output n=5 m=2, 2 instance\(s\), 200 steps, seed 7\n/);
    expect(readFileSync(join(again, 'run.json'), 'utf8')).toBe(
      readFileSync(join(out, 'run.json'), 'utf8'),
    );
    // --figures svg: the same figures, SVG only, byte for byte
    const figures = tree(join(again, 'figures'));
    expect(figures).toHaveLength(8);
    for (const f of figures) {
      expect(f.endsWith('.svg')).toBe(true);
      expect(readFileSync(join(again, 'figures', f), 'utf8')).toBe(
        readFileSync(join(out, 'figures', f), 'utf8'),
      );
    }
    rmSync(again, { recursive: true });
  });
});

describe('hyperposition train --resume', () => {
  // 200 steps; the final loss window covers steps 101-200; checkpoints every 70 steps.
  const args = [
    'train',
    '--features',
    '5',
    '--hidden',
    '2',
    '--sparsity',
    '0.5,0.95',
    '--steps',
    '200',
    '--seed',
    '3',
    '--checkpoint-every',
    '70',
    '--figures',
    'none',
    '--quiet',
    ...FAST,
  ];
  const straight = join(root, 'straight');
  /** Ctrl-C (an abort) once the progress line reaches `percent`: a checkpoint is left behind. */
  const interruptAt = async (out: string, percent: number): Promise<CliRun> => {
    const controller = new AbortController();
    return cli([...args.filter((a) => a !== '--quiet'), '--out', out], {
      signal: controller.signal,
      onStderr: (s) => {
        if (s.startsWith(`train: ${percent}%`)) controller.abort();
      },
    });
  };
  beforeAll(async () => {
    expect((await cli([...args, '--out', straight])).code).toBe(0);
  });

  it('after a crash, resumes from the last periodic checkpoint to the same run as an uninterrupted one', async () => {
    const out = join(root, 'crashed');
    let thrown = false;
    // Simulated kill: the process dies at step 120, after the checkpoint at step 70.
    const crashed = await cli([...args.filter((a) => a !== '--quiet'), '--out', out], {
      onStderr: (s) => {
        if (!thrown && s.startsWith('train: 60%')) {
          thrown = true;
          throw new Error('simulated kill');
        }
      },
    });
    expect(crashed.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(tree(root)).toContain('.crashed.partial/checkpoint.json');
    const resumed = await cli([...args, '--out', out, '--resume', '--json']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.out)).toMatchObject({ resumed: true });
    expect(JSON.parse(readFileSync(join(out, 'cli.json'), 'utf8'))).toMatchObject({
      layout: 1,
      command: 'train',
      resumedFromStep: 70,
    });
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
    expect(readFileSync(join(out, 'metrics.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'metrics.json'), 'utf8'),
    );
    expect(tree(root).some((f) => f.includes('.partial'))).toBe(false);
  });

  it('after Ctrl-C inside the final loss window, exits 130 and resumes to the same run', async () => {
    const out = join(root, 'interrupted');
    const stopped = await interruptAt(out, 60);
    expect(stopped.code).toBe(130);
    expect(stopped.err.trimEnd().split('\n').at(-1)).toBe(
      `hyperposition train: interrupted; continue with: hyperposition train --resume --out ${out} (same flags)`,
    );
    const resumed = await cli([...args, '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('(resumed at step 120)');
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
  });

  it('refuses a staging folder another run is using; a run started with --force resumes to replace the earlier output', async () => {
    const out = join(root, 'forced');
    // an earlier output there, replaced by a forced run that is interrupted
    const short = args.map((a, k) => (args[k - 1] === '--steps' ? '50' : a));
    expect((await cli([...short, '--out', out])).code).toBe(0);
    const controller = new AbortController();
    const stopped = await cli([...args.filter((a) => a !== '--quiet'), '--force', '--out', out], {
      signal: controller.signal,
      onStderr: (s) => {
        if (s.startsWith('train: 60%')) controller.abort();
      },
    });
    expect(stopped.code).toBe(130);
    const lock = join(root, '.forced.partial', 'lock');
    expect(existsSync(lock)).toBe(false);
    // a live process of this host holds it
    const pid = fakeLock(join(root, '.forced.partial'), 'live');
    for (const flags of [['--resume'], ['--force']]) {
      const busy = await cli([...args, ...flags, '--out', out]);
      expect(busy.code).toBe(2);
      expect(busy.err).toContain(
        `.forced.partial is in use), got one running as pid ${pid} on ${hostname()} (if it is gone, delete `,
      );
    }
    // gone: taken over; the resumed run replaces the 50-step output
    fakeLock(join(root, '.forced.partial'), 'gone');
    const resumed = await cli([...args, '--resume', '--out', out]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
    expect(existsSync(join(out, 'lock'))).toBe(false);
    // a folder of other files is not for a resumed run to replace
    const other = join(root, 'other-files');
    const stop2 = new AbortController();
    await cli([...args.filter((a) => a !== '--quiet'), '--out', other], {
      signal: stop2.signal,
      onStderr: (s) => {
        if (s.startsWith('train: 60%')) stop2.abort();
      },
    });
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    const refused = await cli([...args, '--resume', '--out', other]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('(not empty, and no cli.json in it)');
    rmSync(join(other, 'notes.txt'));
    expect((await cli([...args, '--resume', '--out', other])).code).toBe(0);
  });

  it('two runs started at once on one folder: one trains, the other is refused', async () => {
    const out = join(root, 'twins');
    const [a, b] = await Promise.all([cli([...args, '--out', out]), cli([...args, '--out', out])]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect((a.code === 2 ? a : b).err).toContain('.twins.partial is in use)');
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
  });

  it('a run that cannot publish keeps its checkpoint, and --resume publishes it', async () => {
    const out = join(root, 'blocked');
    let blocked = false;
    // a file appears in the output folder while the run trains: the final rename fails
    const r = await cli([...args.filter((a) => a !== '--quiet'), '--out', out], {
      onStderr: (s) => {
        if (!blocked && s.startsWith('train: 60%')) {
          blocked = true;
          mkdirSync(out);
          writeFileSync(join(out, 'notes.txt'), 'mine');
        }
      },
    });
    expect(r.code).toBe(1);
    expect(existsSync(join(root, '.blocked.partial', 'checkpoint.json'))).toBe(true);
    rmSync(join(out, 'notes.txt'));
    const resumed = await cli([...args, '--resume', '--out', out]);
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(false);
  });

  it('stops on an abort that arrives from a timer, as SIGINT does (training yields to the event loop)', async () => {
    const out = join(root, 'timer');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    // 10^6 steps would take minutes: only an abort seen mid-run ends this test in time.
    const r = await cli(
      [
        'train',
        '--steps',
        '1000000',
        '--batch',
        '64',
        '--figures',
        'none',
        '--quiet',
        '--out',
        out,
      ],
      {
        signal: controller.signal,
      },
    );
    expect(r.code).toBe(130);
    expect(existsSync(join(root, '.timer.partial', 'checkpoint.json'))).toBe(true);
    rmSync(join(root, '.timer.partial'), { recursive: true });
  });

  it('refuses to resume with different flags, naming the difference, and keeps the checkpoint', async () => {
    const out = join(root, 'changed');
    await interruptAt(out, 50);
    // more steps, and fewer (whose history would be shorter: the flags are named, not a
    // damaged checkpoint)
    for (const steps of ['300', '100']) {
      const r = await cli([
        ...args.map((a) => (a === '200' ? steps : a)),
        '--out',
        out,
        '--resume',
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        `hyperposition train: --resume expected the same flags as the interrupted run, got --steps ${steps} where the interrupted run had 200\n`,
      );
    }
    const lr = await cli([...args, '--lr', '0.5', '--out', out, '--resume']);
    expect(lr.code).toBe(2);
    expect(lr.err).toMatch(/got --lr 0\.5 where the interrupted run had [\d.e-]+\n$/);
    expect(tree(root)).toContain('.changed.partial/checkpoint.json');
    rmSync(join(root, '.changed.partial'), { recursive: true });
  });

  it('keeps the interrupted run when resuming fails before its next checkpoint, and resumes again', async () => {
    const out = join(root, 'failed');
    await interruptAt(out, 60);
    const partial = join(root, '.failed.partial');
    const ckpt = readFileSync(join(partial, 'checkpoint.json'), 'utf8');
    // A folder where run.json must go: writing the outputs fails after the last step, and with
    // checkpoints every 1,000 steps none is taken after step 120.
    mkdirSync(join(partial, 'run.json', 'in-the-way'), { recursive: true });
    const every = args.map((a) => (a === '70' ? '1000' : a));
    const failed = await cli([...every, '--out', out, '--resume']);
    expect(failed.code).toBe(1);
    expect(readFileSync(join(partial, 'checkpoint.json'), 'utf8')).toBe(ckpt);
    rmSync(join(partial, 'run.json'), { recursive: true });
    const resumed = await cli([...args, '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.out).toContain('(resumed at step 120)');
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
  });

  it('refuses a damaged checkpoint, naming the field, and leaves it in place', async () => {
    const out = join(root, 'damaged');
    await interruptAt(out, 60);
    const path = join(root, '.damaged.partial', 'checkpoint.json');
    const good = readFileSync(path, 'utf8');
    // The file's JSON, loosely typed for editing.
    type Loose = {
      state: Record<string, unknown>;
      checkpoint: { optimizer: Record<string, unknown> | null };
    };
    const refused = async (change: (o: Loose) => void, detail: string): Promise<void> => {
      const o = JSON.parse(good) as Loose;
      change(o);
      writeFileSync(path, JSON.stringify(o));
      const r = await cli([...args, '--out', out, '--resume']);
      expect(r.err).toBe(
        `hyperposition train: --resume expected a whole checkpoint in the interrupted run ${JSON.stringify(out)}, got checkpoint.json: ${detail}\n`,
      );
      expect(r.code).toBe(2);
      expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(o));
    };
    // Stopped at step 120 of 200: history at every step (the CLI's default), the final window
    // (steps 101-200) 20 steps in.
    await refused(
      (o) => (o.state.history = null),
      'state.history expected an array of 120 entries (every step to step 120), got null',
    );
    await refused(
      (o) => (o.state.windowCount = 'x'),
      'state.windowCount expected 20 (the final window\'s steps up to step 120), got "x"',
    );
    await refused(
      (o) => (o.state.windowSums = []),
      'state.windowSums expected an array of nInstances (2) numbers, got Array(0)',
    );
    await refused(
      (o) => (o.checkpoint.optimizer = null),
      "checkpoint.optimizer expected the optimizer's state at step 120, got null",
    );
    await refused(
      (o) => (o.checkpoint.optimizer!.kind = 'sgd'),
      'checkpoint.optimizer.kind expected the run\'s optimizer "adamw", got "sgd"',
    );
    await refused(
      (o) => (o.checkpoint.optimizer!.t = 121),
      'checkpoint.optimizer.t expected an integer in [0, step (120)], got 121',
    );
    await refused(
      (o) => (o.state.engine = 'gpu'),
      'state.engine expected "tfjs" or "fused" (or absent: "tfjs"), got "gpu"',
    );
    // A file written before the engine was recorded trained on tfjs: it resumes.
    expect((JSON.parse(good) as Loose).state.engine).toBe('tfjs');
    const old = JSON.parse(good) as Loose;
    delete old.state.engine;
    writeFileSync(path, JSON.stringify(old));
    const oldOut = join(root, 'damaged-old');
    // (a copy of the interrupted run, so that the one below still has its checkpoint)
    mkdirSync(join(root, '.damaged-old.partial'));
    writeFileSync(join(root, '.damaged-old.partial', 'checkpoint.json'), JSON.stringify(old));
    expect((await cli([...args, '--out', oldOut, '--resume'])).code).toBe(0);
    expect(readFileSync(join(oldOut, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
    // Put back, it resumes to the uninterrupted run.
    writeFileSync(path, good);
    expect((await cli([...args, '--out', out, '--resume'])).code).toBe(0);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(straight, 'run.json'), 'utf8'),
    );
  });
});

describe('hyperposition train --engine', () => {
  // 300 steps of 2 instances of n = 5, m = 2; checkpoints every 100 steps
  const args = [
    'train',
    '--features',
    '5',
    '--hidden',
    '2',
    '--sparsity',
    '0.5,0.9',
    '--steps',
    '300',
    '--seed',
    '4',
    '--checkpoint-every',
    '100',
    '--figures',
    'none',
    '--quiet',
    ...FAST,
  ];
  const read = (dir: string, file: string) =>
    JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  const fused = join(root, 'engine-fused');
  beforeAll(async () => {
    expect((await cli([...args, '--engine', 'fused', '--out', fused])).code).toBe(0);
  });

  it('trains the same data with the same update on either engine: losses equal within float tolerance', async () => {
    const out = join(root, 'engine-tfjs');
    expect((await cli([...args, '--out', out])).code).toBe(0);
    // auto picks tfjs for 5 x 2 weights, and cli.json says which engine ran
    expect(read(out, 'cli.json')).toMatchObject({ engine: 'tfjs', backend: 'wasm' });
    expect(read(fused, 'cli.json')).toMatchObject({ engine: 'fused' });
    type Run = { instances: { loss: number; W: number[][] }[] };
    const [a, b] = [
      read(out, 'run.json') as unknown as Run,
      read(fused, 'run.json') as unknown as Run,
    ];
    a.instances.forEach((inst, i) => {
      // float32 sums in another order, through 300 Adam steps: 1e-3 relative on the loss,
      // 1e-3 absolute on W (entries of order 1)
      expect(Math.abs(inst.loss / b.instances[i].loss - 1)).toBeLessThan(1e-3);
      inst.W.forEach((row, r) =>
        row.forEach((w, j) => expect(Math.abs(w - b.instances[i].W[r][j])).toBeLessThan(1e-3)),
      );
    });
    rmSync(out, { recursive: true });
  });

  it('resumes a fused run to the same run, and refuses to resume it on the other engine', async () => {
    const out = join(root, 'engine-resume');
    let thrown = false;
    const crashed = await cli(
      [...args.filter((a) => a !== '--quiet'), '--engine', 'fused', '--out', out],
      {
        onStderr: (s) => {
          if (!thrown && s.startsWith('train: 50%')) {
            thrown = true;
            throw new Error('simulated kill');
          }
        },
      },
    );
    expect(crashed.code).toBe(1);
    // the checkpoint (step 100) was taken on the fused engine: an explicit other one is refused
    const other = await cli([...args, '--engine', 'tfjs', '--out', out, '--resume']);
    expect(other.code).toBe(2);
    expect(other.err).toBe(
      'hyperposition train: --resume expected the same flags as the interrupted run, got --engine tfjs where it trained on fused\n',
    );
    // auto (the default) goes on with the checkpoint's engine, although it picks tfjs for 5 x 2
    const resumed = await cli([...args, '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    expect(read(out, 'cli.json')).toMatchObject({ engine: 'fused', resumedFromStep: 100 });
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(
      readFileSync(join(fused, 'run.json'), 'utf8'),
    );
    rmSync(out, { recursive: true });
  });

  it('auto picks the fused engine from 32,768 weights per instance on', async () => {
    expect(FUSED_AUTO_MIN_WEIGHTS).toBe(32_768);
    expect(resolveEngine('auto', 256, 128)).toBe('fused');
    expect(resolveEngine('auto', 256, 127)).toBe('tfjs');
    expect(resolveEngine('tfjs', 10_000, 500)).toBe('tfjs');
    expect(resolveEngine('fused', 5, 2)).toBe('fused');
    const out = join(root, 'engine-auto');
    const r = await cli([
      'train',
      '--features',
      '256',
      '--hidden',
      '128',
      '--steps',
      '3',
      '--batch',
      '8',
      '--figures',
      'none',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(read(out, 'cli.json')).toMatchObject({ engine: 'fused' });
    rmSync(out, { recursive: true });
  });

  it('refuses an engine it does not know', async () => {
    const r = await cli([...args, '--engine', 'gpu', '--out', join(root, 'engine-bad')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^hyperposition train: --engine expected one of auto, tfjs, fused, got "gpu"/,
    );
  });
});

describe('hyperposition train: the W^T W heatmap of many features', () => {
  async function heatmap(
    features: number,
    instances: number,
  ): Promise<{ wtw: string | null; sweep: string | null }> {
    const out = join(root, `wtw-${features}-${instances}`);
    const r = await cli([
      'train',
      '--features',
      String(features),
      '--hidden',
      '4',
      '--instances',
      String(instances),
      '--steps',
      '1',
      '--batch',
      '4',
      '--figures',
      'svg',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const read = (name: string) => {
      const path = join(out, 'figures', `${name}.svg`);
      return existsSync(path) ? readFileSync(path, 'utf8') : null;
    };
    const files = { wtw: read('wtw-heatmap'), sweep: read('sparsity-sweep') };
    rmSync(out, { recursive: true });
    return files;
  }

  it('draws rectangles up to 100 features, an image per instance beyond, up to 10^6 entries', async () => {
    const rects = await heatmap(100, 2);
    expect(rects.wtw).not.toBeNull();
    expect(rects.wtw).not.toContain('data:image/png');
    // the sparsity sweep (W^T W on top, as nHidden != 2) follows the same rule
    expect(rects.sweep).not.toContain('data:image/png');
    // 300 features, 2 instances: 180,000 entries, one 300 x 300 image each
    const images = await heatmap(300, 2);
    expect(images.wtw?.match(/href="data:image\/png;base64,/g)).toHaveLength(2);
    expect(images.sweep?.match(/href="data:image\/png;base64,/g)).toHaveLength(2);
    // 1,000 features in one instance is the limit; 2 instances of 708 (1,002,528) are past it
    const past = await heatmap(708, 2);
    expect(past.wtw).toBeNull();
    // the sweep follows the same rule: past it, its top row is the feature geometry
    expect(past.sweep).not.toBeNull();
    expect(past.sweep).not.toContain('data:image/png');
    expect(past.sweep).toContain('feature geometry on top');
  });

  it('draws it while instances x features^2 <= 10^6, and always up to 100 features', () => {
    expect(drawsWtw(1000, 1)).toBe(true);
    expect(drawsWtw(1001, 1)).toBe(false);
    expect(drawsWtw(500, 4)).toBe(true);
    expect(drawsWtw(500, 5)).toBe(false);
    expect(drawsWtw(100, 1000)).toBe(true);
    expect(drawsWtw(101, 99)).toBe(false);
  });
});

describe('metrics.json of larger models', () => {
  it('compares every pair while n^2 m <= 2^38, and samples beyond', () => {
    expect(EXACT_PAIR_FLOPS).toBe(2 ** 38);
    expect(pairMethod(EXACT_METRICS_LIMIT + 1, 1e6)).toBe('sampled');
    expect(pairMethod(EXACT_METRICS_LIMIT, 1e9)).toBe('exact');
    expect(pairMethod(10_000, 500)).toBe('exact');
    // 2^38 / 500 = 549,755,813.9 = 23,446.9^2: n = 23,446 is the last exact size at m = 500
    expect(pairMethod(23_446, 500)).toBe('exact');
    expect(pairMethod(23_447, 500)).toBe('sampled');
  });

  it('above 2,000 features: exact pair sums, no geometry or bias roles', () => {
    const [n, m] = [2500, 4];
    let state = 7;
    const W = Float32Array.from({ length: m * n }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 30 - 1;
    });
    const metrics = runMetrics([
      {
        sparsity: 0.9,
        importance: new Array<number>(n).fill(1),
        W,
        b: new Array<number>(n).fill(0),
        loss: 0,
        nHidden: m,
        nFeatures: n,
      },
    ]);
    const inst = metrics.instances[0];
    expect(inst.method).toBe('exact');
    expect(inst.geometry).toBeNull();
    expect(inst.biasRoles).toBeNull();
    // interference of feature i: sum over j != i of (W_i_hat . W_j)^2, in float64 here
    const col = (j: number) => Array.from({ length: m }, (_, r) => W[r * n + j]);
    for (const i of [0, 1234, 2499]) {
      const wi = col(i);
      const ni = Math.hypot(...wi);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const wj = col(j);
        const dot = wi.reduce((s, x, r) => s + x * wj[r], 0) / ni;
        sum += dot * dot;
      }
      expect(Math.abs(inst.interference[i] / sum - 1)).toBeLessThan(1e-5);
    }
  });
});

describe('hyperposition train with more than a million weights', () => {
  it('keeps W in weights.f32 beside run.json, as the run format documents, and the loader reads it back', async () => {
    const out = join(root, 'big');
    // 1 instance x 1001 hidden x 1000 features = 1,001,000 weights > RUN_BINARY_THRESHOLD
    const r = await cli([
      'train',
      '--features',
      '1000',
      '--hidden',
      '1001',
      '--steps',
      '2',
      '--batch',
      '4',
      '--figures',
      'none',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const raw = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as {
      weights: { file: string; shape: number[]; byteLength: number };
      instances: Record<string, unknown>[];
    };
    expect(raw.weights).toMatchObject({
      file: 'weights.f32',
      dtype: 'float32',
      byteOrder: 'little-endian',
      shape: [1, 1, 1001, 1000],
      byteLength: 4 * 1001 * 1000,
    });
    expect(raw.instances[0].W).toBeUndefined();
    const bytes = readFileSync(join(out, 'weights.f32'));
    expect(bytes.length).toBe(4 * 1001 * 1000);
    const run = await loadRun(out);
    const f32 = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    expect(run.instances[0].W).toEqual(f32);
    expect(tree(out)).toEqual(['cli.json', 'metrics.json', 'run.json', 'weights.f32']);
    rmSync(out, { recursive: true });
  });
});

describe.each([
  ['relu-output', true],
  ['linear', true],
  ['relu-hidden', true],
  ['abs', false],
] as const)('hyperposition train --model %s', (model, tied) => {
  it(`writes a loadable run with ${tied ? 'tied weights' : 'an untied decoder Wdec'}`, async () => {
    const out = join(root, `model-${model}`);
    const r = await cli([
      'train',
      '--model',
      model,
      '--features',
      '3',
      '--hidden',
      '2',
      '--steps',
      '40',
      '--batch',
      '64',
      '--figures',
      'none',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(out, 'run.json'), 'utf8');
    const run = decodeRun(text);
    expect(run.config.model).toMatchObject({ model, tied });
    const raw = JSON.parse(text) as { instances: { Wdec?: number[][] }[] };
    if (tied) expect(raw.instances[0].Wdec).toBeUndefined();
    else expect(raw.instances[0].Wdec).toHaveLength(2);
    rmSync(out, { recursive: true });
  });
});

describe('hyperposition train, diverging', () => {
  it.each(['tfjs', 'fused'])(
    'stops at the first non-finite loss on the %s engine: exit 1, one line naming the step and --lr, nothing left',
    async (engine) => {
      const dir = tempDir('train-diverge');
      const out = join(dir, 'run');
      const r = await cli([
        'train',
        '--lr',
        '1e30',
        '--steps',
        '3000',
        '--engine',
        engine,
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.code).toBe(1);
      expect(r.err.trim()).toMatch(
        /^hyperposition train: error: training diverged at step \d+ \(instance 0\): the loss is (NaN|-?Infinity); lower --lr \(1e\+30\)$/,
      );
      // no output, no staging folder with a diverged checkpoint
      expect(tree(dir)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});

describe('hyperposition train, settings the library refuses', () => {
  it('names the flag behind a config field the library refuses, with exit code 2 and nothing written', async () => {
    const dir = tempDir('train-config');
    const r = await cli([
      'train',
      '--importance-decay',
      '1e300',
      '--steps',
      '10',
      '--out',
      join(dir, 'x'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(
      'hyperposition train: --importance-decay (config.importance.ratio) expected a ratio whose powers up to 4 (nFeatures - 1) stay finite (below 1.158e+77), got 1e+300',
    );
    expect(tree(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
