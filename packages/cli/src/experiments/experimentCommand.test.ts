import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../testing/harness.js';

const root = tempDir('experiment');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('hyperposition experiment', () => {
  it('lists the experiments and scales in --help', async () => {
    const r = await cli(['experiment', '--help']);
    expect(r.code).toBe(0);
    for (const name of [
      'dense-phase',
      'sparse-directions',
      'learned-primitives',
      'small',
      'paper',
      'large',
    ])
      expect(r.out).toContain(name);
  });

  it('rejects an unknown experiment with one line and exit code 2', async () => {
    const r = await cli(['experiment', 'nope', '--out', join(root, 'x')]);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(
      'hyperposition experiment: <name> expected one of dense-phase, sparse-directions, learned-primitives, got "nope"',
    );
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('rejects an unknown scale', async () => {
    const r = await cli(['experiment', 'dense-phase', '--scale', 'huge']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--scale expected one of small, paper, large, got "huge"');
  });

  it('takes --threads 1 or 2 and rejects anything else, naming the flag', async () => {
    const help = await cli(['experiment', '--help']);
    expect(help.out).toContain('--threads');
    const r = await cli(['experiment', 'dense-phase', '--threads', '3', '--out', join(root, 't')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--threads expected');
    expect(r.err).toContain('got "3"');
    expect(existsSync(join(root, 't'))).toBe(false);
  });

  it('stops on Ctrl-C with exit code 130, keeping the finished cells for a rerun', async () => {
    const out = join(root, 'prim');
    const ac = new AbortController();
    const r = await cli(['experiment', 'learned-primitives', '--out', out, '--seed', '2'], {
      signal: ac.signal,
      onStderr: () => ac.abort(),
    });
    expect(r.code).toBe(130);
    expect(r.err.trim().split('\n').at(-1)).toBe(
      `hyperposition experiment: interrupted; the finished cells are kept in ${join(out, 'cells')}: run the same command again to go on`,
    );
    const cells = readdirSync(join(out, 'cells'));
    expect(cells.length).toBeGreaterThanOrEqual(1);
    expect(cells.length).toBeLessThan(12);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  }, 60_000);

  it("keeps another seed's results unless --force, and its cells beside the new ones", async () => {
    const out = join(root, 'two-seeds');
    const first = await cli(['experiment', 'sparse-directions', '--out', out, '--no-figures']);
    expect(first.code, first.err).toBe(0);
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    const cells = readdirSync(join(out, 'cells')).sort();
    const other = await cli(['experiment', 'sparse-directions', '--out', out, '--seed', '1']);
    expect(other.code).toBe(2);
    expect(other.err.trim()).toBe(
      `hyperposition experiment: --out expected a folder without the results of another run (or --force to replace them), got ${JSON.stringify(out)} (its results.json has seed 0)`,
    );
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(results);
    // the same run again reuses its cells and rewrites its own results
    const again = await cli(['experiment', 'sparse-directions', '--out', out, '--no-figures']);
    expect(again.code, again.err).toBe(0);
    expect(readdirSync(join(out, 'cells')).sort()).toEqual(cells);
    const forced = await cli([
      'experiment',
      'sparse-directions',
      '--out',
      out,
      '--seed',
      '1',
      '--force',
      '--no-figures',
    ]);
    expect(forced.code, forced.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).seed).toBe(1);
  }, 120_000);

  it("never removes or replaces files that are not an experiment's, even with --force", async () => {
    const out = join(root, 'mine');
    mkdirSync(join(out, 'cells'), { recursive: true });
    writeFileSync(join(out, 'cells', 'notes.json'), '{"mine": true}');
    const forced = await cli([
      'experiment',
      'sparse-directions',
      '--out',
      out,
      '--force',
      '--no-figures',
    ]);
    expect(forced.code, forced.err).toBe(0);
    expect(readFileSync(join(out, 'cells', 'notes.json'), 'utf8')).toBe('{"mine": true}');
    // a results.json of the user's own is refused, whatever the flags
    const other = join(root, 'theirs');
    mkdirSync(other);
    writeFileSync(join(other, 'results.json'), '{"accuracy": 0.9}');
    for (const extra of [[], ['--force']]) {
      const r = await cli(['experiment', 'sparse-directions', '--out', other, ...extra]);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(
        `hyperposition experiment: --out expected a folder whose results.json, if any, is an experiment's, got ${JSON.stringify(other)} (its results.json is another file)`,
      );
    }
    expect(readFileSync(join(other, 'results.json'), 'utf8')).toBe('{"accuracy": 0.9}');
  }, 120_000);
});
