import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRun } from '@hyperposition/toy-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, tree } from '../testing/harness.js';
import type { SweepSummary } from './sweepRunner.js';

const root = tempDir('sweep');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Three cells (n = 5, m = 2, three sparsities), two restarts each, a short run.
const SWEEP = [
  'sweep',
  '--features',
  '5',
  '--hidden',
  '2',
  '--x',
  'sparsity=0,0.8,0.95',
  '--restarts',
  '2',
  '--steps',
  '100',
  '--batch',
  '128',
  '--eval-batch',
  '256',
  '--seed',
  '3',
  '--quiet',
];

describe('hyperposition sweep with shards and merge', () => {
  const whole = join(root, 'whole');
  const sharded = join(root, 'sharded');
  beforeAll(async () => {
    expect((await cli([...SWEEP, '--out', whole])).code).toBe(0);
    for (const i of [0, 1]) {
      const r = await cli([...SWEEP, '--out', sharded, '--shard', `${i}/2`, '--json']);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.out) as SweepSummary;
      expect(s).toMatchObject({
        shard: { index: i, count: 2 },
        totalCells: 3,
        cells: i === 0 ? 2 : 1,
      });
      expect(s.files).toEqual([`shards/shard-${i}-of-2.json`]);
    }
  });

  it('each shard writes only its own partial file', () => {
    expect(tree(sharded)).toEqual([
      'shards',
      'shards/shard-0-of-2.json',
      'shards/shard-1-of-2.json',
    ]);
  });

  it('merging the shards gives byte-identical sweep.json, run.json and metrics.json to the unsharded run', async () => {
    const r = await cli(['merge', sharded]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^merged 2 shard\(s\) of a sweep: 3 cells \(config hash [0-9a-f]{16}\)\n/,
    );
    for (const f of ['sweep.json', 'run.json', 'metrics.json']) {
      expect(readFileSync(join(sharded, f), 'utf8'), f).toBe(readFileSync(join(whole, f), 'utf8'));
    }
    expect(tree(sharded).filter((f) => f.startsWith('figures/'))).toEqual(
      tree(whole).filter((f) => f.startsWith('figures/')),
    );
    expect(tree(root).some((f) => f.includes('.partial'))).toBe(false);
  });

  it('writes a run.json with one instance per cell that the toy-models loader accepts', () => {
    const run = decodeRun(readFileSync(join(whole, 'run.json'), 'utf8'));
    expect(run.instances.map((i) => i.sparsity)).toEqual([0, 0.8, 0.95].map((s) => 1 - (1 - s)));
    expect(run.config.model.instanceSeeds).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(whole, 'cli.json'), 'utf8'))).toMatchObject({
      format: 'hyperposition.cli.invocation',
      layout: 1,
      command: 'sweep',
      cells: 3,
    });
    for (const f of [
      'wtw-heatmap',
      'feature-dimensionality',
      'feature-geometry-2',
      'feature-norms-0',
    ]) {
      expect(existsSync(join(whole, 'figures', `${f}.svg`)), f).toBe(true);
      expect(existsSync(join(whole, 'figures', `${f}.png`)), f).toBe(true);
    }
  });

  it('refuses a missing shard, a duplicated cell and a shard of another config, each in one line with exit 2', async () => {
    const bad = join(root, 'bad');
    mkdirSync(join(bad, 'shards'), { recursive: true });
    copyFileSync(join(sharded, 'shards/shard-0-of-2.json'), join(bad, 'shards/shard-0-of-2.json'));
    const missing = await cli(['merge', bad]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      'hyperposition merge: <shards> expected all 3 cells, got "2 cells, missing 1"\n',
    );
    copyFileSync(join(sharded, 'shards/shard-0-of-2.json'), join(bad, 'shards/shard-1-of-2.json'));
    const dup = await cli(['merge', bad]);
    expect(dup.code).toBe(2);
    expect(dup.err).toBe(
      `hyperposition merge: ${join(bad, 'shards/shard-1-of-2.json')} expected no cell already in ${join(bad, 'shards/shard-0-of-2.json')}, got "cell 0 twice"\n`,
    );
    const other = await cli([
      ...SWEEP.map((a) => (a === '100' ? '50' : a)),
      '--shard',
      '1/2',
      '--out',
      join(root, 'other'),
    ]);
    expect(other.code).toBe(0);
    copyFileSync(
      join(root, 'other/shards/shard-1-of-2.json'),
      join(bad, 'shards/shard-1-of-2.json'),
    );
    const hash = await cli(['merge', bad]);
    expect(hash.code).toBe(2);
    expect(hash.err).toMatch(
      /^hyperposition merge: \S+shard-1-of-2\.json\.hash expected "[0-9a-f]{16}" \(the config hash of \S+shard-0-of-2\.json\), got "[0-9a-f]{16}"\n$/,
    );
    writeFileSync(join(bad, 'shards/shard-1-of-2.json'), '{ truncated');
    const broken = await cli(['merge', bad]);
    expect(broken.code).toBe(2);
    expect(broken.err.split('\n')).toHaveLength(2);
    expect(tree(bad)).toEqual(['shards', 'shards/shard-0-of-2.json', 'shards/shard-1-of-2.json']);
  });
});

