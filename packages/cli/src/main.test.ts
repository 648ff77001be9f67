import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagName } from './args.js';
import { experimentCommand } from './commands/experiment.js';
import { figuresCommand } from './commands/figures.js';
import { mergeCommand } from './commands/merge.js';
import { metricsCommand } from './commands/metrics.js';
import { phaseDiagramCommand } from './commands/phaseDiagram.js';
import { sweepCommand } from './commands/sweep.js';
import { trainCommand } from './commands/train.js';
import { cli, tempDir, tree } from './testing/harness.js';

const commands = [
  trainCommand,
  sweepCommand,
  phaseDiagramCommand,
  mergeCommand,
  metricsCommand,
  figuresCommand,
  experimentCommand,
];

describe('--help and --version', () => {
  it.each(commands.map((c) => [c.spec.name, c] as const))(
    '`%s --help` prints usage, every flag and an example on stdout and exits 0',
    async (name, command) => {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const r = await cli(argv);
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        expect(r.out.startsWith(`Usage: hyperposition ${name}`)).toBe(true);
        for (const key of Object.keys(command.spec.flags))
          expect(r.out).toContain(`--${flagName(key)}`);
        expect(r.out).toContain(`Examples:\n  hyperposition ${name}`);
      }
    },
  );

  it('`--help` lists every command', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.out).toContain(`\n  ${c.spec.name}`);
  });

  it("the README's `hyperposition --help` transcript is the whole output", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const shown = /```text\n\$ hyperposition --help\n([\s\S]*?)```/.exec(readme);
    expect(shown).not.toBeNull();
    expect((await cli(['--help'])).out).toBe(shown![1]);
  });

  it("the README's bad-input transcripts are what the commands print, with exit 2 and no files", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /### Bad input[\s\S]*?```text\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const lines = block![1].trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const dir = tempDir('readme-bad');
    try {
      writeFileSync(join(dir, 'notes.txt'), 'a file, not a folder\n');
      for (let i = 0; i < lines.length; i += 2) {
        expect(lines[i].startsWith('$ hyperposition ')).toBe(true);
        const argv = lines[i].slice('$ hyperposition '.length).split(' ');
        const r = await cli(argv, { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.err).toBe(lines[i + 1] + '\n');
        expect(tree(dir)).toEqual(['notes.txt']);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the README's printed config hashes are those of the commands shown", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // each transcript: its command line, and the hash the run printed
    const runs = [
      ...readme.matchAll(
        /```text\n\$ hyperposition ((?:sweep|phase-diagram) [^\n]*)\n(?:[^`]*?)config hash ([0-9a-f]{16})/g,
      ),
    ];
    expect(runs.map((m) => m[1].split(' ')[0])).toEqual(['sweep', 'phase-diagram']);
    // the merged shards: the sharded sweep, the same flags as the first transcript
    const merged = /merged 2 shard\(s\) of a sweep: 5 cells \(config hash ([0-9a-f]{16})\)/.exec(
      readme,
    );
    expect(merged?.[1]).toBe(runs[0][2]);
    const dir = tempDir('readme-hash');
    try {
      for (const [, line, hash] of runs) {
        const argv = line.split(' ');
        argv[argv.indexOf('--out') + 1] = join(dir, argv[0]);
        // one cell of the grid is enough for its hash (the shard and engine are not part of it)
        const r = await cli([
          ...argv,
          '--shard',
          '0/1000',
          '--engine',
          'fused',
          '--figures',
          'none',
          '--quiet',
          '--json',
        ]);
        expect(r.code, r.err).toBe(0);
        expect((JSON.parse(r.out) as { hash: string }).hash, line).toBe(hash);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('--shard says where its work goes: shard files for merge, or DIR/cells/ for experiment', async () => {
    const oneLine = async (name: string): Promise<string> =>
      (await cli([name, '--help'])).out.replace(/\s+/g, ' ');
    for (const name of ['sweep', 'phase-diagram'])
      expect(await oneLine(name)).toContain(
        'writes DIR/shards/shard-i-of-N.json for `hyperposition merge`',
      );
    const experiment = await oneLine('experiment');
    expect(experiment).toContain('--shard i/N dense-phase only:');
    expect(experiment).toContain('into DIR/cells/');
    expect(experiment).toContain('writes DIR/results.json');
    expect(experiment).not.toContain('shards/');
    expect(experiment).not.toContain('merge');
  });

  it('`--version` prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' });
  });
});

