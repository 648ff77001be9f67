import {
  formatHelp,
  parseCommand,
  type CommandSpec,
  type FlagTable,
  type FlagValues,
} from './args.js';
import type { CliIO } from './context.js';

/** What a subcommand's body receives once its flags are parsed and checked. */
export interface CommandArgs<T extends FlagTable> {
  /** Parsed flag values (defaults filled in). */
  readonly values: FlagValues<T>;
  /** Positional arguments. */
  readonly positionals: string[];
  /** Keys of the flags given explicitly. */
  readonly given: ReadonlySet<string>;
}

/** A subcommand: its spec (flags, help) and its body. */
export interface Command {
  /** Flags, positionals and help text. */
  readonly spec: CommandSpec<FlagTable>;
  /**
   * Parse `argv`, print help for `--help`, else run.
   * @returns the exit code.
   */
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

/**
 * Bind a spec to a body. Usage errors thrown by parsing or by the body reach `main`, which
 * prints them on one line and exits with code 2.
 *
 * @param spec - flags, positionals and help text.
 * @param body - the work, given the parsed arguments; resolves to an exit code.
 * @returns the command.
 * @example
 * ```ts
 * const hello = defineCommand({ name: 'hello', summary: 'Greet.', examples: [], flags: {} },
 *   async (_args, io) => { io.stdout.write('hi\n'); return 0; });
 * ```
 */
export function defineCommand<T extends FlagTable>(
  spec: CommandSpec<T>,
  body: (args: CommandArgs<T>, io: CliIO) => Promise<number>,
): Command {
  return {
    spec: spec as unknown as CommandSpec<FlagTable>,
    async run(argv, io) {
      const parsed = parseCommand(spec, argv);
      if (parsed.help) {
        io.stdout.write(formatHelp(spec as unknown as CommandSpec<FlagTable>));
        return 0;
      }
      return body(parsed, io);
    },
  };
}
