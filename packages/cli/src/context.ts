import type { CliStream } from './progress.js';

/**
 * Where the CLI reads and writes: the real process by default, test doubles in tests.
 *
 * @example
 * ```ts
 * let out = '';
 * const io: Partial<CliIO> = { stdout: { write: (s: string) => (out += s) }, cwd: '/tmp' };
 * ```
 */
export interface CliIO {
  /** Summaries and `--json` output. */
  stdout: CliStream;
  /** Progress, warnings and errors. */
  stderr: CliStream;
  /** Directory that relative paths resolve against; default `process.cwd()`. */
  cwd: string;
  /** Aborting it stops long work at the next step, keeping the last checkpoint (Ctrl-C). */
  signal?: AbortSignal;
  /** Clock in milliseconds for progress and timings; default `Date.now`. */
  now: () => number;
}

/**
 * Exit codes of `hyperposition`.
 *
 * @example
 * ```ts
 * const stderr = { write: (text: string) => void console.log(text.trim()) };
 * const code = await main(['train', '--steps', 'many'], { stderr }); // prints the usage error
 * code === ExitCode.usage; // returns true
 * ```
 */
export const ExitCode: {
  /** Success. */
  readonly ok: 0;
  /** The work failed (an error while training or writing results). */
  readonly failure: 1;
  /** A usage error: bad flag or value, impossible combination, unusable path or input file. */
  readonly usage: 2;
  /** Interrupted (SIGINT); the last checkpoint is kept for `--resume`. */
  readonly interrupted: 130;
} = { ok: 0, failure: 1, usage: 2, interrupted: 130 };

/** Write one line to a stream. @internal */
export function println(stream: CliStream, line = ''): void {
  stream.write(line + '\n');
}
