import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { decodeRun } from '@hyperposition/toy-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fakeLock, tempDir, tree } from '../testing/harness.js';
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

describe('hyperposition sweep, interrupted and resumed', () => {
  // three learning rates: three groups of one cell, each saved as it finishes
  const LONG = [
    'sweep',
    '--x',
    'lr=0.01,0.02,0.03',
    '--features',
    '5',
    '--hidden',
    '2',
    '--restarts',
    '2',
    '--steps',
    '1500',
    '--batch',
    '128',
    '--eval-batch',
    '256',
    '--seed',
    '4',
    '--figures',
    'none',
  ];
  const reference = join(root, 'resume-reference');
  beforeAll(async () => {
    expect((await cli([...LONG, '--quiet', '--out', reference])).code).toBe(0);
  });

  /** Run LONG into `out`, aborting once `file` (relative to `out`'s parent) appears. */
  const interrupted = async (args: string[], watch: () => boolean) => {
    const ac = new AbortController();
    const poll = setInterval(() => {
      if (watch()) ac.abort();
    }, 2);
    try {
      return await cli(args, { signal: ac.signal });
    } finally {
      clearInterval(poll);
    }
  };

  it('Ctrl-C keeps the groups trained; --resume trains the rest and writes what an uninterrupted run writes', async () => {
    const out = join(root, 'ctrl-c');
    const progress = join(root, '.ctrl-c.partial', 'progress');
    const r = await interrupted([...LONG, '--quiet', '--out', out], () =>
      existsSync(join(progress, 'group-000000000.json')),
    );
    expect(r.code).toBe(130);
    const last = r.err.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      new RegExp(
        `^hyperposition sweep: interrupted; continue with: hyperposition sweep --resume --out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(same flags\\); [12] of 3 cells( and a checkpoint at step \\d+ of the cells in training)? are saved in .*\\.ctrl-c\\.partial$`,
      ),
    );
    expect(existsSync(out)).toBe(false);
    const saved = readdirSync(progress).filter((f) => f.startsWith('group-'));
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(saved.length).toBeLessThan(3);
    // without --resume: refused, the saved cells untouched
    const again = await cli([...LONG, '--quiet', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('add --resume to continue it or --force to start over');
    // other flags: the flag is named, nothing changes
    const other = await cli([
      ...LONG.map((a) => (a === '1500' ? '1200' : a)),
      '--resume',
      '--out',
      out,
    ]);
    expect(other.code).toBe(2);
    expect(other.err.trim()).toBe(
      'hyperposition sweep: --resume expected the same flags as the interrupted run, got --steps 1200 where the interrupted run had 1500',
    );
    const engine = await cli([...LONG, '--engine', 'fused', '--resume', '--out', out]);
    expect(engine.code).toBe(2);
    expect(engine.err).toContain('--engine fused where the interrupted run trained on tfjs');
    expect(readdirSync(progress).filter((f) => f.startsWith('group-'))).toEqual(saved);
    // resumed: the same files as the uninterrupted run, byte for byte
    const done = await cli([...LONG, '--quiet', '--resume', '--out', out, '--json']);
    expect(done.code, done.err).toBe(0);
    expect(tree(out)).toEqual(tree(reference));
    for (const f of ['sweep.json', 'run.json', 'metrics.json'])
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(reference, f), 'utf8'));
    expect(existsSync(join(root, '.ctrl-c.partial'))).toBe(false);
    // nothing left to resume
    const twice = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('--resume expected an interrupted run');
  }, 120_000);

  it('Ctrl-C before the first step keeps nothing and says so', async () => {
    const out = join(root, 'ctrl-c-early');
    const ac = new AbortController();
    ac.abort();
    const r = await cli([...LONG, '--out', out], { signal: ac.signal });
    expect(r.code).toBe(130);
    expect(r.err.trim().split('\n').at(-1)).toBe(
      'hyperposition sweep: interrupted; nothing was kept (stopped before the first training step)',
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(root, '.ctrl-c-early.partial'))).toBe(false);
  });

  it('a shard resumes in place, and its file merges like an uninterrupted one', async () => {
    const out = join(root, 'shard-resume');
    const progress = join(out, 'shards', '.shard-0-of-1.partial');
    const r = await interrupted([...LONG, '--quiet', '--shard', '0/1', '--out', out], () =>
      existsSync(join(progress, 'group-000000000.json')),
    );
    expect(r.code).toBe(130);
    expect(r.err.trim().split('\n').at(-1)).toMatch(
      /cells( and a checkpoint at step \d+ of the cells in training)? are saved in .*shards\/\.shard-0-of-1\.partial \(add --shard 0\/1\)$/,
    );
    // a fresh start of the same shard is refused unless forced
    const fresh = await cli([...LONG, '--quiet', '--shard', '0/1', '--out', out]);
    expect(fresh.code).toBe(2);
    expect(fresh.err).toContain('a directory without an interrupted shard 0/1');
    // --resume without --shard names the interrupted shard
    const whole = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(whole.code).toBe(2);
    expect(whole.err.trim()).toBe(
      `hyperposition sweep: --resume expected an interrupted run at ${JSON.stringify(out)}, got interrupted shard(s) 0/1 (add --shard i/N)`,
    );
    // merge: nothing finished yet, the interrupted shard named; a running one said to be running
    const none = await cli(['merge', out, '--figures', 'none']);
    expect(none.code).toBe(2);
    expect(none.err).toContain(
      '(none found; interrupted: shard 0/1 (finish with its command and --resume))',
    );
    fakeLock(progress, 'live');
    expect((await cli(['merge', out, '--figures', 'none'])).err).toContain(
      '(none found; running: shard 0/1)',
    );
    const runningShard = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(runningShard.err).toContain('got running shard(s) 0/1');
    rmSync(join(progress, 'lock'));
    const done = await cli([...LONG, '--quiet', '--shard', '0/1', '--resume', '--out', out]);
    expect(done.code, done.err).toBe(0);
    expect(tree(out)).toEqual(['shards', 'shards/shard-0-of-1.json']);
    // merging a grid with an interrupted shard says which one
    const half = join(root, 'half-merged');
    const ac = new AbortController();
    const p1 = cli([...LONG, '--quiet', '--shard', '1/2', '--out', half]);
    expect((await p1).code).toBe(0);
    const poll = setInterval(() => {
      if (existsSync(join(half, 'shards', '.shard-0-of-2.partial', 'checkpoint.json'))) ac.abort();
    }, 2);
    const r0 = await cli(
      [...LONG, '--quiet', '--shard', '0/2', '--checkpoint-every', '100', '--out', half],
      {
        signal: ac.signal,
      },
    ).finally(() => clearInterval(poll));
    expect(r0.code).toBe(130);
    const early = await cli(['merge', half, '--figures', 'none']);
    expect(early.code).toBe(2);
    expect(early.err).toMatch(
      /^hyperposition merge: <shards> expected all 3 cells, got "1 cells, missing 0, 2"; interrupted: shard 0\/2 \(finish with its command and --resume\)\n$/,
    );
    const merged = await cli(['merge', out, '--figures', 'none']);
    expect(merged.code, merged.err).toBe(0);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'sweep.json'), 'utf8'),
    );
    // a finished shard has nothing to resume, and is replaced only with --force
    const twice = await cli([...LONG, '--quiet', '--shard', '0/1', '--resume', '--out', out]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('got a finished shard');
    const again = await cli([...LONG, '--quiet', '--shard', '0/1', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain(
      'a directory without a finished shard 0/1 (or --force to replace it)',
    );
  }, 120_000);

  it('a sweep of one group goes on from the checkpoint of its training, to the same files', async () => {
    // sparsity only: the three cells train as one model
    const ONE = [
      'sweep',
      '--x',
      'sparsity=0,0.8,0.95',
      '--restarts',
      '2',
      '--steps',
      '2000',
      '--batch',
      '128',
      '--eval-batch',
      '256',
      '--seed',
      '6',
      '--figures',
      'none',
      '--checkpoint-every',
      '300',
      '--quiet',
    ];
    const ref = join(root, 'one-group-reference');
    expect((await cli([...ONE, '--out', ref])).code).toBe(0);
    const out = join(root, 'one-group');
    const progress = join(root, '.one-group.partial', 'progress');
    const r = await interrupted([...ONE, '--out', out], () =>
      existsSync(join(progress, 'checkpoint.json')),
    );
    expect(r.code).toBe(130);
    expect(r.err.trim().split('\n').at(-1)).toMatch(
      /; 0 of 3 cells and a checkpoint at step \d+ of the cells in training are saved in .*\.one-group\.partial$/,
    );
    const step = Number(/at step (\d+)/.exec(r.err)![1]);
    expect(step).toBeGreaterThanOrEqual(300);
    expect(step).toBeLessThan(2000);
    // a checkpoint changed after it was saved is refused, naming the file
    const ck = join(progress, 'checkpoint.json');
    const text = readFileSync(ck, 'utf8');
    writeFileSync(
      ck,
      text.replace(/"step":(\d+)/, (_, k: string) => `"step":${Number(k) + 1}`),
    );
    const bad = await cli([...ONE, '--resume', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toMatch(
      /^hyperposition sweep: --resume expected a checkpoint of this run \(or none: delete .*checkpoint\.json to train its group from the start\), got a checkpoint that was changed after it was saved \(its SHA-256 differs\)$/,
    );
    writeFileSync(ck, '{"format":');
    const cut = await cli([...ONE, '--resume', '--out', out]);
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(
      /--resume expected a checkpoint of the interrupted run \(or none: delete .*checkpoint\.json to train its group from the start\), got /,
    );
    writeFileSync(ck, text);
    // the checkpoint period does not change the result: another one is taken as is
    const moved = ONE.map((a) => (a === '300' ? '700' : a));
    const done = await cli([...moved, '--resume', '--out', out]);
    expect(done.code, done.err).toBe(0);
    for (const f of ['sweep.json', 'run.json', 'metrics.json'])
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(ref, f), 'utf8'));
  }, 120_000);

  it('a run with --force resumes to replace the output it was to replace; other flags named (--backend, --restarts)', async () => {
    const out = join(root, 'forced');
    // an earlier output in the folder
    expect(
      (await cli([...LONG.map((a) => (a === '1500' ? '50' : a)), '--quiet', '--out', out])).code,
    ).toBe(0);
    const progress = join(root, '.forced.partial', 'progress');
    const r = await interrupted([...LONG, '--quiet', '--force', '--out', out], () =>
      existsSync(join(progress, 'checkpoint.json')),
    );
    expect(r.code).toBe(130);
    const backend = await cli([...LONG, '--backend', 'cpu', '--resume', '--out', out]);
    expect(backend.code).toBe(2);
    expect(backend.err.trim()).toBe(
      'hyperposition sweep: --resume expected the same flags as the interrupted run, got --backend cpu where the interrupted run trained on wasm',
    );
    const restarts = await cli([
      ...LONG.map((a, k) => (LONG[k - 1] === '--restarts' ? '3' : a)),
      '--resume',
      '--out',
      out,
    ]);
    expect(restarts.code).toBe(2);
    expect(restarts.err).toContain('--restarts 3 where the interrupted run had 2');
    const done = await cli([...LONG, '--quiet', '--resume', '--out', out, '--json']);
    expect(done.code, done.err).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ resumed: true, cells: 3, totalCells: 3 });
    for (const f of ['sweep.json', 'run.json', 'metrics.json'])
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(reference, f), 'utf8'));
    expect(existsSync(join(out, 'progress'))).toBe(false);
    expect(existsSync(join(root, '.forced.partial'))).toBe(false);
  }, 120_000);

  it('a folder in use is refused; a lock left by a process that is gone is taken over', async () => {
    const out = join(root, 'locked');
    const progress = join(root, '.locked.partial', 'progress');
    const r = await interrupted([...LONG, '--quiet', '--out', out], () =>
      existsSync(join(progress, 'checkpoint.json')),
    );
    expect(r.code).toBe(130);
    const staging = join(root, '.locked.partial');
    expect(existsSync(join(staging, 'lock'))).toBe(false);
    // held by a live process of this host: refused whatever is asked, before anything else
    const pid = fakeLock(staging, 'live');
    for (const flags of [['--resume'], ['--force'], []]) {
      const busy = await cli([...LONG, '--quiet', ...flags, '--out', out]);
      expect(busy.code).toBe(2);
      expect(busy.err.trim()).toBe(
        `hyperposition sweep: --out expected a folder no other run is using (${join(root, '.locked.partial')} is in use), got one running as pid ${pid} on ${hostname()} (if it is gone, delete ${join(root, '.locked.partial', 'lock')})`,
      );
    }
    // nor by train, or merge into it
    const train = await cli(['train', '--features', '5', '--hidden', '2', '--force', '--out', out]);
    expect(train.code).toBe(2);
    expect(train.err).toContain('.locked.partial is in use), got one running as');
    // a lock whose process is gone (a kill -9, a container restarted: even a pid now ours) is
    // taken over
    fakeLock(staging, 'gone');
    const done = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(done.code, done.err).toBe(0);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'sweep.json'), 'utf8'),
    );
  }, 120_000);

  it('guards an interrupted sweep: merge, train and a resume in the working folder leave it alone', async () => {
    const out = join(root, 'guarded');
    const staging = join(root, '.guarded.partial');
    const r = await interrupted([...LONG, '--quiet', '--out', out], () =>
      existsSync(join(staging, 'progress', 'group-000000000.json')),
    );
    expect(r.code).toBe(130);
    // merge into it would replace the staging folder
    const parts = join(root, 'guarded-parts');
    const quick = LONG.map((a, k) => (LONG[k - 1] === '--steps' ? '20' : a));
    expect((await cli([...quick, '--quiet', '--shard', '0/1', '--out', parts])).code).toBe(0);
    const merge = await cli(['merge', parts, '--out', out, '--figures', 'none']);
    expect(merge.code).toBe(2);
    expect(merge.err).toContain(
      '(.guarded.partial holds an interrupted run: finish it with --resume, or remove it)',
    );
    // train --resume there: not a train run, and no advice that would discard the cells
    const train = await cli([
      'train',
      '--features',
      '5',
      '--hidden',
      '2',
      '--resume',
      '--out',
      out,
    ]);
    expect(train.code).toBe(2);
    expect(train.err).toContain(
      'got an interrupted sweep (continue it with hyperposition sweep or phase-diagram --resume and its flags)',
    );
    // the output folder as the working directory: a run replaces it when it ends
    mkdirSync(out);
    const here = await cli([...LONG, '--quiet', '--resume', '--out', '.'], { cwd: out });
    expect(here.code).toBe(2);
    expect(here.err).toContain('a directory other than the working directory');
    rmSync(out, { recursive: true });
    // the record of the settings gone: the saved groups still name their backend
    rmSync(join(staging, 'progress', 'sweep.json'));
    const cpu = await cli([...LONG, '--quiet', '--backend', 'cpu', '--resume', '--out', out]);
    expect(cpu.code).toBe(2);
    expect(cpu.err).toContain('backend wasm)');
    // damaged locks: an empty one is a process starting, until it is 10 minutes old; null is
    // no holder
    writeFileSync(join(staging, 'lock'), '');
    const starting = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(starting.err).toContain('got one running as a process that is starting');
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(join(staging, 'lock'), old, old);
    writeFileSync(join(staging, 'progress', 'extra.txt'), '');
    utimesSync(join(staging, 'lock'), old, old);
    const taken = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(taken.code, taken.err).toBe(0);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'sweep.json'), 'utf8'),
    );
  }, 120_000);

  it('merges one at a time into a folder, and never into one a run holds', async () => {
    const parts = join(root, 'merge-twice');
    const quick = LONG.map((a, k) => (LONG[k - 1] === '--steps' ? '20' : a));
    expect((await cli([...quick, '--quiet', '--shard', '0/1', '--out', parts])).code).toBe(0);
    const [a, b] = await Promise.all([
      cli(['merge', parts, '--figures', 'svg']),
      cli(['merge', parts, '--figures', 'svg']),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect((a.code === 2 ? a : b).err).toContain('.merge-twice.partial is in use)');
    mkdirSync(join(root, '.merge-twice.partial'));
    const pid = fakeLock(join(root, '.merge-twice.partial'), 'live');
    const held = await cli(['merge', parts, '--force', '--figures', 'none']);
    expect(held.code).toBe(2);
    expect(held.err).toContain(`got one running as pid ${pid}`);
    rmSync(join(root, '.merge-twice.partial'), { recursive: true });
  }, 120_000);

  it('refuses saved cells that were changed or doubled, naming the file', async () => {
    const out = join(root, 'edited');
    const progress = join(root, '.edited.partial', 'progress');
    const r = await interrupted([...LONG, '--quiet', '--out', out], () =>
      existsSync(join(progress, 'group-000000000.json')),
    );
    expect(r.code).toBe(130);
    const file = join(progress, 'group-000000000.json');
    const text = readFileSync(file, 'utf8');
    const g = JSON.parse(text) as { sha256: string; cells: { loss: number; W: number[][] }[] };
    // a weight nudged (the phase unchanged): the digest tells
    g.cells[0].W[0][0] += 0.01;
    writeFileSync(file, JSON.stringify(g));
    const nudged = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(nudged.code).toBe(2);
    expect(nudged.err.trim()).toMatch(
      /^hyperposition sweep: --resume expected saved cells of this run \(or none: delete .*group-000000000\.json to train its cells again\), got cells that were changed after they were saved \(their SHA-256 differs\)$/,
    );
    // changed with its digest written again: the cell itself is checked
    g.cells[0].W[0][0] -= 0.01;
    g.cells[0].loss = -1;
    g.sha256 = createHash('sha256').update(JSON.stringify(g.cells)).digest('hex');
    writeFileSync(file, JSON.stringify(g));
    const bad = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toMatch(
      /^hyperposition sweep: --resume expected saved cells of this run \(or none: delete .*group-000000000\.json to train its cells again\), got loss expected the least of its losses/,
    );
    // a group saved twice under two names: both named
    writeFileSync(file, text);
    writeFileSync(join(progress, 'group-000000099.json'), text);
    const twice = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(
      /expected each saved cell in one file, got cell 0 in both .*group-000000000\.json and .*group-000000099\.json \(delete the one that does not belong\)/,
    );
    rmSync(join(progress, 'group-000000099.json'));
    writeFileSync(file, '{"format":');
    const broken = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(
      /expected saved cells of the interrupted run \(or none: delete .*group-000000000\.json to train its cells again\), got /,
    );
    // deleted: its cells train again, and the result is the uninterrupted run's
    rmSync(file);
    const done = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(done.code, done.err).toBe(0);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'sweep.json'), 'utf8'),
    );
  }, 120_000);

  it('a damaged record of the settings is written again from the flags; the saved groups still count', async () => {
    const out = join(root, 'lost-record');
    const progress = join(root, '.lost-record.partial', 'progress');
    const r = await interrupted([...LONG, '--quiet', '--out', out], () =>
      existsSync(join(progress, 'group-000000000.json')),
    );
    expect(r.code).toBe(130);
    writeFileSync(join(progress, 'sweep.json'), '{"form');
    const done = await cli([...LONG, '--quiet', '--resume', '--out', out]);
    expect(done.code, done.err).toBe(0);
    expect(done.err).toContain(
      "progress/sweep.json was missing or unreadable; written again from this run's flags (the saved groups are checked against them)",
    );
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'sweep.json'), 'utf8'),
    );
  }, 120_000);
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
