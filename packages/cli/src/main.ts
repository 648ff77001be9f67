import { UsageError } from './args.js';
import type { Command } from './command.js';
import { experimentCommand } from './commands/experiment.js';
import { figuresCommand } from './commands/figures.js';
import { mergeCommand } from './commands/merge.js';
import { metricsCommand } from './commands/metrics.js';
import { phaseDiagramCommand } from './commands/phaseDiagram.js';
import { sweepCommand } from './commands/sweep.js';
import { trainCommand } from './commands/train.js';
import { ExitCode, println, type CliIO } from './context.js';
import { InterruptedError } from './interrupt.js';
import { cliVersion } from './version.js';

/** The subcommands, in the order the top-level help lists them. */
const commands: Record<string, Command> = {
  train: trainCommand,
  sweep: sweepCommand,
  'phase-diagram': phaseDiagramCommand,
  merge: mergeCommand,
  metrics: metricsCommand,
  figures: figuresCommand,
  experiment: experimentCommand,
};

function topHelp(): string {
  const brief = (c: Command): string => {
    const text = c.spec.brief ?? c.spec.summary;
    return text.length <= 62 ? text : text.slice(0, 61).replace(/\s+\S*$/, '') + '…';
  };
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(15)}${brief(c)}`);
  return [
    'Usage: hyperposition <command> [flags]',
    '',
    'Train toy models of superposition (Elhage et al. 2022), run sweeps and phase diagrams,',
    'and write run.json, metrics.json and figures (SVG and PNG).',
    '',
    'Commands:',
    ...rows,
    '',
    'Flags:',
    '  -h, --help     show this help (or `hyperposition <command> --help`)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 success, 1 the work failed, 2 bad usage (one line on stderr), 130 interrupted.',
    '',
  ].join('\n');
}

/**
 * Run the `hyperposition` command line in process: dispatch to the subcommand, print its
 * summary on stdout and progress and errors on stderr.
 *
 * Usage errors (unknown flag, bad value, impossible combination, unusable `--out` or input
 * file) print ONE line on stderr, `hyperposition <command>: <flag> expected <what>, got
 * <value>`, create no files and give exit code 2.
 *
 * @param argv - the arguments after the program name (`process.argv.slice(2)`).
 * @param io - streams, working directory, abort signal and clock; each defaults to the
 *   real process.
 * @returns the exit code: 0 success, 1 failure, 2 usage error, 130 interrupted.
 * @example
 * ```ts
 * const code = await main(['train', '--features', '5', '--hidden', '2', '--steps', '300', '--seed', '1', '--out', 'runs/a']);
 * // code === 0; runs/a holds run.json, metrics.json and the figures
 * ```
 */
export async function main(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const ctx: CliIO = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    cwd: io.cwd ?? process.cwd(),
    signal: io.signal,
    now: io.now ?? Date.now,
  };
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      throw new UsageError(
        '',
        'command',
        `one of ${Object.keys(commands).join(', ')} (see --help)`,
        'nothing',
      );
    }
    if (first === '--help' || first === '-h') {
      ctx.stdout.write(topHelp());
      return ExitCode.ok;
    }
    if (first === '--version' || first === '-v') {
      println(ctx.stdout, cliVersion());
      return ExitCode.ok;
    }
    if (first === 'help') {
      const sub = rest[0] === undefined ? undefined : commands[rest[0]];
      if (sub) return await sub.run(['--help'], ctx);
      if (rest[0] !== undefined) {
        throw new UsageError(
          'help',
          'command',
          `one of ${Object.keys(commands).join(', ')}`,
          JSON.stringify(rest[0]),
        );
      }
      ctx.stdout.write(topHelp());
      return ExitCode.ok;
    }
    const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
    if (!command) {
      throw new UsageError(
        '',
        'command',
        `one of ${Object.keys(commands).join(', ')} (see --help)`,
        JSON.stringify(first),
      );
    }
    return await command.run(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      println(ctx.stderr, error.message);
      return ExitCode.usage;
    }
    if (error instanceof InterruptedError) {
      println(ctx.stderr, error.message);
      return ExitCode.interrupted;
    }
    const e = error as Error;
    println(
      ctx.stderr,
      `hyperposition${first ? ' ' + first : ''}: error: ${(e?.message ?? String(error)).split('\n')[0]}`,
    );
    if (process.env.HYPERPOSITION_DEBUG) println(ctx.stderr, e?.stack ?? '');
    return ExitCode.failure;
  }
}
