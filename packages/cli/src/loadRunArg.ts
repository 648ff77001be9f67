import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ToyModelRun } from '@hyperposition/toy-models';
import { oneLine, UsageError } from './args.js';

/**
 * Load the run named by a command-line argument: a `run.json` path, the folder holding one,
 * or a renamed copy of one (any file holding a toy-models run). A missing or invalid file is a usage error (exit code 2) carrying the loader's reason.
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
  const dir = dirname(path);
  try {
    if (basename(path) === 'run.json') {
      const { loadRun } = await import('@hyperposition/toy-models/node');
      return { run: await loadRun(dir), dir };
    }
    // a renamed copy (runs/intro-v1.json): read as run.json would be, W's binary file (if
    // any) beside it under the name the file records
    const { decodeRun } = await import('@hyperposition/toy-models');
    const text = await readFile(path, 'utf8');
    return {
      run: decodeRun(text, (file) => new Uint8Array(readFileSync(resolve(dir, file)))),
      dir,
    };
  } catch (error) {
    throw new UsageError(
      command,
      '<run.json>',
      'a valid toy-models run (RUN_FORMAT.md)',
      `${JSON.stringify(arg)}: ${oneLine((error as Error).message)}`,
    );
  }
}
