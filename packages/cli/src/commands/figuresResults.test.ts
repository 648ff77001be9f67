import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../testing/harness.js';

const root = tempDir('figures-results');
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The Findings pages' data (results.json of the paper-scale runs) and the figures they show.
const docs = join(dirname(fileURLToPath(import.meta.url)), '../../../../apps/docs');
const data = join(docs, 'docs/findings/data');
const shown = join(docs, 'static/img/findings');

describe('hyperposition figures <results.json>', () => {
  it.each(['dense-phase', 'sparse-directions', 'learned-primitives'])(
    "redraws %s's Findings figures from its results, byte for byte as the docs show them",
    async (name) => {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      cpSync(join(data, `${name}.json`), join(dir, 'results.json'));
      const before = readFileSync(join(dir, 'results.json'), 'utf8');
      const r = await cli(['figures', join(dir, 'results.json'), '--json']);
      expect(r.code, r.err).toBe(0);
      const summary = JSON.parse(r.out) as { experiment: string; files: string[] };
      expect(summary.experiment).toBe(name);
      // every figure the run listed, and only those
      const listed = (JSON.parse(before) as { figures: string[] }).figures;
      expect([...summary.files].sort()).toEqual([...listed].sort());
      const published = readdirSync(shown).filter((f) => f.startsWith(`${name}-`));
      expect(published.length).toBeGreaterThan(0);
      for (const f of published) {
        expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(shown, f), 'utf8'));
      }
      // the results are left as they were
      expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(before);
    },
  );

  it('takes the folder, and writes into --out (created) instead', async () => {
    const dir = join(root, 'folder');
    mkdirSync(dir, { recursive: true });
    cpSync(join(data, 'sparse-directions.json'), join(dir, 'results.json'));
    const out = join(root, 'elsewhere', 'new');
    const r = await cli(['figures', dir, '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`wrote 1 figure files of sparse-directions to ${out}/`);
    expect(existsSync(join(out, 'sparse-directions-hoyer-vs-interference.svg'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['results.json']);
  });

  it('reads a renamed copy by its content, and names both kinds for a file of neither', async () => {
    const dir = join(root, 'renamed');
    mkdirSync(dir, { recursive: true });
    cpSync(join(data, 'learned-primitives.json'), join(dir, 'paper-run.json'));
    const r = await cli(['figures', join(dir, 'paper-run.json')]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(dir, 'learned-primitives-cleanup.svg'))).toBe(true);
    writeFileSync(join(dir, 'notes.json'), '{"hello": 1}');
    const bad = await cli(['figures', join(dir, 'notes.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe(
      `hyperposition figures: <run.json|results.json> expected a run's run.json or an experiment's results.json (or the folder of either), got ${JSON.stringify(join(dir, 'notes.json'))} (a JSON file with neither an "experiment" key nor a run's format)`,
    );
    // a truncated copy says why it is neither
    writeFileSync(join(dir, 'cut.json'), '{"experiment": "sparse-dir');
    const cut = await cli(['figures', join(dir, 'cut.json')]);
    expect(cut.code).toBe(2);
    expect(cut.err.trim()).toMatch(/got ".*cut\.json" \(not JSON: .+\)$/);
  });

  it('refuses what is not the results of a known experiment, in one line with exit code 2', async () => {
    const dir = join(root, 'bad');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'results.json');
    const good = JSON.parse(readFileSync(join(data, 'sparse-directions.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const cases: [string, string, string?][] = [
      ['{ not json', 'expected a readable JSON file, got'],
      ['[1, 2]', 'expected the results of `hyperposition experiment` (an object), got'],
      [
        JSON.stringify({ ...good, experiment: 'nope' }),
        'expected the results of one of the experiments (dense-phase, sparse-directions, learned-primitives)',
      ],
      [JSON.stringify({ ...good, version: 2 }), 'expected results of version 1, got'],
      [JSON.stringify({ ...good, cells: {} }), 'expected an array of cells, got'],
      [
        JSON.stringify({
          ...good,
          cells: (good.cells as Record<string, unknown>[]).map((c) => ({ ...c, hoyer: 7 })),
        }),
        'expected the cells of a sparse-directions run, got',
      ],
      [
        JSON.stringify({ ...good, cells: [null] }),
        'expected the cells of a sparse-directions run, got',
      ],
      // cells the figures skip (none has their fields), or none at all: nothing to draw
      [
        JSON.stringify({ ...good, cells: [{}, { hello: 1 }] }),
        'expected the cells of a sparse-directions run, got',
        ': none of its 2 cells holds the fields its figures are drawn from',
      ],
      [
        JSON.stringify({ ...good, cells: [] }),
        'expected the cells of a sparse-directions run, got',
        ': it holds no finished cell',
      ],
    ];
    // --out two folders deep, neither there before: both removed again
    const out = join(root, 'bad-out', 'deeper');
    for (const [text, message, end] of cases) {
      writeFileSync(file, text);
      const r = await cli(['figures', file, '--out', out]);
      expect(r.code, text).toBe(2);
      expect(r.err.trim().split('\n'), text).toHaveLength(1);
      expect(r.err, text).toContain(`hyperposition figures: <results.json> ${message}`);
      if (end !== undefined) expect(r.err.trim().endsWith(end), r.err).toBe(true);
      // no --out folder is left behind
      expect(existsSync(join(root, 'bad-out')), text).toBe(false);
    }
    expect(readdirSync(dir)).toEqual(['results.json']);
  });
});
