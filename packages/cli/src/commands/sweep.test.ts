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