describe('hyperposition sweep --engine', () => {
  it('trains on the fused engine when asked, records it, and merges only shards of one engine', async () => {
    const out = join(root, 'fused');
    const r = await cli([...SWEEP, '--engine', 'fused', '--out', out]);
    expect(r.code).toBe(0);
    const json = (dir: string, f: string) =>
      JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
    expect(json(out, 'cli.json')).toMatchObject({ command: 'sweep', engine: 'fused' });
    expect(json(out, 'sweep.json')).toMatchObject({ engine: 'fused' });
    // auto keeps 5 x 2 models on tfjs: its sweep.json has no engine field, as before the flag
    const whole = join(root, 'whole');
    expect(json(whole, 'cli.json')).toMatchObject({ engine: 'tfjs' });
    expect(json(whole, 'sweep.json').engine).toBeUndefined();
    // the same cells within float tolerance, and the same config hash
    type Cells = { hash: string; cells: { loss: number; phase: string }[] };
    const [a, b] = [
      json(whole, 'sweep.json') as unknown as Cells,
      json(out, 'sweep.json') as unknown as Cells,
    ];
    expect(b.hash).toBe(a.hash);
    b.cells.forEach((cell, k) =>
      expect(Math.abs(cell.loss / a.cells[k].loss - 1)).toBeLessThan(1e-3),
    );
    // a shard on each engine: merge names the mismatch
    const mixed = join(root, 'mixed');
    expect((await cli([...SWEEP, '--shard', '0/2', '--out', mixed])).code).toBe(0);
    expect(
      (await cli([...SWEEP, '--engine', 'fused', '--shard', '1/2', '--out', mixed])).code,
    ).toBe(0);
    const merged = await cli(['merge', mixed]);
    expect(merged.code).toBe(2);
    expect(merged.err).toBe(
      `hyperposition merge: ${join(mixed, 'shards/shard-1-of-2.json')}.engine expected the engine of ${join(mixed, 'shards/shard-0-of-2.json')} (tfjs), got "fused"\n`,
    );
  });
});

/** A short sweep (one restart of 50 steps of 64 samples) over the given axes into `out`. */
async function quickSweep(axes: string[], out: string): Promise<void> {
  const r = await cli([
    'sweep',
    ...axes,
    '--restarts',
    '1',
    '--steps',
    '50',
    '--batch',
    '64',
    '--quiet',
    '--out',
    out,
  ]);
  expect(r.code).toBe(0);
}

