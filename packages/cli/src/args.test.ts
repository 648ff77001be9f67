import { describe, expect, it } from 'vitest';
import {
  booleanFlag,
  choiceFlag,
  formatHelp,
  listFlag,
  numberFlag,
  parseCommand,
  shardFlag,
  stringFlag,
  UsageError,
} from './args.js';

const spec = {
  name: 'demo',
  summary: 'A demo command. It has flags.',
  examples: ['hyperposition demo --steps 10'],
  flags: {
    steps: numberFlag({ integer: true, min: 1, default: 100, description: 'steps' }),
    lr: numberFlag({ above: 0, default: 1e-3, description: 'learning rate' }),
    sparsity: listFlag({ min: 0, below: 1, default: undefined, description: 'sparsity' }),
    backend: choiceFlag({
      choices: ['wasm', 'cpu'] as const,
      default: 'wasm',
      description: 'backend',
    }),
    out: stringFlag({ placeholder: 'DIR', default: undefined, description: 'output' }),
    quiet: booleanFlag({ short: 'q', description: 'quiet' }),
    importanceDecay: numberFlag({ above: 0, default: 0.9, description: 'decay' }),
    shard: shardFlag(),
  },
};

function usage(argv: string[]): UsageError {
  try {
    parseCommand(spec, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

describe('parseCommand', () => {
  it('fills defaults when no flag is given', () => {
    const r = parseCommand(spec, []);
    expect(r).toMatchObject({
      help: false,
      values: {
        steps: 100,
        lr: 1e-3,
        sparsity: undefined,
        backend: 'wasm',
        out: undefined,
        quiet: false,
        shard: undefined,
      },
    });
  });

  it('parses every kind of value and records which flags were given', () => {
    const r = parseCommand(spec, [
      '--steps',
      '20',
      '--lr=0.01',
      '--sparsity',
      '0,0.7,0.9',
      '--backend',
      'cpu',
      '-q',
      '--importance-decay',
      '0.5',
      '--shard',
      '3/8',
    ]);
    if (r.help) throw new Error('unexpected help');
    expect(r.values).toMatchObject({
      steps: 20,
      lr: 0.01,
      sparsity: [0, 0.7, 0.9],
      backend: 'cpu',
      quiet: true,
      importanceDecay: 0.5,
      shard: { index: 3, count: 8 },
    });
    expect([...r.given].sort()).toEqual([
      'backend',
      'importanceDecay',
      'lr',
      'quiet',
      'shard',
      'sparsity',
      'steps',
    ]);
  });

  it('returns help for --help and -h wherever they stand', () => {
    expect(parseCommand(spec, ['--steps', 'x', '--help'])).toEqual({ help: true });
    expect(parseCommand(spec, ['-h'])).toEqual({ help: true });
  });

  it.each([
    [['--steps', '-5'], 'hyperposition demo: --steps expected an integer >= 1, got "-5"'],
    [['--steps', '2.5'], 'hyperposition demo: --steps expected an integer >= 1, got "2.5"'],
    [['--steps', 'ten'], 'hyperposition demo: --steps expected an integer >= 1, got "ten"'],
    [['--lr', '0'], 'hyperposition demo: --lr expected a number > 0, got "0"'],
    [['--lr', 'NaN'], 'hyperposition demo: --lr expected a number > 0, got "NaN"'],
    [['--lr', '1e999'], 'hyperposition demo: --lr expected a number > 0, got "1e999"'],
    [
      ['--sparsity', '0,1'],
      'hyperposition demo: --sparsity expected comma-separated numbers in [0, 1), got "0,1"',
    ],
    [
      ['--sparsity', '0,,0.5'],
      'hyperposition demo: --sparsity expected comma-separated numbers in [0, 1), got "0,,0.5"',
    ],
    [
      ['--sparsity', '-0.1'],
      'hyperposition demo: --sparsity expected comma-separated numbers in [0, 1), got "-0.1"',
    ],
    [
      ['--backend', 'webgl'],
      'hyperposition demo: --backend expected one of wasm, cpu, got "webgl"',
    ],
    [
      ['--shard', '8/8'],
      'hyperposition demo: --shard expected i/N with integers 0 <= i < N, got "8/8"',
    ],
    [
      ['--shard', '1'],
      'hyperposition demo: --shard expected i/N with integers 0 <= i < N, got "1"',
    ],
    [['--steps'], 'hyperposition demo: --steps expected a value, got nothing'],
    [['--steps', '--lr', '1'], 'hyperposition demo: --steps expected a value, got another flag'],
    [['--out', ''], 'hyperposition demo: --out expected a non-empty value, got ""'],
    [['extra'], 'hyperposition demo: arguments expected flags only, got "extra"'],
  ])('%j fails with one line naming the flag', (argv, message) => {
    const e = usage(argv);
    expect(e.message).toBe(message);
    expect(e.message).not.toContain('\n');
  });

  it('names an unknown flag and lists the known ones', () => {
    const e = usage(['--stpes', '10']);
    expect(e.message).toMatch(
      /^hyperposition demo: flags expected one of --steps, --lr, .*--shard \(see --help\), got --stpes$/,
    );
  });

  it('refuses a value flag given twice instead of keeping the last', () => {
    expect(usage(['--steps', '100', '--lr', '0.1', '--steps=200']).message).toBe(
      'hyperposition demo: --steps expected one value, got 2 ("100", "200")',
    );
    expect(usage(['--sparsity', '0.1', '--sparsity', '0.9']).message).toBe(
      'hyperposition demo: --sparsity expected one value (a list is one comma-separated value), got 2 ("0.1", "0.9")',
    );
    // A negative number glued to its flag counts like any other value.
    expect(usage(['--lr', '-1', '--lr', '2']).message).toBe(
      'hyperposition demo: --lr expected one value, got 2 ("-1", "2")',
    );
    // A switch twice means the same as once.
    const r = parseCommand(spec, ['-q', '--quiet']);
    expect(r.help === false && r.values.quiet).toBe(true);
  });

  it('rejects a value given to a switch', () => {
    expect(usage(['--quiet=yes']).message).toBe(
      'hyperposition demo: --quiet expected no value (it is a switch), got a value',
    );
  });
});

describe('formatHelp', () => {
  it('lists usage, every flag with its default, and the examples', () => {
    const help = formatHelp(spec);
    expect(help.startsWith('Usage: hyperposition demo [flags]\n')).toBe(true);
    for (const flag of [
      '--steps',
      '--lr',
      '--sparsity',
      '--backend',
      '--out',
      '--quiet',
      '--importance-decay',
      '--shard',
      '--help',
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('(default 100)');
    expect(help).toContain('-q, --quiet');
    expect(help).toContain('  hyperposition demo --steps 10');
    expect(Math.max(...help.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});
