import { existsSync, readdirSync, rmSync } from 'node:fs';
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
    expect(r.err).toContain('interrupted');
    const cells = readdirSync(join(out, 'cells'));
    expect(cells.length).toBeGreaterThanOrEqual(1);
    expect(cells.length).toBeLessThan(12);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
  }, 60_000);
});