describe('hyperposition sweep over sparsity and a second parameter', () => {
  it('draws one D* line per value of the second parameter, named in the legend', async () => {
    const out = join(root, 'two-axes');
    await quickSweep(['--x', 'sparsity=0,0.7,0.9', '--y', 'l1-hidden=0,0.01'], out);
    const svg = readFileSync(join(out, 'figures', 'feature-dimensionality.svg'), 'utf8');
    // before: one line through all six cells, zigzagging between the rows at each sparsity
    const paths = Array.from(
      svg.matchAll(/aria-label="line"[^>]*>((?:<path[^>]*\/>)+)/g),
      (m) => m[1],
    ).flatMap((g) => Array.from(g.matchAll(/ d="([^"]*)"/g), (m) => m[1]));
    expect(paths).toHaveLength(2);
    for (const d of paths) expect(d.split('L')).toHaveLength(3);
    expect(svg).toContain('λh=0.01');
    expect(svg).toContain('series: λh = l1Hidden');
  });

  it('draws no series where sparsity is not swept (every cell at one x)', async () => {
    const out = join(root, 'no-sparsity-axis');
    await quickSweep(['--x', 'l1-hidden=0,0.01,0.1'], out);
    const svg = readFileSync(join(out, 'figures', 'feature-dimensionality.svg'), 'utf8');
    // one series: the legend names D*, not three one-point "lines"
    expect(svg).toContain('dimensions per feature D*');
    expect(svg).not.toContain('λh=');
    expect(svg).not.toContain('series:');
  });

  it('refuses two axes of sparsity and density, and a flag an axis overrides, in one line with exit 2', async () => {
    const cases: [string[], string][] = [
      [
        ['--x', 'sparsity=0,0.5', '--y', 'density=0.1'],
        "hyperposition sweep: --y expected a parameter other than --x's (sparsity; sparsity and density are one parameter, S = 1 - p), got density",
      ],
      [
        ['--x', 'density=0.1,0.5', '--y', 'sparsity=0'],
        "hyperposition sweep: --y expected a parameter other than --x's (density; sparsity and density are one parameter, S = 1 - p), got sparsity",
      ],
      [
        ['--x', 'sparsity=0,0.5', '--sparsity', '0.3'],
        'hyperposition sweep: --sparsity expected to be left out when an axis sweeps sparsity, got 0.3',
      ],
      [
        ['--x', 'lr=0.01', '--y', 'weight-decay=0,0.1', '--weight-decay', '0.01'],
        'hyperposition sweep: --weight-decay expected to be left out when an axis sweeps weight-decay, got 0.01',
      ],
    ];
    for (const [args, message] of cases) {
      const out = join(root, 'refused');
      const r = await cli(['sweep', ...args, '--steps', '5', '--out', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim()).toBe(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('hyperposition sweep, interrupted', () => {
  it('exits 130 on Ctrl-C and says how to keep the work of a long sweep', async () => {
    const out = join(root, 'ctrl-c');
    const ac = new AbortController();
    const r = await cli(
      [
        'sweep',
        '--x',
        'lr=0.01,0.02,0.03,0.04',
        '--restarts',
        '2',
        '--steps',
        '3000',
        '--out',
        out,
      ],
      { signal: ac.signal, onStderr: () => ac.abort() },
    );
    expect(r.code).toBe(130);
    expect(r.err.trim().split('\n').at(-1)).toBe(
      'hyperposition sweep: interrupted; a sweep keeps no cells until it ends: split a long one with --shard i/N (each shard saves its file when done) and merge the shards',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('hyperposition sweep, cells that diverge', () => {
  it('keeps sweep.json and cli.json, names the cells, exit 1: a run.json cannot hold their weights', async () => {
    const out = join(root, 'diverged');
    const r = await cli([
      'sweep',
      '--x',
      'lr=0.01,1e30',
      '--steps',
      '100',
      '--restarts',
      '2',
      '--engine',
      'fused',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      `hyperposition sweep: error: 1 cell(s) diverged in every restart: cell 1 (lr=1e+30, l1Hidden=0); lower the learning rate there; the sweep's cells are in ${join(out, 'sweep.json')} (no run.json, metrics or figures)`,
    );
    expect(tree(out).sort()).toEqual(['cli.json', 'sweep.json']);
    const sweep = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as {
      cells: { loss: number | null }[];
    };
    expect(sweep.cells.map((c) => c.loss === null)).toEqual([false, true]);
  });

  it('merge keeps the merged sweep.json beside the shards as well, and no earlier merged run', async () => {
    const out = join(root, 'diverged-shards');
    const common = ['--steps', '100', '--restarts', '2', '--engine', 'fused', '--quiet'];
    // an earlier sweep merged there: its run.json and metrics must not stay beside the new one
    const good = await cli([
      'sweep',
      '--x',
      'lr=0.01,0.02',
      ...common,
      '--shard',
      '0/1',
      '--out',
      out,
    ]);
    expect(good.code, good.err).toBe(0);
    expect((await cli(['merge', out, '--figures', 'none'])).code).toBe(0);
    expect(tree(out)).toContain('run.json');
    const args = ['--x', 'lr=0.01,1e30', ...common];
    const shard = await cli(['sweep', ...args, '--shard', '0/1', '--out', out, '--force']);
    expect(shard.code, shard.err).toBe(0);
    const r = await cli(['merge', out, '--force']);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      `hyperposition merge: error: 1 cell(s) diverged in every restart: cell 1 (lr=1e+30, l1Hidden=0); lower the learning rate there; the sweep's cells are in ${join(out, 'sweep.json')} (no run.json, metrics or figures)`,
    );
    expect(tree(out).sort()).toEqual([
      'cli.json',
      'shards',
      'shards/shard-0-of-1.json',
      'sweep.json',
    ]);
  });
});