describe('bad input: one line on stderr naming the flag, exit code 2, no files written', () => {
  const cwd = tempDir('bad');
  const fixtures = ['a-file', 'broken', 'broken/run.json', 'full', 'full/x'];
  beforeAll(() => {
    writeFileSync(join(cwd, 'a-file'), 'x');
    mkdirSync(join(cwd, 'full'));
    writeFileSync(join(cwd, 'full', 'x'), 'x');
    mkdirSync(join(cwd, 'broken'));
    writeFileSync(join(cwd, 'broken', 'run.json'), '{"format": "something else"}');
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  const T = ['train', '--out', 'runs/t'];
  it.each<[string[], string]>([
    [
      [],
      'hyperposition: command expected one of train, sweep, phase-diagram, merge, metrics, figures, experiment (see --help), got nothing',
    ],
    [
      ['trian'],
      'hyperposition: command expected one of train, sweep, phase-diagram, merge, metrics, figures, experiment (see --help), got "trian"',
    ],
    [
      [...T, '--features', '0'],
      'hyperposition train: --features expected an integer in [1, 1000000], got "0"',
    ],
    [
      [...T, '--features', 'five'],
      'hyperposition train: --features expected an integer in [1, 1000000], got "five"',
    ],
    [
      [...T, '--hidden', '1.5'],
      'hyperposition train: --hidden expected an integer in [1, 1000000], got "1.5"',
    ],
    [
      [...T, '--sparsity', '0,0.5,1'],
      'hyperposition train: --sparsity expected comma-separated numbers in [0, 1), got "0,0.5,1"',
    ],
    [
      [...T, '--sparsity', '-0.2'],
      'hyperposition train: --sparsity expected comma-separated numbers in [0, 1), got "-0.2"',
    ],
    [
      [...T, '--sparsity', '0,0.7,0.9', '--instances', '2'],
      'hyperposition train: --instances expected 3 (one instance per --sparsity value) or no --instances, got 2',
    ],
    [
      [...T, '--steps', '0'],
      'hyperposition train: --steps expected an integer in [1, 1000000000], got "0"',
    ],
    [[...T, '--lr', '-1'], 'hyperposition train: --lr expected a number > 0, got "-1"'],
    [[...T, '--lr'], 'hyperposition train: --lr expected a value, got nothing'],
    [
      [...T, '--importance-decay', '0'],
      'hyperposition train: --importance-decay expected a number > 0, got "0"',
    ],
    [
      [...T, '--model', 'relu'],
      'hyperposition train: --model expected one of relu-output, linear, relu-hidden, abs, got "relu"',
    ],
    [
      [...T, '--backend', 'webgl'],
      'hyperposition train: --backend expected one of wasm, cpu, got "webgl"',
    ],
    [
      [...T, '--optimizer', 'lion'],
      'hyperposition train: --optimizer expected one of adamw, adam, sgd, got "lion"',
    ],
    [[...T, '--beta1', '1'], 'hyperposition train: --beta1 expected a number in [0, 1), got "1"'],
    [
      [...T, '--checkpoint-every', '0'],
      'hyperposition train: --checkpoint-every expected an integer >= 1, got "0"',
    ],
    [
      [...T, '--quiet=no'],
      'hyperposition train: --quiet expected no value (it is a switch), got a value',
    ],
    [[...T, 'extra'], 'hyperposition train: arguments expected flags only, got "extra"'],
    [
      [...T, '--resume'],
      'hyperposition train: --resume expected an interrupted run at "runs/t", got no interrupted run',
    ],
    [
      [...T, '--force', '--resume'],
      'hyperposition train: --force expected to be left out with --resume, got --force',
    ],
    [
      ['train', '--out', 'a-file/run'],
      'hyperposition train: --out expected a writable directory, got "a-file/run" (a-file is a file)',
    ],
    [
      ['train', '--out', 'a-file'],
      'hyperposition train: --out expected a writable directory, got "a-file" (a-file is a file)',
    ],
    [
      ['train', '--out', 'full'],
      'hyperposition train: --out expected a new or empty directory (or --force to replace it), got "full" (not empty)',
    ],
    [
      ['sweep', '--out', 'runs/s'],
      'hyperposition sweep: --x expected an axis PARAM=LIST (e.g. --x sparsity=0,0.5,0.9), got nothing',
    ],
    [
      ['sweep', '--x', 'depth=1,2'],
      'hyperposition sweep: --x expected PARAM=LIST with PARAM one of sparsity, density, extra-importance, importance-decay, lr, weight-decay, l1-hidden, l1-weights, got "depth=1,2"',
    ],
    [
      ['sweep', '--x', 'sparsity=0,1.5'],
      'hyperposition sweep: --x expected comma-separated sparsity values in [0, 1), got "0,1.5"',
    ],
    [
      ['sweep', '--x', 'sparsity=0,0.5', '--y', 'sparsity=0.9'],
      "hyperposition sweep: --y expected a parameter other than --x's (sparsity), got sparsity",
    ],
    [
      ['sweep', '--x', 'sparsity=0,0.5', '--shard', '2/2'],
      'hyperposition sweep: --shard expected i/N with integers 0 <= i < N, got "2/2"',
    ],
    [
      ['sweep', '--x', 'sparsity=0,0.5', '--shard', 'a/b'],
      'hyperposition sweep: --shard expected i/N with integers 0 <= i < N, got "a/b"',
    ],
    [
      ['sweep', '--x', 'sparsity=0,0.5', '--out', 'a-file/x'],
      'hyperposition sweep: --out expected a writable directory, got "a-file/x" (a-file is a file)',
    ],
    [
      ['phase-diagram', '--features', '4'],
      'hyperposition phase-diagram: --features expected an integer in [2, 3], got "4"',
    ],
    [
      ['phase-diagram', '--features', '2', '--hidden', '2'],
      "hyperposition phase-diagram: --hidden expected 1 with --features 2 (the paper's diagrams: n=2,m=1 and n=3,m=2), got 2",
    ],
    [
      ['phase-diagram', '--r-range', '1'],
      'hyperposition phase-diagram: --r-range expected two different numbers A,B, got 1',
    ],
    [
      ['phase-diagram', '--p-range', '0,1'],
      'hyperposition phase-diagram: --p-range expected comma-separated numbers in (0, 1], got "0,1"',
    ],
    [['merge'], 'hyperposition merge: <shards...> expected 1 argument, got none'],
    [
      ['merge', 'nowhere'],
      'hyperposition merge: <shards> expected shard files or folders holding shards/, got "nowhere" (not found)',
    ],
    [
      ['merge', 'full'],
      'hyperposition merge: <shards> expected a folder with shards/shard-i-of-N.json files, got "full" (none found)',
    ],
    [['metrics'], 'hyperposition metrics: <run.json> expected 1 argument, got none'],
    [
      ['metrics', 'nowhere/run.json'],
      'hyperposition metrics: <run.json> expected an existing run.json (or its folder), got "nowhere/run.json" (not found)',
    ],
    [
      ['metrics', 'a-file'],
      // read as a renamed run: not one
      `hyperposition metrics: <run.json> expected a valid toy-models run (RUN_FORMAT.md), got "a-file": decodeRun: json expected valid JSON, got a parse error (Unexpected token 'x', "x" is not valid JSON)`,
    ],
    [
      ['metrics', 'broken'],
      'hyperposition metrics: <run.json> expected a valid toy-models run (RUN_FORMAT.md), got "broken": decodeRun: format expected "hyperposition.toy-models.run", got "something else"',
    ],
    [
      ['metrics', 'broken', '--out', 'a-file/m.json'],
      'hyperposition metrics: --out expected a writable directory, got "a-file" (a-file is a file)',
    ],
    [
      ['metrics', 'broken', '--out', 'broken/run.json'],
      'hyperposition metrics: --out expected a new file or an earlier metrics.json to replace, got "broken/run.json" (a file of another kind, left as it is)',
    ],
    [
      ['metrics', 'broken', '--out', 'a-file'],
      'hyperposition metrics: --out expected a new file or an earlier metrics.json to replace, got "a-file" (a file of another kind, left as it is)',
    ],
    [
      ['figures', 'broken', '--out', 'a-file/figs'],
      'hyperposition figures: --out expected a writable directory, got "a-file/figs" (a-file is a file)',
    ],
    [
      ['figures', 'broken', '--figures', 'svg'],
      'hyperposition figures: flags expected one of --out, --json (see --help), got --figures',
    ],
  ])('%j', async (argv, message) => {
    const r = await cli(argv, { cwd });
    expect(r.err).toBe(message + '\n');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(tree(cwd)).toEqual(fixtures);
  });
});
