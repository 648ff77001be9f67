/**
 * Thrown when the run's abort signal fires (Ctrl-C): long work stops at the next step, keeps
 * its last checkpoint, and `main` exits with code 130.
 *
 * @example
 * ```ts
 * throw new InterruptedError('train', 'runs/a'); // "hyperposition train: interrupted; ..."
 * ```
 */
export class InterruptedError extends Error {
  /**
   * @param command - the subcommand that was interrupted.
   * @param out - the output directory as given, for the resume hint.
   * @param hint - what else to tell (what was kept, how to go on), where there is no resume.
   */
  constructor(command: string, out?: string, hint?: string) {
    super(
      `hyperposition ${command}: interrupted` +
        (out
          ? `; continue with: hyperposition ${command} --resume --out ${out} (same flags)`
          : '') +
        (hint ? `; ${hint}` : ''),
    );
    this.name = 'InterruptedError';
  }
}
