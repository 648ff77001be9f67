import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ToyModelRun } from '@hyperposition/toy-models';
import { oneLine, UsageError } from './args.js';

/**
 * Load the run named by a command-line argument: a `run.json` path or the folder holding
 * one. A missing or invalid file is a usage error (exit code 2) carrying the loader's reason.
 *
 * @param command - subcommand name for messages.
 * @param arg - the argument as given.
 * @param cwd - directory a relative path resolves against.
 * @returns the run and the folder it lives in.
 * @internal
 */
export async function loadRunArg(
  command: string,
  arg: string,
  cwd: string,
): Promise<{ run: ToyModelRun; dir: string }> {
  let path = resolve(cwd, arg);
  if (existsSync(path) && statSync(path).isDirectory()) path = resolve(path, 'run.json');
  if (!existsSync(path))
    throw new UsageError(
      command,
      '<run.json>',
      'an existing run.json (or its folder)',
      `${JSON.stringify(arg)} (not found)`,
    );
  if (basename(path) !== 'run.json') {
    throw new UsageError(
      command,
      '<run.json>',
      'a file named run.json (or its folder)',
      JSON.stringify(arg),
    );
  }
  const dir = dirname(path);
  const { loadRun } = await import('@hyperposition/toy-models/node');
  try {
    return { run: await loadRun(dir), dir };
  } catch (error) {
    throw new UsageError(
      command,
      '<run.json>',
      'a valid toy-models run (RUN_FORMAT.md)',
      `${JSON.stringify(arg)}: ${oneLine((error as Error).message)}`,
    );
  }
}
